/*
 * memo.h - reusing reading verdicts across the variants of a batch.
 *
 * A check is a deterministic function of the facts it reads.  While it
 * runs, the world records what it read (rl_check_ctx: entity fields by
 * kind, path fields, the date, params).  Each batch axis is described by
 * the facts it can change (rl_axis_deps, closed over derived defaults and
 * access paths).  A reading that read nothing an axis can change does not
 * depend on that axis; its verdict is stored under the values of the axes
 * it does depend on, and any later variant with the same values there
 * gets that verdict without running Lua.  A fact the check only compared
 * with numbers (w:above, w:below) is recorded as compared, with those
 * numbers: an axis drawn as a number that changes only such facts keys the
 * verdict by which side of each number its value lies on (memo.c).
 *
 * Soundness rests on two things: a check is a function of the world alone
 * (the sandbox offers no clock, randomness or I/O; a check that keeps state
 * in an upvalue between calls already gives results that depend on how
 * variants are spread over workers), and the axis descriptions
 * (batch_variant.c, rl_variant_axis_deps) over-approximate what an axis changes.  `redline batch
 * --no-memo` runs every reading, and the tests compare the two.
 *
 * One memo per worker, used by one thread.
 */
#ifndef RL_MEMO_H
#define RL_MEMO_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "world.h"

#define RL_MEMO_MAX_AXES 32

/* What one batch axis may change.  numeric: every fact it changes holds
 * the axis's own number (no default or path field is worked out from it
 * otherwise), so a reading that only compared those facts with numbers
 * depends on the axis only through which side of each number it lies. */
typedef struct rl_axis_deps {
	uint32_t fields[RL_NKINDS];     /* entity fields, by kind */
	uint32_t paths;                 /* path fields and RL_READ_PATH_SET */
	int date, params;
	int numeric;
} rl_axis_deps;

/* What one reading (its check and the exceptions it ran) read: its value
 * (fields, paths, date, params) or only how it compares (cmp). */
typedef struct rl_reads {
	uint32_t fields[RL_NKINDS];
	uint32_t paths;
	int date, params;
	rl_compared cmp;
} rl_reads;

typedef struct rl_memo rl_memo;

/* A memo for `nslots` readings over `naxes` axes described by deps;
 * nvals[a]: how many values axis a has when its key is a list index
 * (0 when it is a number's bits). */
rl_memo *rl_memo_new(size_t nslots, size_t naxes, const rl_axis_deps *deps,
                     const uint64_t *nvals);
void rl_memo_free(rl_memo *m);

/* The axes whose values a reading that read `r` depends on (bit a); of
 * them, *by_side (if not NULL) the numeric axes with no list of values
 * (their keys are a number's bits) that it only compared with numbers: the
 * reading's verdict is stored under which side of those numbers the axis
 * value lies, not under the value itself. */
uint32_t rl_memo_axes(const rl_memo *m, const rl_reads *r, uint32_t *by_side);

/* Starts a variant whose axis values are key[] (one 64-bit value per
 * axis: a list index or a number's bits): the hash of each axis value is
 * worked out again only for the axes whose value changed since the last
 * variant.  rl_memo_get and rl_memo_put then take the same key[]. */
void rl_memo_begin(rl_memo *m, const uint64_t *key);

/* Looks up slot's verdict for the variant whose axis values are key[].
 * Returns the verdict, or -1 when no stored verdict applies. */
int rl_memo_get(rl_memo *m, size_t slot, const uint64_t *key);
/* Stores slot's verdict, computed for key[] by a check that read `r`. */
void rl_memo_put(rl_memo *m, size_t slot, const uint64_t *key, const rl_reads *r,
                 int verdict);

#endif
