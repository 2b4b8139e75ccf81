/*
 * summary.h - what a batch's variants add up to: counts per clause, verdict
 * flips per axis (grid mode), tipping points per numeric axis, the JSON and
 * text summaries, and merging shard outputs into the summary a single run
 * would have written (rl_batch_merge, declared in batch.h).
 */
#ifndef RL_SUMMARY_H
#define RL_SUMMARY_H

#include <stdio.h>

#include "batch_impl.h"

/* Flips (grid mode): for each axis, how many pairs of variants that differ
 * in that axis alone (one value to the next) disagree on a clause's
 * verdict.  Rows arrive in index order; a ring keeps the last `window`
 * rows, enough to reach the neighbour one step back on every axis. */
#define FLIP_MAX_BYTES ((size_t)32 << 20)

typedef struct rl_flips {
	int on;
	size_t naxes, nclauses, window;
	unsigned long long stride[MAX_AXES], size[MAX_AXES];
	unsigned char *ring;
	unsigned long long *pairs;      /* per axis */
	unsigned long long *count;      /* per axis x clause */
	unsigned long long seen;
} rl_flips;

void rl_flips_init(rl_flips *f, const rl_batch *b, size_t nclauses);
/* Row i (verdicts of each clause) of the run, in index order. */
void rl_flips_feed(rl_flips *f, unsigned long long i, const unsigned char *row);
void rl_flips_text(FILE *t, const rl_flips *f, const rl_batch *b, const char *const *ids);
void rl_flips_free(rl_flips *f);

/* Tipping points: for each numeric field axis, the values at which a
 * clause's verdict changes, every other fact held at the base scenario's.
 * They depend on the batch alone (not on which variants ran). */
typedef struct rl_tip {
	const char *axis, *clause;
	double after, at;
	int from, to;
	double threshold;       /* where it changes, to the batch's tolerance */
	char *slice;            /* rl_batch_thresholds: the other axes' values */
} rl_tip;

typedef struct rl_tips {
	rl_tip *v;
	size_t n, cap;
} rl_tips;

/* reuse: a reading that does not depend on the axis (memo.h) runs once
 * per axis, not once per value probed; 0 runs every reading (--no-memo). */
rl_status rl_tipping_points(const rl_engine *e, const rl_batch *b, int reuse, rl_tips *out,
                            char **err);
void rl_tips_text(FILE *f, const rl_tips *t);
void rl_tips_free(rl_tips *t);

/* Exact tipping points per slice (grid mode): for each numeric axis (a
 * field, param.* or weight.*) and each combination of the other axes'
 * values (the first RL_SLICES_MAX), the threshold between two adjacent
 * values where a clause's verdict changes, found by bisection to the
 * batch's tolerance.  Sorted by axis, slice, then position. */
#define RL_SLICES_MAX 64
rl_status rl_batch_thresholds(const rl_engine *e, const rl_batch *b, rl_tips *out, char **err);
void rl_thresholds_text(FILE *f, const rl_tips *t);
/* Rounds x to the tolerance (0.5000004 to 0.5 at 1e-6). */
double rl_tips_round(double x, double tol);

/* The JSON summary (ids: the n clauses reported; has_exposure: whether each
 * states an exposure; tp, fl may be NULL) and the readable one. */
struct rl_whatif;
void rl_summary_json(FILE *j, size_t n, const char *const *ids, const int *has_exposure,
                     const rl_clause_stats *tot, unsigned long long variants,
                     unsigned long long findings, const rl_tips *tp, const rl_flips *fl,
                     const rl_tips *th, const struct rl_whatif *wi, const rl_batch *b,
                     struct rl_manifest *manifest);
void rl_summary_text(FILE *t, size_t n, const char *const *ids, const rl_clause_stats *tot,
                     unsigned long long variants, unsigned long long findings);
/* How many clauses a report of the batch's scenario holds (its contracts). */
size_t rl_batch_clause_count(const rl_engine *e, const rl_batch *b);

#endif
