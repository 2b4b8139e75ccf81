/* world.c - the world API scripts call: handles, fields, filters, verdicts. */
#include "world.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "redline/redline.h"

#define MAX_ITERS 100000
#define MAX_FILTER_VALUES 64

struct rl_cond {
	int16_t field;          /* field index; -1: the entity's id */
	uint16_t nvals;
	size_t vals;            /* offset into ctx->vals */
};

struct rl_iter {
	int8_t kind;            /* rl_kind, or -1 for paths */
	uint16_t nconds;
	size_t conds;           /* offset into ctx->conds */
};

#define PATHS (-1)

/* w's members besides get: date, params, scenario, then its methods. */
#define WORLD_MEMBERS 16

/* Interned Lua strings of the field names, compared by address. */
typedef struct names {
	const char *kind[RL_NKINDS][16];
	const char *path[RL_P_N];
	const char *id, *kindkey;
	/* w:get's kind argument: each kind's singular and plural name, then
	 * "path" and "paths" (as kindval, PATHS) */
	const char *kinds[RL_NKINDS + 1][2];
	int kindval[RL_NKINDS + 1];
	const char *get;        /* "get": w:get, the commonest world member */
	const char *members[WORLD_MEMBERS]; /* the others (world_member_name) */
	/* w:get's last answers by the addresses of its two strings: the kind
	 * one of the names above (kept alive, so its address is that string),
	 * the id checked against the entity's id (an id string may have been
	 * collected and its address reused by another). */
	struct get_memo {
		const char *kind, *id;
		const rl_model *m;
		int k;
		uint32_t i;
	} got[64];
} names;

static const char names_key;

static rl_check_ctx *ctx_of(lua_State *L)
{
	return rl_sandbox_data(rl_sandbox_of(L), RL_H_WORLD);
}

static const names *names_of(lua_State *L)
{
	return rl_sandbox_data(rl_sandbox_of(L), RL_H_ENTITY);
}

static void drop_kept(rl_check_ctx *ctx)
{
	for (size_t k = 0; k < sizeof ctx->kept / sizeof ctx->kept[0]; k++) {
		struct rl_kept_verdict *kv = &ctx->kept[k];
		if (!kv->seq)
			continue;
		for (size_t i = 0; i < kv->nitems; i++)
			free(kv->items[i]);
		free(kv->items);
		free(kv->because);
		memset(kv, 0, sizeof *kv);
	}
}

void rl_check_begin(rl_check_ctx *ctx)
{
	ctx->gen = (ctx->gen + 1) & 0xfffffu;
	if (ctx->seq > 1)
		drop_kept(ctx);
	ctx->seq = 0;
	ctx->has_verdict = 0;
	ctx->stopped = 0;
	ctx->need[0] = '\0';
	ctx->niters = ctx->nconds = ctx->nvals = 0;
	ctx->nconsulted = 0;
	for (size_t i = 0; i < ctx->nitems; i++)
		free(ctx->items[i]);
	ctx->nitems = 0;
	ctx->because.len = 0;
	if (ctx->because.data)
		ctx->because.data[0] = '\0';
	memset(ctx->reads, 0, sizeof ctx->reads);
	ctx->read_date = ctx->read_params = 0;
	ctx->read_paths = 0;
	if (ctx->cmp.any) {
		memset(ctx->cmp.fields, 0, sizeof ctx->cmp.fields);
		ctx->cmp.paths = 0;
		ctx->cmp.n = 0;
		ctx->cmp.overflow = ctx->cmp.any = 0;
	}
}

void rl_check_ctx_free(rl_check_ctx *ctx)
{
	rl_check_begin(ctx);
	free(ctx->items);
	rl_buf_free(&ctx->because);
	free(ctx->iters);
	free(ctx->conds);
	free(ctx->vals);
	free(ctx->consulted);
	rl_buf_free(&ctx->cited);
}

void rl_push_world(lua_State *L, const rl_check_ctx *ctx)
{
	lua_pushlightuserdata(L, rl_handle(RL_H_WORLD, ctx->gen, 0, 0));
}

int rl_is_verdict(lua_State *L, int idx, const rl_check_ctx *ctx)
{
	if (lua_type(L, idx) != LUA_TLIGHTUSERDATA)
		return 0;
	void *h = lua_touserdata(L, idx);
	return rl_handle_tag(h) == RL_H_VERDICT && rl_handle_gen(h) == ctx->gen &&
	       ctx->has_verdict && rl_handle_index(h) >= 1 && rl_handle_index(h) <= ctx->seq;
}

int rl_verdict_of(lua_State *L, int idx, const rl_check_ctx *ctx, const char **because,
                  char *const **items, size_t *nitems)
{
	void *h = lua_touserdata(L, idx);
	uint32_t seq = rl_handle_index(h);
	*because = "";
	*items = NULL;
	*nitems = 0;
	if (seq == ctx->seq) {
		*because = ctx->because.data ? ctx->because.data : "";
		*items = ctx->items;
		*nitems = ctx->nitems;
	} else {
		const struct rl_kept_verdict *kv = &ctx->kept[seq % 8];
		if (kv->seq == seq) {
			*because = kv->because;
			*items = kv->items;
			*nitems = kv->nitems;
		}
	}
	return (int)rl_handle_kind(h);
}

/* Checks a handle argument: right tag, current generation, index in range. */
static void *check_handle(lua_State *L, int idx, unsigned tag, const char *what)
{
	rl_check_ctx *ctx = ctx_of(L);
	void *h = lua_type(L, idx) == LUA_TLIGHTUSERDATA ? lua_touserdata(L, idx) : NULL;
	if (!h || rl_handle_tag(h) != tag)
		luaL_error(L, "expected %s, found %s", what, luaL_typename(L, idx));
	if (!ctx->w || rl_handle_gen(h) != ctx->gen)
		luaL_error(L, "%s used outside the check that obtained it", what);
	if (tag == RL_H_ENTITY || tag == RL_H_ATTRS) {
		unsigned k = rl_handle_kind(h);
		if (k >= RL_NKINDS || rl_handle_index(h) >= ctx->w->m->n[k])
			luaL_error(L, "%s no longer exists", what);
	} else if (tag == RL_H_PATH && rl_handle_index(h) >= ctx->w->npaths) {
		luaL_error(L, "%s no longer exists", what);
	}
	return h;
}

/* Whether the value at idx is a handle with tag of the current check (the
 * common case, tested without check_handle's work; entities and attrs
 * still need its range check). */
