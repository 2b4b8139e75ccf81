/* loader.c - scenario and rule files: run them in the sandbox, check what
 * their constructors declare, and build the C model. */
#include "loader.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "axis.h"
#include "manifest.h"
#include "sources.h"

#define MAX_INCLUDE_DEPTH 16
#define LOAD_BUDGET_FACTOR 4    /* a file may run 4 check budgets */

static const char *const scenario_ctors[] = {"scenario", "party", "cloud",
	"model", "product", "deployment", "statement", NULL};
static const char *const rule_ctors[] = {"contract", "clause", "exception", NULL};

typedef struct loader {
	rl_sandbox *sb;
	int rules_mode;
	rl_model *m;
	rl_rules *rules;
	rl_include_files *fill;               /* rules: includes read here are kept */
	const rl_include_files *have;         /* rules: includes already read */
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

/* --- messages -------------------------------------------------------------- */

void rl_loader_describe(lua_State *L, int idx, char *out, size_t size)
{
	switch (lua_type(L, idx)) {
	case LUA_TNIL:
	case LUA_TNONE:
		snprintf(out, size, "nothing");
		break;
	case LUA_TBOOLEAN:
		snprintf(out, size, "a boolean (%s)", lua_toboolean(L, idx) ? "true" : "false");
		break;
	case LUA_TNUMBER: {
		char num[32];
		double x = lua_tonumber(L, idx);
		if (isnan(x))
			snprintf(num, sizeof num, "NaN");
		else if (isinf(x))
			snprintf(num, sizeof num, "%sinfinity", x < 0 ? "-" : "");
		else
			rl_format_number(x, num);
		snprintf(out, size, "a number (%s)", num);
		break;
	}
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		snprintf(out, size, "'%.*s%s'", len > 60 ? 60 : (int)len, s, len > 60 ? "..." : "");
		break;
	}
	case LUA_TLIGHTUSERDATA:
		snprintf(out, size, "%s", rl_handle_tag(lua_touserdata(L, idx)) == RL_H_UNKNOWN
		                          ? "unknown" : "a handle");
		break;
	default:
		snprintf(out, size, "a %s", luaL_typename(L, idx));
	}
}

static const char *nearest_name(const char *name, const char *const *names)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	for (; *names; names++) {
		size_t d = rl_edit_distance(name, *names);
		if (d < bestd)
			bestd = d, best = *names;
	}
	return bestd <= 3 || (best && bestd * 2 <= strlen(name)) ? best : NULL;
}

static void join_names(const char *const *names, char *out, size_t size)
{
	out[0] = '\0';
	for (; *names; names++) {
		if (out[0])
			strncat(out, ", ", size - strlen(out) - 1);
		strncat(out, *names, size - strlen(out) - 1);
	}
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* --- values ---------------------------------------------------------------- */

/* A string with a NUL byte would be cut short in C: bad input. */
static int has_nul(lua_State *L, int idx)
{
	size_t len;
	/* lua_tolstring would turn a number key into a string in place. */
	if (lua_type(L, idx) != LUA_TSTRING)
		return 0;
	const char *s = lua_tolstring(L, idx, &len);
	return strlen(s) != len;
}

static int nul_error(lua_State *L, int idx, const rl_field_def *fd, char **what,
                     const char *prefix)
{
	(void)L, (void)idx;
	*what = rl_fmt("expected %s%s to be text without NUL bytes, found a NUL byte",
	               prefix, fd->name);
	return -1;
}

static int is_unknown(lua_State *L, int idx)
{
	if (lua_type(L, idx) != LUA_TLIGHTUSERDATA)
		return 0;
	unsigned tag = rl_handle_tag(lua_touserdata(L, idx));
	return tag == RL_H_UNKNOWN || lua_touserdata(L, idx) == NULL;
}

static const char *type_text(const rl_field_def *fd)
{
	switch (fd->type) {
	case RL_F_STR: return "a string";
	case RL_F_NUM: return "a number";
	case RL_F_SHARE: return "a number from 0 to 1";
	case RL_F_BOOL: return "a boolean";
	case RL_F_DATE: return "a date YYYY-MM-DD";
	case RL_F_ENUM: return "one of";
	case RL_F_REF: return "an id";
	case RL_F_TABLE: return "a table of names to strings, numbers or booleans";
	case RL_F_EXPECT: return "a table of clause ids to verdicts";
	case RL_F_EXPECT_AT: return "a table of dates to tables of clause ids to verdicts";
	}
	return "?";
}

static int expected(lua_State *L, int idx, const rl_field_def *fd, char **what,
                    const char *prefix)
{
	char found[100], names[200] = "";
	rl_loader_describe(L, idx, found, sizeof found);
	if (fd->type == RL_F_ENUM)
		join_names(fd->enums, names, sizeof names);
	*what = rl_fmt("expected %s%s to be %s%s%s%s, found %s", prefix, fd->name,
	               fd->flags & RL_FF_LIST ? "a list of " : "", type_text(fd),
	               fd->type == RL_F_ENUM ? " " : "", names, found);
	return -1;
}

static int convert_scalar(lua_State *L, int idx, const rl_field_def *fd,
                          rl_model *m, rl_value *v, char **what, const char *prefix)
{
	memset(v, 0, sizeof *v);
	v->ref = -1;
	if (is_unknown(L, idx)) {
		v->t = RL_V_UNKNOWN;
		return 0;
	}
	int t = lua_type(L, idx);
	if (t == LUA_TSTRING && has_nul(L, idx))
		return nul_error(L, idx, fd, what, prefix);
	switch (fd->type) {
	case RL_F_STR:
	case RL_F_REF:
		if (t != LUA_TSTRING)
			return expected(L, idx, fd, what, prefix);
		v->t = RL_V_STR;
		v->u.s = rl_model_intern(m, lua_tostring(L, idx));
		return 0;
	case RL_F_NUM:
	case RL_F_SHARE: {
		if (t != LUA_TNUMBER)
			return expected(L, idx, fd, what, prefix);
		double x = lua_tonumber(L, idx);
		if (!isfinite(x) || (fd->type == RL_F_SHARE && (x < 0 || x > 1)))
			return expected(L, idx, fd, what, prefix);
		v->t = RL_V_NUM;
		v->u.num = x;
		return 0;
	}
	case RL_F_BOOL:
		if (t != LUA_TBOOLEAN)
			return expected(L, idx, fd, what, prefix);
		v->t = RL_V_BOOL;
		v->u.b = lua_toboolean(L, idx);
		return 0;
	case RL_F_DATE: {
		int32_t days;
		if (t != LUA_TSTRING || rl_date_parse(lua_tostring(L, idx), &days))
			return expected(L, idx, fd, what, prefix);
		v->t = RL_V_STR;
		v->u.s = rl_model_intern(m, lua_tostring(L, idx));
		return 0;
	}
	case RL_F_ENUM:
		if (t == LUA_TSTRING)
			for (const char *const *e = fd->enums; *e; e++)
				if (strcmp(*e, lua_tostring(L, idx)) == 0) {
					v->t = RL_V_STR;
					v->u.s = rl_model_intern(m, *e);
					return 0;
				}
		return expected(L, idx, fd, what, prefix);
	default:
		return expected(L, idx, fd, what, prefix);
	}
}

static int cmp_pairs(const void *a, const void *b)
{
	return strcmp(((const rl_pair *)a)->key, ((const rl_pair *)b)->key);
}

static int convert_table(lua_State *L, int idx, const rl_field_def *fd,
                         rl_model *m, rl_value *v, char **what)
{
	if (lua_type(L, idx) != LUA_TTABLE)
		return expected(L, idx, fd, what, "");
	idx = lua_absindex(L, idx);
	size_t n = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		n++;
		lua_pop(L, 1);
	}
	rl_pair *pairs = rl_model_alloc(m, n, sizeof *pairs);
	size_t i = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		char found[100];
		if (has_nul(L, -2) || (lua_type(L, -1) == LUA_TSTRING && has_nul(L, -1))) {
			*what = rl_fmt("expected %s to hold text without NUL bytes, found a NUL "
			               "byte", fd->name);
			lua_pop(L, 2);
			return -1;
		}
		if (lua_type(L, -2) != LUA_TSTRING) {
			rl_loader_describe(L, -2, found, sizeof found);
			*what = rl_fmt("expected %s to have string keys, found the key %s",
			               fd->name, found);
			lua_pop(L, 2);
			return -1;
		}
		const char *key = lua_tostring(L, -2);
		rl_value *pv = &pairs[i].v;
		pairs[i].key = rl_model_intern(m, key);
		memset(pv, 0, sizeof *pv);
		pv->ref = -1;
		int t = lua_type(L, -1);
		if (fd->type == RL_F_EXPECT) {
			int verdict = t == LUA_TSTRING ? rl_verdict_parse(lua_tostring(L, -1)) : -1;
			if (verdict < 0) {
				static const char *const names[] = {"breach", "contested",
				        "compliant", "unknown", "not_applicable", "error"};
				const char *near = t == LUA_TSTRING
				        ? rl_nearest(lua_tostring(L, -1), names, 6) : NULL;
				rl_loader_describe(L, -1, found, sizeof found);
				*what = rl_fmt("expected %s[\"%s\"] to be a verdict (breach, "
				               "contested, compliant, unknown, not_applicable, "
				               "error), found %s%s%s%s", fd->name, key, found,
				               near ? " (nearest: '" : "", near ? near : "",
				               near ? "')" : "");
				lua_pop(L, 2);
				return -1;
			}
			pv->t = RL_V_STR;
			pv->u.s = rl_model_intern(m, rl_verdict_name((rl_verdict)verdict));
		} else if (is_unknown(L, -1)) {
			pv->t = RL_V_UNKNOWN;
		} else if (t == LUA_TSTRING) {
			pv->t = RL_V_STR;
			pv->u.s = rl_model_intern(m, lua_tostring(L, -1));
		} else if (t == LUA_TNUMBER && isfinite(lua_tonumber(L, -1))) {
			pv->t = RL_V_NUM;
			pv->u.num = lua_tonumber(L, -1);
		} else if (t == LUA_TBOOLEAN) {
			pv->t = RL_V_BOOL;
			pv->u.b = lua_toboolean(L, -1);
		} else {
			rl_loader_describe(L, -1, found, sizeof found);
			*what = rl_fmt("expected %s.%s to be a string, number or boolean, "
			               "found %s", fd->name, key, found);
			lua_pop(L, 2);
			return -1;
		}
		i++;
		lua_pop(L, 1);
	}
	if (n > 1)
		qsort(pairs, n, sizeof *pairs, cmp_pairs);
	v->t = RL_V_TABLE;
	v->n = (uint32_t)n;
	v->u.pairs = pairs;
	return 0;
}

