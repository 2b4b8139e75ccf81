/*
 * world.h - the world as checks see it: `w`, its entities and paths as
 * read-only handles, filters evaluated in C, and the verdict constructors
 * breach/compliant/unknown/not_applicable.
 *
 * This is the only module besides the sandbox and the loader that touches
 * the Lua stack.  Reading an unknown fact stops the check: the context
 * records what was read (`stopped`, `need`), raises an error, and the
 * evaluator turns the reading into `unknown` even if the script caught it.
 */
#ifndef RL_WORLD_H
#define RL_WORLD_H

#include "model.h"
#include "sandbox.h"

/* The read_paths bit for the set of paths itself. */
#define RL_READ_PATH_SET (1u << RL_P_N)

#define RL_COMPARED_MAX 16

/* Facts a check only compared with numbers (w:above, w:below), by the
 * bits of reads[] and read_paths below, and the numbers it compared them
 * with: distinct, in the order met; overflow: more than RL_COMPARED_MAX. */
typedef struct rl_compared {
	uint32_t fields[RL_NKINDS];
	uint32_t paths;
	uint32_t n;
	int overflow;
	int any;                /* anything compared at all */
	double t[RL_COMPARED_MAX];
} rl_compared;

/* Notes that a fact was compared with t (a NaN compares false with
 * anything, whatever the fact: it is not kept). */
void rl_compared_add(rl_compared *c, double t);
/* Adds what `from` compared to `to`. */
void rl_compared_merge(rl_compared *to, const rl_compared *from);

typedef struct rl_cond rl_cond;
typedef struct rl_iter rl_iter;

typedef struct rl_check_ctx {
	rl_world *w;
	uint32_t gen;           /* handles of earlier checks are stale */
	int details;            /* keep because and evidence */
	int trace;              /* record the paths consulted */

	/* The verdict built by the last breach()/compliant()/... call. */
	int has_verdict;
	int verdict;            /* rl_verdict */
	rl_buf because;
	char **items;           /* evidence (or needs, for unknown) */
	size_t nitems, capitems;
	/* Verdict handles carry a number within the check (the last is
	 * `seq`); the details of the verdicts built before it are kept for the
	 * last RL_KEPT_VERDICTS, so that a check returning an earlier verdict
	 * reports that one. */
	uint32_t seq;
	struct rl_kept_verdict {
		uint32_t seq;
		char *because;
		char **items;
		size_t nitems;
	} kept[8];

	/* The first unknown fact the check read. */
	int stopped;
	char need[256];

	/* Iterators of this check. */
	rl_iter *iters;
	size_t niters, capiters;
	rl_cond *conds;
	size_t nconds, capconds;
	rl_value *vals;
	size_t nvals, capvals;

	/* Paths the check was given by w:paths (trace only). */
	uint32_t *consulted;
	size_t nconsulted, capconsulted;

	/* What the check read, for reuse of verdicts across batch variants
	 * (memo.h): bit f of reads[kind] = field f of some entity of that
	 * kind; bit f of read_paths = path field f, and bit RL_READ_PATH_SET =
	 * which paths exist (iterating, counting, ids); date and params. */
	uint32_t reads[RL_NKINDS];
	uint32_t read_paths;
	int read_date, read_params;
	/* Facts only compared with numbers (w:above, w:below), and those
	 * numbers: a fact also read whole is in reads[] as well. */
	rl_compared cmp;
	rl_buf cited;           /* rl_cite's last text */
} rl_check_ctx;

/* Installs the world API and verdict constructors in sb's state. ctx must
 * outlive sb. */
void rl_world_api_install(rl_sandbox *sb, rl_check_ctx *ctx);
/* Starts a new check: old handles become stale, results are cleared. */
void rl_check_begin(rl_check_ctx *ctx);
/* Pushes the handle of the current world (the `w` argument). */
void rl_push_world(lua_State *L, const rl_check_ctx *ctx);
/* Is the value at idx the verdict of the current check? */
int rl_is_verdict(lua_State *L, int idx, const rl_check_ctx *ctx);
/* The verdict at idx (rl_is_verdict true) and its because and items:
 * those of the last verdict built, or of an earlier one kept.  Returns
 * the verdict; *because is "" when its details were not kept. */
int rl_verdict_of(lua_State *L, int idx, const rl_check_ctx *ctx, const char **because,
                  char *const **items, size_t *nitems);
void rl_check_ctx_free(rl_check_ctx *ctx);
/* s with each placeholder of w:cite replaced by its fact's value in the
 * current world: s itself when it holds none, else ctx's own copy, good
 * until the next call. */
const char *rl_cite(rl_check_ctx *ctx, const char *s);

#endif