static int current_handle(lua_State *L, const rl_check_ctx *ctx, int idx, unsigned tag)
{
	if (lua_type(L, idx) != LUA_TLIGHTUSERDATA)
		return 0;
	void *h = lua_touserdata(L, idx);
	return rl_handle_tag(h) == tag && ctx->w && rl_handle_gen(h) == ctx->gen;
}

/* --- reading values ------------------------------------------------------- */

/* Stops the check: an unknown fact was read. */
static int stop(lua_State *L, const char *need)
{
	rl_check_ctx *ctx = ctx_of(L);
	if (!ctx->stopped) {
		ctx->stopped = 1;
		snprintf(ctx->need, sizeof ctx->need, "%.*s", (int)sizeof ctx->need - 1, need);
	}
	return luaL_error(L, "reads an unknown fact: %s", need);
}

static int stop_fref(lua_State *L, rl_fref r)
{
	char need[256];
	rl_fref_format((const rl_entity *const *)ctx_of(L)->w->ents, r, need, sizeof need);
	return stop(L, need);
}

static void push_scalar(lua_State *L, const rl_value *v)
{
	switch (v->t) {
	case RL_V_BOOL: lua_pushboolean(L, v->u.b); break;
	case RL_V_NUM: lua_pushnumber(L, v->u.num); break;
	case RL_V_STR: lua_pushstring(L, v->u.s); break;
	default: lua_pushnil(L); break;
	}
}

/* Pushes v; an unknown value (or item) stops the check, naming `why`. */
static void push_value(lua_State *L, const rl_value *v, rl_fref why)
{
	if (v->t == RL_V_UNKNOWN)
		stop_fref(L, why);
	if (v->t == RL_V_LIST) {
		for (uint32_t i = 0; i < v->n; i++)
			if (v->u.items[i].t == RL_V_UNKNOWN)
				stop_fref(L, why);
		lua_createtable(L, (int)v->n, 0);
		for (uint32_t i = 0; i < v->n; i++) {
			push_scalar(L, &v->u.items[i]);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		return;
	}
	push_scalar(L, v);
}

static int find_name(const char *const *list, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == key)
			return (int)i;
	for (size_t i = 0; i < n; i++)
		if (list[i] && strcmp(list[i], key) == 0)
			return (int)i;
	return -1;
}

static int kind_field(lua_State *L, rl_kind k, const char *key)
{
	return find_name(names_of(L)->kind[k], rl_kind_nfields(k), key);
}

static int path_field(lua_State *L, const char *key)
{
	return find_name(names_of(L)->path, RL_P_N, key);
}

static int entity_index(lua_State *L)
{
	rl_sandbox *sb = rl_sandbox_of(L);
	rl_check_ctx *ctx = rl_sandbox_data(sb, RL_H_WORLD);
	const names *nm = rl_sandbox_data(sb, RL_H_ENTITY);
	/* (h_index calls it for light userdata only) */
	void *h = lua_touserdata(L, 1);
	rl_kind k = (rl_kind)rl_handle_kind(h);
	uint32_t i = rl_handle_index(h);
	if (rl_handle_tag(h) != RL_H_ENTITY || !ctx->w || rl_handle_gen(h) != ctx->gen ||
	    k >= RL_NKINDS || i >= ctx->w->m->n[k])
		check_handle(L, 1, RL_H_ENTITY, "an entity");
	const rl_entity *e = &ctx->w->ents[k][i];
	size_t klen;
	const char *key = lua_tolstring(L, 2, &klen);
	if (!key)
		return luaL_error(L, "%s %s has no field of type %s", rl_kind_name(k), e->id,
		                  luaL_typename(L, 2));
	if (key == nm->id || (klen == 2 && strcmp(key, "id") == 0)) {
		lua_pushstring(L, e->id);
		return 1;
	}
	if (key == nm->kindkey || (klen == 4 && strcmp(key, "kind") == 0)) {
		if (k == RL_K_PARTY || k == RL_K_PRODUCT) {
			/* parties and products have a `kind` field of their own */
		} else {
			lua_pushstring(L, rl_kind_name(k));
			return 1;
		}
	}
	int f = find_name(nm->kind[k], rl_kind_nfields(k), key);
	if (f < 0)
		return luaL_error(L, "%s %s has no field '%s'", rl_kind_name(k), e->id, key);
	ctx->reads[k] |= 1u << f;
	const rl_value *v = &e->f[f];
	if (v->t == RL_V_STR) {
		lua_pushstring(L, v->u.s);
		return 1;
	}
	if (v->t == RL_V_TABLE) {
		lua_pushlightuserdata(L, rl_handle(RL_H_ATTRS, ctx->gen, k, i));
		return 1;
	}
	rl_fref why = {(int8_t)k, (int8_t)f, (int32_t)i};
	/* A default derived from an unknown fact names that fact. */
	if (v->t == RL_V_UNKNOWN && (e->defaulted & (1u << f)) && k == RL_K_DEPLOYMENT)
		why.field = f == RL_DE_SELLER ? RL_DE_OPERATOR : RL_DE_RUNS;
	push_value(L, v, why);
	return 1;
}

static int entity_tostring(lua_State *L)
{
	rl_check_ctx *ctx = ctx_of(L);
	void *h = lua_touserdata(L, 1);
	unsigned k = rl_handle_kind(h);
	if (!ctx->w || k >= RL_NKINDS || rl_handle_index(h) >= ctx->w->m->n[k])
		lua_pushliteral(L, "entity (stale)");
	else
		lua_pushfstring(L, "%s %s", rl_kind_name((rl_kind)k),
		                ctx->w->ents[k][rl_handle_index(h)].id);
	return 1;
}

static int path_index(lua_State *L)
{
	rl_check_ctx *ctx = ctx_of(L);
	void *h = check_handle(L, 1, RL_H_PATH, "a path");
	const rl_path *p = &ctx->w->paths[rl_handle_index(h)];
	const char *key = lua_tostring(L, 2);
	/* ("id" is no path field: it is tried first, by address) */
	int f = !key || key == names_of(L)->id ? -1 : path_field(L, key);
	if (f < 0) {
		if (key && strcmp(key, "id") == 0) {
			ctx->read_paths |= RL_READ_PATH_SET;
			lua_pushstring(L, p->name);
			return 1;
		}
		return luaL_error(L, "a path has no field '%s'", key ? key : luaL_typename(L, 2));
	}
	ctx->read_paths |= 1u << f;
	push_value(L, &p->v[f], p->why[f]);
	return 1;
}