/* expect_at: each date's table of verdicts goes into m->expect with its
 * date (the entity's field stays unset). */
static int convert_expect_at(lua_State *L, int idx, const rl_field_def *fd, rl_model *m,
                             rl_value *v, char **what)
{
	memset(v, 0, sizeof *v);
	v->ref = -1;
	if (lua_type(L, idx) != LUA_TTABLE)
		return expected(L, idx, fd, what, "");
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		char found[100];
		int32_t day;
		if (lua_type(L, -2) != LUA_TSTRING || rl_date_parse(lua_tostring(L, -2), &day)) {
			rl_loader_describe(L, -2, found, sizeof found);
			*what = rl_fmt("expected expect_at to have dates YYYY-MM-DD as keys, "
			               "found the key %s", found);
			lua_pop(L, 2);
			return -1;
		}
		const char *date = rl_model_intern(m, lua_tostring(L, -2));
		char *name = rl_fmt("expect_at[\"%s\"]", date);
		rl_field_def sub = {name, RL_F_EXPECT, 0, 0, NULL};
		rl_value at;
		int bad = convert_table(L, lua_gettop(L), &sub, m, &at, what);
		free(name);
		if (bad) {
			lua_pop(L, 2);
			return -1;
		}
		m->expect = rl_xrealloc(m->expect, m->nexpect + at.n, sizeof *m->expect);
		for (uint32_t i = 0; i < at.n; i++) {
			rl_expect *x = &m->expect[m->nexpect++];
			x->clause = at.u.pairs[i].key;
			x->verdict = rl_verdict_parse(at.u.pairs[i].v.u.s);
			x->line = 0;
			x->date = date;
		}
		lua_pop(L, 1);
	}
	return 0;
}

int rl_loader_convert(lua_State *L, int idx, const rl_field_def *fd,
                      rl_model *m, rl_value *v, char **what)
{
	idx = lua_absindex(L, idx);
	if (fd->type == RL_F_EXPECT_AT)
		return convert_expect_at(L, idx, fd, m, v, what);
	if (fd->type == RL_F_TABLE || fd->type == RL_F_EXPECT)
		return convert_table(L, idx, fd, m, v, what);
	if (!(fd->flags & RL_FF_LIST))
		return convert_scalar(L, idx, fd, m, v, what, "");
	memset(v, 0, sizeof *v);
	v->ref = -1;
	if (is_unknown(L, idx)) {
		v->t = RL_V_UNKNOWN;
		return 0;
	}
	if (lua_type(L, idx) != LUA_TTABLE)
		return expected(L, idx, fd, what, "");
	size_t n = (size_t)lua_rawlen(L, idx), count = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		count++;
		lua_pop(L, 1);
	}
	if (count != n) {
		*what = rl_fmt("expected %s to be a list { ... }, found a table with "
		               "named keys", fd->name);
		return -1;
	}
	rl_value *items = rl_model_alloc(m, n, sizeof *items);
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, idx, (lua_Integer)i + 1);
		char prefix[48];
		snprintf(prefix, sizeof prefix, "each item of ");
		int rc = convert_scalar(L, -1, fd, m, &items[i], what, prefix);
		lua_pop(L, 1);
		if (rc)
			return -1;
	}
	v->t = RL_V_LIST;
	v->n = (uint32_t)n;
	v->u.items = items;
	return 0;
}

/* --- where am I ------------------------------------------------------------ */

static loader *get_loader(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

/* The file and line of the Lua code calling the current C function. */
static int caller_line(lua_State *L, const char **file)
{
	lua_Debug ar;
	for (int level = 1; lua_getstack(L, level, &ar); level++) {
		lua_getinfo(L, "Sl", &ar);
		if (ar.currentline > 0) {
			*file = ar.source[0] == '@' ? ar.source + 1 : ar.short_src;
			return ar.currentline;
		}
	}
	*file = "?";
	return 0;
}

/* Raises "file:line: msg" (msg is freed). */
static int fail(lua_State *L, const char *file, int line, char *msg)
{
	lua_pushfstring(L, "%s:%d: %s", file, line, msg);
	free(msg);
	return lua_error(L);
}

/* Checks that every key of the table at idx is one of names. */
static void check_keys(lua_State *L, int idx, const char *const *names,
                       const char *file, int line, const char *what)
{
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			char found[100];
			rl_loader_describe(L, -1, found, sizeof found);
			fail(L, file, line, rl_fmt("%s: expected named fields (name = value), "
			                           "found the key %s", what, found));
		}
		const char *key = lua_tostring(L, -1);
		int ok = 0;
		for (const char *const *n = names; *n && !ok; n++)
			ok = strcmp(*n, key) == 0;
		if (!ok) {
			const char *near = nearest_name(key, names);
			char all[400];
			join_names(names, all, sizeof all);
			if (near)
				fail(L, file, line, rl_fmt("%s: expected a field of %s, found '%s' "
				                           "(did you mean '%s'?)", what, all, key, near));
			fail(L, file, line, rl_fmt("%s: expected a field of %s, found '%s'",
			                           what, all, key));
		}
	}
}

/* --- scenario constructors ------------------------------------------------- */

static rl_entity *derive(lua_State *L, loader *ld, const char *id, const char *file,
                         int line, const char *what);
static void set_facts(lua_State *L, loader *ld, rl_entity *e, const char *file, int line,
                      const char *what);

static int entity_body(lua_State *L)
{
	loader *ld = get_loader(L);
	rl_kind kind = (rl_kind)lua_tointeger(L, lua_upvalueindex(2));
	const char *id = lua_tostring(L, lua_upvalueindex(3));
	int line = (int)lua_tointeger(L, lua_upvalueindex(4));
	const char *file = lua_tostring(L, lua_upvalueindex(5));
	const char *kname = rl_kind_name(kind);
	char what[200];
	snprintf(what, sizeof what, "%s %s", kname, id);
	ld->pending--;
	if (lua_type(L, 1) != LUA_TTABLE) {
		char found[100];
		rl_loader_describe(L, 1, found, sizeof found);
		return fail(L, file, line, rl_fmt("%s: expected %s \"%s\" { fields }, found %s",
		                                  what, kname, id, found));
	}
	size_t nf = rl_kind_nfields(kind);
	const char *names[34];
	for (size_t f = 0; f < nf; f++)
		names[f] = rl_kind_field(kind, f)->name;
	names[nf] = NULL;
	if (kind == RL_K_SCENARIO && ld->depth > 0) {
		/* A Lua scenario may derive from another. */
		names[nf] = "base";
		names[nf + 1] = "set";
		names[nf + 2] = NULL;
	}
	check_keys(L, 1, names, file, line, what);

	lua_getfield(L, 1, "base");
	lua_getfield(L, 1, "set");
	int derived = !lua_isnil(L, -2), has_set = !lua_isnil(L, -1);
	lua_pop(L, 2);
	if (has_set && !derived)
		return fail(L, file, line, rl_fmt("%s: expected base = \"FILE\" beside set, "
		                                  "found set alone", what));
	rl_entity *dup = NULL;
	rl_entity *e = derived ? derive(L, ld, id, file, line, what)
	                       : rl_model_add(ld->m, kind, id, file, line, &dup);
	if (!e)
		return fail(L, file, line, rl_fmt("expected a new %s id, found '%s' already "
		                                  "defined at %s:%d", kname, id, dup->file,
		                                  dup->line));
	e->fileseq = ld->fileseq;
	int own_expect = 1;
	if (derived) {
		/* The fields given here replace the base's; its expectations
		 * stay unless expect or expect_at replaces them. */
		lua_getfield(L, 1, "expect");
		lua_getfield(L, 1, "expect_at");
		int new_at = !lua_isnil(L, -1);
		own_expect = !lua_isnil(L, -2);
		lua_pop(L, 2);
		rl_model *m = ld->m;
		size_t kept = 0;
		for (size_t i = 0; i < m->nexpect; i++)
			if (!(m->expect[i].date ? new_at : own_expect))
				m->expect[kept++] = m->expect[i];
		m->nexpect = kept;
	}
	for (size_t f = 0; f < nf; f++) {
		const rl_field_def *fd = rl_kind_field(kind, f);
		lua_getfield(L, 1, fd->name);
		if (lua_isnil(L, -1)) {
			lua_pop(L, 1);
			if ((fd->flags & RL_FF_REQUIRED) && !derived)
				return fail(L, file, line, rl_fmt("%s: expected field '%s' (%s%s), "
				                                  "found nothing", what, fd->name,
				                                  fd->flags & RL_FF_LIST ? "a list of " : "",
				                                  type_text(fd)));
			continue;
		}
		char *msg = NULL;
		if (rl_loader_convert(L, -1, fd, ld->m, &e->f[f], &msg)) {
			char *full = rl_fmt("%s: %s", what, msg);
			free(msg);
			return fail(L, file, line, full);
		}
		lua_pop(L, 1);
	}
	if (kind == RL_K_SCENARIO && e->f[RL_SC_DATE].t == RL_V_UNKNOWN)
		return fail(L, file, line, rl_fmt("%s: expected date to be a date "
		                                  "YYYY-MM-DD, found unknown", what));
	if (has_set)
		set_facts(L, ld, e, file, line, what);
	if (kind == RL_K_SCENARIO && own_expect && e->f[RL_SC_EXPECT].t == RL_V_TABLE) {
		/* Before any expect_at entries (the scenario's own date first). */
		const rl_value *ex = &e->f[RL_SC_EXPECT];
		rl_model *m = ld->m;
		m->expect = rl_xrealloc(m->expect, m->nexpect + ex->n, sizeof *m->expect);
		memmove(m->expect + ex->n, m->expect, m->nexpect * sizeof *m->expect);
		for (uint32_t i = 0; i < ex->n; i++) {
			m->expect[i].clause = ex->u.pairs[i].key;
			m->expect[i].verdict = rl_verdict_parse(ex->u.pairs[i].v.u.s);
			m->expect[i].line = line;
			m->expect[i].date = NULL;
		}
		m->nexpect += ex->n;
	}
	/* A derived scenario's expectations, its base's too, are its own. */
	for (size_t i = 0; kind == RL_K_SCENARIO && i < ld->m->nexpect; i++)
		if (!ld->m->expect[i].line || derived)
			ld->m->expect[i].line = line;
	lua_pushlightuserdata(L, rl_handle(RL_H_NONE, 0, 0, 0));
	return 0;
}

