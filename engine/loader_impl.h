/*
 * loader_impl.h - what the loader's three files share: loader.c runs
 * files (the sandboxed chunk, include, json_file, base, JSON scenarios),
 * scenario.c holds the scenario constructors and value conversions,
 * clauses.c the rule constructors.  Nothing else includes it.
 */
#ifndef RL_LOADER_IMPL_H
#define RL_LOADER_IMPL_H

#include <lua.h>

#include "loader.h"

#define MAX_INCLUDE_DEPTH 16

/* The constructors of each kind of file, NULL-terminated. */
extern const char *const loader_scenario_ctors[];
extern const char *const loader_rule_ctors[];

typedef struct loader {
	rl_sandbox *sb;
	int rules_mode;
	rl_model *m;
	rl_rules *rules;
	rl_include_files *fill;               /* rules: includes read here are kept */
	const rl_include_files *have;         /* rules: includes already read */
	/* rules: the top file as a chunk compiled before (NULL: compile its
	 * text), and where to keep the chunk compiled here (NULL: nowhere) */
	const char *code;
	size_t code_len;
	char **dump;
	size_t *dump_len;
	char *root;                     /* real path files must stay under */
	char *stack[MAX_INCLUDE_DEPTH]; /* display paths of the running files */
	char *real[MAX_INCLUDE_DEPTH];
	int depth;
	int fileseq;
	/* A constructor given its id but not yet its table. */
	int pending;
	char pending_what[200];
	char *pending_file;
	int pending_line;
} loader;

/* Where a constructor was called and what it defines ("clause ID"): every
 * message about its fields is "file:line: what: expected ..., found ...". */
typedef struct loader_loc {
	const char *file;
	int line;
	const char *what;       /* NULL: the message names the thing itself */
} loader_loc;

/* loader.c */
/* Raises "file:line: what: MESSAGE" ("file:line: MESSAGE" without what). */
int loader_raise(lua_State *L, const loader_loc *at, const char *fmt, ...) RL_PRINTF(3, 4);
/* The same message for C code returning a status: sets it in *err by the
 * err rule of redline.h (on failure only, err may be NULL); returns st. */
rl_status loader_seterr(char **err, rl_status st, const loader_loc *at, const char *fmt, ...)
	RL_PRINTF(4, 5);
/* The field checker, after luaL_typeerror: raises "file:line: what:
 * expected FIELD to be EXPECTED, found <the value at idx>". */
int loader_field_error(lua_State *L, const loader_loc *at, int idx, const char *field,
                       const char *expected);
/* A constructor called with its id (argument 1): checks the id and that no
 * other constructor waits for its { fields }, and marks this one waiting. */
void loader_begin(lua_State *L, const char *kname, const loader_loc *at);
/* The first half of `kind "id" { fields }`, run by a constructor: begins
 * it (loader_begin) and returns the body function, a closure over the
 * constructor's first upvalue, which, the id and the caller's place. */
int loader_open_body(lua_State *L, const char *kname, lua_Integer which,
                     lua_CFunction body);
/* The second half's first check: the body's argument is the { fields }
 * table; else raises "expected KIND "ID" { fields }, found ...". */
void loader_expect_fields(lua_State *L, const loader_loc *at, const char *kname,
                          const char *id);
/* The loader a constructor closure carries (upvalue 1). */
loader *loader_get(lua_State *L);
/* The file and line of the Lua code calling the current C function. */
int loader_caller_line(lua_State *L, const char **file);
/* Checks that every key of the table at idx is one of names. */
void loader_check_keys(lua_State *L, int idx, const char *const *names,
                       const loader_loc *at);
/* The string keys of the table at idx, sorted, in a userdata pushed on the
 * stack (they live as long as the table); raises "EXPECTED<found>" at a
 * key that is not a string (or, with refuse_nul, holds a NUL). */
const char **loader_sorted_keys(lua_State *L, int idx, const loader_loc *at,
                                const char *expected, int refuse_nul, size_t *n);
/* names joined by ", " into out. */
void loader_join_names(const char *const *names, char *out, size_t size);
/* Runs the base of a derived scenario; its scenario entity, renamed id. */
rl_entity *loader_derive(lua_State *L, loader *ld, const char *id, const loader_loc *at);

/* scenario.c */
/* Does the string at idx hold a NUL byte (0 for other types)? */
int loader_has_nul(lua_State *L, int idx);
/* scenario "id", party "id", ...: the constructor, and the body it returns
 * (upvalues: loader, kind, id, line, file). */
int loader_entity_ctor(lua_State *L);
int loader_entity_body(lua_State *L);

/* clauses.c */
/* contract "id", clause "id", exception "id" (upvalues: loader, which). */
int loader_rule_ctor(lua_State *L);
/* relies { kind = { ids } } */
int loader_relies(lua_State *L);

#endif
