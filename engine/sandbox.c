/* sandbox.c - the Lua state scripts run in: allow-listed globals,
 * memory cap, instruction budget, handle dispatch. */
#include "sandbox.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lualib.h>
#include <lua-cjson.h>

#include "util.h"

#define HOOK_STEP 1000
/* Work done inside C library functions is charged to the instruction
 * budget at this many elementary steps (bytes scanned, elements moved,
 * pattern backtracking steps) per instruction. */
#define STEPS_PER_INSTRUCTION 16

struct rl_sandbox {
	lua_State *L;
	size_t used, cap;
	int mem_hit;
	size_t mem_retry;               /* a failed request Lua may retry after
	                                   its emergency collection */
	size_t slack;                   /* room above the cap while lua-cjson
	                                   decodes (see decode_whole) */
	unsigned long allocs, fail_after;
	int counting;                   /* scripts are running: allocations count */
	long long default_budget, budget, left;
	int budget_hit;
	double default_seconds, seconds, deadline;
	int time_hit;
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
	if (nsize > osize && (sb->used - osize + nsize > sb->cap + sb->slack ||
	                      (sb->counting && sb->fail_after && !sb->slack &&
	                       ++sb->allocs > sb->fail_after))) {
		sb->mem_hit = 1;
		sb->mem_retry = nsize;
		return NULL;
	}
	void *p = realloc(ptr, nsize);
	if (!p)
		return NULL;
	sb->used = sb->used - osize + nsize;
	if (nsize > osize && sb->mem_retry) {
		/* Lua retries a failed request once after an emergency collection:
		 * when that succeeds no memory error was raised, and the cap was
		 * not exceeded after all. */
		if (sb->mem_retry == nsize)
			sb->mem_hit = 0;
		sb->mem_retry = 0;
	}
	return p;
}

static int panic(lua_State *L)
{
	const char *msg = lua_tostring(L, -1);
	fprintf(stderr, "redline: unprotected Lua error: %s\n", msg ? msg : "?");
	abort();
}

/* The clock of the deadlines, read as each call is armed and at each
 * count hook.  Where there is one, the coarse clock: it is read in a few
 * nanoseconds (the precise one took 35 here, a tenth of a short check's
 * time) and lags by at most a tick of the kernel's clock, a few
 * milliseconds, against deadlines of seconds (10 by default). */
#ifdef CLOCK_MONOTONIC_COARSE
#define DEADLINE_CLOCK CLOCK_MONOTONIC_COARSE
#else
#define DEADLINE_CLOCK CLOCK_MONOTONIC
#endif

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(DEADLINE_CLOCK, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Raises "file:line: what" naming the line that was running (level 0:
 * hooks add no frame). */
static void limit_error(lua_State *L, const char *what)
{
	lua_Debug here;
	if (lua_getstack(L, 0, &here) && lua_getinfo(L, "Sl", &here) &&
	    here.currentline > 0)
		lua_pushfstring(L, "%s:%d: %s", here.short_src, here.currentline, what);
	else
		lua_pushstring(L, what);
	lua_error(L);
}

static void time_message(const rl_sandbox *sb, char *out, size_t size)
{
	snprintf(out, size, "time limit of %g seconds exceeded", sb->seconds);
}

static void budget_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	rl_sandbox *sb = rl_sandbox_of(L);
	if (sb->time_hit || (sb->deadline > 0 && monotonic() > sb->deadline)) {
		char msg[80];
		sb->time_hit = 1;
		lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
		time_message(sb, msg, sizeof msg);
		limit_error(L, msg);
	}
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
		char msg[80];
		snprintf(msg, sizeof msg, "instruction budget of %lld instructions exceeded",
		         sb->budget);
		limit_error(L, msg);
	}
}

/* Whether a limit stands for the call running (its errors are not to be
 * caught or handled by scripts). */