/* Ids name things in every output: no control characters (a terminal
 * escape or a newline in an id would forge text output). */
static int has_control(lua_State *L, int idx)
{
	size_t len;
	const unsigned char *s = (const unsigned char *)lua_tolstring(L, idx, &len);
	for (size_t i = 0; s && i < len; i++)
		if (s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

static int check_id(lua_State *L, const char *kname, const char *file, int line)
{
	if (lua_type(L, 1) == LUA_TSTRING && lua_rawlen(L, 1) > 0 && lua_rawlen(L, 1) <= 200 &&
	    !has_nul(L, 1) && !has_control(L, 1))
		return 0;
	if (lua_type(L, 1) == LUA_TSTRING && has_nul(L, 1))
		return fail(L, file, line, rl_fmt("expected %s \"id\" with an id without NUL "
		                                  "bytes, found a NUL byte", kname));
	if (lua_type(L, 1) == LUA_TSTRING && has_control(L, 1))
		return fail(L, file, line, rl_fmt("expected %s \"id\" with an id without "
		                                  "control characters, found one", kname));
	char found[100];
	rl_loader_describe(L, 1, found, sizeof found);
	return fail(L, file, line, rl_fmt("expected %s \"id\" { fields } with a "
	                                  "non-empty id, found %s \"%s\"", kname,
	                                  kname, found));
}

static int entity_ctor(lua_State *L)
{
	loader *ld = get_loader(L);
	rl_kind kind = (rl_kind)lua_tointeger(L, lua_upvalueindex(2));
	const char *file;
	int line = caller_line(L, &file);
	check_id(L, rl_kind_name(kind), file, line);
	if (ld->pending) {
		free(ld->pending_file);
		ld->pending_file = NULL;
		return fail(L, file, line, rl_fmt("expected %s to be followed by { fields }, "
		                                  "found another constructor", ld->pending_what));
	}
	ld->pending++;
	snprintf(ld->pending_what, sizeof ld->pending_what, "%s \"%s\"",
	         rl_kind_name(kind), lua_tostring(L, 1));
	free(ld->pending_file);
	ld->pending_file = rl_xstrdup(file);
	ld->pending_line = line;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushinteger(L, kind);
	lua_pushvalue(L, 1);
	lua_pushinteger(L, line);
	lua_pushstring(L, file);
	lua_pushcclosure(L, entity_body, 5);
	return 1;
}

static int wrong_mode(lua_State *L)
{
	const char *file;
	int line = caller_line(L, &file);
	const char *name = lua_tostring(L, lua_upvalueindex(2));
	int rules = lua_toboolean(L, lua_upvalueindex(3));
	return fail(L, file, line, rl_fmt("expected %s, found %s, which belongs in %s",
	                                  rules ? "a rule-pack constructor (contract, "
	                                          "clause, exception)"
	                                        : "a scenario constructor (scenario, party, "
	                                          "cloud, model, product, deployment, statement)",
	                                  name, rules ? "a scenario file" : "a rule pack (-r)"));
}

/* --- rule constructors ---------------------------------------------------- */

static char *opt_string(lua_State *L, int t, const char *field, const char *file,
                        int line, const char *what, int required)
{
	lua_getfield(L, t, field);
	char *s = NULL;
	if (lua_type(L, -1) == LUA_TSTRING && has_nul(L, -1)) {
		fail(L, file, line, rl_fmt("%s: expected %s to be text without NUL bytes, "
		                           "found a NUL byte", what, field));
	} else if (lua_type(L, -1) == LUA_TSTRING) {
		s = rl_xstrdup(lua_tostring(L, -1));
	} else if (!lua_isnil(L, -1) || required) {
		char found[100];
		rl_loader_describe(L, -1, found, sizeof found);
		fail(L, file, line, rl_fmt("%s: expected %s to be a string, found %s",
		                           what, field, found));
	}
	lua_pop(L, 1);
	return s;
}

static int32_t opt_date(lua_State *L, int t, const char *field, const char *file,
                        int line, const char *what, int required)
{
	lua_getfield(L, t, field);
	int32_t days = RL_NO_DATE;
	if (!lua_isnil(L, -1) || required) {
		if (lua_type(L, -1) != LUA_TSTRING || rl_date_parse(lua_tostring(L, -1), &days)) {
			char found[100];
			rl_loader_describe(L, -1, found, sizeof found);
			fail(L, file, line, rl_fmt("%s: expected %s to be a date YYYY-MM-DD, "
			                           "found %s", what, field, found));
		}
	}
	lua_pop(L, 1);
	return days;
}

/* Reads a list of strings; with check_only, validates and copies nothing. */
static char **opt_strings(lua_State *L, int t, const char *field, const char *file,
                          int line, const char *what, size_t *n, int check_only)
{
	*n = 0;
	lua_getfield(L, t, field);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return NULL;
	}
	char found[100];
	if (lua_type(L, -1) != LUA_TTABLE) {
		rl_loader_describe(L, -1, found, sizeof found);
		fail(L, file, line, rl_fmt("%s: expected %s to be a list of strings, found %s",
		                           what, field, found));
	}
	size_t len = (size_t)lua_rawlen(L, -1);
	for (size_t i = 1; i <= len; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i);
		if (lua_type(L, -1) != LUA_TSTRING) {
			rl_loader_describe(L, -1, found, sizeof found);
			fail(L, file, line, rl_fmt("%s: expected %s to be a list of strings, "
			                           "found %s in it", what, field, found));
		}
		lua_pop(L, 1);
	}
	if (check_only) {
		lua_pop(L, 1);
		return NULL;
	}
	char **out = rl_xcalloc(len, sizeof *out);
	for (size_t i = 1; i <= len; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i);
		out[i - 1] = rl_xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	*n = len;
	return out;
}

/* Validates `source` (a string) and `sources` (a list of strings) of the
 * table at t; with check_only 0 (after validating), returns them as one
 * list: source first. */
static char **opt_cites(lua_State *L, int t, const char *file, int line,
                        const char *what, size_t *n, int check_only)
{
	size_t ns;
	char *one = opt_string(L, t, "source", file, line, what, 0);
	if (check_only) {
		free(one);
		opt_strings(L, t, "sources", file, line, what, &ns, 1);
		*n = 0;
		return NULL;
	}
	char **many = opt_strings(L, t, "sources", file, line, what, &ns, 0);
	*n = ns + (one ? 1 : 0);
	char **out = rl_xcalloc(*n ? *n : 1, sizeof *out);
	size_t k = 0;
	if (one)
		out[k++] = one;
	for (size_t i = 0; i < ns; i++)
		out[k++] = many[i];
	free(many);
	return out;
}

static void dup_rule_id(lua_State *L, loader *ld, const char *kind, const char *id,
                        const char *file, int line)
{
	rl_rules *r = ld->rules;
	const char *of = NULL;
	int ol = 0;
	for (size_t i = 0; i < r->ncontracts && !of; i++)
		if (strcmp(r->contracts[i].id, id) == 0)
			of = r->contracts[i].file, ol = r->contracts[i].line;
	for (size_t i = 0; i < r->nclauses && !of; i++)
		if (strcmp(r->clauses[i].id, id) == 0)
			of = r->clauses[i].file, ol = r->clauses[i].line;
	for (size_t i = 0; i < r->nexceptions && !of; i++)
		if (strcmp(r->exceptions[i].id, id) == 0)
			of = r->exceptions[i].file, ol = r->exceptions[i].line;
	if (of)
		fail(L, file, line, rl_fmt("expected a new %s id, found '%s' already defined "
		                           "at %s:%d", kind, id, of, ol));
}

static const char *const contract_fields[] = {"effective", "title", "parties",
	"signed", "ends", "binding", "supersedes", "source", "sources", "note", "attrs",
	"name", NULL};
static const char *const clause_fields[] = {"contract", "text", "readings", "check",
	"title", "holder", "obligor", "source", "sources", "effective", "ends",
	"exposure_usd", "note", "attrs", "name", NULL};
static const char *const reading_fields[] = {"weight", "doc", "check", "name", "source",
	"sources", NULL};
static const char *const exception_fields[] = {"to", "text", "applies", "readings",
	"contract", "source", "sources", "title", "note", "attrs", "name", NULL};
static const char *const xreading_fields[] = {"applies", "doc", "name", NULL};

