/* clauses.c - the rule constructors: contract, clause, exception and
 * relies, checked and copied into an rl_rules. */
#include "loader_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

/* --- rule constructors ---------------------------------------------------- */

static char *opt_string(lua_State *L, int t, const char *field, const char *file,
                        int line, const char *what, int required)
{
	lua_getfield(L, t, field);
	char *s = NULL;
	if (lua_type(L, -1) == LUA_TSTRING && loader_has_nul(L, -1)) {
		loader_fail(L, file, line, rl_fmt("%s: expected %s to be text without NUL bytes, "
		                                  "found a NUL byte", what, field));
	} else if (lua_type(L, -1) == LUA_TSTRING) {
		s = rl_xstrdup(lua_tostring(L, -1));
	} else if (!lua_isnil(L, -1) || required) {
		char found[100];
		rl_loader_describe(L, -1, found, sizeof found);
		loader_fail(L, file, line, rl_fmt("%s: expected %s to be a string, found %s",
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
			loader_fail(L, file, line, rl_fmt("%s: expected %s to be a date YYYY-MM-DD, "
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
		loader_fail(L, file, line, rl_fmt("%s: expected %s to be a list of strings, found %s",
		                                  what, field, found));
	}
	size_t len = (size_t)lua_rawlen(L, -1);
	for (size_t i = 1; i <= len; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i);
		if (lua_type(L, -1) != LUA_TSTRING) {
			rl_loader_describe(L, -1, found, sizeof found);
			loader_fail(L, file, line, rl_fmt("%s: expected %s to be a list of strings, "
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
		loader_fail(L, file, line, rl_fmt("expected a new %s id, found '%s' already defined "
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
	loader_check_keys(L, 1, contract_fields, file, line, what);
	rl_contract c = {0};
	c.effective = opt_date(L, 1, "effective", file, line, what, 1);
	c.ends = opt_date(L, 1, "ends", file, line, what, 0);
	c.signed_on = opt_date(L, 1, "signed", file, line, what, 0);
	lua_getfield(L, 1, "binding");
	if (!lua_isnil(L, -1) && !lua_isboolean(L, -1)) {
		char found[100];
		rl_loader_describe(L, -1, found, sizeof found);
		return loader_fail(L, file, line, rl_fmt("%s: expected binding to be a boolean, "
		                                         "found %s", what, found));
	}
	c.binding = lua_isnil(L, -1) ? 1 : lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (c.ends != RL_NO_DATE && c.ends <= c.effective)
		return loader_fail(L, file, line, rl_fmt("%s: expected ends to come after effective",
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
				return (size_t)loader_fail(L, file, line, rl_fmt("%s: expected readings[%zu] "
				                                                 "to be a table", what, i));
			lua_getfield(L, -1, "name");
			if (lua_type(L, -1) != LUA_TSTRING) {
				rl_loader_describe(L, -1, found, sizeof found);
				return (size_t)loader_fail(L, file, line, rl_fmt("%s: expected readings[%zu]"
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
			return (size_t)loader_fail(L, file, line, rl_fmt("%s: expected reading names "
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
	loader_check_keys(L, 1, clause_fields, file, line, what);
	char found[100];
	/* Validate everything first, allocate afterwards. */
	lua_getfield(L, 1, "contract");
	if (lua_type(L, -1) != LUA_TSTRING) {
		rl_loader_describe(L, -1, found, sizeof found);
		return loader_fail(L, file, line, rl_fmt("%s: expected field 'contract' (a contract "
		                                         "id), found %s", what, found));
	}
	lua_pop(L, 1);
	lua_getfield(L, 1, "text");
	if (lua_type(L, -1) != LUA_TSTRING) {
		rl_loader_describe(L, -1, found, sizeof found);
		return loader_fail(L, file, line, rl_fmt("%s: expected field 'text' (a string), "
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
			return loader_fail(L, file, line, rl_fmt("%s: expected exposure_usd to be a "
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
		return loader_fail(L, file, line, rl_fmt("%s: expected either readings = { name = "
		                                         "{ weight, doc, check } } or check = function, "
		                                         "found %s", what, has_readings ? "both" : "neither"));
	if (has_check && lua_type(L, -1) != LUA_TFUNCTION) {
		rl_loader_describe(L, -1, found, sizeof found);
		return loader_fail(L, file, line, rl_fmt("%s: expected check to be a function, found %s",
		                                         what, found));
	}
	size_t n = 1;
	int list = 0;
	if (has_readings) {
		if (lua_type(L, -2) != LUA_TTABLE) {
			rl_loader_describe(L, -2, found, sizeof found);
			return loader_fail(L, file, line, rl_fmt("%s: expected readings to be a table, "
			                                         "found %s", what, found));
		}
		n = reading_list(L, lua_absindex(L, -2), file, line, what);
		list = lua_gettop(L);
		if (n == 0)
			return loader_fail(L, file, line, rl_fmt("%s: expected at least one reading, "
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
				return loader_fail(L, file, line, rl_fmt("%s: expected { weight, doc, check }, "
				                                         "found %s", rwhat, found));
			}
			int rt = lua_gettop(L);
			loader_check_keys(L, rt, reading_fields, file, line, rwhat);
			lua_getfield(L, rt, "weight");
			if (!lua_isnil(L, -1) && (lua_type(L, -1) != LUA_TNUMBER ||
			                          !(lua_tonumber(L, -1) > 0) ||
			                          !isfinite(lua_tonumber(L, -1)))) {
				rl_loader_describe(L, -1, found, sizeof found);
				return loader_fail(L, file, line, rl_fmt("%s: expected weight to be a positive "
				                                         "number, found %s", rwhat, found));
			}
			lua_pop(L, 1);
			free(opt_string(L, rt, "doc", file, line, rwhat, 0));
			opt_cites(L, rt, file, line, rwhat, &ncites, 1);
			lua_getfield(L, rt, "check");
			if (lua_type(L, -1) != LUA_TFUNCTION) {
				rl_loader_describe(L, -1, found, sizeof found);
				return loader_fail(L, file, line, rl_fmt("%s: expected check to be a function, "
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
	loader_check_keys(L, 1, exception_fields, file, line, what);
	char found[100];
	lua_getfield(L, 1, "to");
	if (lua_type(L, -1) != LUA_TSTRING) {
		rl_loader_describe(L, -1, found, sizeof found);
		return loader_fail(L, file, line, rl_fmt("%s: expected field 'to' (a clause id), "
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
		return loader_fail(L, file, line, rl_fmt("%s: expected either applies = function or "
		                                         "readings = { name = { applies } }, found %s",
		                                         what, has_readings ? "both" : "neither"));
	if (has_applies && lua_type(L, -1) != LUA_TFUNCTION) {
		rl_loader_describe(L, -1, found, sizeof found);
		return loader_fail(L, file, line, rl_fmt("%s: expected applies to be a function, "
		                                         "found %s", what, found));
	}
	size_t n = 0;
	int list = 0;
	if (has_readings) {
		if (lua_type(L, -2) != LUA_TTABLE) {
			rl_loader_describe(L, -2, found, sizeof found);
			return loader_fail(L, file, line, rl_fmt("%s: expected readings to be a table, "
			                                         "found %s", what, found));
		}
		n = reading_list(L, lua_absindex(L, -2), file, line, what);
		list = lua_gettop(L);
		if (n == 0)
			return loader_fail(L, file, line, rl_fmt("%s: expected at least one reading, "
			                                         "found none", what));
		for (size_t i = 1; i <= n; i++) {
			lua_rawgeti(L, list, (lua_Integer)i);
			lua_rawgeti(L, -1, 1);
			char rwhat[300];
			snprintf(rwhat, sizeof rwhat, "%s reading %s", what, lua_tostring(L, -1));
			lua_rawgeti(L, -2, 2);
			if (lua_type(L, -1) != LUA_TTABLE) {
				rl_loader_describe(L, -1, found, sizeof found);
				return loader_fail(L, file, line, rl_fmt("%s: expected { applies, doc }, "
				                                         "found %s", rwhat, found));
			}
			loader_check_keys(L, lua_gettop(L), xreading_fields, file, line, rwhat);
			free(opt_string(L, lua_gettop(L), "doc", file, line, rwhat, 0));
			lua_getfield(L, -1, "applies");
			if (lua_type(L, -1) != LUA_TFUNCTION) {
				rl_loader_describe(L, -1, found, sizeof found);
				return loader_fail(L, file, line, rl_fmt("%s: expected applies to be a "
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
	loader *ld = loader_get(L);
	int which = (int)lua_tointeger(L, lua_upvalueindex(2));
	const char *id = lua_tostring(L, lua_upvalueindex(3));
	int line = (int)lua_tointeger(L, lua_upvalueindex(4));
	const char *file = lua_tostring(L, lua_upvalueindex(5));
	const char *kname = loader_rule_ctors[which];
	char what[260];
	snprintf(what, sizeof what, "%s %s", kname, id);
	ld->pending--;
	if (lua_type(L, 1) != LUA_TTABLE) {
		char found[100];
		rl_loader_describe(L, 1, found, sizeof found);
		return loader_fail(L, file, line, rl_fmt("%s: expected %s \"%s\" { fields }, found %s",
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

int loader_rule_ctor(lua_State *L)
{
	loader *ld = loader_get(L);
	int which = (int)lua_tointeger(L, lua_upvalueindex(2));
	const char *file;
	int line = loader_caller_line(L, &file);
	loader_check_id(L, loader_rule_ctors[which], file, line);
	if (ld->pending)
		return loader_fail(L, file, line, rl_fmt("expected %s to be followed by { fields }, "
		                                         "found another constructor", ld->pending_what));
	ld->pending++;
	snprintf(ld->pending_what, sizeof ld->pending_what, "%s \"%s\"",
	         loader_rule_ctors[which], lua_tostring(L, 1));
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
int loader_relies(lua_State *L)
{
	loader *ld = loader_get(L);
	const char *file;
	int line = loader_caller_line(L, &file);
	if (lua_type(L, 1) != LUA_TTABLE) {
		char found[100];
		rl_loader_describe(L, 1, found, sizeof found);
		return loader_fail(L, file, line, rl_fmt("expected relies { kind = { ids } }, found %s",
		                                         found));
	}
	lua_settop(L, 1);
	loader_check_keys(L, 1, relies_keys, file, line, "relies");
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
