/* sandbox.c - the Lua state scripts run in: allow-listed globals,
 * memory cap, instruction budget, handle dispatch. */
#include "sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>
#include <lua-cjson.h>

#include "util.h"

#define HOOK_STEP 1000

struct rl_sandbox {
	lua_State *L;
	size_t used, cap;
	int mem_hit;
	long long default_budget, budget, left;
	int budget_hit;
	long long cost;
	volatile int *cancel;
	rl_handle_ops ops[RL_H_NTAGS];
	void *data[RL_H_NTAGS];
};

/* Registry keys are addresses. */
static const char base_key, handle_mt_key;

rl_sandbox *rl_sandbox_of(lua_State *L)
{
	return *(rl_sandbox **)lua_getextraspace(L);
}

lua_State *rl_sandbox_state(rl_sandbox *sb)
{
	return sb->L;
}

static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	rl_sandbox *sb = ud;
	if (!ptr)
		osize = 0;
	if (nsize == 0) {
		free(ptr);
		sb->used -= osize;
		return NULL;
	}
	if (nsize > osize && sb->used - osize + nsize > sb->cap) {
		sb->mem_hit = 1;
		return NULL;
	}
	void *p = realloc(ptr, nsize);
	if (!p)
		return NULL;
	sb->used = sb->used - osize + nsize;
	return p;
}

static int panic(lua_State *L)
{
	const char *msg = lua_tostring(L, -1);
	fprintf(stderr, "redline: unprotected Lua error: %s\n", msg ? msg : "?");
	abort();
}

static void budget_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	rl_sandbox *sb = rl_sandbox_of(L);
	if (sb->cancel && *sb->cancel) {
		lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
		luaL_error(L, "interrupted");
	}
	if (sb->mem_hit) {
		/* The cap stands even if the script caught the memory error. */
		lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
		luaL_error(L, "memory cap exceeded");
	}
	sb->left -= sb->budget_hit ? 1 : HOOK_STEP;
	sb->cost += HOOK_STEP;
	if (sb->left <= 0 || sb->budget_hit) {
		sb->budget_hit = 1;
		lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
		/* Name the line that was running (level 0: hooks add no frame). */
		lua_Debug here;
		if (lua_getstack(L, 0, &here) && lua_getinfo(L, "Sl", &here) &&
		    here.currentline > 0)
			lua_pushfstring(L, "%s:%d: ", here.short_src, here.currentline);
		else
			lua_pushliteral(L, "");
		lua_pushfstring(L, "instruction budget of %I instructions exceeded",
		                (lua_Integer)sb->budget);
		lua_concat(L, 2);
		lua_error(L);
	}
}

/* The message handler: text plus traceback; other values pass through. */
static int msghandler(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (msg == NULL) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			return 1;
		msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}

/* --- handle dispatch ------------------------------------------------------ */

static const rl_handle_ops *ops_of(lua_State *L, int idx)
{
	rl_sandbox *sb = rl_sandbox_of(L);
	unsigned tag = rl_handle_tag(lua_touserdata(L, idx));
	return tag < RL_H_NTAGS ? &sb->ops[tag] : &sb->ops[0];
}

static int h_index(lua_State *L)
{
	const rl_handle_ops *o = ops_of(L, 1);
	if (!o->index)
		return luaL_error(L, "attempt to index a %s value", luaL_tolstring(L, 1, NULL));
	return o->index(L);
}

static int h_call(lua_State *L)
{
	const rl_handle_ops *o = ops_of(L, 1);
	if (!o->call)
		return luaL_error(L, "attempt to call a %s value", luaL_tolstring(L, 1, NULL));
	return o->call(L);
}

static int h_tostring(lua_State *L)
{
	const rl_handle_ops *o = ops_of(L, 1);
	if (o->tostring)
		return o->tostring(L);
	lua_pushstring(L, rl_handle_tag(lua_touserdata(L, 1)) == RL_H_NONE ? "null" : "handle");
	return 1;
}

static int h_pairs(lua_State *L)
{
	const rl_handle_ops *o = ops_of(L, 1);
	if (!o->pairs)
		return luaL_error(L, "attempt to iterate over a %s value", luaL_tolstring(L, 1, NULL));
	return o->pairs(L);
}

static int h_len(lua_State *L)
{
	const rl_handle_ops *o = ops_of(L, 1);
	if (!o->len)
		return luaL_error(L, "attempt to get the length of a %s value", luaL_tolstring(L, 1, NULL));
	return o->len(L);
}

static int h_newindex(lua_State *L)
{
	return luaL_error(L, "%s is read-only", luaL_tolstring(L, 1, NULL));
}

static int unknown_tostring(lua_State *L)
{
	lua_pushliteral(L, "unknown");
	return 1;
}