static int contract_body(lua_State *L, loader *ld, const char *id, const char *file,
                         int line, const char *what)
{
	check_keys(L, 1, contract_fields, file, line, what);
	rl_contract c = {0};
	c.effective = opt_date(L, 1, "effective", file, line, what, 1);
	c.ends = opt_date(L, 1, "ends", file, line, what, 0);
	c.signed_on = opt_date(L, 1, "signed", file, line, what, 0);
	lua_getfield(L, 1, "binding");
	if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) {
		char found[100];
		rl_loader_describe(L, -1, found, sizeof found);
		return fail(L, file, line, rl_fmt("%s: expected binding to be a boolean, "
		                                  "found %s", what, found));
	}
	c.binding = lua_isnil(L, -1) ? 1 : lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (c.ends != RL_NO_DATE && c.ends <= c.effective)
		return fail(L, file, line, rl_fmt("%s: expected ends to come after effective",
		                                  what));
	/* Validate everything before copying anything: a raised error must
	 * not leak what was copied so far. */
	size_t ns, np;
	free(opt_string(L, 1, "title", file, line, what, 0));
	free(opt_string(L, 1, "source", file, line, what, 0));
	opt_strings(L, 1, "supersedes", file, line, what, &ns, 1);
	opt_strings(L, 1, "parties", file, line, what, &np, 1);
	size_t nc;
	opt_cites(L, 1, file, line, what, &nc, 1);
	char **sup = opt_strings(L, 1, "supersedes", file, line, what, &ns, 0);
	char **parties = opt_strings(L, 1, "parties", file, line, what, &np, 0);
	c.id = rl_xstrdup(id);
	c.file = rl_xstrdup(file);
	c.line = line;
	c.title = opt_string(L, 1, "title", file, line, what, 0);
	c.source = opt_string(L, 1, "source", file, line, what, 0);
	c.supersedes = sup;
	c.nsupersedes = ns;
	c.parties = parties;
	c.nparties = np;
	c.cites = opt_cites(L, 1, file, line, what, &c.ncites, 0);
	rl_rules *r = ld->rules;
	r->contracts = rl_xrealloc(r->contracts, r->ncontracts + 1, sizeof *r->contracts);
	r->contracts[r->ncontracts++] = c;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Pushes a sorted list of the keys of the readings table at idx (a table
 * of name -> reading, or a list of readings with a `name`), as a Lua
 * array of {name, reading} pairs; returns its length. */
static size_t reading_list(lua_State *L, int idx, const char *file, int line,
                           const char *what)
{
	lua_newtable(L);
	int out = lua_gettop(L);
	size_t n = 0, len = (size_t)lua_rawlen(L, idx);
	char found[100];
	if (len > 0) {
		for (size_t i = 1; i <= len; i++) {
			lua_rawgeti(L, idx, (lua_Integer)i);
			if (lua_type(L, -1) != LUA_TTABLE)
				return (size_t)fail(L, file, line, rl_fmt("%s: expected readings[%zu] "
				                                          "to be a table", what, i));
			lua_getfield(L, -1, "name");
			if (lua_type(L, -1) != LUA_TSTRING) {
				rl_loader_describe(L, -1, found, sizeof found);
				return (size_t)fail(L, file, line, rl_fmt("%s: expected readings[%zu]"
				                                          ".name to be a string, found %s",
				                                          what, i, found));
			}
			lua_newtable(L);
			lua_insert(L, -2);
			lua_rawseti(L, -2, 1);
			lua_insert(L, -2);
			lua_rawseti(L, -2, 2);
			lua_rawseti(L, out, (lua_Integer)++n);
		}
		return n;
	}
	const char **names = NULL;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			free(names);
			rl_loader_describe(L, -1, found, sizeof found);
			return (size_t)fail(L, file, line, rl_fmt("%s: expected reading names "
			                                          "as keys, found %s", what, found));
		}
		names = rl_xrealloc(names, n + 1, sizeof *names);
		names[n++] = lua_tostring(L, -1);
	}
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		lua_newtable(L);
		lua_pushstring(L, names[i]);
		lua_rawseti(L, -2, 1);
		lua_getfield(L, idx, names[i]);
		lua_rawseti(L, -2, 2);
		lua_rawseti(L, out, (lua_Integer)i + 1);
	}
	free(names);
	return n;
}

static int clause_body(lua_State *L, loader *ld, const char *id, const char *file,
                       int line, const char *what)
{
	check_keys(L, 1, clause_fields, file, line, what);
	char found[100];
	/* Validate everything first, allocate afterwards. */
	lua_getfield(L, 1, "contract");
	if (lua_type(L, -1) != LUA_TSTRING) {
		rl_loader_describe(L, -1, found, sizeof found);
		return fail(L, file, line, rl_fmt("%s: expected field 'contract' (a contract "
		                                  "id), found %s", what, found));
	}
	lua_pop(L, 1);
	lua_getfield(L, 1, "text");
	if (lua_type(L, -1) != LUA_TSTRING) {
		rl_loader_describe(L, -1, found, sizeof found);
		return fail(L, file, line, rl_fmt("%s: expected field 'text' (a string), "
		                                  "found %s", what, found));
	}
	lua_pop(L, 1);
	static const char *const strs[] = {"title", "holder", "obligor", "source", "note", "name"};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		free(opt_string(L, 1, strs[i], file, line, what, 0));
	size_t ncites;
	opt_cites(L, 1, file, line, what, &ncites, 1);
	int32_t eff = opt_date(L, 1, "effective", file, line, what, 0);
	int32_t ends = opt_date(L, 1, "ends", file, line, what, 0);
	double exposure = NAN;
	lua_getfield(L, 1, "exposure_usd");
	if (!lua_isnil(L, -1)) {
		/* Bounded so that sums over every clause and variant stay finite. */
		if (lua_type(L, -1) != LUA_TNUMBER || !(lua_tonumber(L, -1) >= 0) ||
		    !(lua_tonumber(L, -1) <= RL_MAX_EXPOSURE)) {
			rl_loader_describe(L, -1, found, sizeof found);
			return fail(L, file, line, rl_fmt("%s: expected exposure_usd to be a "
			                                  "number from 0 to 1e15, found %s", what,
			                                  found));
		}
		exposure = lua_tonumber(L, -1);
	}
	lua_pop(L, 1);

	/* Readings: a table of name -> {weight, doc, check}, or a single check. */
	lua_getfield(L, 1, "readings");
	lua_getfield(L, 1, "check");
	int has_readings = !lua_isnil(L, -2), has_check = !lua_isnil(L, -1);
	if (has_readings == has_check)
		return fail(L, file, line, rl_fmt("%s: expected either readings = { name = "
		                                  "{ weight, doc, check } } or check = function, "
		                                  "found %s", what, has_readings ? "both" : "neither"));
	if (has_check && lua_type(L, -1) != LUA_TFUNCTION) {
		rl_loader_describe(L, -1, found, sizeof found);
		return fail(L, file, line, rl_fmt("%s: expected check to be a function, found %s",
		                                  what, found));
	}
	size_t n = 1;
	int list = 0;
	if (has_readings) {
		if (lua_type(L, -2) != LUA_TTABLE) {
			rl_loader_describe(L, -2, found, sizeof found);
			return fail(L, file, line, rl_fmt("%s: expected readings to be a table, "
			                                  "found %s", what, found));
		}
		n = reading_list(L, lua_absindex(L, -2), file, line, what);
		list = lua_gettop(L);
		if (n == 0)
			return fail(L, file, line, rl_fmt("%s: expected at least one reading, "
			                                  "found none", what));
		for (size_t i = 1; i <= n; i++) {
			lua_rawgeti(L, list, (lua_Integer)i);
			lua_rawgeti(L, -1, 1);
			const char *rname = lua_tostring(L, -1);
			lua_rawgeti(L, -2, 2);
			char rwhat[300];
			snprintf(rwhat, sizeof rwhat, "%s reading %s", what, rname);
			if (lua_type(L, -1) != LUA_TTABLE) {
				rl_loader_describe(L, -1, found, sizeof found);
				return fail(L, file, line, rl_fmt("%s: expected { weight, doc, check }, "
				                                  "found %s", rwhat, found));
			}
			int rt = lua_gettop(L);
			check_keys(L, rt, reading_fields, file, line, rwhat);
			lua_getfield(L, rt, "weight");
			if (!lua_isnil(L, -1) && (lua_type(L, -1) != LUA_TNUMBER ||
			                          !(lua_tonumber(L, -1) > 0) ||
			                          !isfinite(lua_tonumber(L, -1)))) {
				rl_loader_describe(L, -1, found, sizeof found);
				return fail(L, file, line, rl_fmt("%s: expected weight to be a positive "
				                                  "number, found %s", rwhat, found));
			}
			lua_pop(L, 1);
			free(opt_string(L, rt, "doc", file, line, rwhat, 0));
			opt_cites(L, rt, file, line, rwhat, &ncites, 1);
			lua_getfield(L, rt, "check");
			if (lua_type(L, -1) != LUA_TFUNCTION) {
				rl_loader_describe(L, -1, found, sizeof found);
				return fail(L, file, line, rl_fmt("%s: expected check to be a function, "
				                                  "found %s", rwhat, found));
			}
			lua_pop(L, 4);
		}
	}
	/* Everything is valid: copy it. */
	rl_clause k = {0};
	k.id = rl_xstrdup(id);
	k.file = rl_xstrdup(file);
	k.line = line;
	k.contract_id = opt_string(L, 1, "contract", file, line, what, 1);
	k.text = opt_string(L, 1, "text", file, line, what, 1);
	k.title = opt_string(L, 1, "title", file, line, what, 0);
	k.holder = opt_string(L, 1, "holder", file, line, what, 0);
	k.obligor = opt_string(L, 1, "obligor", file, line, what, 0);
	k.source = opt_string(L, 1, "source", file, line, what, 0);
	k.cites = opt_cites(L, 1, file, line, what, &k.ncites, 0);
	k.effective = eff;
	k.ends = ends;
	k.exposure = exposure;
	k.nreadings = n;
	k.readings = rl_xcalloc(n, sizeof *k.readings);
	if (has_check) {
		k.readings[0].name = rl_xstrdup("letter");
		k.readings[0].raw_weight = 1;
		k.readings[0].line = line;
		lua_pushvalue(L, -1);
		k.readings[0].ref = luaL_ref(L, LUA_REGISTRYINDEX);
	} else {
		for (size_t i = 1; i <= n; i++) {
			rl_reading_def *rd = &k.readings[i - 1];
			lua_rawgeti(L, list, (lua_Integer)i);
			lua_rawgeti(L, -1, 1);
			rd->name = rl_xstrdup(lua_tostring(L, -1));
			lua_rawgeti(L, -2, 2);
			int rt = lua_gettop(L);
			lua_getfield(L, rt, "weight");
			rd->raw_weight = lua_isnil(L, -1) ? 1 : lua_tonumber(L, -1);
			lua_pop(L, 1);
			lua_getfield(L, rt, "doc");
			rd->doc = lua_isstring(L, -1) ? rl_xstrdup(lua_tostring(L, -1)) : NULL;
			lua_pop(L, 1);
			rd->cites = opt_cites(L, rt, file, line, what, &rd->ncites, 0);
			lua_getfield(L, rt, "check");
			lua_Debug ar;
			lua_pushvalue(L, -1);
			lua_getinfo(L, ">S", &ar);
			rd->line = ar.linedefined > 0 ? ar.linedefined : line;
			rd->ref = luaL_ref(L, LUA_REGISTRYINDEX);
			lua_pop(L, 3);
		}
	}
	rl_rules *r = ld->rules;
	r->clauses = rl_xrealloc(r->clauses, r->nclauses + 1, sizeof *r->clauses);
	r->clauses[r->nclauses++] = k;
	return 0;
}

