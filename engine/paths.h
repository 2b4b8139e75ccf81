/*
 * paths.h - derived facts: how every customer reaches every model.
 *
 * A path starts at a customer-facing deployment (a non-empty or unknown
 * audience) and follows `calls` to a deployment that runs a model.  A
 * deployment that runs a product and calls nothing serves its product's
 * models from its own cloud (one path per model).  Values that depend on
 * an unknown fact are unknown on the path, with the fact recorded in
 * rl_path.why so that a check reading them can say what it needs.
 */
#ifndef RL_PATHS_H
#define RL_PATHS_H

#include "model.h"

#define RL_MAX_PATHS 100000
/* Deployments visited while tracing, whether or not they reach a model. */
#define RL_MAX_VISITS 1000000

/* Recomputes w->paths from w's current facts.  Returns 0, or -1 with *err
 * set when the call graph has a cycle or yields more than RL_MAX_PATHS
 * paths (a batch variant can change `calls`). */
int rl_paths_compute(rl_world *w, char **err);
/* Recomputes the paths' values (clouds, sellers, states, shares, tiers...)
 * from w's current facts, keeping the paths themselves: enough when no
 * deployment's runs, calls or audience and no product's models changed
 * since w->paths was computed (and it was valid).  The same paths as
 * rl_paths_compute, for less. */
void rl_paths_refresh(rl_world *w);

#endif