static int limit_stands(const rl_sandbox *sb)
{
	return sb->budget_hit || sb->time_hit || sb->mem_hit || (sb->cancel && *sb->cancel);
}

/* Charges n elementary steps of C work to the running call's budget. */
static void charge(lua_State *L, double steps)
{
	rl_sandbox *sb = rl_sandbox_of(L);
	double n = steps / STEPS_PER_INSTRUCTION + 1;
	if (n > (double)sb->left)
		n = (double)sb->left + 1;
	sb->left -= (long long)n;
	sb->cost += (long long)n;
	if (sb->left <= 0 && lua_gethook(L)) {
		/* The count hook raises the error at the next instruction. */
		lua_sethook(L, budget_hook, LUA_MASKCOUNT, 1);
	}
}

/* --- C library functions under the budget -------------------------------- *
 *
 * The count hook sees Lua instructions only: the work of a C function is
 * invisible to it, and a pattern can backtrack for longer than any
 * deadline could wait (the matcher never returns to the VM).  So the
 * string functions that match patterns first bound a pattern's worst case
 * (subject length to the power of its repetition items) and refuse one
 * that could exceed the budget left; every wrapped function charges the
 * work it does. */

/* Counts the items of pattern p that repeat (*, +, -, %b); sets *anchored. */
static int pattern_repeats(const char *p, size_t len, int *anchored)
{
	const char *end = p + len;
	int q = 0;
	*anchored = len > 0 && *p == '^';
	if (*anchored)
		p++;
	while (p < end) {
		const char *item = p;
		if (*p == '%' && p + 1 < end) {
			if (p[1] == 'b') {
				q++;
				p += 4;
				continue;
			}
			if (p[1] == 'f') {
				p += 2;
				if (p < end && *p == '[') {
					p++;
					if (p < end && *p == '^')
						p++;
					do {
						if (p < end && *p == '%')
							p++;
						p++;
					} while (p < end && *p != ']');
					p++;
				}
				continue;
			}
			p += 2;
		} else if (*p == '[') {
			p++;
			if (p < end && *p == '^')
				p++;
			do {
				if (p < end && *p == '%')
					p++;
				p++;
			} while (p < end && *p != ']');
			p++;
		} else if (*p == '(' || *p == ')') {
			p++;
			continue;
		} else {
			p++;
		}
		(void)item;
		if (p < end && (*p == '*' || *p == '+' || *p == '-')) {
			q++;
			p++;
		} else if (p < end && *p == '?') {
			p++;
		}
	}
	return q;
}

/* Upvalue 1: the library function.  Arguments as string.find & co. */
static int pattern_guard(lua_State *L, int plain_arg)
{
	size_t n = 0, plen = 0;
	const char *s = lua_tolstring(L, 1, &n);
	const char *p = lua_tolstring(L, 2, &plen);
	if (s && p) {
		int plain = plain_arg && lua_toboolean(L, plain_arg);
		double steps = (double)n + 1;
		if (!plain) {
			int anchored;
			int q = pattern_repeats(p, plen, &anchored);
			double worst = pow((double)n + 1, q) * (anchored ? 1 : (double)n + 1);
			rl_sandbox *sb = rl_sandbox_of(L);
			if (q > 0 && worst / STEPS_PER_INSTRUCTION > (double)sb->left)
				return luaL_error(L, "expected a pattern whose worst case fits the "
				                  "instruction budget left (%I), found %d repetition "
				                  "items over a subject of %I bytes",
				                  (lua_Integer)sb->left, q, (lua_Integer)n);
		} else {
			steps += (double)n * (double)plen / 8;
		}
		charge(L, steps);
	}
	int top = lua_gettop(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, top, LUA_MULTRET);
	return lua_gettop(L);
}

static int guard_find(lua_State *L) { return pattern_guard(L, 4); }
static int guard_match(lua_State *L) { return pattern_guard(L, 0); }