static int path_tostring(lua_State *L)
{
	rl_check_ctx *ctx = ctx_of(L);
	uint32_t i = rl_handle_index(lua_touserdata(L, 1));
	if (!ctx->w || i >= ctx->w->npaths) {
		lua_pushliteral(L, "path (stale)");
	} else {
		ctx->read_paths |= RL_READ_PATH_SET;
		lua_pushfstring(L, "path %s", ctx->w->paths[i].name);
	}
	return 1;
}

/* attrs and params: sorted pairs.  The table of the handle at idx; *k is
 * its entity's kind and *i its index, or *k is -1 for params. */
static const rl_value *table_of(lua_State *L, int idx, int *k, uint32_t *i)
{
	rl_check_ctx *ctx = ctx_of(L);
	void *h = lua_touserdata(L, idx);
	if (rl_handle_tag(h) == RL_H_PARAMS) {
		check_handle(L, idx, RL_H_PARAMS, "params");
		ctx->read_params = 1;
		*k = -1;
		return &ctx->w->ents[RL_K_SCENARIO][0].f[RL_SC_PARAMS];
	}
	check_handle(L, idx, RL_H_ATTRS, "attrs");
	*k = (int)rl_handle_kind(h);
	*i = rl_handle_index(h);
	ctx->reads[*k] |= 1u << RL_F_ATTRS;
	return &ctx->w->ents[*k][*i].f[RL_F_ATTRS];
}

/* Stops the check: key of the table_of (k, i) is unknown.  The name is
 * built only here, where it is needed. */
static int stop_table(lua_State *L, int k, uint32_t i, const char *key)
{
	char owner[200], need[300];
	if (k < 0)
		snprintf(owner, sizeof owner, "param");
	else
		snprintf(owner, sizeof owner, "%s.%s.attrs", rl_kind_name((rl_kind)k),
		         ctx_of(L)->w->ents[k][i].id);
	snprintf(need, sizeof need, "%s.%s", owner, key);
	return stop(L, need);
}

static int table_index(lua_State *L)
{
	int k;
	uint32_t ei = 0;
	const rl_value *t = table_of(L, 1, &k, &ei);
	const char *key = lua_tostring(L, 2);
	if (!key || t->t != RL_V_TABLE) {
		lua_pushnil(L);
		return 1;
	}
	for (uint32_t i = 0; i < t->n; i++) {
		if (strcmp(t->u.pairs[i].key, key) == 0) {
			if (t->u.pairs[i].v.t == RL_V_UNKNOWN)
				return stop_table(L, k, ei, key);
			push_scalar(L, &t->u.pairs[i].v);
			return 1;
		}
	}
	lua_pushnil(L);
	return 1;
}

static int table_next(lua_State *L)
{
	int k;
	uint32_t ei = 0;
	const rl_value *t = table_of(L, 1, &k, &ei);
	uint32_t at = 0;
	if (!lua_isnil(L, 2)) {
		const char *key = lua_tostring(L, 2);
		while (at < t->n && key && strcmp(t->u.pairs[at].key, key) != 0)
			at++;
		at++;
	}
	if (t->t != RL_V_TABLE || at >= t->n)
		return 0;
	lua_pushstring(L, t->u.pairs[at].key);
	if (t->u.pairs[at].v.t == RL_V_UNKNOWN)
		return stop_table(L, k, ei, t->u.pairs[at].key);
	push_scalar(L, &t->u.pairs[at].v);
	return 2;
}

static int table_pairs(lua_State *L)
{
	lua_pushcfunction(L, table_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/* --- filters and iterators ------------------------------------------------ */

static rl_value *new_val(rl_check_ctx *ctx)
{
	if (ctx->nvals == ctx->capvals) {
		ctx->capvals = ctx->capvals ? ctx->capvals * 2 : 64;
		ctx->vals = rl_xrealloc(ctx->vals, ctx->capvals, sizeof *ctx->vals);
	}
	rl_value *v = &ctx->vals[ctx->nvals++];
	memset(v, 0, sizeof *v);
	v->ref = -1;
	return v;
}

/* A filter value as an rl_value; strings unknown to the model can match
 * nothing, which RL_V_NIL expresses (nothing matches nil). */
static void filter_value(lua_State *L, int idx, const char *field)
{
	rl_check_ctx *ctx = ctx_of(L);
	rl_value *v = new_val(ctx);
	switch (lua_type(L, idx)) {
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		s = rl_pool_find(ctx->w->m->pool, s, len);
		v->t = s ? RL_V_STR : RL_V_NIL;
		v->u.s = s;
		break;
	}
	case LUA_TNUMBER:
		v->t = RL_V_NUM;
		v->u.num = lua_tonumber(L, idx);
		break;
	case LUA_TBOOLEAN:
		v->t = RL_V_BOOL;
		v->u.b = lua_toboolean(L, idx);
		break;
	default:
		luaL_error(L, "filter %s: expected a string, number, boolean or a list of "
		           "them, found %s", field, lua_type(L, idx) == LUA_TLIGHTUSERDATA
		                                    ? luaL_tolstring(L, idx, NULL)
		                                    : luaL_typename(L, idx));
	}
}

/* Parses the filter table at idx into a new iterator; returns its slot. */
static size_t parse_filter(lua_State *L, int idx, int kind)
{
	rl_check_ctx *ctx = ctx_of(L);
	if (ctx->niters >= MAX_ITERS)
		luaL_error(L, "expected at most %d iterations started by one check, found more",
		           MAX_ITERS);
	if (ctx->niters == ctx->capiters) {
		ctx->capiters = ctx->capiters ? ctx->capiters * 2 : 16;
		ctx->iters = rl_xrealloc(ctx->iters, ctx->capiters, sizeof *ctx->iters);
	}
	size_t slot = ctx->niters++;
	rl_iter *it = &ctx->iters[slot];
	it->kind = (int8_t)kind;
	it->nconds = 0;
	if (kind == PATHS)
		ctx->read_paths |= RL_READ_PATH_SET;
	it->conds = ctx->nconds;
	if (lua_isnoneornil(L, idx))
		return slot;
	if (lua_type(L, idx) != LUA_TTABLE)
		luaL_error(L, "expected a filter table { field = value }, found %s",
		           luaL_typename(L, idx));
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
		if (!key)
			luaL_error(L, "expected filter keys to be field names, found %s",
			           luaL_typename(L, -2));
		int f;
		if (strcmp(key, "id") == 0)
			f = -1;
		else if (kind == PATHS)
			f = path_field(L, key);
		else
			f = kind_field(L, (rl_kind)kind, key);
		if (f < 0 && strcmp(key, "id") != 0)
			luaL_error(L, "filter: %s have no field '%s'",
			           kind == PATHS ? "paths" : rl_kind_name((rl_kind)kind), key);
		if (ctx->nconds == ctx->capconds) {
			ctx->capconds = ctx->capconds ? ctx->capconds * 2 : 32;
			ctx->conds = rl_xrealloc(ctx->conds, ctx->capconds, sizeof *ctx->conds);
		}
		rl_cond *c = &ctx->conds[ctx->nconds++];
		c->field = (int16_t)f;
		c->vals = ctx->nvals;
		c->nvals = 0;
		if (lua_type(L, -1) == LUA_TTABLE) {
			size_t n = (size_t)lua_rawlen(L, -1);
			if (n > MAX_FILTER_VALUES)
				luaL_error(L, "filter %s: expected at most %d values, found %d", key,
				           MAX_FILTER_VALUES, (int)n);
			for (size_t i = 1; i <= n; i++) {
				lua_rawgeti(L, -1, (lua_Integer)i);
				filter_value(L, -1, key);
				lua_pop(L, 1);
			}
			c->nvals = (uint16_t)n;
		} else {
			filter_value(L, -1, key);
			c->nvals = 1;
		}
		if (kind == PATHS)
			ctx->read_paths |= f >= 0 ? 1u << f : RL_READ_PATH_SET;
		else if (f >= 0)
			ctx->reads[kind] |= 1u << f;
		ctx->iters[slot].nconds++;
		lua_pop(L, 1);
	}
	return slot;
}

