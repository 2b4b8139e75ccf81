/*
 * batch_impl.h - the insides of a batch, shared by batch.c (loading),
 * batch_variant.c (numbering and applying variants), batch_run.c (running)
 * and summary.c (flips, tipping points, merging); whatif.c, law.c and
 * resume.c read it too.  Internal: not part of the public API.
 */
#ifndef RL_BATCH_IMPL_H
#define RL_BATCH_IMPL_H

#include "batch.h"
#include "eval.h"

#define MAX_AXES 32
/* A rows batch's summary lists an axis's values up to this many. */
#define RL_ROWS_LISTED 1000
#define BLOCK 256       /* variants a worker takes at a time; shards are whole blocks */

/* An axis path: date, param.KEY, KIND.ID.FIELD, KIND.ID.attrs.KEY or
 * weight.CLAUSE.READING (index: the engine clause, field: the reading). */
typedef enum { AX_DATE, AX_PARAM, AX_FIELD, AX_ATTR, AX_WEIGHT } axis_kind;

typedef struct axis {
	char *path;
	char *label;            /* for readers ("Where inference runs"), or NULL */
	axis_kind what;
	rl_kind kind;
	size_t index, field;    /* AX_FIELD/AX_ATTR: entity and field */
	const char *key;        /* AX_PARAM/AX_ATTR: interned key */
	rl_value *vals;         /* list values (interned in the base model) */
	size_t nvals;
	int uniform;            /* sample mode: uniform(lo, hi) */
	double lo, hi;
	int line;
	/* The base scenario's value: its index among vals (-1: none of them),
	 * or for a uniform axis the number (NAN: not a number). */
	long base_pick;
	double base_num;
} axis;

struct rl_batch {
	char *file, *id;
	rl_scenario *base;
	axis axes[MAX_AXES];
	size_t naxes;
	int sample;
	unsigned long long n;   /* number of variants */
	unsigned long long seed;
	/* Rows from a table (rows = csv_file(...) or jsonl_file(...)): each
	 * axis keeps its distinct values in vals, and the rows are kept in
	 * segments, in order (one per piece the table was read in; see
	 * rl_batch_row); row_picks: the one array rows are added to while a
	 * table is read whole, a segment when it is done. */
	int rows;
	char *rows_file;
	char rows_sha256[65];   /* of the table's bytes as read */
	uint32_t *row_picks;
	struct rl_row_seg {
		unsigned long long first, n;    /* rows first .. first + n - 1 */
		uint32_t *picks;        /* n x naxes value indices */
	} *segs;
	size_t nsegs;
	int have_base;          /* axes' base_pick and base_num are set */
	int weights;            /* some axis is weight.CLAUSE.READING */
	const rl_engine *engine;        /* the engine the batch was loaded for */
	double tolerance;       /* exact tipping points: bisection stops here */
};

/* One clause over many variants: counts by verdict, sums for the means. */
typedef struct rl_clause_stats {
	unsigned long long counts[RL_NVERDICTS];
	double p_sum, exposure_sum;
} rl_clause_stats;

/* Adds a block's sums (blk, n clauses) into the total and clears them:
 * a run and a merge fold in the same order, so their sums agree. */
void rl_clause_stats_fold(rl_clause_stats *tot, rl_clause_stats *blk, size_t n);

/* Shards: shard K of N (K from 1; K = 0: no shards) takes global blocks
 * K-1, K-1+N, ...  Its j-th block; how many of `all` blocks it takes; and
 * the first of its blocks at or after global block g, by its number j. */
unsigned long long rl_shard_block(int shard_k, int shard_n, unsigned long long j);
unsigned long long rl_shard_blocks(int shard_k, int shard_n, unsigned long long all);
unsigned long long rl_shard_local(int shard_k, int shard_n, unsigned long long g);


/* --- variants (batch_variant.c) ----------------------------------------------- */