static int call_original(lua_State *L)
{
	int top = lua_gettop(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, top, LUA_MULTRET);
	return lua_gettop(L);
}

static double raw_length(lua_State *L, int idx)
{
	return lua_type(L, idx) == LUA_TTABLE ? (double)lua_rawlen(L, idx) : 0;
}

static int guard_rep(lua_State *L)
{
	size_t len = 0, slen = 0;
	luaL_checklstring(L, 1, &len);
	lua_Integer n = luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &slen);
	if (n > 0)
		charge(L, (double)n * (double)(len + slen));
	return call_original(L);
}

/* table.insert, table.remove: the elements moved. */
static int guard_shift(lua_State *L)
{
	double n = raw_length(L, 1);
	if (lua_gettop(L) >= 2 && lua_type(L, 2) == LUA_TNUMBER) {
		double pos = lua_tonumber(L, 2);
		if (pos >= 1 && pos <= n)
			n -= pos - 1;
	}
	charge(L, n);
	return call_original(L);
}

static int guard_move(lua_State *L)
{
	lua_Number f = luaL_optnumber(L, 2, 0), e = luaL_optnumber(L, 3, 0);
	if (e >= f)
		charge(L, e - f + 1);
	return call_original(L);
}

static int guard_sort(lua_State *L)
{
	double n = raw_length(L, 1);
	charge(L, n * (log2(n + 1) + 1));
	return call_original(L);
}

static int guard_concat(lua_State *L)
{
	charge(L, raw_length(L, 1));
	return call_original(L);
}

/* Refuses finalizers: Lua runs __gc with hooks off (no budget, no
 * deadline), in collections and in lua_close, after the call that made
 * the object ended.  Lua only marks an object for finalization when its
 * metatable has __gc at setmetatable time, so checking here suffices. */
static int guard_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "setmetatable: expected a metatable without __gc, "
			                  "found one (finalizers do not run in the sandbox)");
		lua_pop(L, 1);
	}
	return call_original(L);
}

/* xpcall(f, handler, ...): Lua calls a message handler with hooks off when
 * the error came from a hook, so a looping handler would run unbounded.
 * Scripts have no debug library, so a handler cannot tell where it runs:
 * this one calls it as an ordinary function once the error has unwound,
 * under the budget; a limit passes through without reaching it. */
static int safe_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	luaL_checkstack(L, n + 2, "xpcall: too many arguments");
	rl_sandbox *sb = rl_sandbox_of(L);
	lua_pushvalue(L, 1);
	for (int i = 3; i <= n; i++)
		lua_pushvalue(L, i);
	int rc = lua_pcall(L, n - 2, LUA_MULTRET, 0);
	if (rc == LUA_OK) {
		lua_pushboolean(L, 1);
		lua_insert(L, n + 1);
		return lua_gettop(L) - n;
	}
	if (limit_stands(sb) || rc == LUA_ERRMEM)
		return lua_error(L);
	lua_pushvalue(L, 2);
	lua_insert(L, -2);
	rc = lua_pcall(L, 1, 1, 0);
	if (rc != LUA_OK && (limit_stands(sb) || rc == LUA_ERRMEM))
		return lua_error(L);
	lua_pushboolean(L, 0);
	lua_insert(L, -2);
	return 2;
}

/* Replaces lib[name] by the closure f over the original. */
static void wrap(lua_State *L, int lib, const char *name, lua_CFunction f)
{
	lua_getfield(L, lib, name);
	lua_pushcclosure(L, f, 1);
	lua_setfield(L, lib, name);
}

/* The message handler: text plus traceback; other values pass through. */
/* Whether msg starts "file:line:". */
static int located(const char *msg)
{
	const char *p = msg;
	while (*p && *p != ':' && *p != ' ' && *p != '\n')
		p++;
	if (p == msg || *p != ':' || !(p[1] >= '0' && p[1] <= '9'))
		return 0;
	for (p++; *p >= '0' && *p <= '9'; p++)
		;
	return *p == ':';
}