static int unknown_call(lua_State *L)
{
	return luaL_error(L, "unknown(...) is a verdict; return it from a check");
}

void rl_sandbox_handle_ops(rl_sandbox *sb, unsigned tag, const rl_handle_ops *ops)
{
	if (tag < RL_H_NTAGS)
		sb->ops[tag] = *ops;
}

void rl_sandbox_set_data(rl_sandbox *sb, unsigned tag, void *data)
{
	if (tag < RL_H_NTAGS)
		sb->data[tag] = data;
}

void *rl_sandbox_data(rl_sandbox *sb, unsigned tag)
{
	return tag < RL_H_NTAGS ? sb->data[tag] : NULL;
}

/* --- the safe environment ------------------------------------------------- */

static int safe_load(lua_State *L)
{
	size_t len;
	const char *text = luaL_checklstring(L, 1, &len);
	const char *name = luaL_optstring(L, 2, "=(load)");
	if (!lua_isnoneornil(L, 3) && strcmp(luaL_checkstring(L, 3), "t") != 0)
		return luaL_error(L, "load: only text chunks (mode \"t\") are allowed");
	if (luaL_loadbufferx(L, text, len, name, "t") != LUA_OK) {
		luaL_pushfail(L);
		lua_insert(L, -2);
		return 2;
	}
	/* The chunk's _ENV: the given table, or a fresh one over the base. */
	if (!lua_isnoneornil(L, 4)) {
		lua_pushvalue(L, 4);
	} else {
		lua_newtable(L);
		lua_newtable(L);
		lua_rawgetp(L, LUA_REGISTRYINDEX, &base_key);
		lua_setfield(L, -2, "__index");
		lua_pushboolean(L, 0);
		lua_setfield(L, -2, "__metatable");
		lua_setmetatable(L, -2);
	}
	if (!lua_setupvalue(L, -2, 1))
		lua_pop(L, 1);
	return 1;
}

static int safe_print(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_where(L, 1);
	fputs(lua_tostring(L, -1), stderr);
	lua_pop(L, 1);
	for (int i = 1; i <= n; i++) {
		if (i > 1)
			fputc('\t', stderr);
		fputs(luaL_tolstring(L, i, NULL), stderr);
		lua_pop(L, 1);
	}
	fputc('\n', stderr);
	return 0;
}

/* Copies the named fields of the table at `from` into a new table. */
static void copy_fields(lua_State *L, int from, const char *const *names)
{
	lua_newtable(L);
	for (; *names; names++) {
		lua_getfield(L, from, *names);
		lua_setfield(L, -2, *names);
	}
}

static const char *const base_names[] = {"assert", "error", "getmetatable",
	"ipairs", "next", "pairs", "pcall", "rawequal", "rawget", "rawlen",
	"rawset", "select", "setmetatable", "tonumber", "tostring", "type",
	"xpcall", "_VERSION", NULL};
static const char *const string_names[] = {"byte", "char", "find", "format",
	"gmatch", "gsub", "len", "lower", "match", "pack", "packsize", "rep",
	"reverse", "sub", "unpack", "upper", NULL};
static const char *const table_names[] = {"concat", "insert", "move", "pack",
	"remove", "sort", "unpack", NULL};
static const char *const math_names[] = {"abs", "ceil", "cos", "deg", "exp",
	"floor", "fmod", "huge", "log", "max", "maxinteger", "min", "mininteger",
	"modf", "pi", "rad", "sin", "sqrt", "tan", "tointeger", "type", "ult",
	"atan", "asin", "acos", NULL};
static const char *const utf8_names[] = {"char", "charpattern", "codes",
	"codepoint", "len", "offset", NULL};
static const char *const json_names[] = {"encode", "decode", "null", NULL};

/* Library tables each chunk receives its own copy of (so no file can
 * change another's string.format). */
static const struct {
	const char *name;
	const char *const *fields;
} libs[] = {{"string", string_names}, {"table", table_names},
	{"math", math_names}, {"utf8", utf8_names}, {"json", json_names}};

static const char libs_key;