static int exception_body(lua_State *L, loader *ld, const char *id, const char *file,
                          int line, const char *what)
{
	check_keys(L, 1, exception_fields, file, line, what);
	char found[100];
	lua_getfield(L, 1, "to");
	if (lua_type(L, -1) != LUA_TSTRING) {
		rl_loader_describe(L, -1, found, sizeof found);
		return fail(L, file, line, rl_fmt("%s: expected field 'to' (a clause id), "
		                                  "found %s", what, found));
	}
	lua_pop(L, 1);
	static const char *const strs[] = {"text", "contract", "source", "title", "note", "name"};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		free(opt_string(L, 1, strs[i], file, line, what, 0));
	size_t ncites;
	opt_cites(L, 1, file, line, what, &ncites, 1);
	lua_getfield(L, 1, "readings");
	lua_getfield(L, 1, "applies");
	int has_readings = !lua_isnil(L, -2), has_applies = !lua_isnil(L, -1);
	if (has_readings == has_applies)
		return fail(L, file, line, rl_fmt("%s: expected either applies = function or "
		                                  "readings = { name = { applies } }, found %s",
		                                  what, has_readings ? "both" : "neither"));
	if (has_applies && lua_type(L, -1) != LUA_TFUNCTION) {
		rl_loader_describe(L, -1, found, sizeof found);
		return fail(L, file, line, rl_fmt("%s: expected applies to be a function, "
		                                  "found %s", what, found));
	}
	size_t n = 0;
	int list = 0;
	if (has_readings) {
		if (lua_type(L, -2) != LUA_TTABLE) {
			rl_loader_describe(L, -2, found, sizeof found);
			return fail(L, file, line, rl_fmt("%s: expected readings to be a table, "
			                                  "found %s", what, found));
		}
		n = reading_list(L, lua_absindex(L, -2), file, line, what);
		list = lua_gettop(L);
		if (n == 0)
			return fail(L, file, line, rl_fmt("%s: expected at least one reading, "
			                                  "found none", what));
		for (size_t i = 1; i <= n; i++) {
			lua_rawgeti(L, list, (lua_Integer)i);
			lua_rawgeti(L, -1, 1);
			char rwhat[300];
			snprintf(rwhat, sizeof rwhat, "%s reading %s", what, lua_tostring(L, -1));
			lua_rawgeti(L, -2, 2);
			if (lua_type(L, -1) != LUA_TTABLE) {
				rl_loader_describe(L, -1, found, sizeof found);
				return fail(L, file, line, rl_fmt("%s: expected { applies, doc }, "
				                                  "found %s", rwhat, found));
			}
			check_keys(L, lua_gettop(L), xreading_fields, file, line, rwhat);
			free(opt_string(L, lua_gettop(L), "doc", file, line, rwhat, 0));
			lua_getfield(L, -1, "applies");
			if (lua_type(L, -1) != LUA_TFUNCTION) {
				rl_loader_describe(L, -1, found, sizeof found);
				return fail(L, file, line, rl_fmt("%s: expected applies to be a "
				                                  "function, found %s", rwhat, found));
			}
			lua_pop(L, 4);
		}
	}
	rl_exception x = {0};
	x.id = rl_xstrdup(id);
	x.file = rl_xstrdup(file);
	x.line = line;
	x.to = opt_string(L, 1, "to", file, line, what, 1);
	x.text = opt_string(L, 1, "text", file, line, what, 0);
	x.contract_id = opt_string(L, 1, "contract", file, line, what, 0);
	x.source = opt_string(L, 1, "source", file, line, what, 0);
	x.cites = opt_cites(L, 1, file, line, what, &x.ncites, 0);
	size_t slots = n ? n : 1;
	x.nreadings = n;
	x.readings = n ? rl_xcalloc(n, sizeof *x.readings) : NULL;
	x.refs = rl_xcalloc(slots, sizeof *x.refs);
	x.docs = rl_xcalloc(slots, sizeof *x.docs);
	if (has_applies) {
		lua_pushvalue(L, -1);
		x.refs[0] = luaL_ref(L, LUA_REGISTRYINDEX);
	} else {
		for (size_t i = 1; i <= n; i++) {
			lua_rawgeti(L, list, (lua_Integer)i);
			lua_rawgeti(L, -1, 1);
			x.readings[i - 1] = rl_xstrdup(lua_tostring(L, -1));
			lua_rawgeti(L, -2, 2);
			lua_getfield(L, -1, "doc");
			x.docs[i - 1] = lua_isstring(L, -1) ? rl_xstrdup(lua_tostring(L, -1)) : NULL;
			lua_pop(L, 1);
			lua_getfield(L, -1, "applies");
			x.refs[i - 1] = luaL_ref(L, LUA_REGISTRYINDEX);
			lua_pop(L, 3);
		}
	}
	rl_rules *r = ld->rules;
	r->exceptions = rl_xrealloc(r->exceptions, r->nexceptions + 1, sizeof *r->exceptions);
	r->exceptions[r->nexceptions++] = x;
	return 0;
}

static int rule_body(lua_State *L)
{
	loader *ld = get_loader(L);
	int which = (int)lua_tointeger(L, lua_upvalueindex(2));
	const char *id = lua_tostring(L, lua_upvalueindex(3));
	int line = (int)lua_tointeger(L, lua_upvalueindex(4));
	const char *file = lua_tostring(L, lua_upvalueindex(5));
	const char *kname = rule_ctors[which];
	char what[260];
	snprintf(what, sizeof what, "%s %s", kname, id);
	ld->pending--;
	if (lua_type(L, 1) != LUA_TTABLE) {
		char found[100];
		rl_loader_describe(L, 1, found, sizeof found);
		return fail(L, file, line, rl_fmt("%s: expected %s \"%s\" { fields }, found %s",
		                                  what, kname, id, found));
	}
	lua_settop(L, 1);
	dup_rule_id(L, ld, kname, id, file, line);
	if (which == 0)
		contract_body(L, ld, id, file, line, what);
	else if (which == 1)
		clause_body(L, ld, id, file, line, what);
	else
		exception_body(L, ld, id, file, line, what);
	return 0;
}

static int rule_ctor(lua_State *L)
{
	loader *ld = get_loader(L);
	int which = (int)lua_tointeger(L, lua_upvalueindex(2));
	const char *file;
	int line = caller_line(L, &file);
	check_id(L, rule_ctors[which], file, line);
	if (ld->pending)
		return fail(L, file, line, rl_fmt("expected %s to be followed by { fields }, "
		                                  "found another constructor", ld->pending_what));
	ld->pending++;
	snprintf(ld->pending_what, sizeof ld->pending_what, "%s \"%s\"",
	         rule_ctors[which], lua_tostring(L, 1));
	free(ld->pending_file);
	ld->pending_file = rl_xstrdup(file);
	ld->pending_line = line;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushinteger(L, which);
	lua_pushvalue(L, 1);
	lua_pushinteger(L, line);
	lua_pushstring(L, file);
	lua_pushcclosure(L, rule_body, 5);
	return 1;
}

/* --- relies ------------------------------------------------------------- */

/* What `relies { ... }` may name: the ids of an entity kind, the claims a
 * statement may carry, or the keys of a scenario's params. */
static const char *const relies_keys[] = {"party", "cloud", "model", "product",
	"deployment", "statement", "claims", "params", NULL};

/* relies { party = { "microsoft", ... }, claims = { ... }, ... }: the ids and
 * values a rule pack relies on a scenario to use, for lint's warnings. */
static int l_relies(lua_State *L)
{
	loader *ld = get_loader(L);
	const char *file;
	int line = caller_line(L, &file);
	if (lua_type(L, 1) != LUA_TTABLE) {
		char found[100];
		rl_loader_describe(L, 1, found, sizeof found);
		return fail(L, file, line, rl_fmt("expected relies { kind = { ids } }, found %s",
		                                  found));
	}
	lua_settop(L, 1);
	check_keys(L, 1, relies_keys, file, line, "relies");
	size_t n;
	for (const char *const *k = relies_keys; *k; k++)
		opt_strings(L, 1, *k, file, line, "relies", &n, 1);
	/* Valid: copy. */
	rl_rules *r = ld->rules;
	for (const char *const *k = relies_keys; *k; k++) {
		char **vals = opt_strings(L, 1, *k, file, line, "relies", &n, 0);
		for (size_t i = 0; i < n; i++) {
			r->relies = rl_xrealloc(r->relies, r->nrelies + 1, sizeof *r->relies);
			rl_reliance *x = &r->relies[r->nrelies++];
			x->what = rl_xstrdup(*k);
			x->value = vals[i];
			x->file = rl_xstrdup(file);
			x->line = line;
		}
		free(vals);
	}
	return 0;
}

/* --- include and json_file ------------------------------------------------ */

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? rl_xstrndup(path, (size_t)(slash - path)) : rl_xstrdup(".");
}

/* Resolves rel against the running file; the result must stay under the
 * root.  Returns the display path (owned) and sets *real (owned). */
