/* scenario.c - the scenario constructors (scenario, party, cloud, model,
 * product, deployment, statement) and the conversion of Lua values into
 * model values by the schema, shared with batches. */
#include "loader_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "axis.h"

/* --- values ---------------------------------------------------------------- */

/* A string with a NUL byte would be cut short in C: bad input. */
int loader_has_nul(lua_State *L, int idx)
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
		loader_join_names(fd->enums, names, sizeof names);
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
	if (t == LUA_TSTRING && loader_has_nul(L, idx))
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
		if (loader_has_nul(L, -2) || (lua_type(L, -1) == LUA_TSTRING && loader_has_nul(L, -1))) {
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

/* --- scenario constructors ------------------------------------------------- */

static void set_facts(lua_State *L, loader *ld, rl_entity *e, const loader_loc *at);

int loader_entity_body(lua_State *L)
{
	loader *ld = loader_get(L);
	rl_kind kind = (rl_kind)lua_tointeger(L, lua_upvalueindex(2));
	const char *id = lua_tostring(L, lua_upvalueindex(3));
	int line = (int)lua_tointeger(L, lua_upvalueindex(4));
	const char *file = lua_tostring(L, lua_upvalueindex(5));
	const char *kname = rl_kind_name(kind);
	char what[200];
	snprintf(what, sizeof what, "%s %s", kname, id);
	loader_loc at = {file, line, what}, plain = {file, line, NULL};
	ld->pending--;
	loader_expect_fields(L, &at, kname, id);
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
	loader_check_keys(L, 1, names, &at);

	lua_getfield(L, 1, "base");
	lua_getfield(L, 1, "set");
	int derived = !lua_isnil(L, -2), has_set = !lua_isnil(L, -1);
	lua_pop(L, 2);
	if (has_set && !derived)
		return loader_raise(L, &at, "expected base = \"FILE\" beside set, found set alone");
	rl_entity *dup = NULL;
	rl_entity *e = derived ? loader_derive(L, ld, id, &at)
	                       : rl_model_add(ld->m, kind, id, file, line, &dup);
	if (!e)
		return loader_raise(L, &plain, "expected a new %s id, found '%s' already defined at "
		                    "%s:%d", kname, id, dup->file, dup->line);
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
			if ((fd->flags & RL_FF_REQUIRED) && !derived) {
				char one_of[200] = "";
				if (fd->type == RL_F_ENUM)
					loader_join_names(fd->enums, one_of, sizeof one_of);
				return loader_raise(L, &at, "expected field '%s' (%s%s%s%s), found nothing",
				                    fd->name, fd->flags & RL_FF_LIST ? "a list of " : "",
				                    type_text(fd), fd->type == RL_F_ENUM ? " " : "",
				                    one_of);
			}
			continue;
		}
		char *msg = NULL;
		if (rl_loader_convert(L, -1, fd, ld->m, &e->f[f], &msg)) {
			/* msg is freed by Lua's string once pushed: copy it there first. */
			lua_pushstring(L, msg);
			free(msg);
			return loader_raise(L, &at, "%s", lua_tostring(L, -1));
		}
		lua_pop(L, 1);
	}
	if (kind == RL_K_SCENARIO && e->f[RL_SC_DATE].t == RL_V_UNKNOWN)
		return loader_raise(L, &at, "expected date to be a date YYYY-MM-DD, found unknown");
	if (has_set)
		set_facts(L, ld, e, &at);
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

int loader_entity_ctor(lua_State *L)
{
	rl_kind kind = (rl_kind)lua_tointeger(L, lua_upvalueindex(2));
	return loader_open_body(L, rl_kind_name(kind), kind, loader_entity_body);
}

/* set = { [PATH] = VALUE, ... }: each fact as a batch axis sets it, in
 * the order of the paths. */
static void set_facts(lua_State *L, loader *ld, rl_entity *e, const loader_loc *at)
{
	char found[100];
	lua_getfield(L, 1, "set");
	int t = lua_gettop(L);
	if (lua_type(L, t) != LUA_TTABLE) {
		rl_loader_describe(L, t, found, sizeof found);
		loader_raise(L, at, "expected set to be a table of axis paths to values, found %s",
		             found);
	}
	size_t n = 0, i;
	const char **paths = loader_sorted_keys(L, t, at,
		"expected set to have axis paths as keys, found the key ", 1, &n);
	for (i = 0; i < n; i++) {
		char *err = NULL;
		lua_getfield(L, t, paths[i]);
		if (rl_axis_set_fact(L, -1, ld->m, e, paths[i], at->file, at->line, &err)) {
			lua_pushstring(L, err);
			free(err);
			lua_error(L);
		}
		lua_pop(L, 1);
	}
	lua_settop(L, t - 1);
}
