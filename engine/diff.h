/*
 * diff.h - `redline diff`: what changes between two evaluations.
 *
 * Two scenarios under the same rules (baseline A against variant B), or
 * the same scenarios under an old and a new rule pack.  A clause differs
 * when its verdict, p_breach or expected exposure differ, or when only one
 * side holds it (added/removed).  Text fits 80 columns; JSON has a fixed
 * key order and the number format of every other writer.
 */
#ifndef RL_DIFF_H
#define RL_DIFF_H

#include <stdio.h>

#include "manifest.h"
#include "redline/redline.h"

/* Evaluates scenarios a and b with e's rule packs and writes the
 * differences.  RL_OK: none; RL_FINDING: some; RL_EINPUT: bad input;
 * RL_EEVAL: a clause evaluated to error (the differences are written). */
rl_status rl_diff_scenarios(const rl_engine *e, const char *a, const char *b,
                            const char *at, rl_format fmt, rl_manifest *m,
                            FILE *out, char **err);

/* Evaluates every scenario under the old and the new rule packs and
 * writes which scenarios change, on which clauses; clauses of only one
 * pack are listed as added or removed.  Status as above. */
rl_status rl_diff_rules(const rl_engine *old, const char *const *old_paths, size_t nold,
                        const rl_engine *neu, const char *const *new_paths, size_t nnew,
                        const char *const *scenarios, size_t n, const char *at,
                        rl_format fmt, rl_manifest *m, FILE *out, char **err);

#endif
