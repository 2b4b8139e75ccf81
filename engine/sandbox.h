/*
 * sandbox.h - a Lua state for untrusted scenario, rule and batch files.
 *
 * What scripts see is built from an explicit allow-list: the safe base
 * functions, copies of string (without dump), table, math (without
 * random), utf8, and json (lua-cjson's encode/decode).  No io, os,
 * package, debug, require, dofile, loadfile or collectgarbage; `load`
 * accepts text only.  Every chunk gets its own _ENV whose reads fall
 * through to a base table scripts cannot reach or change.
 *
 * Each state has a memory cap (a counting allocator) and each protected
 * call an instruction budget (a count hook that re-arms at 1 once spent,
 * so a script's own pcall cannot swallow it).
 *
 * C objects reach scripts as handles: light userdata whose bits encode a
 * tag, a generation, a kind and an index; they are never dereferenced.
 * All light userdata share one metatable, which dispatches on the tag to
 * the functions a module registered with rl_sandbox_handle_ops.  A handle
 * whose generation is stale is refused by its module.
 */
#ifndef RL_SANDBOX_H
#define RL_SANDBOX_H

#include <stdint.h>

#include <lua.h>

#include "redline/redline.h"

typedef struct rl_sandbox rl_sandbox;

/* Handles. */
enum {
	RL_H_NONE = 0,          /* lua-cjson's null */
	RL_H_UNKNOWN,           /* the `unknown` constant */
	RL_H_WORLD,
	RL_H_ENTITY,
	RL_H_PATH,
	RL_H_VERDICT,
	RL_H_PARAMS,
	RL_H_ATTRS,
	RL_H_NTAGS
};

static inline void *rl_handle(unsigned tag, uint32_t gen, unsigned kind, uint32_t index)
{
	uint64_t h = ((uint64_t)tag << 60) | ((uint64_t)(gen & 0xfffffu) << 40) |
	             ((uint64_t)(kind & 0xffu) << 32) | index;
	return (void *)(uintptr_t)h;
}
static inline unsigned rl_handle_tag(const void *p) { return (unsigned)((uintptr_t)p >> 60); }
static inline uint32_t rl_handle_gen(const void *p) { return (uint32_t)(((uintptr_t)p >> 40) & 0xfffffu); }
static inline unsigned rl_handle_kind(const void *p) { return (unsigned)(((uintptr_t)p >> 32) & 0xffu); }
static inline uint32_t rl_handle_index(const void *p) { return (uint32_t)((uintptr_t)p & 0xffffffffu); }

typedef struct rl_handle_ops {
	lua_CFunction index;    /* __index(handle, key) */
	lua_CFunction call;     /* __call(handle, ...) */
	lua_CFunction tostring; /* __tostring(handle) */
	lua_CFunction pairs;    /* __pairs(handle) */
	lua_CFunction len;      /* __len(handle) */
} rl_handle_ops;

typedef enum rl_run {
	RL_RUN_OK,
	RL_RUN_ERROR,           /* a runtime or syntax error */
	RL_RUN_BUDGET,          /* the instruction budget ran out */
	RL_RUN_MEMORY,          /* the memory cap was hit */
	RL_RUN_TIME             /* the deadline passed */
} rl_run;

rl_sandbox *rl_sandbox_new(const rl_limits *limits);
void rl_sandbox_free(rl_sandbox *sb);
lua_State *rl_sandbox_state(rl_sandbox *sb);
/* The sandbox of a state made by rl_sandbox_new. */
rl_sandbox *rl_sandbox_of(lua_State *L);

/* Makes the value on top of the stack (popped) a global of every chunk. */
void rl_sandbox_export(rl_sandbox *sb, const char *name);
void rl_sandbox_handle_ops(rl_sandbox *sb, unsigned tag, const rl_handle_ops *ops);
/* Data a module keeps with the state (one slot per tag). */
void rl_sandbox_set_data(rl_sandbox *sb, unsigned tag, void *data);
void *rl_sandbox_data(rl_sandbox *sb, unsigned tag);

/* Compiles a text chunk named "@path" with a fresh _ENV and pushes it.
 * On failure pushes nothing and sets *err. */
rl_run rl_sandbox_load(rl_sandbox *sb, const char *path, const char *text,
                       size_t len, char **err);
/* The same with a chunk rl_sandbox_dump made of such a text (it keeps the
 * name and lines the text was compiled with): no compiling again. */
rl_run rl_sandbox_load_code(rl_sandbox *sb, const char *path, const char *code, size_t len,
                            char **err);
/* The function on top of L's stack as a binary chunk (debug information
 * kept), for rl_sandbox_load_code in other states of the same engine;
 * NULL if it cannot be dumped.  Never load a chunk from elsewhere. */
char *rl_sandbox_dump(lua_State *L, size_t *len);
/* A load error of the file path (text, len) as "path:line: ...": msg as it
 * is when it names path, else with the line where brackets nest too deep
 * (the parser's C stack ran out), or 1.  Returns a new string. */
char *rl_sandbox_place_load_error(const char *path, const char *text, size_t len,
                                  const char *msg);
/* Calls the function below nargs arguments in protected mode under an
 * instruction budget (0: the sandbox's default).  On failure *err holds
 * the message, then a traceback on the following lines; err may be NULL
 * when only the outcome matters (no message or traceback is built). */
rl_run rl_sandbox_call(rl_sandbox *sb, int nargs, int nres, long long budget,
                       char **err);
/* Runs f(L) with ud as a light userdata argument in protected mode. */
rl_run rl_sandbox_cpcall(rl_sandbox *sb, lua_CFunction f, void *ud, char **err);

long long rl_sandbox_budget(const rl_sandbox *sb);
/* Adds n instructions to the budget of the call that is running (a
 * renderer earns an allowance per streamed batch line). */
void rl_sandbox_extend_budget(rl_sandbox *sb, long long n);
size_t rl_sandbox_memory_cap(const rl_sandbox *sb);
/* Instructions run by the last rl_sandbox_call (to the hook's step). */
long long rl_sandbox_last_cost(const rl_sandbox *sb);
/* Stops the current and every later call with an "interrupted" error once
 * *flag becomes non-zero (for Ctrl-C); NULL to clear. */
void rl_sandbox_set_cancel(rl_sandbox *sb, volatile int *flag);

#endif