enum { NO, YES, MAYBE };

static int match_one(const rl_value *v, const rl_value *vals, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (rl_value_eq(v, &vals[i]) && vals[i].t != RL_V_NIL)
			return YES;
	return NO;
}

static int match_value(const rl_value *v, const rl_value *vals, size_t n)
{
	if (v->t == RL_V_UNKNOWN)
		return MAYBE;
	if (v->t == RL_V_LIST) {
		int maybe = 0;
		for (uint32_t i = 0; i < v->n; i++) {
			if (v->u.items[i].t == RL_V_UNKNOWN)
				maybe = 1;
			else if (match_one(&v->u.items[i], vals, n) == YES)
				return YES;
		}
		return maybe ? MAYBE : NO;
	}
	return match_one(v, vals, n);
}

/* Three-valued: any condition false excludes; else any unknown stops. */
static int matches(lua_State *L, const rl_iter *it, int kind, uint32_t i)
{
	rl_check_ctx *ctx = ctx_of(L);
	int maybe = -1;
	rl_fref why = {0, 0, 0};
	for (uint16_t c = 0; c < it->nconds; c++) {
		const rl_cond *cd = &ctx->conds[it->conds + c];
		const rl_value *vals = &ctx->vals[cd->vals];
		const rl_value *v;
		rl_value idv;
		rl_fref w;
		if (cd->field < 0) {
			memset(&idv, 0, sizeof idv);
			idv.t = RL_V_STR;
			idv.u.s = kind == PATHS ? NULL : ctx->w->ents[kind][i].id;
			if (kind == PATHS) {
				/* path ids are names, not interned: compare text */
				int hit = 0;
				for (uint16_t k = 0; k < cd->nvals && !hit; k++)
					hit = vals[k].t == RL_V_STR &&
					      strcmp(vals[k].u.s, ctx->w->paths[i].name) == 0;
				if (!hit)
					return 0;
				continue;
			}
			v = &idv;
			w.kind = (int8_t)kind, w.field = 0, w.index = (int32_t)i;
		} else if (kind == PATHS) {
			v = &ctx->w->paths[i].v[cd->field];
			w = ctx->w->paths[i].why[cd->field];
		} else {
			v = &ctx->w->ents[kind][i].f[cd->field];
			w.kind = (int8_t)kind, w.field = (int8_t)cd->field, w.index = (int32_t)i;
		}
		int m = match_value(v, vals, cd->nvals);
		if (m == NO)
			return 0;
		if (m == MAYBE && maybe < 0) {
			maybe = 1;
			why = w;
		}
	}
	if (maybe > 0)
		stop_fref(L, why);
	return 1;
}

static size_t count_of(lua_State *L, int kind)
{
	rl_check_ctx *ctx = ctx_of(L);
	return kind == PATHS ? ctx->w->npaths : ctx->w->m->n[kind];
}

/* iterator(state = slot, control = previous handle) */
static int iter_next(lua_State *L)
{
	rl_check_ctx *ctx = ctx_of(L);
	lua_Integer slot = lua_tointeger(L, 1);
	if (slot < 0 || (size_t)slot >= ctx->niters)
		return luaL_error(L, "iterator used outside the check that started it");
	const rl_iter *it = &ctx->iters[slot];
	uint32_t start = 0;
	if (!lua_isnil(L, 2)) {
		void *h = check_handle(L, 2, it->kind == PATHS ? RL_H_PATH : RL_H_ENTITY,
		                       it->kind == PATHS ? "a path" : "an entity");
		start = rl_handle_index(h) + 1;
	}
	size_t n = count_of(L, it->kind);
	for (uint32_t i = start; i < n; i++) {
		if (!matches(L, it, it->kind, i))
			continue;
		if (it->kind == PATHS) {
			if (ctx->trace) {
				if (ctx->nconsulted == ctx->capconsulted) {
					ctx->capconsulted = ctx->capconsulted ? ctx->capconsulted * 2 : 16;
					ctx->consulted = rl_xrealloc(ctx->consulted, ctx->capconsulted,
					                             sizeof *ctx->consulted);
				}
				ctx->consulted[ctx->nconsulted++] = i;
			}
			lua_pushlightuserdata(L, rl_handle(RL_H_PATH, ctx->gen, 0, i));
		} else {
			lua_pushlightuserdata(L, rl_handle(RL_H_ENTITY, ctx->gen,
			                                   (unsigned)it->kind, i));
		}
		return 1;
	}
	return 0;
}

static int iterate(lua_State *L, int kind)
{
	check_handle(L, 1, RL_H_WORLD, "the world (call it as w:method)");
	size_t slot = parse_filter(L, 2, kind);
	lua_pushcfunction(L, iter_next);
	lua_pushinteger(L, (lua_Integer)slot);
	lua_pushnil(L);
	return 3;
}