static char *resolve_at(lua_State *L, loader *ld, const char *fn, const char *rel,
                        const char *file, int line, char **real)
{
	if (rel[0] == '/' || rel[0] == '\0')
		fail(L, file, line, rl_fmt("expected %s to name a relative path in the "
		                           "file's own tree, found '%s'", fn, rel));
	char *dir = dir_of(ld->stack[ld->depth - 1]);
	char *display = strcmp(dir, ".") == 0 ? rl_xstrdup(rel) : rl_fmt("%s/%s", dir, rel);
	free(dir);
	char buf[PATH_MAX];
	if (!realpath(display, buf)) {
		char *msg = rl_fmt("expected %s to name an existing file, found '%s' (%s)",
		                   fn, rel, strerror(errno));
		free(display);
		fail(L, file, line, msg);
	}
	size_t rn = strlen(ld->root);
	if (strncmp(buf, ld->root, rn) != 0 || (buf[rn] != '/' && buf[rn] != '\0')) {
		free(display);
		fail(L, file, line, rl_fmt("expected %s to stay inside %s, found '%s' outside it",
		                           fn, ld->root, rel));
	}
	*real = rl_xstrdup(buf);
	return display;
}

static char *resolve(lua_State *L, loader *ld, const char *fn, const char *rel,
                     char **real)
{
	const char *file;
	int line = caller_line(L, &file);
	return resolve_at(L, ld, fn, rel, file, line, real);
}

void rl_include_files_free(rl_include_files *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].real);
		free(s->v[i].text);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}

static const rl_include_file *cached_source(const loader *ld, const char *real)
{
	for (size_t i = 0; ld->have && i < ld->have->n; i++)
		if (strcmp(ld->have->v[i].real, real) == 0)
			return &ld->have->v[i];
	return NULL;
}

/* Runs the chunk on the stack top (loaded from display, really real) as
 * one more running file; returns the number of values it returned. */
static int run_chunk(lua_State *L, loader *ld, const char *display, const char *real)
{
	/* The chunk shares its caller's _ENV. */
	lua_Debug ar;
	if (lua_getstack(L, 1, &ar)) {
		lua_getinfo(L, "f", &ar);
		if (lua_getupvalue(L, -1, 1)) {
			lua_setupvalue(L, -3, 1);
		}
		lua_pop(L, 1);
	}
	ld->stack[ld->depth] = rl_xstrdup(display);
	ld->real[ld->depth] = rl_xstrdup(real);
	ld->depth++;
	int saved = ld->fileseq;
	ld->fileseq = ld->depth * 1000 + saved + 1;
	int base = lua_gettop(L) - 1;   /* below the chunk */
	lua_call(L, 0, LUA_MULTRET);
	ld->fileseq = saved;
	ld->depth--;
	free(ld->stack[ld->depth]);
	free(ld->real[ld->depth]);
	/* What the chunk returns, as dofile returns it. */
	return lua_gettop(L) - base;
}

static int l_include(lua_State *L)
{
	loader *ld = get_loader(L);
	const char *rel = luaL_checkstring(L, 1);
	const char *file;
	int line = caller_line(L, &file);
	char *real = NULL;
	char *display = resolve(L, ld, "include", rel, &real);
	/* Keep the strings on the Lua stack so an error frees them. */
	lua_pushstring(L, display);
	lua_pushstring(L, real);
	free(display);
	free(real);
	display = (char *)lua_tostring(L, -2);
	real = (char *)lua_tostring(L, -1);
	if (ld->depth >= MAX_INCLUDE_DEPTH)
		return fail(L, file, line, rl_fmt("expected includes nested at most %d deep, "
		                                  "found deeper", MAX_INCLUDE_DEPTH));
	for (int i = 0; i < ld->depth; i++)
		if (strcmp(ld->real[i], real) == 0)
			return fail(L, file, line, rl_fmt("expected include to name a file not "
			                                  "already running, found '%s' including "
			                                  "itself", rel));
	char *err = NULL;
	size_t len;
	char *text = NULL;
	const rl_include_file *src = ld->rules_mode ? cached_source(ld, real) : NULL;
	if (src) {
		len = src->len;
		display = src->path;
	} else if (ld->rules_mode && !ld->fill) {
		return fail(L, file, line, rl_fmt("expected include to name a file the "
		                                  "engine read when it loaded the packs, "
		                                  "found '%s' new", rel));
	} else if (!(text = rl_read_file(real, &len, &err))) {
		lua_pushstring(L, err);
		free(err);
		return lua_error(L);
	}
	if (ld->m)
		rl_model_add_file(ld->m, display, 1, text, len);
	if (text && ld->fill) {
		/* Kept for every other state of this engine, and hashed once. */
		ld->fill->v = rl_xrealloc(ld->fill->v, ld->fill->n + 1, sizeof *ld->fill->v);
		rl_include_file *ns = &ld->fill->v[ld->fill->n++];
		ns->path = rl_xstrdup(display);
		ns->real = rl_xstrdup(real);
		ns->text = text;
		ns->len = len;
		rl_sha256_hex(text, len, ns->sha256);
		src = ns;
		text = NULL;
	}
	int rc = luaL_loadbufferx(L, src ? src->text : text, len,
	                          lua_pushfstring(L, "@%s", display), "t");
	free(text);
	if (rc != LUA_OK)
		return lua_error(L);
	return run_chunk(L, ld, display, real);
}

/* --- base and set (a scenario derived from another) ------------------------ */

/* scenario "ID" { base = "FILE", ... }: runs FILE, a scenario file of the
 * same tree, as include runs a file, and makes its scenario this one
 * (renamed ID, defined here); NULL, with *dup, when ID is taken. */
static rl_entity *derive(lua_State *L, loader *ld, const char *id, const char *file,
                         int line, const char *what)
{
	char found[100];
	lua_getfield(L, 1, "base");
	if (lua_type(L, -1) != LUA_TSTRING || has_nul(L, -1) ||
	    !ends_with(lua_tostring(L, -1), ".lua")) {
		rl_loader_describe(L, -1, found, sizeof found);
		fail(L, file, line, rl_fmt("%s: expected base to name a .lua scenario file, "
		                           "found %s", what, found));
	}
	const char *rel = lua_tostring(L, -1);
	char *real = NULL;
	char *display = resolve_at(L, ld, "base", rel, file, line, &real);
	/* Keep the strings on the Lua stack so an error frees them. */
	lua_pushstring(L, display);
	lua_pushstring(L, real);
	free(display);
	free(real);
	display = (char *)lua_tostring(L, -2);
	real = (char *)lua_tostring(L, -1);
	if (ld->depth >= MAX_INCLUDE_DEPTH)
		fail(L, file, line, rl_fmt("%s: expected bases and includes nested at most %d "
		                           "deep, found deeper", what, MAX_INCLUDE_DEPTH));
	for (int i = 0; i < ld->depth; i++)
		if (strcmp(ld->real[i], real) == 0)
			fail(L, file, line, rl_fmt("%s: expected base to name a scenario not "
			                           "already loading, found '%s' (a cycle)", what, rel));
	char *err = NULL;
	size_t len;
	char *text = rl_read_file(real, &len, &err);
	if (!text) {
		lua_pushstring(L, err);
		free(err);
		lua_error(L);
	}
	rl_model_add_file(ld->m, display, 1, text, len);
	int rc = luaL_loadbufferx(L, text, len, lua_pushfstring(L, "@%s", display), "t");
	free(text);
	if (rc != LUA_OK)
		lua_error(L);
	size_t before = ld->m->n[RL_K_SCENARIO];
	int top = lua_gettop(L) - 1;    /* below the chunk */
	run_chunk(L, ld, display, real);
	lua_settop(L, top);     /* what the base returns is not used */
	if (ld->m->n[RL_K_SCENARIO] != before + 1)
		fail(L, file, line, rl_fmt("%s: expected base '%s' to define one scenario, "
		                           "found %zu", what, rel, ld->m->n[RL_K_SCENARIO] - before));
	rl_entity *e = &ld->m->ents[RL_K_SCENARIO][before];
	long taken = rl_model_find(ld->m, RL_K_SCENARIO, id);
	if (taken >= 0 && (size_t)taken != before) {
		rl_entity *dup = &ld->m->ents[RL_K_SCENARIO][taken];
		fail(L, file, line, rl_fmt("expected a new scenario id, found '%s' already "
		                           "defined at %s:%d", id, dup->file, dup->line));
	}
	e->id = rl_model_intern(ld->m, id);
	e->file = rl_model_intern(ld->m, file);
	e->line = line;
	return e;
}

static int cmp_strs(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* set = { [PATH] = VALUE, ... }: each fact as a batch axis sets it, in
 * the order of the paths. */
static void set_facts(lua_State *L, loader *ld, rl_entity *e, const char *file, int line,
                      const char *what)
{
	char found[100];
	lua_getfield(L, 1, "set");
	int t = lua_gettop(L);
	if (lua_type(L, t) != LUA_TTABLE) {
		rl_loader_describe(L, t, found, sizeof found);
		fail(L, file, line, rl_fmt("%s: expected set to be a table of axis paths to "
		                           "values, found %s", what, found));
	}
	size_t n = 0;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING || has_nul(L, -1)) {
			rl_loader_describe(L, -1, found, sizeof found);
			fail(L, file, line, rl_fmt("%s: expected set to have axis paths as keys, "
			                           "found the key %s", what, found));
		}
		n++;
	}
	/* The paths stay alive in the table; the list is collected with it. */
	const char **paths = lua_newuserdatauv(L, (n ? n : 1) * sizeof *paths, 0);
	size_t i = 0;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		paths[i++] = lua_tostring(L, -1);
	}
	if (n > 1)
		qsort(paths, n, sizeof *paths, cmp_strs);
	for (i = 0; i < n; i++) {
		char *err = NULL;
		lua_getfield(L, t, paths[i]);
		if (rl_axis_set_fact(L, -1, ld->m, e, paths[i], file, line, &err)) {
			lua_pushstring(L, err);
			free(err);
			lua_error(L);
		}
		lua_pop(L, 1);
	}
	lua_settop(L, t - 1);
}

/* Replaces lua-cjson's null by `unknown`, recursively, in place. */
static void nulls_to_unknown(lua_State *L, int idx, int depth)
{
	if (depth > 200 || lua_type(L, idx) != LUA_TTABLE)
		return;
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -1) == LUA_TLIGHTUSERDATA && lua_touserdata(L, -1) == NULL) {
			lua_pushvalue(L, -2);
			lua_pushlightuserdata(L, rl_handle(RL_H_UNKNOWN, 0, 0, 0));
			lua_rawset(L, idx);
		} else if (lua_type(L, -1) == LUA_TTABLE) {
			nulls_to_unknown(L, -1, depth + 1);
		}
		lua_pop(L, 1);
	}
}