/* A worker's world and what applying variants to it keeps. */
typedef struct rl_variant_world {
	rl_world *w;
	rl_pair *tables[MAX_AXES];      /* own copies of params/attrs */
	size_t slot[MAX_AXES];          /* the pair of each table axis */
	uint64_t key[MAX_AXES];         /* this variant's axis values (memo.h) */
	uint64_t prev[MAX_AXES];        /* the last variant's, in this worker */
	int have_prev;
	int axis_paths[MAX_AXES];       /* how the axis changes access paths (PATHS_*) */
	uint32_t trace_axes;            /* the axes whose axis_paths is PATHS_TRACE */
	uint32_t date_axes;             /* the date axes */
	int32_t *days[MAX_AXES];        /* date axis: its values as day numbers */
	/* Per entity of the kinds that have defaults (model, product,
	 * deployment): the fields some axis sets. */
	uint32_t *set[RL_NKINDS];
	rl_memo *memo;
	rl_verdicts out;
	int ov_on;                      /* axis ov_axis takes ov_num instead */
	size_t ov_axis;
	double ov_num;
} rl_variant_world;

/* The value index (or uniform draw) of each axis in variant i. */
void rl_variant_choice(const rl_batch *b, unsigned long long i, size_t *pick, double *draw);
/* What an axis may change (memo.h). */
rl_axis_deps rl_variant_axis_deps(const axis *ax);
/* How an axis changes the access paths: not at all, only their values (a
 * cloud, a seller, a state, a share, a tier: rl_paths_refresh), or which
 * paths there are (runs, calls, audience, a product's models:
 * rl_paths_compute).  In that order, so that the most of several axes
 * says what a variant needs. */
enum { PATHS_NONE, PATHS_VALUES, PATHS_TRACE };
int rl_variant_axis_paths(const axis *ax);
void rl_variant_weights_init(const rl_batch *b, rl_verdicts *v);
/* What a world ww (ww->w made) works out once for applying b's variants:
 * its own copies of the params/attrs tables axes set, dates as day
 * numbers, how each axis changes the paths, and the fields axes set. */
void rl_variant_tables(rl_variant_world *ww, const rl_batch *b);
void rl_variant_tables_free(rl_variant_world *ww, const rl_batch *b);
/* Sets ww's world to variant i (its choices into pick and draw); -1 with
 * *err on a value the world refuses.  The same in two steps: */
int rl_variant_apply(const rl_batch *b, rl_variant_world *ww, unsigned long long i,
                     size_t *pick, double *draw, char **err);
/* Variant i's choices (pick, draw), its memo key (ww->key), its date in the
 * world and its weights: all a variant's verdicts need when the memo holds
 * every one of them. */
void rl_variant_pick(const rl_batch *b, rl_variant_world *ww, unsigned long long i,
                     size_t *pick, double *draw);
/* The rest of the picked variant: its facts, their defaults and the access
 * paths, changed from those of the variant last applied (ww->prev). */
int rl_variant_apply_picked(const rl_batch *b, rl_variant_world *ww, const size_t *pick,
                            const double *draw, char **err);
/* Whether applying the picked variant would trace the access paths again
 * (which may fail: a cycle of calls), rather than keep or refresh them. */
int rl_variant_needs_trace(const rl_batch *b, const rl_variant_world *ww);
/* Each axis' base scenario value (base_pick, base_num). */
void rl_batch_base_choices(rl_batch *b);
/* Which axes variant (pick, draw) sets to a value other than the base's. */
uint32_t rl_variant_changes(const rl_batch *b, const size_t *pick, const double *draw);

/* The value indices of row i (< n) of a rows batch, naxes of them: row i
 * picks value rl_batch_row(b, i)[a] of axis a. */
static inline const uint32_t *rl_batch_row(const rl_batch *b, unsigned long long i)
{
	size_t lo = 0, hi = b->nsegs;   /* the last segment whose first <= i */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->segs[mid].first <= i)
			lo = mid;
		else
			hi = mid;
	}
	return &b->segs[lo].picks[(i - b->segs[lo].first) * b->naxes];
}

#endif
