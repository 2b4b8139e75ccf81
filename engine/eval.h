/* eval.h - the struct behind rl_evaluator and rl_scenario, and the
 * clause evaluation that batch workers reuse. */
#ifndef RL_EVAL_H
#define RL_EVAL_H

#include "engine.h"
#include "model.h"
#include "report.h"
#include "sandbox.h"
#include "world.h"

struct rl_scenario {
	rl_model *m;
};

struct rl_evaluator {
	const rl_engine *e;
	rl_sandbox *sb;
	rl_rules rules;         /* the same packs, with this state's refs */
	rl_check_ctx ctx;
	/* In force and in the scenario's contracts, per clause, for the last
	 * (model, date) evaluated: batches rarely change either. */
	const void *cache_model;
	int32_t cache_date;
	int cache_valid;
	signed char *cache_active;      /* -1 left out, 0 not in force, 1 in force */
	char **cache_why;
};

/* Evaluates every clause against world w (paths already computed) into a
 * new report.  details: keep because/evidence. */
rl_report *rl_eval_world(rl_evaluator *ev, rl_world *w, const rl_model *m,
                         int details, int trace);

#endif