static int setup(lua_State *L)
{
	rl_sandbox *sb = lua_touserdata(L, 1);
	/* Only what scripts may use is ever loaded: no io, os, package,
	 * debug or coroutine library exists in this state. */
	static const luaL_Reg safe_libs[] = {{LUA_GNAME, luaopen_base},
		{LUA_STRLIBNAME, luaopen_string}, {LUA_TABLIBNAME, luaopen_table},
		{LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8},
		{NULL, NULL}};
	for (const luaL_Reg *lib = safe_libs; lib->func; lib++) {
		luaL_requiref(L, lib->name, lib->func, 1);
		lua_pop(L, 1);
	}

	/* The handle metatable (shared by every light userdata). */
	lua_pushlightuserdata(L, NULL);
	lua_newtable(L);
	static const luaL_Reg mm[] = {{"__index", h_index}, {"__call", h_call},
		{"__tostring", h_tostring}, {"__pairs", h_pairs}, {"__len", h_len},
		{"__newindex", h_newindex}, {NULL, NULL}};
	luaL_setfuncs(L, mm, 0);
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pushvalue(L, -1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &handle_mt_key);
	lua_setmetatable(L, -2);
	lua_pop(L, 1);
	rl_handle_ops uops = {0};
	uops.tostring = unknown_tostring;
	uops.call = unknown_call;
	sb->ops[RL_H_UNKNOWN] = uops;

	/* The base every chunk's _ENV reads through. */
	lua_pushglobaltable(L);
	int g = lua_gettop(L);
	copy_fields(L, g, base_names);
	int base = lua_gettop(L);
	lua_pushcfunction(L, safe_load);
	lua_setfield(L, base, "load");
	lua_pushcfunction(L, safe_print);
	lua_setfield(L, base, "print");
	lua_pushlightuserdata(L, rl_handle(RL_H_UNKNOWN, 0, 0, 0));
	lua_setfield(L, base, "unknown");
	lua_pushvalue(L, base);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &base_key);

	/* Library templates, kept in the registry for per-chunk copies. */
	luaL_requiref(L, "cjson", luaopen_cjson, 0);
	lua_getfield(L, -1, "new");
	lua_call(L, 0, 1);              /* a private cjson instance */
	lua_setfield(L, g, "json");
	lua_pop(L, 1);
	lua_newtable(L);
	for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
		lua_getfield(L, g, libs[i].name);
		copy_fields(L, lua_gettop(L), libs[i].fields);
		lua_setfield(L, -3, libs[i].name);
		lua_pop(L, 1);
	}
	lua_rawsetp(L, LUA_REGISTRYINDEX, &libs_key);

	/* Strings index a safe copy of the string library; the metatable
	 * itself is hidden (no way to reach string.dump). */
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_getfield(L, g, "string");
	copy_fields(L, lua_gettop(L), string_names);
	lua_setfield(L, -3, "__index");
	lua_pop(L, 1);
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);
	return 0;
}

rl_sandbox *rl_sandbox_new(const rl_limits *limits)
{
	rl_sandbox *sb = rl_xcalloc(1, sizeof *sb);
	sb->cap = limits && limits->memory ? limits->memory : RL_DEFAULT_MEMORY;
	sb->default_budget = limits && limits->instructions > 0 ? limits->instructions
	                                                        : RL_DEFAULT_INSTRUCTIONS;
	/* The libraries themselves need room, whatever the cap for scripts. */
	size_t cap = sb->cap;
	sb->cap = (size_t)-1 / 2;
	sb->L = lua_newstate(capped_alloc, sb);
	if (!sb->L) {
		free(sb);
		return NULL;
	}
	*(rl_sandbox **)lua_getextraspace(sb->L) = sb;
	lua_atpanic(sb->L, panic);
	lua_pushcfunction(sb->L, setup);
	lua_pushlightuserdata(sb->L, sb);
	if (lua_pcall(sb->L, 1, 0, 0) != LUA_OK) {
		lua_close(sb->L);
		free(sb);
		return NULL;
	}
	sb->cap = cap;
	return sb;
}

void rl_sandbox_free(rl_sandbox *sb)
{
	if (!sb)
		return;
	lua_close(sb->L);
	free(sb);
}

static int do_export(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &base_key);
	lua_pushvalue(L, 2);
	lua_setfield(L, -2, lua_tostring(L, 1));
	return 0;
}

void rl_sandbox_export(rl_sandbox *sb, const char *name)
{
	lua_State *L = sb->L;
	lua_pushcfunction(L, do_export);
	lua_pushstring(L, name);
	lua_rotate(L, -3, -1);  /* value, fn, name -> fn, name, value */
	if (lua_pcall(L, 2, 0, 0) != LUA_OK)
		lua_pop(L, 1);
}

/* Pushes a fresh _ENV: library copies in it, base behind it. */
static int make_env(lua_State *L)
{
	lua_newtable(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &libs_key);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_newtable(L);
		lua_pushnil(L);
		while (lua_next(L, -3)) {
			lua_pushvalue(L, -2);
			lua_insert(L, -2);
			lua_rawset(L, -4);
		}
		lua_remove(L, -2);
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -5);
	}
	lua_pop(L, 1);
	lua_newtable(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &base_key);
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	return 1;
}

typedef struct load_args {
	const char *name, *text;
	size_t len;
	int status;
} load_args;

static int do_load(lua_State *L)
{
	load_args *a = lua_touserdata(L, 1);
	a->status = luaL_loadbufferx(L, a->text, a->len, a->name, "t");
	if (a->status != LUA_OK)
		return lua_error(L);
	make_env(L);
	lua_setupvalue(L, -2, 1);
	return 1;
}

