/* clauses.c - the rule constructors: contract, clause, exception and
 * relies, checked and copied into an rl_rules. */
#include "loader_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

/* --- fields ------------------------------------------------------------- */

/* Each field is read once: its value is pushed and stays on the stack
 * until the constructor returns, so the strings it holds live while
 * everything is checked, and nothing is copied (nothing can leak) before
 * every field is valid. */
#define FIELD_SLOTS 40

/* A string field, or NULL when it is nil and not required. */
static const char *field_string(lua_State *L, const loader_loc *at, int t,
                                const char *field, int required)
{
	lua_getfield(L, t, field);
	if (lua_type(L, -1) == LUA_TSTRING && loader_has_nul(L, -1))
		loader_raise(L, at, "expected %s to be text without NUL bytes, found a NUL byte",
		             field);
	if (lua_type(L, -1) == LUA_TSTRING)
		return lua_tostring(L, -1);
	if (!lua_isnil(L, -1) || required)
		loader_field_error(L, at, -1, field, "a string");
	return NULL;
}

/* A date field as a day number, or RL_NO_DATE when it is nil and not
 * required. */
static int32_t field_date(lua_State *L, const loader_loc *at, int t, const char *field,
                          int required)
{
	lua_getfield(L, t, field);
	int32_t days = RL_NO_DATE;
	if ((!lua_isnil(L, -1) || required) &&
	    (lua_type(L, -1) != LUA_TSTRING || rl_date_parse(lua_tostring(L, -1), &days)))
		loader_field_error(L, at, -1, field, "a date YYYY-MM-DD");
	return days;
}

/* A list of strings: its length (0 when nil); the list is at *idx. */
static size_t field_strings(lua_State *L, const loader_loc *at, int t, const char *field,
                            int *idx)
{
	lua_getfield(L, t, field);
	*idx = lua_gettop(L);
	if (lua_isnil(L, -1))
		return 0;
	if (lua_type(L, -1) != LUA_TTABLE)
		loader_field_error(L, at, -1, field, "a list of strings");
	size_t len = (size_t)lua_rawlen(L, -1);
	for (size_t i = 1; i <= len; i++) {
		lua_rawgeti(L, *idx, (lua_Integer)i);
		if (lua_type(L, -1) != LUA_TSTRING) {
			char found[100];
			rl_loader_describe(L, -1, found, sizeof found);
			loader_raise(L, at, "expected %s to be a list of strings, found %s in it",
			             field, found);
		}
		lua_pop(L, 1);
	}
	return len;
}

static char *dup_or_null(const char *s)
{
	return s ? rl_xstrdup(s) : NULL;
}

/* Copies the n strings of the checked list at idx. */
static char **copy_strings(lua_State *L, int idx, size_t n)
{
	char **out = rl_xcalloc(n ? n : 1, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, idx, (lua_Integer)i + 1);
		out[i] = rl_xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	return out;
}

/* `source` and `sources`, checked: copied by copy_cites. */
typedef struct cites {
	const char *source;
	int sources;            /* stack index of the list */
	size_t nsources;
} cites;

static void field_cites(lua_State *L, const loader_loc *at, int t, const char *source,
                        cites *c)
{
	c->source = source;
	c->nsources = field_strings(L, at, t, "sources", &c->sources);
}