static int msghandler(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (msg == NULL) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			msg = lua_tostring(L, -1);
		else
			msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	}
	if (!located(msg)) {
		/* error(0), error("x", 0), an error table: name the innermost Lua
		 * line, so that the first line reads file:line. */
		lua_Debug ar;
		for (int level = 1; lua_getstack(L, level, &ar); level++) {
			if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
				msg = lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline, msg);
				break;
			}
		}
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

/* json.decode, decoding a value whole before the memory cap is checked.
 * lua-cjson keeps its scratch buffer in malloc'd memory that a memory
 * error raised inside the decoder would leak, so while it runs the cap
 * gives way by a bound on what the text can decode to (under 64 bytes a
 * byte: a table or a string header per few bytes of JSON), and the cap is
 * enforced as soon as the decoder returns. */
static int decode_whole(lua_State *L)
{
	rl_sandbox *sb = rl_sandbox_of(L);
	size_t len = 0;
	if (lua_type(L, 1) == LUA_TSTRING)
		(void)lua_tolstring(L, 1, &len);
	size_t room = (size_t)1 << 20;
	size_t slack = len > ((size_t)-1 / 4 - room) / 64 ? (size_t)-1 / 4 : 64 * len + room;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	size_t before = sb->slack;
	sb->slack = slack;
	int status = lua_pcall(L, lua_gettop(L) - 1, 1, 0);
	sb->slack = before;
	if (status != LUA_OK)
		return lua_error(L);
	if (sb->used > sb->cap + sb->slack) {
		lua_gc(L, LUA_GCCOLLECT);
		if (sb->used > sb->cap + sb->slack) {
			sb->mem_hit = 1;
			return luaL_error(L, "memory cap exceeded");
		}
	}
	return 1;
}

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
	/* The C functions whose work is charged to the budget. */
	lua_pushglobaltable(L);
	int gt = lua_gettop(L);
	lua_getfield(L, gt, "string");
	wrap(L, gt + 1, "find", guard_find);
	wrap(L, gt + 1, "match", guard_match);
	wrap(L, gt + 1, "gmatch", guard_match);
	wrap(L, gt + 1, "gsub", guard_match);
	wrap(L, gt + 1, "rep", guard_rep);
	lua_getfield(L, gt, "table");
	wrap(L, gt + 2, "insert", guard_shift);
	wrap(L, gt + 2, "remove", guard_shift);
	wrap(L, gt + 2, "move", guard_move);
	wrap(L, gt + 2, "sort", guard_sort);
	wrap(L, gt + 2, "concat", guard_concat);
	wrap(L, gt, "setmetatable", guard_setmetatable);
	lua_pushcfunction(L, safe_xpcall);
	lua_setfield(L, gt, "xpcall");
	lua_settop(L, gt - 1);

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
	lua_getfield(L, -1, "decode");
	lua_pushcclosure(L, decode_whole, 1);
	lua_setfield(L, -2, "decode");
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
	sb->default_seconds = limits && limits->seconds > 0 ? limits->seconds
	                                                    : RL_DEFAULT_SECONDS;
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
	sb->fail_after = limits ? limits->fail_alloc_after : 0;
	sb->mem_hit = 0;
	sb->mem_retry = 0;
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
	const char *mode;       /* "t": source text; "b": a chunk rl_sandbox_dump made */
	int status;
} load_args;

static int do_load(lua_State *L)
{
	load_args *a = lua_touserdata(L, 1);
	a->status = luaL_loadbufferx(L, a->text, a->len, a->name, a->mode);
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
	if (why == RL_RUN_MEMORY && sb->fail_after && sb->allocs > sb->fail_after) {
		rl_seterr(err, "out of memory: allocation failure injected after %lu "
		          "allocations%s%s", sb->fail_after, msg ? "\n" : "", msg ? msg : "");
	} else if (why == RL_RUN_MEMORY) {
		rl_seterr(err, "memory cap of %zu MiB exceeded%s%s", sb->cap >> 20,
		          msg ? "\n" : "", msg ? msg : "");
	} else {
		rl_seterr(err, "%s", msg ? msg : "(error object is not a string)");
	}
	lua_pop(L, 1);
}

