/*
 * resume.h - what keeps two runs from mixing in one output: reading a batch
 * output back line by line with every line checked (for --resume; lines
 * are read and decoded by results.h, as every reader does), and comparing
 * the identity of the run that wrote it (its manifest's input files by
 * role and SHA-256, and its seed) with the identity of the run resuming it.
 */
#ifndef RL_RESUME_H
#define RL_RESUME_H

#include <stdio.h>

#include "redline/redline.h"
#include "sandbox.h"

struct rl_manifest;

/* What a batch output holds, read from its start. */
typedef struct rl_results_scan {
	char *manifest;                 /* the manifest line's JSON object, or NULL */
	unsigned long long lines;       /* variant lines kept */
	unsigned long long next;        /* the variant after the last kept */
	long keep;                      /* bytes up to the end of the last kept line */
	int half;                       /* a half-written last line was dropped */
} rl_results_scan;

/* Reads the batch output f (opened at its start) of shard K of N (0, 0:
 * the whole batch) of a batch of `variants` variants.  Every complete line
 * is decoded (results.h); indexes must run in the order the run writes
 * them, with none missing; every line has as many clauses as the first.
 * Stops before the first variant >= limit.  Only the very last line may be
 * half written (no newline): it is dropped (RL_RESULTS_HALF_DROP).  Returns RL_OK, or RL_EINPUT with *err
 * "path:line: expected ..., found ...". */
rl_status rl_results_scan_file(FILE *f, const char *path, int shard_k, int shard_n,
                               unsigned long long variants, unsigned long long limit,
                               rl_results_scan *out, char **err);
void rl_results_scan_free(rl_results_scan *s);

/* The variant a run of shard K of N (0, 0: all) writes after variant i
 * (i = -1, i.e. ULLONG_MAX: the first), or `variants` when none. */
unsigned long long rl_results_next_index(unsigned long long i, int shard_k, int shard_n,
                                         unsigned long long variants);

/* A run's identity: its input files as sorted "role sha256" lines, and
 * its seed.  From a manifest, or from a manifest's JSON text (the object,
 * or {"files": [...], "seed": ...}).  Owned text; NULL with *err set when
 * the JSON is not a manifest. */
char *rl_manifest_identity(const struct rl_manifest *m);
char *rl_manifest_identity_json(const char *json, size_t len, char **err);

/* Compares the run that wrote an output (its manifest JSON, or NULL when
 * the output has none) with the run resuming it.  RL_OK when they are the
 * same batch, rules and seed; RL_EINPUT with *err naming path and what
 * differs otherwise. */
rl_status rl_resume_check_manifest(const char *path, const char *json, size_t len,
                                   const struct rl_manifest *now, char **err);

#endif