static int w_parties(lua_State *L) { return iterate(L, RL_K_PARTY); }
static int w_clouds(lua_State *L) { return iterate(L, RL_K_CLOUD); }
static int w_models(lua_State *L) { return iterate(L, RL_K_MODEL); }
static int w_products(lua_State *L) { return iterate(L, RL_K_PRODUCT); }
static int w_deployments(lua_State *L) { return iterate(L, RL_K_DEPLOYMENT); }
static int w_statements(lua_State *L) { return iterate(L, RL_K_STATEMENT); }
static int w_paths(lua_State *L) { return iterate(L, PATHS); }

/* The kind named at idx; *ours: the argument is one of names' strings. */
static int kind_arg_of(lua_State *L, int idx, int *ours)
{
	const char *name = luaL_checkstring(L, idx);
	/* Lua interns short strings: a literal kind name is one of ours. */
	const names *nm = names_of(L);
	*ours = 1;
	for (int k = 0; k <= RL_NKINDS; k++)
		if (name == nm->kinds[k][0] || name == nm->kinds[k][1])
			return nm->kindval[k];
	*ours = 0;
	if (strcmp(name, "path") == 0 || strcmp(name, "paths") == 0)
		return PATHS;
	int k = rl_kind_parse(name);
	if (k < 0)
		luaL_error(L, "expected a kind (party, cloud, model, product, deployment, "
		           "statement, path), found '%s'", name);
	return k;
}

static int kind_arg(lua_State *L, int idx)
{
	int ours;
	return kind_arg_of(L, idx, &ours);
}

static int w_count(lua_State *L)
{
	rl_check_ctx *ctx = ctx_of(L);
	check_handle(L, 1, RL_H_WORLD, "the world (call it as w:count)");
	int kind = kind_arg(L, 2);
	size_t slot = parse_filter(L, 3, kind);
	const rl_iter *it = &ctx->iters[slot];
	size_t n = count_of(L, kind), count = 0;
	for (uint32_t i = 0; i < n; i++)
		count += (size_t)matches(L, it, kind, i);
	lua_pushinteger(L, (lua_Integer)count);
	return 1;
}

static int w_get(lua_State *L)
{
	rl_sandbox *sb = rl_sandbox_of(L);
	rl_check_ctx *ctx = rl_sandbox_data(sb, RL_H_WORLD);
	names *nm = rl_sandbox_data(sb, RL_H_ENTITY);
	if (!current_handle(L, ctx, 1, RL_H_WORLD))
		check_handle(L, 1, RL_H_WORLD, "the world (call it as w:get)");
	struct get_memo *g = NULL;
	if (lua_type(L, 2) == LUA_TSTRING && lua_type(L, 3) == LUA_TSTRING) {
		const char *ks = lua_tostring(L, 2), *ids = lua_tostring(L, 3);
		g = &nm->got[(((uintptr_t)ks >> 4) * 31 + ((uintptr_t)ids >> 4)) % 64];
		if (g->kind == ks && g->id == ids && g->m == ctx->w->m &&
		    g->i < ctx->w->m->n[g->k] && strcmp(ctx->w->ents[g->k][g->i].id, ids) == 0) {
			lua_pushlightuserdata(L, rl_handle(RL_H_ENTITY, ctx->gen, (unsigned)g->k,
			                                   g->i));
			return 1;
		}
	}
	int ours;
	int kind = kind_arg_of(L, 2, &ours);
	const char *id = luaL_checkstring(L, 3);
	if (kind == PATHS) {
		ctx->read_paths |= RL_READ_PATH_SET;
		for (uint32_t i = 0; i < ctx->w->npaths; i++)
			if (strcmp(ctx->w->paths[i].name, id) == 0) {
				lua_pushlightuserdata(L, rl_handle(RL_H_PATH, ctx->gen, 0, i));
				return 1;
			}
		lua_pushnil(L);
		return 1;
	}
	long i = rl_model_find(ctx->w->m, (rl_kind)kind, id);
	if (i < 0) {
		lua_pushnil(L);
		return 1;
	}
	if (g && ours) {
		g->kind = lua_tostring(L, 2);
		g->id = id;
		g->m = ctx->w->m;
		g->k = kind;
		g->i = (uint32_t)i;
	}
	lua_pushlightuserdata(L, rl_handle(RL_H_ENTITY, ctx->gen, (unsigned)kind, (uint32_t)i));
	return 1;
}

void rl_compared_add(rl_compared *c, double t)
{
	if (t != t)
		return;
	for (uint32_t i = 0; i < c->n; i++)
		if (c->t[i] == t)
			return;
	if (c->n < RL_COMPARED_MAX)
		c->t[c->n++] = t;
	else
		c->overflow = 1;
}

void rl_compared_merge(rl_compared *to, const rl_compared *from)
{
	for (int k = 0; k < RL_NKINDS; k++)
		to->fields[k] |= from->fields[k];
	to->paths |= from->paths;
	to->overflow |= from->overflow;
	to->any |= from->any;
	for (uint32_t i = 0; i < from->n; i++)
		rl_compared_add(to, from->t[i]);
}

/* A fact named by a method's arguments (x at 2, an entity or a path; its
 * field's name at 3): its value, and in *k its kind (-1: a path field),
 * in *i the entity's or path's index, in *f the field, in *why the fact
 * an unknown value stands for. */
static const rl_value *fact_arg(lua_State *L, const char *method, int *k, uint32_t *i,
                                int *f, rl_fref *why)
{
	rl_check_ctx *ctx = ctx_of(L);
	if (!current_handle(L, ctx, 1, RL_H_WORLD)) {
		char what[48];
		snprintf(what, sizeof what, "the world (call it as w:%s)", method);
		check_handle(L, 1, RL_H_WORLD, what);
	}
	void *h = lua_type(L, 2) == LUA_TLIGHTUSERDATA ? lua_touserdata(L, 2) : NULL;
	const char *key = luaL_checkstring(L, 3);
	if (h && rl_handle_tag(h) == RL_H_PATH) {
		check_handle(L, 2, RL_H_PATH, "a path");
		*f = path_field(L, key);
		if (*f < 0)
			luaL_error(L, "a path has no field '%s'", key);
		*k = -1;
		*i = rl_handle_index(h);
		const rl_path *p = &ctx->w->paths[*i];
		*why = p->why[*f];
		return &p->v[*f];
	}
	h = check_handle(L, 2, RL_H_ENTITY, "an entity or a path");
	*k = (int)rl_handle_kind(h);
	*i = rl_handle_index(h);
	const rl_entity *e = &ctx->w->ents[*k][*i];
	*f = kind_field(L, (rl_kind)*k, key);
	if (*f < 0)
		luaL_error(L, "%s %s has no field '%s'", rl_kind_name((rl_kind)*k), e->id, key);
	rl_fref r = {(int8_t)*k, (int8_t)*f, (int32_t)*i};
	/* (as entity_index names a default derived from an unknown fact) */
	if (e->f[*f].t == RL_V_UNKNOWN && (e->defaulted & (1u << *f)) && *k == RL_K_DEPLOYMENT)
		r.field = *f == RL_DE_SELLER ? RL_DE_OPERATOR : RL_DE_RUNS;
	*why = r;
	return &e->f[*f];
}

