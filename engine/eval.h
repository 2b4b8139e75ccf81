/* eval.h - the struct behind rl_evaluator and rl_scenario, and the
 * clause evaluation that batch workers reuse. */
#ifndef RL_EVAL_H
#define RL_EVAL_H

#include "engine.h"
#include "manifest.h"
#include "memo.h"
#include "model.h"
#include "report.h"
#include "sandbox.h"
#include "world.h"

struct rl_scenario {
	rl_model *m;
};

/* Adds the scenario file and every file it read (include, json_file) to a
 * manifest; s may be NULL. */
void rl_scenario_manifest(const rl_scenario *s, rl_manifest *man);

/* Which clauses apply on one date: in the scenario's contracts and in force.
 * In force depends on the date only through which of the rules' dates
 * (effective, ends of contracts and clauses) it has reached: one entry
 * serves every date of that span (its epoch). */
typedef struct rl_active {
	int valid;
	size_t epoch;           /* number of the rules' dates <= the date */
	signed char *active;    /* per clause: -1 left out, 0 not in force, 1 in force */
	char **why;             /* per clause not in force: why not */
} rl_active;

/* Epochs whose rl_active an evaluator keeps. */
#define RL_ACTIVE_DATES 8

struct rl_evaluator {
	const rl_engine *e;
	rl_sandbox *sb;
	rl_rules rules;         /* the same packs, with this state's refs */
	rl_check_ctx ctx;
	/* For the model last evaluated, the last dates seen. */
	const void *active_model;
	rl_active active[RL_ACTIVE_DATES];
	size_t active_next;     /* the entry a new epoch replaces */
	int32_t *breaks;        /* the rules' dates, sorted, each once */
	size_t nbreaks;
	const rl_active *last;  /* the entry of the last date asked for */
	int32_t last_date;
};

/* Evaluates every clause against world w (paths already computed) into a
 * new report.  details: keep because/evidence. */
rl_report *rl_eval_world(rl_evaluator *ev, rl_world *w, const rl_model *m,
                         int details, int trace);

/* One variant's verdicts, for batches: no texts, and no allocation per
 * variant once made. */
typedef struct rl_verdicts {
	size_t nclauses;                /* clauses of the scenario's contracts */
	uint32_t *clause;               /* their indexes among the engine's */
	unsigned char *in_force, *verdict;
	double *p_breach, *exposure;    /* exposure: NAN when the clause has none */
	unsigned char *reading;         /* reading verdicts, at slot[clause] */
	size_t *slot;                   /* per engine clause: its first reading */
	size_t nslots;                  /* readings of every clause */
	int scenario;                   /* the scenario verdict */
	unsigned long long readings;    /* readings of in-force clauses */
	/* Reading weights by slot (a batch's weight.CLAUSE.READING axes), or
	 * NULL: the rule packs' weights. */
	double *weight;
} rl_verdicts;

/* A clause's verdict from what its readings found (docs/semantics.md): any
 * reading in error, every reading not applicable, any unknown, and the
 * weight of the readings in breach. */
int rl_eval_clause_algebra(int any_error, int all_na, int any_unknown, double p_breach);

void rl_verdicts_init(rl_verdicts *v, const rl_evaluator *ev);
void rl_verdicts_free(rl_verdicts *v);

/* A world whose facts are brought up to date only if a reading must run:
 * fn(arg) does it, once; non-zero if it could not. */
typedef struct rl_world_ready {
	int (*fn)(void *arg);
	void *arg;
} rl_world_ready;

/* Evaluates world w (paths computed) into out.  With a memo, a reading
 * whose stored verdict applies to this variant (axis values key[]) is not
 * run; every reading run is stored.  With ready, w holds only the
 * variant's date until ready->fn is called, before the first reading that
 * runs.  0, or ready->fn's non-zero (out is then incomplete). */
int rl_eval_verdicts(rl_evaluator *ev, rl_world *w, const rl_model *m, rl_memo *memo,
                     const uint64_t *key, const rl_world_ready *ready, rl_verdicts *out);

#endif
