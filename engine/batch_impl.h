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
#define BLOCK 256       /* variants a worker takes at a time; shards are whole blocks */

/* An axis path: date, param.KEY, KIND.ID.FIELD or KIND.ID.attrs.KEY. */
typedef enum { AX_DATE, AX_PARAM, AX_FIELD, AX_ATTR } axis_kind;

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
	const rl_engine *e;     /* its rule packs: clause holders for the summary */
};

/* One clause over many variants: counts by verdict, sums for the means. */
typedef struct rl_clause_stats {
	unsigned long long counts[RL_NVERDICTS];
	double p_sum, exposure_sum;
} rl_clause_stats;

#endif