/* w:known(x, field): is the fact known?  x an entity or a path.  Lets a
 * check decide on the facts it has before it reads one that may be
 * unknown; it never yields a placeholder, only whether the fact is there. */
static int w_known(lua_State *L)
{
	rl_check_ctx *ctx = ctx_of(L);
	int k, f;
	uint32_t i;
	rl_fref why;
	const rl_value *v = fact_arg(L, "known", &k, &i, &f, &why);
	if (k < 0)
		ctx->read_paths |= 1u << f;
	else
		ctx->reads[k] |= 1u << f;
	int known = v->t != RL_V_UNKNOWN;
	for (uint32_t j = 0; known && v->t == RL_V_LIST && j < v->n; j++)
		known = v->u.items[j].t != RL_V_UNKNOWN;
	lua_pushboolean(L, known);
	return 1;
}

/* w:above(x, field, t) and w:below(x, field, t): is the number fact above
 * (below) t?  False when the fact is not set; an unknown fact stops the
 * check as reading it would.  The world records only that the fact was
 * compared with t, so a batch can reuse the verdict for every value on the
 * same side of the numbers compared (memo.h). */
static int compare(lua_State *L, const char *method, int above)
{
	rl_check_ctx *ctx = ctx_of(L);
	int k, f;
	uint32_t i;
	rl_fref why;
	const rl_value *v = fact_arg(L, method, &k, &i, &f, &why);
	double t = luaL_checknumber(L, 4);
	if (k < 0)
		ctx->cmp.paths |= 1u << f;
	else
		ctx->cmp.fields[k] |= 1u << f;
	ctx->cmp.any = 1;
	rl_compared_add(&ctx->cmp, t);
	if (v->t == RL_V_UNKNOWN)
		stop_fref(L, why);
	if (v->t != RL_V_NUM && v->t != RL_V_NIL) {
		char name[256];
		rl_fref_format((const rl_entity *const *)ctx->w->ents, why, name, sizeof name);
		return luaL_error(L, "w:%s: expected %s to be a number, found %s", method,
		                  k < 0 ? lua_tostring(L, 3) : name,
		                  v->t == RL_V_STR ? "a string" : v->t == RL_V_BOOL ? "a boolean"
		                                                 : "a list or table");
	}
	lua_pushboolean(L, v->t == RL_V_NUM && (above ? v->u.num > t : v->u.num < t));
	return 1;
}

static int w_above(lua_State *L) { return compare(L, "above", 1); }
static int w_below(lua_State *L) { return compare(L, "below", 0); }

/* w:cite(x, field [, digits]): the fact's value as an explanation shows it
 * (a number with that many decimals), without reading it.  It returns a
 * placeholder that the engine replaces with the value where it keeps the
 * explanation (rl_cite), so the check's verdict cannot depend on
 * the value through it. */
#define CITE_OPEN '\x01'
#define CITE_CLOSE '\x02'

static int w_cite(lua_State *L)
{
	int k, f;
	uint32_t i;
	rl_fref why;
	(void)fact_arg(L, "cite", &k, &i, &f, &why);
	lua_Integer digits = -1;
	if (!lua_isnoneornil(L, 4)) {
		int isnum;
		digits = lua_tointegerx(L, 4, &isnum);
		if (!isnum || digits < 0 || digits > 9)
			return luaL_error(L, "w:cite: expected digits from 0 to 9, found %s",
			                  luaL_tolstring(L, 4, NULL));
	}
	char mark[64];
	snprintf(mark, sizeof mark, "%c%d.%u.%d.%d%c", CITE_OPEN, k, (unsigned)i, f, (int)digits,
	         CITE_CLOSE);
	lua_pushstring(L, mark);
	return 1;
}

/* As rl_value_format shows v, but an unset fact is "none", a number takes
 * digits decimals (digits >= 0) and a table is not listed. */
static void cite_value(rl_buf *out, const rl_value *v, int digits)
{
	if (v->t == RL_V_NIL) {
		rl_buf_puts(out, "none");
	} else if (v->t == RL_V_TABLE) {
		rl_buf_puts(out, "(table)");
	} else if (v->t == RL_V_NUM && digits >= 0) {
		rl_buf_printf(out, "%.*f", digits, v->u.num);
	} else if (v->t == RL_V_LIST) {
		for (uint32_t j = 0; j < v->n; j++) {
			if (j)
				rl_buf_puts(out, ", ");
			cite_value(out, &v->u.items[j], digits);
		}
	} else {
		rl_value_format(v, out);
	}
}

/* One number of a placeholder: its value, with *s past it and the '.' or
 * CITE_CLOSE that ends it (in *end); 0 when there is none in range. */
static int cite_number(const char **s, long long lo, long long hi, long long *v, char *end)
{
	char *e;
	errno = 0;
	*v = strtoll(*s, &e, 10);
	if (e == *s || errno || *v < lo || *v > hi || (*e != '.' && *e != CITE_CLOSE))
		return 0;
	*end = *e;
	*s = e + 1;
	return 1;
}

/* A placeholder's fact in the current world (s just past CITE_OPEN), or
 * NULL when it names none; *digits as w:cite was given them (-1: none). */
static const rl_value *cite_fact(const rl_check_ctx *ctx, const char *s, int *digits)
{
	long long k, i, f, d;
	char e1, e2, e3, e4;
	if (!cite_number(&s, -1, RL_NKINDS - 1, &k, &e1) || e1 != '.' ||
	    !cite_number(&s, 0, UINT32_MAX, &i, &e2) || e2 != '.' ||
	    !cite_number(&s, 0, 63, &f, &e3) || e3 != '.' ||
	    !cite_number(&s, -1, 9, &d, &e4) || e4 != CITE_CLOSE)
		return NULL;
	*digits = (int)d;
	if (k < 0)
		return (size_t)i < ctx->w->npaths && f < RL_P_N ? &ctx->w->paths[i].v[f] : NULL;
	if ((size_t)i >= ctx->w->m->n[k] || (size_t)f >= rl_kind_nfields((rl_kind)k))
		return NULL;
	return &ctx->w->ents[k][i].f[f];
}

