/*
 * batch_impl.h - the insides of a batch, shared by batch.c (loading and
 * running) and summary.c (flips, tipping points, merging).  Nothing else
 * includes it.
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
	 * axis keeps its distinct values in vals, and row i picks value
	 * row_picks[i * naxes + a] of axis a. */
	int rows;
	char *rows_file;
	uint32_t *row_picks;
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

#endif