/* Decodes JSON text on the stack top into a table (replacing it);
 * errors name file:line. */
static void decode_json(lua_State *L, const char *display, const char *text)
{
	lua_getglobal(L, "json");
	lua_getfield(L, -1, "decode");
	lua_remove(L, -2);
	lua_pushstring(L, text);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		int line = 1;
		const char *at = msg ? strstr(msg, "character ") : NULL;
		if (at) {
			long pos = strtol(at + 10, NULL, 10);
			for (long i = 0; i < pos - 1 && text[i]; i++)
				line += text[i] == '\n';
		}
		lua_pushfstring(L, "%s:%d: expected valid JSON, found: %s", display, line,
		                msg ? msg : "?");
		lua_error(L);
	}
	nulls_to_unknown(L, -1, 0);
}

static int l_json_file(lua_State *L)
{
	loader *ld = get_loader(L);
	const char *rel = luaL_checkstring(L, 1);
	char *real = NULL;
	char *display = resolve(L, ld, "json_file", rel, &real);
	char *err = NULL;
	size_t len = 0;
	char *text = rl_read_file(real, &len, &err);
	free(real);
	lua_pushstring(L, display);
	if (text && ld->m)
		rl_model_add_file(ld->m, display, 1, text, len);
	free(display);
	if (!text) {
		lua_pushstring(L, err);
		free(err);
		return lua_error(L);
	}
	lua_pushstring(L, text);
	free(text);
	const char *t = lua_tostring(L, -1);
	decode_json(L, lua_tostring(L, -2), t);
	return 1;
}

/* --- sources (both kinds of file) ------------------------------------------ */

static int source_body(lua_State *L)
{
	loader *ld = get_loader(L);
	const char *id = lua_tostring(L, lua_upvalueindex(2));
	int line = (int)lua_tointeger(L, lua_upvalueindex(3));
	const char *file = lua_tostring(L, lua_upvalueindex(4));
	ld->pending--;
	char found[100];
	if (lua_type(L, 1) != LUA_TTABLE) {
		rl_loader_describe(L, 1, found, sizeof found);
		return fail(L, file, line, rl_fmt("source %s: expected source \"%s\" { title, "
		                                  "outlet, date, url, quotes }, found %s", id, id,
		                                  found));
	}
	lua_settop(L, 1);
	rl_source src;
	char *what = NULL;
	if (rl_source_read(L, 1, id, &src, &what)) {
		char *msg = rl_fmt("source %s: %s", id, what);
		free(what);
		return fail(L, file, line, msg);
	}
	struct rl_source **v = ld->rules_mode ? &ld->rules->sources : &ld->m->sources;
	size_t *n = ld->rules_mode ? &ld->rules->nsources : &ld->m->nsources;
	for (size_t i = 0; i < *n; i++) {
		rl_source *o = &(*v)[i];
		if (strcmp(o->id, id) != 0)
			continue;
		/* The same shared file included twice (by a pack and by the
		 * directory load) defines the same source: keep one. */
		int same = strcmp(o->title, src.title) == 0 && strcmp(o->date, src.date) == 0 &&
		           strcmp(o->outlet, src.outlet) == 0 && o->nquotes == src.nquotes;
		char *msg = same ? NULL : rl_fmt("expected a new source id, found '%s' already "
		                                 "defined at %s:%d", id, o->file, o->line);
		rl_source_free(&src);
		if (msg)
			return fail(L, file, line, msg);
		return 0;
	}
	src.file = rl_xstrdup(file);
	src.line = line;
	*v = rl_xrealloc(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = src;
	return 0;
}

static int source_ctor(lua_State *L)
{
	loader *ld = get_loader(L);
	const char *file;
	int line = caller_line(L, &file);
	check_id(L, "source", file, line);
	if (ld->pending)
		return fail(L, file, line, rl_fmt("expected %s to be followed by { fields }, "
		                                  "found another constructor", ld->pending_what));
	ld->pending++;
	snprintf(ld->pending_what, sizeof ld->pending_what, "source \"%s\"",
	         lua_tostring(L, 1));
	free(ld->pending_file);
	ld->pending_file = rl_xstrdup(file);
	ld->pending_line = line;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	lua_pushinteger(L, line);
	lua_pushstring(L, file);
	lua_pushcclosure(L, source_body, 4);
	return 1;
}

/* --- running files -------------------------------------------------------- */

static void register_ctors(rl_sandbox *sb, loader *ld)
{
	lua_State *L = rl_sandbox_state(sb);
	for (int k = 0; scenario_ctors[k]; k++) {
		if (ld->rules_mode) {
			lua_pushlightuserdata(L, ld);
			lua_pushstring(L, scenario_ctors[k]);
			lua_pushboolean(L, 1);
			lua_pushcclosure(L, wrong_mode, 3);
		} else {
			lua_pushlightuserdata(L, ld);
			lua_pushinteger(L, rl_kind_parse(scenario_ctors[k]));
			lua_pushcclosure(L, entity_ctor, 2);
		}
		rl_sandbox_export(sb, scenario_ctors[k]);
	}
	for (int k = 0; rule_ctors[k]; k++) {
		if (ld->rules_mode) {
			lua_pushlightuserdata(L, ld);
			lua_pushinteger(L, k);
			lua_pushcclosure(L, rule_ctor, 2);
		} else {
			lua_pushlightuserdata(L, ld);
			lua_pushstring(L, rule_ctors[k]);
			lua_pushboolean(L, 0);
			lua_pushcclosure(L, wrong_mode, 3);
		}
		rl_sandbox_export(sb, rule_ctors[k]);
	}
	lua_pushlightuserdata(L, ld);
	if (ld->rules_mode) {
		lua_pushcclosure(L, l_relies, 1);
	} else {
		lua_pushstring(L, "relies");
		lua_pushboolean(L, 0);
		lua_pushcclosure(L, wrong_mode, 3);
	}
	rl_sandbox_export(sb, "relies");
	lua_pushlightuserdata(L, ld);
	lua_pushcclosure(L, source_ctor, 1);
	rl_sandbox_export(sb, "source");
	lua_pushlightuserdata(L, ld);
	lua_pushcclosure(L, l_include, 1);
	rl_sandbox_export(sb, "include");
	lua_pushlightuserdata(L, ld);
	lua_pushcclosure(L, l_json_file, 1);
	rl_sandbox_export(sb, "json_file");
}

/* Keeps only the first line of a load error, and turns "attempt to call a
 * nil value (global 'x')" into a constructor suggestion. */
static char *tidy_error(loader *ld, char *msg)
{
	char *nl = strchr(msg, '\n');
	if (nl)
		*nl = '\0';
	const char *ipat = "attempt to index a nil value (global '";
	char *iat = strstr(msg, ipat);
	if (iat) {
		char *name = iat + strlen(ipat);
		char *end = strchr(name, '\'');
		if (end) {
			*end = '\0';
			char *out = rl_fmt("%.*sexpected a global of the sandbox, found '%s', "
			                   "which scripts cannot use (no io, os, package, debug)",
			                   (int)(iat - msg), msg, name);
			free(msg);
			return out;
		}
	}
	const char *pat = "attempt to call a nil value (global '";
	char *at = strstr(msg, pat);
	if (at) {
		char *name = at + strlen(pat);
		char *end = strchr(name, '\'');
		if (end) {
			*end = '\0';
			const char *const *names = ld->rules_mode ? rule_ctors : scenario_ctors;
			const char *near = nearest_name(name, names);
			char all[300];
			join_names(names, all, sizeof all);
			char *out = rl_fmt("%.*sexpected a constructor (%s%s), found unknown "
			                   "name '%s'%s%s%s", (int)(at - msg), msg, all,
			                   ld->rules_mode ? "" : ", include, json_file", name,
			                   near ? " (did you mean '" : "", near ? near : "",
			                   near ? "'?)" : "");
			free(msg);
			return out;
		}
	}
	return msg;
}

static rl_status run_file(loader *ld, const char *path, const char *text,
                          size_t len, char **err)
{
	char buf[PATH_MAX];
	if (!realpath(path, buf)) {
		rl_seterr(err, "%s:0: expected an existing file, found %s", path, strerror(errno));
		return RL_EINPUT;
	}
	ld->stack[0] = rl_xstrdup(path);
	ld->real[0] = rl_xstrdup(buf);
	ld->depth = 1;
	char *dir = dir_of(buf);
	free(ld->root);
	ld->root = dir;
	char *msg = NULL;
	rl_status st = RL_OK;
	rl_run run = rl_sandbox_load(ld->sb, path, text, len, &msg);
	if (run == RL_RUN_ERROR) {
		/* "path:line: msg" -> "path:line: expected valid Lua, found msg" */
		size_t pl = strlen(path);
		char *colon = strncmp(msg, path, pl) == 0 && msg[pl] == ':'
		              ? strchr(msg + pl + 1, ':') : NULL;
		if (colon) {
			char *m = rl_fmt("%.*s: expected valid Lua, found%s", (int)(colon - msg), msg,
			                 colon + 1);
			free(msg);
			msg = m;
		}
	}
	if (run == RL_RUN_OK)
		run = rl_sandbox_call(ld->sb, 0, 0,
		                      rl_sandbox_budget(ld->sb) * LOAD_BUDGET_FACTOR, &msg);
	if (run != RL_RUN_OK) {
		st = run == RL_RUN_ERROR ? RL_EINPUT : RL_EEVAL;
		msg = tidy_error(ld, msg);
		if (run != RL_RUN_ERROR && strncmp(msg, path, strlen(path)) != 0) {
			char *m = rl_fmt("%s:0: expected the file to load within its limits, "
			                 "found %s", path, msg);
			free(msg);
			msg = m;
		}
		free(*err);
		*err = msg;
	} else if (ld->pending) {
		rl_seterr(err, "%s:%d: expected %s to be followed by { fields }, found nothing",
		          ld->pending_file, ld->pending_line, ld->pending_what);
		st = RL_EINPUT;
	}
	for (int i = 0; i < ld->depth; i++) {
		free(ld->stack[i]);
		free(ld->real[i]);
	}
	ld->depth = 0;
	free(ld->pending_file);
	ld->pending_file = NULL;
	return st;
}

/* Canonical entity order: (file, line, id). */
static int cmp_entities(const void *a, const void *b)
{
	const rl_entity *x = a, *y = b;
	if (x->fileseq != y->fileseq)
		return x->fileseq < y->fileseq ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* --- JSON scenarios ------------------------------------------------------- */

/* The line of each JSON string's first occurrence, found in one pass over
 * the text (looking each id up with strstr made loading quadratic). */
typedef struct line_index {
	struct line_slot {
		const char *s;
		size_t len;
		int line;
	} *slots;
	size_t cap;
} line_index;

static size_t hash_bytes(const char *s, size_t n)
{
	size_t h = 1469598103934665603ULL & SIZE_MAX;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static struct line_slot *line_slot(const line_index *ix, const char *s, size_t n)
{
	size_t i = hash_bytes(s, n) & (ix->cap - 1);
	while (ix->slots[i].s && !(ix->slots[i].len == n && memcmp(ix->slots[i].s, s, n) == 0))
		i = (i + 1) & (ix->cap - 1);
	return &ix->slots[i];
}

static void line_index_build(line_index *ix, const char *text)
{
	size_t strings = 0;
	for (const char *p = text; *p; p++)
		strings += *p == '"';
	ix->cap = 16;
	while (ix->cap < strings + 16)
		ix->cap *= 2;
	ix->slots = rl_xcalloc(ix->cap, sizeof *ix->slots);
	int line = 1;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			line++;
		} else if (*p == '"') {
			const char *start = ++p;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				line += *p == '\n';
				p++;
			}
			struct line_slot *sl = line_slot(ix, start, (size_t)(p - start));
			if (!sl->s) {
				sl->s = start;
				sl->len = (size_t)(p - start);
				sl->line = line;
			}
			if (!*p)
				break;
		}
	}
}