const char *rl_cite(rl_check_ctx *ctx, const char *s)
{
	if (!s || !ctx->w || !strchr(s, CITE_OPEN))
		return s;
	rl_buf *out = &ctx->cited;
	out->len = 0;
	rl_buf_puts(out, "");
	while (*s) {
		const char *open = strchr(s, CITE_OPEN);
		if (!open) {
			rl_buf_puts(out, s);
			break;
		}
		rl_buf_add(out, s, (size_t)(open - s));
		int digits;
		const rl_value *v = cite_fact(ctx, open + 1, &digits);
		const char *close = strchr(open, CITE_CLOSE);
		if (!v || !close) {
			/* not one of ours: the byte stays */
			rl_buf_add(out, open, 1);
			s = open + 1;
			continue;
		}
		cite_value(out, v, digits);
		s = close + 1;
	}
	return out->data;
}

static const luaL_Reg world_methods[] = {{"get", w_get}, {"count", w_count},
	{"known", w_known}, {"above", w_above}, {"below", w_below}, {"cite", w_cite},
	{"parties", w_parties}, {"clouds", w_clouds}, {"models", w_models},
	{"products", w_products}, {"deployments", w_deployments},
	{"statements", w_statements}, {"paths", w_paths}, {NULL, NULL}};

static const char *world_member_name(int m)
{
	static const char *const fields[] = {"date", "params", "scenario"};
	return m < 3 ? fields[m] : world_methods[m - 3].name;
}

static int world_index(lua_State *L)
{
	rl_sandbox *sb = rl_sandbox_of(L);
	rl_check_ctx *ctx = rl_sandbox_data(sb, RL_H_WORLD);
	const names *nm = rl_sandbox_data(sb, RL_H_ENTITY);
	if (!current_handle(L, ctx, 1, RL_H_WORLD))
		check_handle(L, 1, RL_H_WORLD, "the world");
	if (lua_type(L, 2) == LUA_TSTRING && lua_tostring(L, 2) == nm->get) {
		lua_pushcfunction(L, w_get);
		return 1;
	}
	const char *key = luaL_checkstring(L, 2);
	if (key == nm->get) {
		lua_pushcfunction(L, w_get);
		return 1;
	}
	/* The member: by the address of Lua's interned string, else by text. */
	int m = -1;
	for (int j = 0; j < WORLD_MEMBERS && m < 0; j++)
		if (key == nm->members[j])
			m = j;
	for (int j = 0; j < WORLD_MEMBERS && m < 0; j++)
		if (strcmp(key, world_member_name(j)) == 0)
			m = j;
	switch (m) {
	case -1:
		return luaL_error(L, "the world has no field '%s'", key);
	case 0: {
		char day[11];
		ctx->read_date = 1;
		rl_date_format(ctx->w->date, day);
		lua_pushstring(L, day);
		return 1;
	}
	case 1:
		lua_pushlightuserdata(L, rl_handle(RL_H_PARAMS, ctx->gen, 0, 0));
		return 1;
	case 2:
		lua_pushlightuserdata(L, rl_handle(RL_H_ENTITY, ctx->gen, RL_K_SCENARIO, 0));
		return 1;
	default:
		lua_pushcfunction(L, world_methods[m - 3].func);
		return 1;
	}
}

static int world_tostring(lua_State *L)
{
	lua_pushliteral(L, "world");
	return 1;
}

/* --- verdicts --------------------------------------------------------------- */

static void add_item(rl_check_ctx *ctx, const char *s)
{
	if (ctx->nitems == ctx->capitems) {
		ctx->capitems = ctx->capitems ? ctx->capitems * 2 : 8;
		ctx->items = rl_xrealloc(ctx->items, ctx->capitems, sizeof *ctx->items);
	}
	ctx->items[ctx->nitems++] = rl_xstrdup(s);
}

/* Records a verdict: because at idx, a list (evidence or needs) at idx+1. */
static int verdict(lua_State *L, int v, const char *fn, int idx, int needs)
{
	rl_check_ctx *ctx = ctx_of(L);
	if (!ctx->w)
		return luaL_error(L, "%s(...) is a verdict; return it from a check", fn);
	if (!lua_isnoneornil(L, idx) && lua_type(L, idx) != LUA_TSTRING)
		return luaL_error(L, "%s: expected because to be a string, found %s", fn,
		                  luaL_typename(L, idx));
	if (!lua_isnoneornil(L, idx + 1) && lua_type(L, idx + 1) != LUA_TTABLE)
		return luaL_error(L, "%s: expected %s to be a list, found %s", fn,
		                  needs ? "needs" : "evidence", luaL_typename(L, idx + 1));
	if (ctx->has_verdict && ctx->details) {
		/* Keep the details of the verdict built before: the check may
		 * return it. */
		struct rl_kept_verdict *kv = &ctx->kept[ctx->seq % 8];
		for (size_t i = 0; i < kv->nitems; i++)
			free(kv->items[i]);
		free(kv->items);
		free(kv->because);
		kv->seq = ctx->seq;
		kv->because = rl_xstrdup(ctx->because.data ? ctx->because.data : "");
		kv->nitems = ctx->nitems;
		kv->items = ctx->nitems ? rl_xcalloc(ctx->nitems, sizeof *kv->items) : NULL;
		for (size_t i = 0; i < ctx->nitems; i++)
			kv->items[i] = ctx->items[i];
		ctx->nitems = 0;
	}
	for (size_t i = 0; i < ctx->nitems; i++)
		free(ctx->items[i]);
	ctx->nitems = 0;
	ctx->because.len = 0;
	if (ctx->because.data)
		ctx->because.data[0] = '\0';
	if (ctx->details) {
		if (lua_type(L, idx) == LUA_TSTRING)
			rl_buf_puts(&ctx->because, rl_cite(ctx, lua_tostring(L, idx)));
		if (lua_type(L, idx + 1) == LUA_TTABLE) {
			size_t n = (size_t)lua_rawlen(L, idx + 1);
			for (size_t i = 1; i <= n; i++) {
				lua_rawgeti(L, idx + 1, (lua_Integer)i);
				void *h = lua_type(L, -1) == LUA_TLIGHTUSERDATA ? lua_touserdata(L, -1) : NULL;
				if (lua_type(L, -1) == LUA_TSTRING) {
					add_item(ctx, rl_cite(ctx, lua_tostring(L, -1)));
				} else if (h && rl_handle_tag(h) == RL_H_ENTITY && !needs) {
					check_handle(L, -1, RL_H_ENTITY, "an entity");
					add_item(ctx, ctx->w->ents[rl_handle_kind(h)][rl_handle_index(h)].id);
				} else if (h && rl_handle_tag(h) == RL_H_PATH && !needs) {
					check_handle(L, -1, RL_H_PATH, "a path");
					add_item(ctx, ctx->w->paths[rl_handle_index(h)].name);
				} else {
					return luaL_error(L, "%s: expected %s to list %s, found %s", fn,
					                  needs ? "needs" : "evidence",
					                  needs ? "field paths (strings)"
					                        : "entities, paths or ids",
					                  luaL_typename(L, -1));
				}
				lua_pop(L, 1);
			}
		}
	}
	ctx->has_verdict = 1;
	ctx->verdict = v;
	ctx->seq++;
	lua_pushlightuserdata(L, rl_handle(RL_H_VERDICT, ctx->gen, (unsigned)v, ctx->seq));
	return 1;
}