static void set_err(rl_sandbox *sb, char **err, rl_run why)
{
	lua_State *L = sb->L;
	const char *msg = lua_tostring(L, -1);
	if (why == RL_RUN_MEMORY) {
		rl_seterr(err, "memory cap of %zu MiB exceeded%s%s", sb->cap >> 20,
		          msg ? "\n" : "", msg ? msg : "");
	} else {
		rl_seterr(err, "%s", msg ? msg : "(error object is not a string)");
	}
	lua_pop(L, 1);
}

rl_run rl_sandbox_load(rl_sandbox *sb, const char *path, const char *text,
                       size_t len, char **err)
{
	lua_State *L = sb->L;
	char *name = rl_fmt("@%s", path);
	load_args a = {name, text, len, 0};
	sb->mem_hit = 0;
	lua_pushcfunction(L, do_load);
	lua_pushlightuserdata(L, &a);
	int rc = lua_pcall(L, 1, 1, 0);
	free(name);
	if (rc == LUA_OK)
		return RL_RUN_OK;
	rl_run why = sb->mem_hit ? RL_RUN_MEMORY : RL_RUN_ERROR;
	set_err(sb, err, why);
	return why;
}

rl_run rl_sandbox_call(rl_sandbox *sb, int nargs, int nres, long long budget,
                       char **err)
{
	lua_State *L = sb->L;
	int base = lua_gettop(L) - nargs;
	/* Without err nobody reads the message: no handler, no traceback. */
	if (err) {
		lua_pushcfunction(L, msghandler);
		lua_insert(L, base);
	}
	sb->budget = budget > 0 ? budget : sb->default_budget;
	sb->left = sb->budget;
	sb->budget_hit = 0;
	sb->mem_hit = 0;
	sb->cost = 0;
	lua_sethook(L, budget_hook, LUA_MASKCOUNT,
	            sb->budget < HOOK_STEP ? (int)sb->budget : HOOK_STEP);
	/* The load budget of a file covers its includes; checks get their own. */
	int rc = lua_pcall(L, nargs, nres, err ? base : 0);
	lua_sethook(L, NULL, 0, 0);
	if (err)
		lua_remove(L, base);
	rl_run why = RL_RUN_OK;
	if (sb->budget_hit)
		why = RL_RUN_BUDGET;
	else if (sb->mem_hit)
		why = RL_RUN_MEMORY;
	else if (rc != LUA_OK)
		why = RL_RUN_ERROR;
	if (why != RL_RUN_OK) {
		if (rc == LUA_OK) {
			/* A script swallowed the error with pcall: the limit still
			 * stands; drop the results. */
			lua_pop(L, nres == LUA_MULTRET ? lua_gettop(L) - base + 1 : nres);
			lua_pushstring(L, why == RL_RUN_BUDGET ? "instruction budget exceeded"
			                                       : "not enough memory");
		}
		if (err) {
			set_err(sb, err, why);
			if (why == RL_RUN_BUDGET && !strstr(*err, "instruction budget")) {
				char *m = *err;
				*err = rl_fmt("instruction budget of %lld instructions exceeded\n%s",
				              sb->budget, m);
				free(m);
			}
		} else {
			lua_pop(L, 1);
		}
		/* What a runaway check built is garbage now: give it back before the
		 * next call runs under the same cap. */
		if (why != RL_RUN_ERROR)
			lua_gc(L, LUA_GCCOLLECT);
	}
	return why;
}

rl_run rl_sandbox_cpcall(rl_sandbox *sb, lua_CFunction f, void *ud, char **err)
{
	lua_State *L = sb->L;
	sb->mem_hit = 0;
	lua_pushcfunction(L, f);
	lua_pushlightuserdata(L, ud);
	if (lua_pcall(L, 1, 0, 0) == LUA_OK)
		return RL_RUN_OK;
	rl_run why = sb->mem_hit ? RL_RUN_MEMORY : RL_RUN_ERROR;
	set_err(sb, err, why);
	return why;
}

long long rl_sandbox_budget(const rl_sandbox *sb)
{
	return sb->default_budget;
}

void rl_sandbox_extend_budget(rl_sandbox *sb, long long n)
{
	if (n > 0 && !sb->budget_hit) {
		sb->left += n;
		sb->budget += n;
	}
}

size_t rl_sandbox_memory_cap(const rl_sandbox *sb)
{
	return sb->cap;
}

long long rl_sandbox_last_cost(const rl_sandbox *sb)
{
	return sb->cost;
}

void rl_sandbox_set_cancel(rl_sandbox *sb, volatile int *flag)
{
	sb->cancel = flag;
}