/* One list: source first. */
static char **copy_cites(lua_State *L, const cites *c, size_t *n)
{
	*n = c->nsources + (c->source ? 1 : 0);
	char **out = rl_xcalloc(*n ? *n : 1, sizeof *out);
	size_t k = 0;
	if (c->source)
		out[k++] = rl_xstrdup(c->source);
	for (size_t i = 0; i < c->nsources; i++) {
		lua_rawgeti(L, c->sources, (lua_Integer)i + 1);
		out[k++] = rl_xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	return out;
}

/* --- rule constructors ---------------------------------------------------- */

static void dup_rule_id(lua_State *L, loader *ld, const char *kind, const char *id,
                        const loader_loc *at)
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
	loader_loc plain = {at->file, at->line, NULL};
	if (of)
		loader_raise(L, &plain, "expected a new %s id, found '%s' already defined at %s:%d",
		             kind, id, of, ol);
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

static int contract_body(lua_State *L, loader *ld, const char *id, const loader_loc *at)
{
	loader_check_keys(L, 1, contract_fields, at);
	rl_contract c = {0};
	c.effective = field_date(L, at, 1, "effective", 1);
	c.ends = field_date(L, at, 1, "ends", 0);
	c.signed_on = field_date(L, at, 1, "signed", 0);
	lua_getfield(L, 1, "binding");
	if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
		loader_field_error(L, at, -1, "binding", "a boolean");
	c.binding = lua_isnil(L, -1) ? 1 : lua_toboolean(L, -1);
	if (c.ends != RL_NO_DATE && c.ends <= c.effective)
		return loader_raise(L, at, "expected ends to come after effective");
	const char *title = field_string(L, at, 1, "title", 0);
	const char *source = field_string(L, at, 1, "source", 0);
	int sup, parties;
	size_t ns = field_strings(L, at, 1, "supersedes", &sup);
	size_t np = field_strings(L, at, 1, "parties", &parties);
	cites ci;
	field_cites(L, at, 1, source, &ci);
	/* Valid: copy. */
	c.id = rl_xstrdup(id);
	c.file = rl_xstrdup(at->file);
	c.line = at->line;
	c.title = dup_or_null(title);
	c.source = dup_or_null(source);
	c.supersedes = ns ? copy_strings(L, sup, ns) : NULL;
	c.nsupersedes = ns;
	c.parties = np ? copy_strings(L, parties, np) : NULL;
	c.nparties = np;
	c.cites = copy_cites(L, &ci, &c.ncites);
	rl_rules *r = ld->rules;
	r->contracts = rl_xrealloc(r->contracts, r->ncontracts + 1, sizeof *r->contracts);
	r->contracts[r->ncontracts++] = c;
	return 0;
}

/* Pushes a sorted list of the keys of the readings table at idx (a table
 * of name -> reading, or a list of readings with a `name`), as a Lua
 * array of {name, reading} pairs; returns its length. */
static size_t reading_list(lua_State *L, int idx, const loader_loc *at)
{
	lua_newtable(L);
	int out = lua_gettop(L);
	size_t n = 0, len = (size_t)lua_rawlen(L, idx);
	if (len > 0) {
		for (size_t i = 1; i <= len; i++) {
			lua_rawgeti(L, idx, (lua_Integer)i);
			if (lua_type(L, -1) != LUA_TTABLE)
				return (size_t)loader_raise(L, at, "expected readings[%zu] to be a table",
				                            i);
			lua_getfield(L, -1, "name");
			if (lua_type(L, -1) != LUA_TSTRING) {
				char field[40];
				snprintf(field, sizeof field, "readings[%zu].name", i);
				return (size_t)loader_field_error(L, at, -1, field, "a string");
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
	const char **names = loader_sorted_keys(L, idx, at, "expected reading names as keys, found ",
	                                        0, &n);
	for (size_t i = 0; i < n; i++) {
		lua_newtable(L);
		lua_pushstring(L, names[i]);
		lua_rawseti(L, -2, 1);
		lua_getfield(L, idx, names[i]);
		lua_rawseti(L, -2, 2);
		lua_rawseti(L, out, (lua_Integer)i + 1);
	}
	lua_pop(L, 1);
	return n;
}

/* What clause and exception readings are: their fields, the function
 * each holds, and the words of the messages about them. */
typedef struct reading_spec {
	const char *const *fields;
	const char *fn;                 /* "check" or "applies" */
	const char *shape;              /* "{ weight, doc, check }" */
	const char *either;             /* "either ... or ..." */
	int weighted;                   /* clause readings: weight, source, sources */
} reading_spec;

static const reading_spec clause_readings = {reading_fields, "check",
	"{ weight, doc, check }",
	"either readings = { name = { weight, doc, check } } or check = function", 1};
static const reading_spec exception_readings = {xreading_fields, "applies",
	"{ applies, doc }",
	"either applies = function or readings = { name = { applies } }", 0};

/* One checked reading; its strings and function are on the stack. */
typedef struct reading_in {
	const char *name, *doc;
	double weight;
	cites ci;
	int fn;                 /* stack index of its function */
} reading_in;

/* The one readings parser: `readings = { name = { ... } }` or a single
 * function (rs->fn), of the table at 1.  Returns the number of readings,
 * *out (collected with the stack) filled; 0 and *single set to the stack
 * index of the function when the body has a single one. */
static size_t read_readings(lua_State *L, const loader_loc *at, const reading_spec *rs,
                            reading_in **out, int *single)
{
	lua_getfield(L, 1, "readings");
	lua_getfield(L, 1, rs->fn);
	int has_readings = !lua_isnil(L, -2), has_fn = !lua_isnil(L, -1);
	*single = 0;
	*out = NULL;
	if (has_readings == has_fn)
		return (size_t)loader_raise(L, at, "expected %s, found %s", rs->either,
		                            has_readings ? "both" : "neither");
	if (has_fn) {
		if (lua_type(L, -1) != LUA_TFUNCTION)
			loader_field_error(L, at, -1, rs->fn, "a function");
		*single = lua_gettop(L);
		return 0;
	}
	if (lua_type(L, -2) != LUA_TTABLE)
		loader_field_error(L, at, -2, "readings", "a table");
	size_t n = reading_list(L, lua_absindex(L, -2), at);
	int list = lua_gettop(L);
	if (n == 0)
		return (size_t)loader_raise(L, at, "expected at least one reading, found none");
	reading_in *rd = lua_newuserdatauv(L, n * sizeof *rd, 0);
	memset(rd, 0, n * sizeof *rd);
	for (size_t i = 0; i < n; i++) {
		luaL_checkstack(L, 12, "readings");
		lua_rawgeti(L, list, (lua_Integer)i + 1);
		lua_rawgeti(L, -1, 1);
		rd[i].name = lua_tostring(L, -1);
		loader_loc sub = {at->file, at->line,
		                  lua_pushfstring(L, "%s reading %s", at->what, rd[i].name)};
		lua_rawgeti(L, -3, 2);
		int rt = lua_gettop(L);
		if (lua_type(L, rt) != LUA_TTABLE) {
			char found[100];
			rl_loader_describe(L, rt, found, sizeof found);
			loader_raise(L, &sub, "expected %s, found %s", rs->shape, found);
		}
		loader_check_keys(L, rt, rs->fields, &sub);
		rd[i].weight = 1;
		if (rs->weighted) {
			lua_getfield(L, rt, "weight");
			if (!lua_isnil(L, -1) && (lua_type(L, -1) != LUA_TNUMBER ||
			                          !(lua_tonumber(L, -1) > 0) ||
			                          !isfinite(lua_tonumber(L, -1))))
				loader_field_error(L, &sub, -1, "weight", "a positive number");
			if (!lua_isnil(L, -1))
				rd[i].weight = lua_tonumber(L, -1);
		}
		rd[i].doc = field_string(L, &sub, rt, "doc", 0);
		if (rs->weighted)
			field_cites(L, &sub, rt, field_string(L, &sub, rt, "source", 0), &rd[i].ci);
		lua_getfield(L, rt, rs->fn);
		if (lua_type(L, -1) != LUA_TFUNCTION)
			loader_field_error(L, &sub, -1, rs->fn, "a function");
		rd[i].fn = lua_gettop(L);
	}
	*out = rd;
	return n;
}

static int clause_body(lua_State *L, loader *ld, const char *id, const loader_loc *at)
{
	loader_check_keys(L, 1, clause_fields, at);
	luaL_checkstack(L, FIELD_SLOTS, "fields");
	lua_getfield(L, 1, "contract");
	if (lua_type(L, -1) != LUA_TSTRING) {
		char found[100];
		rl_loader_describe(L, -1, found, sizeof found);
		return loader_raise(L, at, "expected field 'contract' (a contract id), found %s",
		                    found);
	}
	const char *contract = lua_tostring(L, -1);
	lua_getfield(L, 1, "text");
	if (lua_type(L, -1) != LUA_TSTRING) {
		char found[100];
		rl_loader_describe(L, -1, found, sizeof found);
		return loader_raise(L, at, "expected field 'text' (a string), found %s", found);
	}
	const char *text = lua_tostring(L, -1);
	const char *title = field_string(L, at, 1, "title", 0);
	const char *holder = field_string(L, at, 1, "holder", 0);
	const char *obligor = field_string(L, at, 1, "obligor", 0);
	const char *source = field_string(L, at, 1, "source", 0);
	field_string(L, at, 1, "note", 0);
	field_string(L, at, 1, "name", 0);
	cites ci;
	field_cites(L, at, 1, source, &ci);
	int32_t eff = field_date(L, at, 1, "effective", 0);
	int32_t ends = field_date(L, at, 1, "ends", 0);
	double exposure = NAN;
	lua_getfield(L, 1, "exposure_usd");
	if (!lua_isnil(L, -1)) {
		/* Bounded so that sums over every clause and variant stay finite. */
		if (lua_type(L, -1) != LUA_TNUMBER || !(lua_tonumber(L, -1) >= 0) ||
		    !(lua_tonumber(L, -1) <= RL_MAX_EXPOSURE))
			loader_field_error(L, at, -1, "exposure_usd", "a number from 0 to 1e15");
		exposure = lua_tonumber(L, -1);
	}
	reading_in *rd;
	int single;
	size_t n = read_readings(L, at, &clause_readings, &rd, &single);

	/* Everything is valid: copy it. */
	rl_clause k = {0};
	k.id = rl_xstrdup(id);
	k.file = rl_xstrdup(at->file);
	k.line = at->line;
	k.contract_id = rl_xstrdup(contract);
	k.text = rl_xstrdup(text);
	k.title = dup_or_null(title);
	k.holder = dup_or_null(holder);
	k.obligor = dup_or_null(obligor);
	k.source = dup_or_null(source);
	k.cites = copy_cites(L, &ci, &k.ncites);
	k.effective = eff;
	k.ends = ends;
	k.exposure = exposure;
	k.nreadings = single ? 1 : n;
	k.readings = rl_xcalloc(k.nreadings, sizeof *k.readings);
	if (single) {
		k.readings[0].name = rl_xstrdup("letter");
		k.readings[0].raw_weight = 1;
		k.readings[0].line = at->line;
		lua_pushvalue(L, single);
		k.readings[0].ref = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	for (size_t i = 0; i < n; i++) {
		rl_reading_def *d = &k.readings[i];
		d->name = rl_xstrdup(rd[i].name);
		d->raw_weight = rd[i].weight;
		d->doc = dup_or_null(rd[i].doc);
		d->cites = copy_cites(L, &rd[i].ci, &d->ncites);
		lua_Debug ar;
		lua_pushvalue(L, rd[i].fn);
		lua_getinfo(L, ">S", &ar);
		d->line = ar.linedefined > 0 ? ar.linedefined : at->line;
		lua_pushvalue(L, rd[i].fn);
		d->ref = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	rl_rules *r = ld->rules;
	r->clauses = rl_xrealloc(r->clauses, r->nclauses + 1, sizeof *r->clauses);
	r->clauses[r->nclauses++] = k;
	return 0;
}

static int exception_body(lua_State *L, loader *ld, const char *id, const loader_loc *at)
{
	loader_check_keys(L, 1, exception_fields, at);
	luaL_checkstack(L, FIELD_SLOTS, "fields");
	lua_getfield(L, 1, "to");
	if (lua_type(L, -1) != LUA_TSTRING) {
		char found[100];
		rl_loader_describe(L, -1, found, sizeof found);
		return loader_raise(L, at, "expected field 'to' (a clause id), found %s", found);
	}
	const char *to = lua_tostring(L, -1);
	const char *text = field_string(L, at, 1, "text", 0);
	const char *contract = field_string(L, at, 1, "contract", 0);
	const char *source = field_string(L, at, 1, "source", 0);
	field_string(L, at, 1, "title", 0);
	field_string(L, at, 1, "note", 0);
	field_string(L, at, 1, "name", 0);
	cites ci;
	field_cites(L, at, 1, source, &ci);
	reading_in *rd;
	int single;
	size_t n = read_readings(L, at, &exception_readings, &rd, &single);

	rl_exception x = {0};
	x.id = rl_xstrdup(id);
	x.file = rl_xstrdup(at->file);
	x.line = at->line;
	x.to = rl_xstrdup(to);
	x.text = dup_or_null(text);
	x.contract_id = dup_or_null(contract);
	x.source = dup_or_null(source);
	x.cites = copy_cites(L, &ci, &x.ncites);
	size_t slots = n ? n : 1;
	x.nreadings = n;
	x.readings = n ? rl_xcalloc(n, sizeof *x.readings) : NULL;
	x.refs = rl_xcalloc(slots, sizeof *x.refs);
	x.docs = rl_xcalloc(slots, sizeof *x.docs);
	if (single) {
		lua_pushvalue(L, single);
		x.refs[0] = luaL_ref(L, LUA_REGISTRYINDEX);
	}
	for (size_t i = 0; i < n; i++) {
		x.readings[i] = rl_xstrdup(rd[i].name);
		x.docs[i] = dup_or_null(rd[i].doc);
		lua_pushvalue(L, rd[i].fn);
		x.refs[i] = luaL_ref(L, LUA_REGISTRYINDEX);
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
	const char *kname = loader_rule_ctors[which];
	char what[260];
	snprintf(what, sizeof what, "%s %s", kname, id);
	loader_loc at = {lua_tostring(L, lua_upvalueindex(5)),
	                 (int)lua_tointeger(L, lua_upvalueindex(4)), what};
	ld->pending--;
	loader_expect_fields(L, &at, kname, id);
	lua_settop(L, 1);
	dup_rule_id(L, ld, kname, id, &at);
	if (which == 0)
		contract_body(L, ld, id, &at);
	else if (which == 1)
		clause_body(L, ld, id, &at);
	else
		exception_body(L, ld, id, &at);
	return 0;
}

int loader_rule_ctor(lua_State *L)
{
	int which = (int)lua_tointeger(L, lua_upvalueindex(2));
	return loader_open_body(L, loader_rule_ctors[which], which, rule_body);
}

/* --- relies ------------------------------------------------------------- */

/* What `relies { ... }` may name: the ids of an entity kind, the claims a
 * statement may carry, or the keys of a scenario's params. */
static const char *const relies_keys[] = {"party", "cloud", "model", "product",
	"deployment", "statement", "claims", "params", NULL};
#define NRELIES 8

/* relies { party = { "microsoft", ... }, claims = { ... }, ... }: the ids and
 * values a rule pack relies on a scenario to use, for lint's warnings. */
int loader_relies(lua_State *L)
{
	loader *ld = loader_get(L);
	loader_loc at = {NULL, 0, "relies"};
	at.line = loader_caller_line(L, &at.file);
	if (lua_type(L, 1) != LUA_TTABLE) {
		char found[100];
		rl_loader_describe(L, 1, found, sizeof found);
		loader_loc plain = {at.file, at.line, NULL};
		return loader_raise(L, &plain, "expected relies { kind = { ids } }, found %s", found);
	}
	lua_settop(L, 1);
	loader_check_keys(L, 1, relies_keys, &at);
	int lists[NRELIES];
	size_t n[NRELIES];
	for (int k = 0; k < NRELIES; k++)
		n[k] = field_strings(L, &at, 1, relies_keys[k], &lists[k]);
	/* Valid: copy. */
	rl_rules *r = ld->rules;
	for (int k = 0; k < NRELIES; k++)
		for (size_t i = 0; i < n[k]; i++) {
			r->relies = rl_xrealloc(r->relies, r->nrelies + 1, sizeof *r->relies);
			rl_reliance *x = &r->relies[r->nrelies++];
			lua_rawgeti(L, lists[k], (lua_Integer)i + 1);
			x->what = rl_xstrdup(relies_keys[k]);
			x->value = rl_xstrdup(lua_tostring(L, -1));
			x->file = rl_xstrdup(at.file);
			x->line = at.line;
			lua_pop(L, 1);
		}
	return 0;
}