static int line_of(const line_index *ix, const char *key)
{
	const struct line_slot *sl = line_slot(ix, key, strlen(key));
	return sl->s ? sl->line : 1;
}

typedef struct json_args {
	loader *ld;
	const char *path, *text;
	line_index lines;
} json_args;

static int add_json_entity(lua_State *L, loader *ld, const char *path,
                           const line_index *lines, rl_kind kind, const char *id, int body)
{
	int line = line_of(lines, id);
	lua_pushlightuserdata(L, ld);
	lua_pushinteger(L, kind);
	lua_pushstring(L, id);
	lua_pushinteger(L, line);
	lua_pushstring(L, path);
	lua_pushcclosure(L, entity_body, 5);
	lua_pushvalue(L, body);
	ld->pending++;
	lua_call(L, 1, 0);
	return 0;
}

static int json_scenario(lua_State *L)
{
	json_args *a = lua_touserdata(L, 1);
	loader *ld = a->ld;
	if (!a->lines.slots)
		line_index_build(&a->lines, a->text);
	lua_pushstring(L, a->text);
	decode_json(L, a->path, a->text);
	int top = lua_gettop(L);
	if (lua_type(L, top) != LUA_TTABLE)
		return fail(L, a->path, 1, rl_fmt("expected a JSON object of kinds, found "
		                                  "something else"));
	const char *kinds[RL_NKINDS + 1];
	for (int k = 0; k < RL_NKINDS; k++)
		kinds[k] = rl_kind_name((rl_kind)k);
	kinds[RL_NKINDS] = NULL;
	check_keys(L, top, kinds, a->path, 1, "JSON scenario");
	for (int k = 0; k < RL_NKINDS; k++) {
		lua_getfield(L, top, kinds[k]);
		int t = lua_gettop(L);
		if (lua_isnil(L, t)) {
			lua_pop(L, 1);
			continue;
		}
		int line = line_of(&a->lines, kinds[k]);
		if (lua_type(L, t) != LUA_TTABLE)
			return fail(L, a->path, line, rl_fmt("expected \"%s\" to be an object, "
			                                     "found something else", kinds[k]));
		if (k == RL_K_SCENARIO) {
			/* {"id": ..., fields} or {"id": {fields}} */
			lua_getfield(L, t, "date");
			int direct = !lua_isnil(L, -1);
			lua_pop(L, 1);
			if (direct) {
				lua_getfield(L, t, "id");
				char *id;
				if (lua_type(L, -1) == LUA_TSTRING) {
					id = rl_xstrdup(lua_tostring(L, -1));
				} else {
					const char *base = strrchr(a->path, '/');
					base = base ? base + 1 : a->path;
					const char *dot = strrchr(base, '.');
					id = rl_xstrndup(base, dot ? (size_t)(dot - base) : strlen(base));
				}
				lua_pop(L, 1);
				lua_pushnil(L);
				lua_setfield(L, t, "id");
				lua_pushstring(L, id);
				free(id);
				add_json_entity(L, ld, a->path, &a->lines, RL_K_SCENARIO,
				                lua_tostring(L, -1), t);
				lua_pop(L, 1);
				lua_pop(L, 1);
				continue;
			}
		}
		lua_pushnil(L);
		while (lua_next(L, t)) {
			if (lua_type(L, -2) != LUA_TSTRING)
				return fail(L, a->path, line, rl_fmt("expected \"%s\" to map ids to "
				                                     "objects", kinds[k]));
			const char *id = lua_tostring(L, -2);
			if (has_nul(L, -2) || has_control(L, -2) || lua_rawlen(L, -2) == 0 ||
			    lua_rawlen(L, -2) > 200)
				return fail(L, a->path, line, rl_fmt("expected \"%s\" to map non-empty "
				                                     "ids of at most 200 bytes without "
				                                     "NUL bytes or control characters "
				                                     "to objects", kinds[k]));
			if (lua_type(L, -1) != LUA_TTABLE)
				return fail(L, a->path, line_of(&a->lines, id),
				            rl_fmt("%s %s: expected an object of fields, found "
				                   "something else", kinds[k], id));
			add_json_entity(L, ld, a->path, &a->lines, (rl_kind)k, id, lua_gettop(L));
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	return 0;
}

rl_status rl_load_scenario(const rl_limits *limits, const char *path,
                           rl_model **out, char **err)
{
	size_t len;
	char *text = rl_read_file(path, &len, err);
	if (!text)
		return RL_EINPUT;
	if (memchr(text, '\0', len)) {
		free(text);
		rl_seterr(err, "%s:1: expected a text file, found binary data", path);
		return RL_EINPUT;
	}
	rl_sandbox *sb = rl_sandbox_new(limits);
	if (!sb) {
		free(text);
		rl_seterr(err, "%s:0: expected memory for a Lua state, found none", path);
		return RL_EEVAL;
	}
	loader ld = {0};
	ld.sb = sb;
	ld.m = rl_model_new();
	ld.m->file = rl_model_intern(ld.m, path);
	rl_model_add_file(ld.m, path, 0, text, len);
	register_ctors(sb, &ld);
	rl_status st;
	if (ends_with(path, ".json")) {
		char buf[PATH_MAX];
		json_args a = {&ld, path, text, {NULL, 0}};
		st = RL_OK;
		if (!realpath(path, buf)) {
			rl_seterr(err, "%s:0: expected an existing file, found %s", path,
			          strerror(errno));
			st = RL_EINPUT;
		} else if (rl_sandbox_cpcall(sb, json_scenario, &a, err) != RL_RUN_OK) {
			*err = tidy_error(&ld, *err);
			st = RL_EINPUT;
		}
		free(a.lines.slots);
	} else {
		st = run_file(&ld, path, text, len, err);
	}
	free(text);
	free(ld.root);
	free(ld.pending_file);
	rl_sandbox_free(sb);
	if (st == RL_OK) {
		for (int k = 0; k < RL_NKINDS; k++)
			if (ld.m->n[k] > 1)
				qsort(ld.m->ents[k], ld.m->n[k], sizeof(rl_entity), cmp_entities);
		if (rl_model_finish(ld.m, err))
			st = RL_EINPUT;
	}
	if (st != RL_OK) {
		rl_model_free(ld.m);
		return st;
	}
	*out = ld.m;
	return RL_OK;
}

rl_status rl_load_rules(rl_sandbox *sb, const char *path, const char *text,
                        size_t len, int fileseq, rl_rules *into, rl_include_files *fill,
                        const rl_include_files *have, char **err)
{
	if (memchr(text, '\0', len)) {
		rl_seterr(err, "%s:1: expected a text file, found binary data", path);
		return RL_EINPUT;
	}
	loader ld = {0};
	ld.sb = sb;
	ld.rules_mode = 1;
	ld.rules = into;
	ld.fill = fill;
	ld.have = have;
	ld.fileseq = fileseq;
	register_ctors(sb, &ld);
	rl_status st = run_file(&ld, path, text, len, err);
	free(ld.root);
	free(ld.pending_file);
	/* Constructors must not outlive the loader they point to. */
	lua_State *L = rl_sandbox_state(sb);
	for (int k = 0; scenario_ctors[k]; k++) {
		lua_pushnil(L);
		rl_sandbox_export(sb, scenario_ctors[k]);
	}
	for (int k = 0; rule_ctors[k]; k++) {
		lua_pushnil(L);
		rl_sandbox_export(sb, rule_ctors[k]);
	}
	lua_pushnil(L);
	rl_sandbox_export(sb, "include");
	lua_pushnil(L);
	rl_sandbox_export(sb, "json_file");
	lua_pushnil(L);
	rl_sandbox_export(sb, "relies");
	lua_pushnil(L);
	rl_sandbox_export(sb, "source");
	return st;
}

static int cmp_clauses(const void *a, const void *b)
{
	const rl_clause *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int cmp_exceptions(const void *a, const void *b)
{
	const rl_exception *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->id, y->id);
}

void rl_rules_sort(rl_rules *r)
{
	if (r->nclauses > 1)
		qsort(r->clauses, r->nclauses, sizeof *r->clauses, cmp_clauses);
	if (r->nexceptions > 1)
		qsort(r->exceptions, r->nexceptions, sizeof *r->exceptions, cmp_exceptions);
}