/* The first line where brackets nest more than 190 deep (or the last). */
static int deep_line(const char *text, size_t len)
{
	int line = 1, depth = 0;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		line += c == '\n';
		depth += c == '{' || c == '(' || c == '[';
		depth -= c == '}' || c == ')' || c == ']';
		if (depth > 190)
			return line;
	}
	return line;
}

static rl_run load_chunk(rl_sandbox *sb, const char *path, const char *text, size_t len,
                         const char *mode, char **err)
{
	lua_State *L = sb->L;
	char *name = rl_fmt("@%s", path);
	load_args a = {name, text, len, mode, 0};
	sb->mem_hit = 0;
	sb->mem_retry = 0;
	lua_pushcfunction(L, do_load);
	lua_pushlightuserdata(L, &a);
	sb->counting = 1;
	int rc = lua_pcall(L, 1, 1, 0);
	sb->counting = 0;
	free(name);
	if (rc == LUA_OK)
		return RL_RUN_OK;
	rl_run why = sb->mem_hit || rc == LUA_ERRMEM ? RL_RUN_MEMORY : RL_RUN_ERROR;
	set_err(sb, err, why);
	sb->mem_hit = 0;
	if (err && *err && *mode == 't') {
		char *m = rl_sandbox_place_load_error(path, text, len, *err);
		free(*err);
		*err = m;
	}
	return why;
}

rl_run rl_sandbox_load(rl_sandbox *sb, const char *path, const char *text,
                       size_t len, char **err)
{
	return load_chunk(sb, path, text, len, "t", err);
}

rl_run rl_sandbox_load_code(rl_sandbox *sb, const char *path, const char *code, size_t len,
                            char **err)
{
	return load_chunk(sb, path, code, len, "b", err);
}

static int dump_write(lua_State *L, const void *p, size_t n, void *buf)
{
	(void)L;
	rl_buf_add(buf, p, n);
	return 0;
}