static int l_breach(lua_State *L) { return verdict(L, RL_BREACH, "breach", 1, 0); }
static int l_compliant(lua_State *L) { return verdict(L, RL_COMPLIANT, "compliant", 1, 0); }
static int l_not_applicable(lua_State *L)
{
	return verdict(L, RL_NOT_APPLICABLE, "not_applicable", 1, 0);
}
/* unknown(because, needs): `unknown` is a handle; __call passes it first. */
static int l_unknown(lua_State *L) { return verdict(L, RL_UNKNOWN, "unknown", 2, 1); }

static int unknown_tostring(lua_State *L)
{
	lua_pushliteral(L, "unknown");
	return 1;
}

static int verdict_tostring(lua_State *L)
{
	lua_pushstring(L, rl_verdict_name((rl_verdict)rl_handle_kind(lua_touserdata(L, 1))));
	return 1;
}

/* --- installation --------------------------------------------------------- */

static int install(lua_State *L)
{
	rl_sandbox *sb = rl_sandbox_of(L);
	names *nm = lua_newuserdatauv(L, sizeof *nm, 1);
	memset(nm, 0, sizeof *nm);
	/* Keep every name string alive (referenced) so its address is stable. */
	lua_newtable(L);
	int keep = lua_gettop(L);
	int n = 0;
	for (int k = 0; k < RL_NKINDS; k++)
		for (size_t f = 0; f < rl_kind_nfields((rl_kind)k) && f < 16; f++) {
			lua_pushstring(L, rl_kind_field((rl_kind)k, f)->name);
			nm->kind[k][f] = lua_tostring(L, -1);
			lua_rawseti(L, keep, ++n);
		}
	for (size_t f = 0; f < RL_P_N; f++) {
		lua_pushstring(L, rl_path_field_name(f));
		nm->path[f] = lua_tostring(L, -1);
		lua_rawseti(L, keep, ++n);
	}
	lua_pushliteral(L, "id");
	nm->id = lua_tostring(L, -1);
	lua_rawseti(L, keep, ++n);
	lua_pushliteral(L, "kind");
	nm->kindkey = lua_tostring(L, -1);
	lua_rawseti(L, keep, ++n);
	for (int k = 0; k <= RL_NKINDS; k++) {
		const char *one = k < RL_NKINDS ? rl_kind_name((rl_kind)k) : "path";
		lua_pushstring(L, one);
		nm->kinds[k][0] = lua_tostring(L, -1);
		lua_rawseti(L, keep, ++n);
		lua_pushstring(L, k < RL_NKINDS ? rl_kind_plural((rl_kind)k) : "paths");
		nm->kinds[k][1] = lua_tostring(L, -1);
		lua_rawseti(L, keep, ++n);
		nm->kindval[k] = k < RL_NKINDS ? k : PATHS;
	}
	lua_pushliteral(L, "get");
	nm->get = lua_tostring(L, -1);
	lua_rawseti(L, keep, ++n);
	for (int m = 0; m < WORLD_MEMBERS; m++) {
		lua_pushstring(L, world_member_name(m));
		nm->members[m] = lua_tostring(L, -1);
		lua_rawseti(L, keep, ++n);
	}
	lua_setiuservalue(L, -2, 1);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &names_key);
	rl_sandbox_set_data(sb, RL_H_ENTITY, nm);

	rl_handle_ops o;
	memset(&o, 0, sizeof o);
	o.index = world_index;
	o.tostring = world_tostring;
	rl_sandbox_handle_ops(sb, RL_H_WORLD, &o);
	memset(&o, 0, sizeof o);
	o.index = entity_index;
	o.tostring = entity_tostring;
	rl_sandbox_handle_ops(sb, RL_H_ENTITY, &o);
	memset(&o, 0, sizeof o);
	o.index = path_index;
	o.tostring = path_tostring;
	rl_sandbox_handle_ops(sb, RL_H_PATH, &o);
	memset(&o, 0, sizeof o);
	o.index = table_index;
	o.pairs = table_pairs;
	rl_sandbox_handle_ops(sb, RL_H_PARAMS, &o);
	rl_sandbox_handle_ops(sb, RL_H_ATTRS, &o);
	memset(&o, 0, sizeof o);
	o.tostring = verdict_tostring;
	rl_sandbox_handle_ops(sb, RL_H_VERDICT, &o);
	memset(&o, 0, sizeof o);
	o.tostring = unknown_tostring;
	o.call = l_unknown;
	rl_sandbox_handle_ops(sb, RL_H_UNKNOWN, &o);
	return 0;
}

void rl_world_api_install(rl_sandbox *sb, rl_check_ctx *ctx)
{
	rl_sandbox_set_data(sb, RL_H_WORLD, ctx);
	char *err = NULL;
	if (rl_sandbox_cpcall(sb, install, NULL, &err) != RL_RUN_OK) {
		fprintf(stderr, "redline: cannot install the world API: %s\n", err);
		free(err);
		abort();
	}
	lua_State *L = rl_sandbox_state(sb);
	lua_pushcfunction(L, l_breach);
	rl_sandbox_export(sb, "breach");
	lua_pushcfunction(L, l_compliant);
	rl_sandbox_export(sb, "compliant");
	lua_pushcfunction(L, l_not_applicable);
	rl_sandbox_export(sb, "not_applicable");
}