char *rl_sandbox_dump(lua_State *L, size_t *len)
{
	rl_buf b = {0};
	if (lua_dump(L, dump_write, &b, 0) != 0 || !b.data) {
		rl_buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return rl_buf_take(&b);
}

char *rl_sandbox_place_load_error(const char *path, const char *text, size_t len,
                                  const char *msg)
{
	/* Messages without a position (the parser's C stack ran out, a binary
	 * chunk) get one: the line where brackets nest too deep, else 1. */
	size_t pl = strlen(path);
	if (strncmp(msg, path, pl) == 0 && msg[pl] == ':')
		return rl_xstrdup(msg);
	int deep = strstr(msg, "stack overflow") != NULL;
	if (deep && located(msg)) {
		/* The position is of the code that started the load, not of path. */
		msg = strchr(strchr(msg, ':') + 1, ':') + 1;
		msg += *msg == ' ';
	}
	return rl_fmt("%s:%d: %s%s", path, deep ? deep_line(text, len) : 1,
	              deep ? "brackets nested deeper than about 190 levels: " : "", msg);
}

/* Arms the count hook: the budget (0: the default) and a deadline as many
 * times the default seconds as the budget is times the default budget. */
static void arm(rl_sandbox *sb, long long budget)
{
	sb->budget = budget > 0 ? budget : sb->default_budget;
	sb->left = sb->budget;
	sb->budget_hit = 0;
	sb->time_hit = 0;
	sb->mem_hit = 0;
	sb->mem_retry = 0;
	sb->cost = 0;
	double factor = (double)sb->budget / (double)sb->default_budget;
	sb->seconds = sb->default_seconds * (factor > 1 ? factor : 1);
	sb->deadline = monotonic() + sb->seconds;
	lua_sethook(sb->L, budget_hook, LUA_MASKCOUNT,
	            sb->budget < HOOK_STEP ? (int)sb->budget : HOOK_STEP);
}

static rl_run outcome(const rl_sandbox *sb, int rc)
{
	if (sb->time_hit)
		return RL_RUN_TIME;
	if (sb->budget_hit)
		return RL_RUN_BUDGET;
	if (sb->mem_hit || rc == LUA_ERRMEM)
		return RL_RUN_MEMORY;
	return rc != LUA_OK ? RL_RUN_ERROR : RL_RUN_OK;
}

static const char *limit_text(const rl_sandbox *sb, rl_run why, char *buf, size_t size)
{
	if (why == RL_RUN_TIME) {
		time_message(sb, buf, size);
		return buf;
	}
	return why == RL_RUN_BUDGET ? "instruction budget exceeded" : "not enough memory";
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
	/* The load budget of a file covers its includes; checks get their own. */
	arm(sb, budget);
	sb->counting = 1;
	int rc = lua_pcall(L, nargs, nres, err ? base : 0);
	sb->counting = 0;
	lua_sethook(L, NULL, 0, 0);
	sb->deadline = 0;
	if (err)
		lua_remove(L, base);
	rl_run why = outcome(sb, rc);
	if (why != RL_RUN_OK) {
		char buf[80];
		if (rc == LUA_OK) {
			/* A script swallowed the error with pcall: the limit still
			 * stands; drop the results. */
			lua_pop(L, nres == LUA_MULTRET ? lua_gettop(L) - base + 1 : nres);
			lua_pushstring(L, limit_text(sb, why, buf, sizeof buf));
		}
		if (err) {
			set_err(sb, err, why);
			if (why == RL_RUN_BUDGET && !strstr(*err, "instruction budget")) {
				char *m = *err;
				*err = rl_fmt("instruction budget of %lld instructions exceeded\n%s",
				              sb->budget, m);
				free(m);
			} else if (why == RL_RUN_TIME && !strstr(*err, "time limit")) {
				char *m = *err;
				*err = rl_fmt("%s\n%s", limit_text(sb, why, buf, sizeof buf), m);
				free(m);
			}
		} else {
			lua_pop(L, 1);
		}
		/* What a runaway check built is garbage now: give it back before the
		 * next call runs under the same cap (no finalizer of a script's can
		 * run: setmetatable refuses __gc). */
		if (why != RL_RUN_ERROR)
			lua_gc(L, LUA_GCCOLLECT);
		sb->mem_hit = 0;
	}
	return why;
}

rl_run rl_sandbox_cpcall(rl_sandbox *sb, lua_CFunction f, void *ud, char **err)
{
	lua_State *L = sb->L;
	/* C code that reads scripts' tables can run their metamethods: the
	 * default budget and deadline apply. */
	arm(sb, 0);
	lua_pushcfunction(L, f);
	lua_pushlightuserdata(L, ud);
	int rc = lua_pcall(L, 1, 0, 0);
	lua_sethook(L, NULL, 0, 0);
	sb->deadline = 0;
	rl_run why = outcome(sb, rc);
	if (why == RL_RUN_OK)
		return RL_RUN_OK;
	if (rc == LUA_OK) {
		char buf[80];
		lua_pushstring(L, limit_text(sb, why, buf, sizeof buf));
	}
	set_err(sb, err, why);
	sb->mem_hit = 0;
	return why;
}

long long rl_sandbox_budget(const rl_sandbox *sb)
{
	return sb->default_budget;
}

void rl_sandbox_extend_budget(rl_sandbox *sb, long long n)
{
	if (n > 0 && !sb->budget_hit && !sb->time_hit) {
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
