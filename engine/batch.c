/* batch.c - loading batch files, generating variants, running workers. */
#include "batch.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lauxlib.h>

#include "eval.h"
#include "loader.h"
#include "manifest.h"
#include "paths.h"
#include "sandbox.h"
#include "store.h"

#define MAX_AXES 32
#define BLOCK 256
#define NO_CHANGES UINT32_MAX   /* write_line: not a search, no "changes" */

typedef enum { AX_DATE, AX_PARAM, AX_FIELD, AX_ATTR } axis_kind;

typedef struct axis {
	char *path;
	axis_kind what;
	rl_kind kind;
	size_t index, field;    /* AX_FIELD/AX_ATTR: entity and field */
	const char *key;        /* AX_PARAM/AX_ATTR: interned key */
	rl_value *vals;         /* list values (interned in the base model) */
	size_t nvals;
	int uniform;            /* sample mode: uniform(lo, hi) */
	double lo, hi;
	int line;
	/* The base scenario's value: its index among vals (-1: none of them),
	 * or for a uniform axis the number (NAN: not a number). */
	long base_pick;
	double base_num;
} axis;

struct rl_batch {
	char *file, *id;
	rl_scenario *base;
	axis axes[MAX_AXES];
	size_t naxes;
	int sample;
	unsigned long long n;   /* number of variants */
	unsigned long long seed;
};

void rl_batch_free(rl_batch *b)
{
	if (!b)
		return;
	for (size_t a = 0; a < b->naxes; a++) {
		free(b->axes[a].path);
		free(b->axes[a].vals);
	}
	rl_scenario_free(b->base);
	free(b->file);
	free(b->id);
	free(b);
}

unsigned long long rl_batch_count(const rl_batch *b)
{
	return b->n;
}

const char *rl_batch_file(const rl_batch *b) { return b->file; }
const char *rl_batch_id(const rl_batch *b)
{
	return b->id;
}

const rl_scenario *rl_batch_base(const rl_batch *b) { return b->base; }
size_t rl_batch_axis_count(const rl_batch *b) { return b->naxes; }
const char *rl_batch_axis_path(const rl_batch *b, size_t a) { return b->axes[a].path; }

int rl_batch_is_manifest_line(const char *line)
{
	return strncmp(line, "{\"manifest\":", 12) == 0;
}

int rl_batch_seed(const rl_batch *b, unsigned long long *seed)
{
	if (b->sample)
		*seed = b->seed;
	return b->sample;
}

/* --- loading ----------------------------------------------------------------- */

static const char batch_key, uniform_key;

static int l_range(lua_State *L)
{
	double a = luaL_checknumber(L, 1), b = luaL_checknumber(L, 2);
	double step = luaL_checknumber(L, 3);
	if (!(step > 0) || !isfinite(a) || !isfinite(b) || b < a)
		return luaL_error(L, "range(a, b, step): expected a <= b and step > 0, "
		                  "found range(%f, %f, %f)", a, b, step);
	double count = floor((b - a) / step + 1e-9) + 1;
	if (count > 1e7)
		return luaL_error(L, "range: expected at most 10000000 values, found %.0f", count);
	lua_createtable(L, (int)count, 0);
	for (lua_Integer k = 0; k < (lua_Integer)count; k++) {
		lua_pushnumber(L, a + (double)k * step);
		lua_rawseti(L, -2, k + 1);
	}
	return 1;
}

static int l_uniform(lua_State *L)
{
	double a = luaL_checknumber(L, 1), b = luaL_checknumber(L, 2);
	if (!(a < b) || !isfinite(a) || !isfinite(b))
		return luaL_error(L, "uniform(a, b): expected finite a < b");
	lua_createtable(L, 2, 0);
	lua_pushnumber(L, a);
	lua_rawseti(L, -2, 1);
	lua_pushnumber(L, b);
	lua_rawseti(L, -2, 2);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &uniform_key);
	lua_setmetatable(L, -2);
	return 1;
}

static int batch_body(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &batch_key);
	if (!lua_isnil(L, -1))
		return luaL_error(L, "expected one batch per file, found a second");
	lua_newtable(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_setfield(L, -2, "id");
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_setfield(L, -2, "line");
	lua_pushvalue(L, 1);
	lua_setfield(L, -2, "fields");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &batch_key);
	return 0;
}

static int l_batch(lua_State *L)
{
	luaL_checkstring(L, 1);
	lua_Debug ar;
	int line = 0;
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
		line = ar.currentline;
	lua_pushvalue(L, 1);
	lua_pushinteger(L, line);
	lua_pushcclosure(L, batch_body, 2);
	return 1;
}

static int setup_batch(lua_State *L)
{
	lua_newtable(L);
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &uniform_key);
	return 0;
}

static char *dir_join(const char *file, const char *rel)
{
	const char *slash = strrchr(file, '/');
	if (rel[0] == '/' || !slash)
		return rl_xstrdup(rel);
	return rl_fmt("%.*s/%s", (int)(slash - file), file, rel);
}

typedef struct parse_ctx {
	const rl_engine *e;
	rl_batch *b;
	const char *path;
	int line;
	char *err;
	rl_status st;
} parse_ctx;

static int bad(parse_ctx *pc, rl_status st, char *msg)
{
	pc->err = rl_fmt("%s:%d: %s", pc->path, pc->line, msg);
	free(msg);
	pc->st = st;
	return -1;
}

/* Parses "date", "param.K", "KIND.ID.FIELD", "KIND.ID.attrs.K". */
static int parse_axis_path(parse_ctx *pc, axis *ax, const char *p)
{
	rl_model *m = pc->b->base->m;
	if (strcmp(p, "date") == 0) {
		ax->what = AX_DATE;
		return 0;
	}
	if (strncmp(p, "param.", 6) == 0 && p[6]) {
		ax->what = AX_PARAM;
		ax->key = rl_model_intern(m, p + 6);
		return 0;
	}
	const char *dot = strchr(p, '.');
	const char *last = strrchr(p, '.');
	int k = dot ? 0 : -1;
	if (dot) {
		char *kname = rl_xstrndup(p, (size_t)(dot - p));
		k = rl_kind_parse(kname);
		free(kname);
	}
	if (k < 0 || k == RL_K_SCENARIO || last == dot)
		return bad(pc, RL_EINPUT, rl_fmt("expected an axis path date, param.KEY, "
		                                 "KIND.ID.FIELD or KIND.ID.attrs.KEY, found '%s'", p));
	ax->kind = (rl_kind)k;
	const char *idstart = dot + 1, *idend = last;
	const char *field = last + 1;
	/* KIND.ID.attrs.KEY */
	const char *attrs = strstr(idstart, ".attrs.");
	if (attrs && attrs + 6 == last) {
		ax->what = AX_ATTR;
		ax->key = rl_model_intern(m, field);
		idend = attrs;
		ax->field = RL_F_ATTRS;
	} else {
		ax->what = AX_FIELD;
		int f = rl_kind_find_field(ax->kind, field);
		if (f < 0 || f == RL_F_ATTRS)
			return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected a field of %s, found '%s'",
			                                 p, rl_kind_name(ax->kind), field));
		ax->field = (size_t)f;
	}
	char *id = rl_xstrndup(idstart, (size_t)(idend - idstart));
	long i = rl_model_find(m, ax->kind, id);
	if (i < 0) {
		int rc = bad(pc, RL_EINPUT, rl_fmt("axis %s: expected a %s of the base scenario, "
		                                   "found '%s'", p, rl_kind_name(ax->kind), id));
		free(id);
		return rc;
	}
	free(id);
	ax->index = (size_t)i;
	return 0;
}

static int resolve_ref(parse_ctx *pc, const rl_field_def *fd, rl_value *v, const char *axis_path)
{
	if (v->t != RL_V_STR)
		return 0;
	for (int k = 0; k < RL_NKINDS; k++) {
		if (!(fd->refs & (1u << k)))
			continue;
		long i = rl_model_find(pc->b->base->m, (rl_kind)k, v->u.s);
		if (i >= 0) {
			v->ref = (int32_t)((k << 24) | i);
			return 0;
		}
	}
	return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected an id of the base scenario, "
	                                 "found '%s'", axis_path, v->u.s));
}

static int convert_value(parse_ctx *pc, lua_State *L, int idx, axis *ax, rl_value *v)
{
	char *what = NULL;
	static const rl_field_def scalar = {"value", RL_F_STR, 0, 0, NULL};
	static const rl_field_def date = {"date", RL_F_DATE, 0, 0, NULL};
	const rl_field_def *fd;
	rl_field_def any = scalar;
	if (ax->what == AX_DATE) {
		fd = &date;
	} else if (ax->what == AX_FIELD) {
		fd = rl_kind_field(ax->kind, ax->field);
	} else {
		int t = lua_type(L, idx);
		any.type = t == LUA_TNUMBER ? RL_F_NUM : t == LUA_TBOOLEAN ? RL_F_BOOL : RL_F_STR;
		fd = &any;
	}
	if (rl_loader_convert(L, idx, fd, pc->b->base->m, v, &what)) {
		int rc = bad(pc, RL_EINPUT, rl_fmt("axis %s: %s", ax->path, what));
		free(what);
		return rc;
	}
	if (ax->what == AX_DATE && v->t == RL_V_UNKNOWN)
		return bad(pc, RL_EINPUT, rl_fmt("axis date: expected dates, found unknown"));
	if (ax->what == AX_FIELD && (fd->flags & RL_FF_REQUIRED) && v->t == RL_V_NIL)
		return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected a value, found nil", ax->path));
	if (fd->type == RL_F_REF) {
		if (v->t == RL_V_LIST) {
			for (uint32_t i = 0; i < v->n; i++)
				if (resolve_ref(pc, fd, &v->u.items[i], ax->path))
					return -1;
		} else if (resolve_ref(pc, fd, v, ax->path)) {
			return -1;
		}
	}
	return 0;
}

static int parse_batch(lua_State *L)
{
	parse_ctx *pc = lua_touserdata(L, 1);
	rl_batch *b = pc->b;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &batch_key);
	if (lua_isnil(L, -1)) {
		pc->line = 1;
		return bad(pc, RL_EINPUT, rl_fmt("expected batch \"id\" { base = ..., vary = "
		                                 "{ ... } }, found none")), 0;
	}
	int bt = lua_gettop(L);
	lua_getfield(L, bt, "line");
	pc->line = (int)lua_tointeger(L, -1);
	lua_getfield(L, bt, "id");
	b->id = rl_xstrdup(lua_tostring(L, -1));
	lua_getfield(L, bt, "fields");
	int f = lua_gettop(L);
	lua_getfield(L, f, "base");
	if (lua_type(L, -1) != LUA_TSTRING)
		return bad(pc, RL_EINPUT, rl_fmt("batch %s: expected base to name a scenario "
		                                 "file, found nothing", b->id)), 0;
	char *base = dir_join(pc->path, lua_tostring(L, -1));
	char *err = NULL;
	rl_status st = rl_scenario_load(pc->e, base, &b->base, &err);
	free(base);
	if (st != RL_OK) {
		pc->err = err;
		pc->st = st;
		return 0;
	}
	lua_getfield(L, f, "mode");
	const char *mode = lua_isnil(L, -1) ? "grid" : lua_tostring(L, -1);
	if (!mode || (strcmp(mode, "grid") && strcmp(mode, "sample")))
		return bad(pc, RL_EINPUT, rl_fmt("batch %s: expected mode \"grid\" or "
		                                 "\"sample\", found something else", b->id)), 0;
	b->sample = strcmp(mode, "sample") == 0;
	lua_getfield(L, f, "seed");
	b->seed = lua_isinteger(L, -1) ? (unsigned long long)lua_tointeger(L, -1) : 0;
	lua_getfield(L, f, "n");
	if (b->sample) {
		if (!lua_isnumber(L, -1) || lua_tonumber(L, -1) < 1 || lua_tonumber(L, -1) > 1e12)
			return bad(pc, RL_EINPUT, rl_fmt("batch %s: expected n (the number of "
			                                 "samples, 1 to 1e12) in sample mode, "
			                                 "found none", b->id)), 0;
		b->n = (unsigned long long)lua_tonumber(L, -1);
	}
	lua_getfield(L, f, "vary");
	int vary = lua_gettop(L);
	if (lua_type(L, vary) != LUA_TTABLE || lua_rawlen(L, vary) == 0)
		return bad(pc, RL_EINPUT, rl_fmt("batch %s: expected vary = { { PATH, VALUES }, "
		                                 "... }, found no axes", b->id)), 0;
	size_t naxes = (size_t)lua_rawlen(L, vary);
	if (naxes > MAX_AXES)
		return bad(pc, RL_EINPUT, rl_fmt("expected at most %d axes, found %zu",
		                                 MAX_AXES, naxes)), 0;
	double total = 1;
	for (size_t a = 0; a < naxes; a++) {
		axis *ax = &b->axes[b->naxes++];
		lua_rawgeti(L, vary, (lua_Integer)a + 1);
		int at = lua_gettop(L);
		lua_rawgeti(L, at, 1);
		lua_rawgeti(L, at, 2);
		if (lua_type(L, at) != LUA_TTABLE || lua_type(L, -2) != LUA_TSTRING ||
		    lua_type(L, -1) != LUA_TTABLE)
			return bad(pc, RL_EINPUT, rl_fmt("axis %zu: expected { \"PATH\", { values } "
			                                 "}, found something else", a + 1)), 0;
		ax->path = rl_xstrdup(lua_tostring(L, -2));
		if (parse_axis_path(pc, ax, ax->path))
			return 0;
		int vals = lua_gettop(L);
		if (lua_getmetatable(L, vals)) {
			lua_rawgetp(L, LUA_REGISTRYINDEX, &uniform_key);
			int is_uniform = lua_rawequal(L, -1, -2);
			lua_pop(L, 2);
			if (is_uniform) {
				if (!b->sample)
					return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected a list in grid "
					                                 "mode, found uniform(...)", ax->path)), 0;
				if (ax->what != AX_PARAM && ax->what != AX_ATTR &&
				    !(ax->what == AX_FIELD &&
				      (rl_kind_field(ax->kind, ax->field)->type == RL_F_NUM ||
				       rl_kind_field(ax->kind, ax->field)->type == RL_F_SHARE)))
					return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected a list, found "
					                                 "uniform(...) on a field that is "
					                                 "not a number", ax->path)), 0;
				lua_rawgeti(L, vals, 1);
				lua_rawgeti(L, vals, 2);
				ax->uniform = 1;
				ax->lo = lua_tonumber(L, -2);
				ax->hi = lua_tonumber(L, -1);
				const rl_field_def *fd = ax->what == AX_FIELD
				                         ? rl_kind_field(ax->kind, ax->field) : NULL;
				if (fd && fd->type == RL_F_SHARE && (ax->lo < 0 || ax->hi > 1))
					return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected uniform within "
					                                 "[0, 1], found [%g, %g]", ax->path,
					                                 ax->lo, ax->hi)), 0;
				lua_settop(L, vary);
				continue;
			}
		}
		ax->nvals = (size_t)lua_rawlen(L, vals);
		if (ax->nvals == 0)
			return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected at least one value, "
			                                 "found an empty list", ax->path)), 0;
		ax->vals = rl_xcalloc(ax->nvals, sizeof *ax->vals);
		for (size_t i = 0; i < ax->nvals; i++) {
			lua_rawgeti(L, vals, (lua_Integer)i + 1);
			if (convert_value(pc, L, -1, ax, &ax->vals[i]))
				return 0;
			lua_pop(L, 1);
		}
		total *= (double)ax->nvals;
		lua_settop(L, vary);
	}
	if (!b->sample) {
		if (total > 9e15)
			return bad(pc, RL_EINPUT, rl_fmt("batch %s: expected at most 9e15 grid "
			                                 "variants, found %g", b->id, total)), 0;
		b->n = (unsigned long long)total;
	}
	return 0;
}

rl_status rl_batch_load(const rl_engine *e, const char *path, rl_batch **out, char **err)
{
	size_t len;
	char *text = rl_read_file(path, &len, err);
	if (!text)
		return RL_EINPUT;
	rl_sandbox *sb = rl_sandbox_new(&e->limits);
	lua_State *L = rl_sandbox_state(sb);
	char *msg = NULL;
	rl_sandbox_cpcall(sb, setup_batch, NULL, &msg);
	lua_pushcfunction(L, l_batch);
	rl_sandbox_export(sb, "batch");
	lua_pushcfunction(L, l_range);
	rl_sandbox_export(sb, "range");
	lua_pushcfunction(L, l_uniform);
	rl_sandbox_export(sb, "uniform");
	rl_batch *b = rl_xcalloc(1, sizeof *b);
	b->file = rl_xstrdup(path);
	rl_status st = RL_OK;
	rl_run run = rl_sandbox_load(sb, path, text, len, &msg);
	if (run == RL_RUN_OK)
		run = rl_sandbox_call(sb, 0, 0, 0, &msg);
	free(text);
	if (run != RL_RUN_OK) {
		char *nl = strchr(msg, '\n');
		if (nl)
			*nl = '\0';
		free(*err);
		*err = msg;
		st = run == RL_RUN_ERROR ? RL_EINPUT : RL_EEVAL;
	} else {
		parse_ctx pc = {e, b, path, 0, NULL, RL_OK};
		if (rl_sandbox_cpcall(sb, parse_batch, &pc, &msg) != RL_RUN_OK) {
			free(*err);
			*err = msg;
			st = RL_EINPUT;
		} else if (pc.st != RL_OK) {
			free(*err);
			*err = pc.err;
			st = pc.st;
		}
	}
	rl_sandbox_free(sb);
	if (st != RL_OK) {
		rl_batch_free(b);
		return st;
	}
	*out = b;
	return RL_OK;
}

/* --- variants ------------------------------------------------------------------ */

static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The value index (or uniform draw) of axis a in variant i. */
static void variant_choice(const rl_batch *b, unsigned long long i, size_t *pick,
                           double *draw)
{
	if (!b->sample) {
		for (size_t a = b->naxes; a-- > 0;) {
			pick[a] = (size_t)(i % b->axes[a].nvals);
			i /= b->axes[a].nvals;
		}
		return;
	}
	for (size_t a = 0; a < b->naxes; a++) {
		uint64_t r = splitmix(splitmix(b->seed ^ splitmix(i)) + a);
		if (b->axes[a].uniform) {
			double u = (double)(r >> 11) / 9007199254740992.0;
			draw[a] = b->axes[a].lo + (b->axes[a].hi - b->axes[a].lo) * u;
			pick[a] = 0;
		} else {
			pick[a] = (size_t)(r % b->axes[a].nvals);
		}
	}
}

typedef struct worker_world {
	rl_world *w;
	rl_pair *tables[MAX_AXES];      /* own copies of params/attrs */
	size_t slot[MAX_AXES];          /* the pair of each table axis */
	uint64_t key[MAX_AXES];         /* this variant's axis values (memo.h) */
	uint64_t prev[MAX_AXES];        /* the last variant's, in this worker */
	int have_prev;
	int axis_paths[MAX_AXES];       /* the axis may change access paths */
	rl_memo *memo;
	rl_verdicts out;
} worker_world;

#define PATH_BIT(f) (1u << (f))
#define ALL_PATH_FIELDS (((1u << RL_P_N) - 1) | RL_READ_PATH_SET)

/* What an axis may change (memo.h): its own fact, the defaults derived
 * from it (model.c, rl_entity_defaults) and the access path fields traced
 * from it (paths.c).  Over-approximating is safe; missing a dependency is
 * not. */
static rl_axis_deps axis_deps(const axis *ax)
{
	rl_axis_deps d;
	memset(&d, 0, sizeof d);
	uint32_t *dep = &d.fields[RL_K_DEPLOYMENT];
	switch (ax->what) {
	case AX_DATE: d.date = 1; return d;
	case AX_PARAM: d.params = 1; return d;
	case AX_ATTR: d.fields[ax->kind] = 1u << RL_F_ATTRS; return d;
	case AX_FIELD: break;
	}
	d.fields[ax->kind] = 1u << ax->field;
	if (ax->kind == RL_K_DEPLOYMENT) {
		switch (ax->field) {
		case RL_DE_CLOUD:
			d.paths = PATH_BIT(RL_P_ENTRY_CLOUD) | PATH_BIT(RL_P_MODEL_CLOUD);
			break;
		case RL_DE_OPERATOR:
			*dep |= 1u << RL_DE_SELLER;
			d.paths = PATH_BIT(RL_P_OPERATOR) | PATH_BIT(RL_P_SELLER);
			break;
		case RL_DE_SELLER: d.paths = PATH_BIT(RL_P_SELLER); break;
		case RL_DE_INTERFACE:
			d.paths = PATH_BIT(RL_P_INTERFACE) | PATH_BIT(RL_P_DIRECT_API);
			break;
		case RL_DE_STATE:
			d.paths = PATH_BIT(RL_P_STATE) | PATH_BIT(RL_P_STATEFUL) |
			          PATH_BIT(RL_P_DIRECT_API);
			break;
		case RL_DE_RUNS:
			*dep |= (1u << RL_DE_INTERFACE) | (1u << RL_DE_STATE);
			d.paths = ALL_PATH_FIELDS;
			break;
		case RL_DE_AUDIENCE: case RL_DE_CALLS: d.paths = ALL_PATH_FIELDS; break;
		default: break;
		}
	} else if (ax->kind == RL_K_PRODUCT) {
		switch (ax->field) {
		case RL_PR_API_SHARE: d.paths = PATH_BIT(RL_P_API_SHARE); break;
		case RL_PR_KIND:
			d.fields[RL_K_PRODUCT] |= 1u << RL_PR_API_SHARE;
			*dep |= 1u << RL_DE_INTERFACE;
			d.paths = PATH_BIT(RL_P_API_SHARE) | PATH_BIT(RL_P_INTERFACE) |
			          PATH_BIT(RL_P_DIRECT_API);
			break;
		case RL_PR_STATE:
			*dep |= 1u << RL_DE_STATE;
			d.paths = PATH_BIT(RL_P_STATE) | PATH_BIT(RL_P_STATEFUL) |
			          PATH_BIT(RL_P_DIRECT_API);
			break;
		case RL_PR_MODELS: d.paths = ALL_PATH_FIELDS; break;
		default: break;
		}
	} else if (ax->kind == RL_K_MODEL) {
		if (ax->field == RL_MO_OWNER)
			d.paths = PATH_BIT(RL_P_MODEL_OWNER);
		else if (ax->field == RL_MO_TIER)
			d.paths = PATH_BIT(RL_P_MODEL_TIER);
	}
	return d;
}

/* A per-worker copy of the table (params or attrs) an axis writes, with
 * the axis key present. */
static void own_table(worker_world *ww, const rl_batch *b, size_t a)
{
	const axis *ax = &b->axes[a];
	rl_value *t = ax->what == AX_PARAM ? &ww->w->ents[RL_K_SCENARIO][0].f[RL_SC_PARAMS]
	                                   : &ww->w->ents[ax->kind][ax->index].f[RL_F_ATTRS];
	/* Several axes may share one table: copy it once. */
	for (size_t o = 0; o < a; o++)
		if (ww->tables[o] && ww->tables[o] == (t->t == RL_V_TABLE ? t->u.pairs : NULL))
			goto find;
	{
		uint32_t n = t->t == RL_V_TABLE ? t->n : 0;
		rl_pair *pairs = rl_xcalloc((size_t)n + MAX_AXES, sizeof *pairs);
		if (n)
			memcpy(pairs, t->u.pairs, n * sizeof *pairs);
		t->t = RL_V_TABLE;
		t->n = n;
		t->u.pairs = pairs;
		ww->tables[a] = pairs;
	}
find:
	for (uint32_t i = 0; i < t->n; i++)
		if (t->u.pairs[i].key == ax->key) {
			ww->slot[a] = i;
			return;
		}
	t->u.pairs[t->n].key = ax->key;
	t->u.pairs[t->n].v.t = RL_V_NIL;
	t->u.pairs[t->n].v.ref = -1;
	ww->slot[a] = t->n++;
}

/* Applies variant i to the world; returns -1 (with *err) when the variant
 * cannot be traced (a cycle introduced by a `calls` axis). */
static int apply(const rl_batch *b, worker_world *ww, unsigned long long i,
                 size_t *pick, double *draw, char **err)
{
	rl_world *w = ww->w;
	const rl_model *m = b->base->m;
	variant_choice(b, i, pick, draw);
	int fields_changed = !ww->have_prev, paths_changed = !ww->have_prev;
	for (size_t a = 0; a < b->naxes; a++) {
		const axis *ax = &b->axes[a];
		rl_value v;
		if (ax->uniform) {
			memset(&v, 0, sizeof v);
			v.t = RL_V_NUM;
			v.ref = -1;
			v.u.num = draw[a];
			memcpy(&ww->key[a], &draw[a], sizeof ww->key[a]);
		} else {
			v = ax->vals[pick[a]];
			ww->key[a] = pick[a];
		}
		if (ww->have_prev && ww->key[a] == ww->prev[a])
			continue;
		switch (ax->what) {
		case AX_DATE: {
			int32_t days = 0;
			rl_date_parse(v.u.s, &days);
			rl_world_set_date(w, days);
			break;
		}
		case AX_PARAM:
			w->ents[RL_K_SCENARIO][0].f[RL_SC_PARAMS].u.pairs[ww->slot[a]].v = v;
			break;
		case AX_ATTR:
			w->ents[ax->kind][ax->index].f[RL_F_ATTRS].u.pairs[ww->slot[a]].v = v;
			break;
		case AX_FIELD: {
			rl_entity *e = &w->ents[ax->kind][ax->index];
			e->f[ax->field] = v;
			e->defaulted &= ~(1u << ax->field);
			fields_changed = 1;
			paths_changed |= ww->axis_paths[a];
			break;
		}
		}
	}
	memcpy(ww->prev, ww->key, b->naxes * sizeof *ww->key);
	ww->have_prev = 1;
	if (fields_changed) {
		/* Defaults follow the facts they derive from (seller from operator). */
		for (int k = 0; k < RL_NKINDS; k++)
			for (size_t e = 0; e < m->n[k]; e++) {
				rl_entity *ent = &w->ents[k][e];
				/* Restore the base's defaulted bits for fields no axis set. */
				uint32_t set = 0;
				for (size_t a = 0; a < b->naxes; a++)
					if (b->axes[a].what == AX_FIELD && (int)b->axes[a].kind == k &&
					    b->axes[a].index == e)
						set |= 1u << b->axes[a].field;
				uint32_t base = m->ents[k][e].defaulted & ~set;
				for (size_t f = 0; f < 32; f++)
					if (base & (1u << f))
						ent->f[f].t = RL_V_NIL;
				ent->defaulted = base;
				rl_entity_defaults(m, w->ents, ent);
			}
	}
	if (!paths_changed)
		return 0;
	int rc = rl_paths_compute(w, err);
	if (rc)
		ww->have_prev = 0;      /* the world is half-traced: start afresh */
	return rc;
}

/* --- searching -------------------------------------------------------------- */

/* Equal facts; numbers within rounding (range() values are computed by
 * multiplication: range(0, 1, 0.05) holds 0.15000000000000002 for 0.15). */
static int same_value(const rl_value *a, const rl_value *b)
{
	if (a->t != b->t)
		return 0;
	if (a->t == RL_V_NUM)
		return fabs(a->u.num - b->u.num) <=
		       1e-9 * fmax(1, fmax(fabs(a->u.num), fabs(b->u.num)));
	if (a->t == RL_V_STR)
		return strcmp(a->u.s, b->u.s) == 0;
	if (a->t != RL_V_LIST)
		return rl_value_eq(a, b);
	if (a->n != b->n)
		return 0;
	for (uint32_t i = 0; i < a->n; i++)
		if (!same_value(&a->u.items[i], &b->u.items[i]))
			return 0;
	return 1;
}

static const rl_value *table_value(const rl_value *t, const char *key)
{
	for (uint32_t i = 0; t->t == RL_V_TABLE && i < t->n; i++)
		if (strcmp(t->u.pairs[i].key, key) == 0)
			return &t->u.pairs[i].v;
	return NULL;
}

/* Finds each axis's value in the base scenario (axis.base_pick, base_num):
 * a search counts the axes a variant changes from it. */
static void base_choices(rl_batch *b)
{
	const rl_model *m = b->base->m;
	static const rl_value nil = {0};
	for (size_t a = 0; a < b->naxes; a++) {
		axis *ax = &b->axes[a];
		const rl_value *v = &nil;
		switch (ax->what) {
		case AX_DATE: v = &m->ents[RL_K_SCENARIO][0].f[RL_SC_DATE]; break;
		case AX_PARAM: v = table_value(&m->ents[RL_K_SCENARIO][0].f[RL_SC_PARAMS], ax->key); break;
		case AX_ATTR: v = table_value(&m->ents[ax->kind][ax->index].f[RL_F_ATTRS], ax->key); break;
		case AX_FIELD: v = &m->ents[ax->kind][ax->index].f[ax->field]; break;
		}
		if (!v)
			v = &nil;
		ax->base_pick = -1;
		ax->base_num = v->t == RL_V_NUM ? v->u.num : NAN;
		for (size_t i = 0; !ax->uniform && i < ax->nvals && ax->base_pick < 0; i++)
			if (same_value(&ax->vals[i], v))
				ax->base_pick = (long)i;
	}
}

rl_status rl_batch_select_init(const rl_engine *e, const rl_batch *b, rl_batch_select *sel,
                               const char *want, const char *clause, const char *reading,
                               char **err)
{
	memset(sel, 0, sizeof *sel);
	sel->clause = sel->reading = -1;
	sel->max_changes = sel->min_changes = -1;
	int v = want ? rl_verdict_parse(want) : -1;
	if (v < 0) {
		rl_seterr(err, "--want:0: expected a verdict (compliant, breach, contested, "
		          "unknown, not_applicable, error), found '%s'", want ? want : "nothing");
		return RL_EINPUT;
	}
	sel->want = v;
	if (reading && !clause) {
		rl_seterr(err, "--reading:0: expected --clause with --reading, found none");
		return RL_EINPUT;
	}
	if (!clause)
		return RL_OK;
	long k = rl_engine_find_clause(e, clause);
	const rl_value *c = &b->base->m->ents[RL_K_SCENARIO][0].f[RL_SC_CONTRACTS];
	int in_scenario = k >= 0 && c->t != RL_V_LIST;
	for (uint32_t i = 0; k >= 0 && c->t == RL_V_LIST && i < c->n; i++)
		in_scenario |= strcmp(c->u.items[i].u.s,
		                      e->rules.contracts[e->rules.clauses[k].contract].id) == 0;
	if (!in_scenario) {
		rl_seterr(err, "--clause:0: expected a clause of the contracts of %s, found '%s'",
		          rl_scenario_id(b->base), clause);
		return RL_EINPUT;
	}
	sel->clause = k;
	if (!reading)
		return RL_OK;
	const rl_clause *cl = &e->rules.clauses[k];
	for (size_t j = 0; j < cl->nreadings; j++)
		if (strcmp(cl->readings[j].name, reading) == 0)
			sel->reading = (long)j;
	if (sel->reading < 0) {
		rl_seterr(err, "--reading:0: expected a reading of %s (%s%s), found '%s'", clause,
		          cl->readings[0].name, cl->nreadings > 1 ? ", ..." : "", reading);
		return RL_EINPUT;
	}
	if (sel->want == RL_CONTESTED) {
		rl_seterr(err, "--want:0: expected a reading verdict, found 'contested' "
		          "(a clause verdict)");
		return RL_EINPUT;
	}
	return RL_OK;
}

/* --- output ----------------------------------------------------------------------- */

static void json_value(rl_buf *o, const rl_value *v)
{
	char num[32];
	switch (v->t) {
	case RL_V_NUM: rl_format_number(v->u.num, num); rl_buf_puts(o, num); break;
	case RL_V_BOOL: rl_buf_puts(o, v->u.b ? "true" : "false"); break;
	case RL_V_STR: rl_json_string(o, v->u.s); break;
	case RL_V_LIST:
		rl_buf_putc(o, '[');
		for (uint32_t i = 0; i < v->n; i++) {
			if (i)
				rl_buf_putc(o, ',');
			json_value(o, &v->u.items[i]);
		}
		rl_buf_putc(o, ']');
		break;
	default: rl_buf_puts(o, "null"); break;    /* unknown and nil */
	}
}

typedef struct clause_stats {
	unsigned long long counts[RL_NVERDICTS];
	double p_sum, exposure_sum;
} clause_stats;

typedef struct block {
	rl_buf text;
	unsigned char *rows;            /* BLOCK x clauses verdicts, for flips */
	unsigned long long first, count;
	clause_stats *stats;            /* per clause */
	unsigned long long findings;
	unsigned long long readings;    /* checks run (in-force clauses' readings) */
	unsigned long long matched;     /* search: variants kept */
	int min_changes;                /* search: fewest axes changed; -1: none */
	unsigned long long kept[RL_SEARCH_FIRST];       /* search: the first kept */
	size_t nkept;
	int done;
	char *err;
} block;

/* The text of a line that does not change between variants: per clause
 * `{"id":"...","verdict":"` and per reading `"name":"`. */
typedef struct line_parts {
	char **clause;          /* per engine clause */
	char **reading;         /* per reading slot (rl_verdicts.slot) */
} line_parts;

typedef struct shared {
	const rl_engine *e;
	rl_batch *b;
	const rl_batch_options *opt;
	size_t nclauses;
	unsigned long long nblocks, next, written;
	size_t ring;
	block *blocks;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int failed;
	char *err;
	line_parts parts;
} shared;

static void parts_init(line_parts *lp, const rl_engine *e)
{
	size_t n = 0;
	for (size_t k = 0; k < e->rules.nclauses; k++)
		n += e->rules.clauses[k].nreadings;
	lp->clause = rl_xcalloc(e->rules.nclauses + 1, sizeof *lp->clause);
	lp->reading = rl_xcalloc(n + 1, sizeof *lp->reading);
	n = 0;
	for (size_t k = 0; k < e->rules.nclauses; k++) {
		const rl_clause *cl = &e->rules.clauses[k];
		rl_buf t = {0};
		rl_buf_puts(&t, "{\"id\":");
		rl_json_string(&t, cl->id);
		rl_buf_puts(&t, ",\"verdict\":\"");
		lp->clause[k] = rl_buf_take(&t);
		for (size_t j = 0; j < cl->nreadings; j++) {
			rl_json_string(&t, cl->readings[j].name);
			rl_buf_puts(&t, ":\"");
			lp->reading[n++] = rl_buf_take(&t);
		}
	}
	lp->reading[n] = NULL;
}

static void parts_free(line_parts *lp, const rl_engine *e)
{
	for (size_t k = 0; k < e->rules.nclauses; k++)
		free(lp->clause[k]);
	for (size_t i = 0; lp->reading && lp->reading[i]; i++)
		free(lp->reading[i]);
	free(lp->clause);
	free(lp->reading);
}

/* One JSON line: index, axis values, the scenario verdict, and per clause
 * its verdict, p_breach, expected exposure and its readings' verdicts. */
static void write_line(rl_buf *o, const rl_batch *b, const rl_engine *e,
                       const line_parts *lp, unsigned long long i, const size_t *pick,
                       const double *draw, const rl_verdicts *v, uint32_t changed)
{
	char num[32];
	rl_buf_puts(o, "{\"index\":");
	snprintf(num, sizeof num, "%llu", i);
	rl_buf_puts(o, num);
	rl_buf_puts(o, ",\"values\":[");
	for (size_t a = 0; a < b->naxes; a++) {
		if (a)
			rl_buf_putc(o, ',');
		if (b->axes[a].uniform) {
			rl_format_number(draw[a], num);
			rl_buf_puts(o, num);
		} else {
			json_value(o, &b->axes[a].vals[pick[a]]);
		}
	}
	rl_buf_puts(o, "],\"verdict\":\"");
	rl_buf_puts(o, rl_verdict_name((rl_verdict)v->scenario));
	rl_buf_puts(o, "\",\"clauses\":[");
	for (size_t c = 0; c < v->nclauses; c++) {
		size_t k = v->clause[c];
		const rl_clause *cl = &e->rules.clauses[k];
		if (c)
			rl_buf_putc(o, ',');
		rl_buf_puts(o, lp->clause[k]);
		rl_buf_puts(o, rl_verdict_name((rl_verdict)v->verdict[c]));
		rl_buf_puts(o, "\",\"p_breach\":");
		rl_format_number(v->p_breach[c], num);
		rl_buf_puts(o, num);
		rl_buf_puts(o, ",\"expected_exposure_usd\":");
		if (isnan(v->exposure[c])) {
			rl_buf_puts(o, "null");
		} else {
			rl_format_number(v->exposure[c], num);
			rl_buf_puts(o, num);
		}
		rl_buf_puts(o, ",\"readings\":{");
		for (size_t j = 0; j < cl->nreadings; j++) {
			if (j)
				rl_buf_putc(o, ',');
			rl_buf_puts(o, lp->reading[v->slot[k] + j]);
			rl_buf_puts(o, rl_verdict_name((rl_verdict)v->reading[v->slot[k] + j]));
			rl_buf_putc(o, '"');
		}
		rl_buf_puts(o, "}}");
	}
	rl_buf_putc(o, ']');
	if (changed != NO_CHANGES) {
		rl_buf_puts(o, ",\"changes\":[");
		for (size_t a = 0, n = 0; a < b->naxes; a++)
			if (changed & (1u << a)) {
				if (n++)
					rl_buf_putc(o, ',');
				rl_json_string(o, b->axes[a].path);
			}
		rl_buf_putc(o, ']');
	}
	rl_buf_puts(o, "}\n");
}

/* Which axes variant (pick, draw) sets to a value other than the base
 * scenario's (bit a). */
static uint32_t changes_of(const rl_batch *b, const size_t *pick, const double *draw)
{
	uint32_t m = 0;
	for (size_t a = 0; a < b->naxes; a++) {
		const axis *ax = &b->axes[a];
		if (ax->uniform ? !(draw[a] == ax->base_num) : (long)pick[a] != ax->base_pick)
			m |= 1u << a;
	}
	return m;
}

static int popcount32(uint32_t m)
{
	int n = 0;
	for (; m; m &= m - 1)
		n++;
	return n;
}

void rl_batch_describe_changes(const rl_batch *b, unsigned long long i, rl_buf *out)
{
	size_t pick[MAX_AXES];
	double draw[MAX_AXES];
	variant_choice(b, i, pick, draw);
	uint32_t m = changes_of(b, pick, draw);
	if (!m) {
		rl_buf_puts(out, "no axis");
		return;
	}
	for (size_t a = 0, n = 0; a < b->naxes; a++) {
		if (!(m & (1u << a)))
			continue;
		if (n++)
			rl_buf_puts(out, "; ");
		rl_buf_puts(out, b->axes[a].path);
		rl_buf_puts(out, " = ");
		if (b->axes[a].uniform) {
			char num[32];
			rl_format_number(draw[a], num);
			rl_buf_puts(out, num);
		} else {
			rl_value_format(&b->axes[a].vals[pick[a]], out);
		}
	}
}

/* Does variant v have the verdict the search wants? */
static int selected(const rl_batch_select *sel, const rl_verdicts *v)
{
	if (sel->clause < 0) {
		if (sel->want == RL_COMPLIANT)  /* nothing binding found wanting */
			return v->scenario == RL_COMPLIANT || v->scenario == RL_NOT_APPLICABLE;
		return v->scenario == sel->want;
	}
	for (size_t c = 0; c < v->nclauses; c++) {
		if (v->clause[c] != (uint32_t)sel->clause)
			continue;
		int got = sel->reading < 0 ? v->verdict[c]
		                           : v->reading[v->slot[sel->clause] + (size_t)sel->reading];
		return got == sel->want;
	}
	return 0;
}

static void run_block(shared *sh, rl_evaluator *ev, worker_world *ww, unsigned long long k,
                      block *out)
{
	const rl_batch *b = sh->b;
	size_t pick[MAX_AXES];
	double draw[MAX_AXES];
	k = sh->opt->shard_k > 0 ? (unsigned long long)(sh->opt->shard_k - 1) +
	                           k * (unsigned long long)sh->opt->shard_n : k;
	unsigned long long from = k * BLOCK, to = from + BLOCK;
	if (to > b->n)
		to = b->n;
	if (from < sh->opt->resume_from)
		from = sh->opt->resume_from;    /* this block was partly written */
	out->first = from;
	out->count = to > from ? to - from : 0;
	rl_verdicts *v = &ww->out;
	for (unsigned long long i = from; i < to; i++) {
		char *err = NULL;
		if (apply(b, ww, i, pick, draw, &err)) {
			out->err = rl_fmt("variant %llu: %s", i, err);
			free(err);
			return;
		}
		v->readings = 0;
		rl_eval_verdicts(ev, ww->w, b->base->m, ww->memo, ww->key, v);
		out->readings += v->readings;
		if (v->scenario == RL_BREACH || v->scenario == RL_CONTESTED)
			out->findings++;
		for (size_t c = 0; c < v->nclauses; c++) {
			clause_stats *st = &out->stats[c];
			st->counts[v->verdict[c]]++;
			out->rows[(size_t)(i - from) * sh->nclauses + c] = v->verdict[c];
			st->p_sum += v->p_breach[c];
			if (!isnan(v->exposure[c]))
				st->exposure_sum += v->exposure[c];
		}
		const rl_batch_select *sel = sh->opt->select;
		uint32_t changed = NO_CHANGES;
		if (sel) {
			changed = changes_of(b, pick, draw);
			int n = popcount32(changed);
			if (!selected(sel, v) || (sel->max_changes >= 0 && n > sel->max_changes))
				continue;
			out->matched++;
			if (out->nkept < RL_SEARCH_FIRST)
				out->kept[out->nkept++] = i;
			if (out->min_changes < 0 || n < out->min_changes)
				out->min_changes = n;
		}
		if (sh->opt->lines)
			write_line(&out->text, b, sh->e, &sh->parts, i, pick, draw, v, changed);
	}
}

static void *worker(void *arg)
{
	shared *sh = arg;
	rl_evaluator *ev = NULL;
	char *err = NULL;
	worker_world ww;
	memset(&ww, 0, sizeof ww);
	if (rl_evaluator_new(sh->e, &ev, &err) != RL_OK) {
		pthread_mutex_lock(&sh->mu);
		if (!sh->failed) {
			sh->failed = 1;
			sh->err = err;
		} else {
			free(err);
		}
		pthread_cond_broadcast(&sh->cv);
		pthread_mutex_unlock(&sh->mu);
		return NULL;
	}
	ww.w = rl_world_new(sh->b->base->m);
	rl_axis_deps deps[MAX_AXES];
	for (size_t a = 0; a < sh->b->naxes; a++) {
		if (sh->b->axes[a].what == AX_PARAM || sh->b->axes[a].what == AX_ATTR)
			own_table(&ww, sh->b, a);
		deps[a] = axis_deps(&sh->b->axes[a]);
		ww.axis_paths[a] = deps[a].paths != 0;
	}
	rl_verdicts_init(&ww.out, ev);
	ww.memo = sh->opt->no_memo ? NULL : rl_memo_new(ww.out.nslots, sh->b->naxes, deps);
	for (;;) {
		pthread_mutex_lock(&sh->mu);
		while (!sh->failed && sh->next < sh->nblocks && sh->next >= sh->written + sh->ring)
			pthread_cond_wait(&sh->cv, &sh->mu);
		if (sh->failed || sh->next >= sh->nblocks) {
			pthread_mutex_unlock(&sh->mu);
			break;
		}
		unsigned long long k = sh->next++;
		pthread_mutex_unlock(&sh->mu);
		block *bl = &sh->blocks[k % sh->ring];
		run_block(sh, ev, &ww, k, bl);
		pthread_mutex_lock(&sh->mu);
		bl->done = 1;
		pthread_cond_broadcast(&sh->cv);
		pthread_mutex_unlock(&sh->mu);
	}
	for (size_t a = 0; a < sh->b->naxes; a++)
		free(ww.tables[a]);
	/* The world's table values point at our copies; detach before freeing. */
	rl_world_free(ww.w);
	rl_memo_free(ww.memo);
	rl_verdicts_free(&ww.out);
	rl_evaluator_free(ev);
	return NULL;
}

/* Flips (grid mode): for each axis, how many pairs of variants that differ
 * in that axis alone (one value to the next) disagree on a clause's
 * verdict.  Rows arrive in index order; a ring keeps the last `window`
 * rows, enough to reach the neighbour one step back on every axis. */
#define FLIP_MAX_BYTES ((size_t)32 << 20)

typedef struct flips {
	int on;
	size_t naxes, nclauses, window;
	unsigned long long stride[MAX_AXES], size[MAX_AXES];
	unsigned char *ring;
	unsigned long long *pairs;      /* per axis */
	unsigned long long *count;      /* per axis x clause */
	unsigned long long seen;
} flips;

static void flips_init(flips *f, const rl_batch *b, size_t nclauses)
{
	memset(f, 0, sizeof *f);
	if (b->sample || !nclauses)
		return;
	f->naxes = b->naxes;
	f->nclauses = nclauses;
	unsigned long long stride = 1;
	for (size_t a = b->naxes; a-- > 0;) {
		f->stride[a] = stride;
		f->size[a] = b->axes[a].nvals;
		stride *= b->axes[a].nvals;
	}
	f->window = (size_t)f->stride[0] + 1;
	if (f->window > FLIP_MAX_BYTES / nclauses)
		return;         /* too wide to track: reported as null */
	f->on = 1;
	f->ring = rl_xcalloc(f->window * nclauses, 1);
	f->pairs = rl_xcalloc(f->naxes, sizeof *f->pairs);
	f->count = rl_xcalloc(f->naxes * nclauses, sizeof *f->count);
}

static void flips_feed(flips *f, unsigned long long i, const unsigned char *row)
{
	if (!f->on)
		return;
	memcpy(f->ring + (size_t)(i % f->window) * f->nclauses, row, f->nclauses);
	for (size_t a = 0; a < f->naxes; a++) {
		if ((i / f->stride[a]) % f->size[a] == 0)
			continue;       /* first value of this axis: no neighbour */
		const unsigned char *prev =
			f->ring + (size_t)((i - f->stride[a]) % f->window) * f->nclauses;
		f->pairs[a]++;
		for (size_t c = 0; c < f->nclauses; c++)
			f->count[a * f->nclauses + c] += prev[c] != row[c];
	}
	f->seen++;
}

static void flips_json(rl_buf *o, const flips *f, const rl_batch *b, const char *const *ids)
{
	rl_buf_puts(o, ",\n  \"flips\": ");
	if (!f || !f->on) {
		rl_buf_puts(o, "null");
		return;
	}
	rl_buf_putc(o, '[');
	for (size_t a = 0; a < f->naxes; a++) {
		rl_buf_puts(o, a ? ",\n    { \"axis\": " : "\n    { \"axis\": ");
		rl_json_string(o, b->axes[a].path);
		rl_buf_printf(o, ", \"pairs\": %llu, \"clauses\": {", f->pairs[a]);
		for (size_t c = 0; c < f->nclauses; c++) {
			rl_buf_puts(o, c ? ", " : " ");
			rl_json_string(o, ids[c]);
			rl_buf_printf(o, ": %llu", f->count[a * f->nclauses + c]);
		}
		rl_buf_puts(o, " } }");
	}
	rl_buf_puts(o, " ]");
}

static void flips_text(FILE *t, const flips *f, const rl_batch *b, const char *const *ids)
{
	if (!f || !f->on)
		return;
	fprintf(t, "\nverdict flips when one axis alone moves to its next value:\n");
	for (size_t a = 0; a < f->naxes; a++) {
		fprintf(t, "  %s (%llu pairs):", b->axes[a].path, f->pairs[a]);
		int any = 0;
		for (size_t c = 0; c < f->nclauses; c++)
			if (f->count[a * f->nclauses + c]) {
				fprintf(t, "%s %s %llu", any ? "," : "", ids[c], f->count[a * f->nclauses + c]);
				any = 1;
			}
		fprintf(t, "%s\n", any ? "" : " none");
	}
}

static void flips_free(flips *f)
{
	free(f->ring);
	free(f->pairs);
	free(f->count);
}

/* Tipping points: for each numeric field axis, the values at which a
 * clause's verdict changes, every other fact held at the base scenario's.
 * They depend on the batch alone (not on which variants ran). */
typedef struct tip {
	const char *axis, *clause;
	double after, at;
	int from, to;
} tip;

typedef struct tips {
	tip *v;
	size_t n, cap;
} tips;

static rl_status tipping_points(const rl_engine *e, const rl_batch *b, tips *out, char **err)
{
	rl_evaluator *ev = NULL;
	memset(out, 0, sizeof *out);
	rl_status st = rl_evaluator_new(e, &ev, err);
	if (st != RL_OK)
		return st;
	const rl_model *m = b->base->m;
	for (size_t a = 0; a < b->naxes && st == RL_OK; a++) {
		const axis *ax = &b->axes[a];
		if (ax->what != AX_FIELD)
			continue;
		const rl_field_def *fd = rl_kind_field(ax->kind, ax->field);
		if (fd->type != RL_F_NUM && fd->type != RL_F_SHARE)
			continue;
		size_t nv = ax->uniform ? 101 : ax->nvals;
		double *xs = rl_xcalloc(nv, sizeof *xs);
		size_t k = 0;
		for (size_t i = 0; i < nv; i++) {
			if (ax->uniform)
				xs[k++] = ax->lo + (ax->hi - ax->lo) * (double)i / 100.0;
			else if (ax->vals[i].t == RL_V_NUM)
				xs[k++] = ax->vals[i].u.num;
		}
		/* ascending, no repeats (insertion sort: axes are short) */
		for (size_t i = 1; i < k; i++)
			for (size_t j = i; j > 0 && xs[j - 1] > xs[j]; j--) {
				double t = xs[j];
				xs[j] = xs[j - 1];
				xs[j - 1] = t;
			}
		int *prev = NULL;
		size_t nprev = 0;
		double last = 0;
		for (size_t i = 0; i < k && st == RL_OK; i++) {
			if (i && xs[i] == xs[i - 1])
				continue;
			rl_world *w = rl_world_new(m);
			rl_entity *ent = &w->ents[ax->kind][ax->index];
			ent->f[ax->field].t = RL_V_NUM;
			ent->f[ax->field].u.num = xs[i];
			ent->defaulted &= ~(1u << ax->field);
			for (int kk = 0; kk < RL_NKINDS; kk++)
				for (size_t x = 0; x < m->n[kk]; x++)
					rl_entity_defaults(m, w->ents, &w->ents[kk][x]);
			if (rl_paths_compute(w, err)) {
				rl_world_free(w);
				st = RL_EEVAL;
				break;
			}
			rl_report *r = rl_eval_world(ev, w, m, 0, 0);
			if (prev) {
				for (size_t c = 0; c < r->nclauses && c < nprev; c++) {
					if (prev[c] == r->clauses[c].verdict)
						continue;
					if (out->n == out->cap) {
						out->cap = out->cap ? out->cap * 2 : 16;
						out->v = rl_xrealloc(out->v, out->cap, sizeof *out->v);
					}
					tip t = {ax->path, r->clauses[c].clause->id, last, xs[i], prev[c],
					         r->clauses[c].verdict};
					out->v[out->n++] = t;
				}
			}
			free(prev);
			nprev = r->nclauses;
			prev = rl_xcalloc(nprev + 1, sizeof *prev);
			for (size_t c = 0; c < nprev; c++)
				prev[c] = r->clauses[c].verdict;
			last = xs[i];
			rl_report_free(r);
			rl_world_free(w);
		}
		free(prev);
		free(xs);
	}
	rl_evaluator_free(ev);
	return st;
}

static void tips_json(rl_buf *o, const tips *t)
{
	char n1[32], n2[32];
	rl_buf_puts(o, ",\n  \"tipping_points\": [");
	for (size_t i = 0; i < t->n; i++) {
		rl_buf_puts(o, i ? ",\n    { \"axis\": " : "\n    { \"axis\": ");
		rl_json_string(o, t->v[i].axis);
		rl_buf_puts(o, ", \"clause\": ");
		rl_json_string(o, t->v[i].clause);
		rl_format_number(t->v[i].after, n1);
		rl_format_number(t->v[i].at, n2);
		rl_buf_printf(o, ", \"after\": %s, \"at\": %s, \"from\": \"%s\", \"to\": \"%s\" }",
		              n1, n2, rl_verdict_name((rl_verdict)t->v[i].from),
		              rl_verdict_name((rl_verdict)t->v[i].to));
	}
	rl_buf_puts(o, " ]");
}

static void tips_text(FILE *f, const tips *t)
{
	if (!t->n)
		return;
	fprintf(f, "\ntipping points (other facts as in the base scenario):\n");
	for (size_t i = 0; i < t->n; i++)
		fprintf(f, "  %s between %g and %g: %s %s -> %s\n", t->v[i].axis, t->v[i].after,
		        t->v[i].at, t->v[i].clause, rl_verdict_name((rl_verdict)t->v[i].from),
		        rl_verdict_name((rl_verdict)t->v[i].to));
}

/* The axes of the batch: path and values (list axes) or the uniform range
 * (sample mode), in the batch's order - the order of each line's values. */
static void axes_json(rl_buf *o, const rl_batch *b)
{
	char lo[32], hi[32];
	rl_buf_puts(o, ",\n  \"axes\": [");
	for (size_t a = 0; a < b->naxes; a++) {
		const axis *ax = &b->axes[a];
		rl_buf_puts(o, a ? ",\n    { \"path\": " : "\n    { \"path\": ");
		rl_json_string(o, ax->path);
		if (ax->uniform) {
			rl_format_number(ax->lo, lo);
			rl_format_number(ax->hi, hi);
			rl_buf_printf(o, ", \"uniform\": [%s, %s] }", lo, hi);
			continue;
		}
		rl_buf_puts(o, ", \"values\": [");
		for (size_t i = 0; i < ax->nvals; i++) {
			if (i)
				rl_buf_puts(o, ", ");
			json_value(o, &ax->vals[i]);
		}
		rl_buf_puts(o, "] }");
	}
	rl_buf_puts(o, " ]");
}

/* The JSON summary holds only what the variants determine, so a merge of
 * shard outputs reproduces it byte for byte. */
static void summary_json(FILE *j, size_t n, const char *const *ids, const int *has_exposure,
                         const clause_stats *tot, unsigned long long variants,
                         unsigned long long findings, const tips *tp, const flips *fl,
                         const rl_batch *b, rl_manifest *manifest)
{
	static const int order[] = {RL_BREACH, RL_CONTESTED, RL_COMPLIANT, RL_UNKNOWN,
	                            RL_NOT_APPLICABLE, RL_ERROR};
	rl_buf o = {0};
	char num[32];
	rl_buf_printf(&o, "{ \"variants\": %llu, \"findings\": %llu,\n  \"clauses\": [",
	              variants, findings);
	for (size_t k = 0; k < n; k++) {
		rl_buf_puts(&o, k ? ",\n    { \"id\": " : "\n    { \"id\": ");
		rl_json_string(&o, ids[k]);
		rl_buf_puts(&o, ", \"counts\": {");
		for (int v = 0; v < 6; v++)
			rl_buf_printf(&o, "%s \"%s\": %llu", v ? "," : "",
			              rl_verdict_name((rl_verdict)order[v]), tot[k].counts[order[v]]);
		rl_format_number(variants ? tot[k].p_sum / (double)variants : 0, num);
		rl_buf_printf(&o, " }, \"mean_p_breach\": %s, \"mean_expected_exposure_usd\": ", num);
		if (!has_exposure[k]) {
			rl_buf_puts(&o, "null");
		} else {
			rl_format_number(variants ? tot[k].exposure_sum / (double)variants : 0, num);
			rl_buf_puts(&o, num);
		}
		rl_buf_puts(&o, " }");
	}
	rl_buf_puts(&o, " ]");
	if (b)
		axes_json(&o, b);
	if (fl && b)
		flips_json(&o, fl, b, ids);
	if (tp)
		tips_json(&o, tp);
	if (manifest) {
		rl_manifest_stop(manifest);
		rl_buf_puts(&o, ",\n  \"manifest\": ");
		rl_manifest_json(manifest, &o);
	}
	rl_buf_puts(&o, " }\n");
	fwrite(o.data, 1, o.len, j);
	rl_buf_free(&o);
}

static void summary_text(FILE *t, size_t n, const char *const *ids, const clause_stats *tot,
                         unsigned long long variants, unsigned long long findings)
{
	static const int order[] = {RL_BREACH, RL_CONTESTED, RL_COMPLIANT, RL_UNKNOWN,
	                            RL_NOT_APPLICABLE, RL_ERROR};
	fprintf(t, "%llu variants, %llu with a binding breach or contested clause\n\n",
	        variants, findings);
	fprintf(t, "%-44s %7s %7s %7s %7s %7s %5s %6s\n", "clause", "breach", "contest",
	        "compl", "unknown", "n/a", "error", "mean p");
	for (size_t k = 0; k < n; k++) {
		fprintf(t, "%-44s", ids[k]);
		for (int v = 0; v < 6; v++)
			fprintf(t, " %*llu", v == 5 ? 5 : 7, tot[k].counts[order[v]]);
		fprintf(t, " %6.3f\n", variants ? tot[k].p_sum / (double)variants : 0);
	}
}

static void write_summary(shared *sh, const clause_stats *tot, unsigned long long variants,
                          unsigned long long findings, const flips *fl)
{
	const rl_batch *b = sh->b;
	const rl_engine *e = sh->e;
	size_t n = 0;
	const char **ids = rl_xcalloc(e->rules.nclauses + 1, sizeof *ids);
	int *has = rl_xcalloc(e->rules.nclauses + 1, sizeof *has);
	const rl_value *c = &b->base->m->ents[RL_K_SCENARIO][0].f[RL_SC_CONTRACTS];
	for (size_t k = 0; k < e->rules.nclauses; k++) {
		const rl_clause *cl = &e->rules.clauses[k];
		int keep = c->t != RL_V_LIST;
		for (uint32_t i = 0; c->t == RL_V_LIST && i < c->n; i++)
			keep |= strcmp(c->u.items[i].u.s, e->rules.contracts[cl->contract].id) == 0;
		if (keep) {
			has[n] = !isnan(cl->exposure);
			ids[n++] = cl->id;
		}
	}
	tips tp;
	char *err = NULL;
	if (tipping_points(e, b, &tp, &err) != RL_OK) {
		fprintf(stderr, "%s\n", err ? err : "tipping points failed");
		free(err);
	}
	if (sh->opt->summary_text) {
		fprintf(sh->opt->summary_text, "batch %s over %s: ", b->id, rl_scenario_id(b->base));
		summary_text(sh->opt->summary_text, n, ids, tot, variants, findings);
		flips_text(sh->opt->summary_text, fl, b, ids);
		tips_text(sh->opt->summary_text, &tp);
	}
	if (sh->opt->summary_json)
		summary_json(sh->opt->summary_json, n, ids, has, tot, variants, findings, &tp,
		             fl, b, sh->opt->manifest);
	free(tp.v);
	free(ids);
	free(has);
}

/* How many clauses a report of the batch's scenario holds (its contracts). */
static size_t report_clause_count(const rl_engine *e, const rl_batch *b)
{
	const rl_value *c = &b->base->m->ents[RL_K_SCENARIO][0].f[RL_SC_CONTRACTS];
	size_t n = 0;
	for (size_t k = 0; k < e->rules.nclauses; k++) {
		const char *ct = e->rules.contracts[e->rules.clauses[k].contract].id;
		int keep = c->t != RL_V_LIST;
		for (uint32_t i = 0; c->t == RL_V_LIST && i < c->n; i++)
			keep |= strcmp(c->u.items[i].u.s, ct) == 0;
		n += (size_t)keep;
	}
	return n;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void show_progress(FILE *f, unsigned long long done, unsigned long long total,
                          double elapsed, int last)
{
	double rate = elapsed > 0 ? (double)done / elapsed : 0;
	double eta = rate > 0 ? (double)(total - done) / rate : 0;
	fprintf(f, "\r%llu/%llu variants  %.0f/s  ETA %.0fs   %s", done, total, rate, eta,
	        last ? "\n" : "");
	fflush(f);
}

rl_status rl_batch_run(const rl_engine *e, rl_batch *b, const rl_batch_options *opt,
                       int *interrupted, char **err)
{
	double t0 = now(), shown = t0;
	*interrupted = 0;
	shared sh;
	memset(&sh, 0, sizeof sh);
	sh.e = e;
	sh.b = b;
	sh.opt = opt;
	/* The store reads the lines workers fill; without -o they go nowhere
	 * (the writer below writes opt->lines, not this). */
	rl_batch_options with_lines;
	FILE *devnull = NULL;
	if (opt->store && !opt->lines && (devnull = fopen("/dev/null", "w"))) {
		with_lines = *opt;
		with_lines.lines = devnull;
		sh.opt = &with_lines;
	}
	sh.nclauses = e->rules.nclauses;
	sh.nblocks = (b->n + BLOCK - 1) / BLOCK;
	parts_init(&sh.parts, e);
	if (opt->select)
		base_choices(b);
	unsigned long long variants = b->n;
	if (opt->shard_k > 0) {
		/* Shard K of N takes global blocks K-1, K-1+N, ... */
		unsigned long long all = sh.nblocks, K = (unsigned long long)opt->shard_k,
		                   N = (unsigned long long)opt->shard_n;
		sh.nblocks = all >= K ? (all - K) / N + 1 : 0;
		variants = 0;
		for (unsigned long long g = K - 1; g < all; g += N)
			variants += (g + 1) * BLOCK <= b->n ? BLOCK : b->n - g * BLOCK;
	}
	if (opt->resume_from) {
		/* Start at the (shard-local) block holding the next variant. */
		unsigned long long g = opt->resume_from / BLOCK, k = g;
		if (opt->shard_k > 0) {
			unsigned long long K = (unsigned long long)opt->shard_k - 1,
			                   N = (unsigned long long)opt->shard_n;
			k = g <= K ? 0 : (g - K + N - 1) / N;
		}
		sh.next = sh.written = k < sh.nblocks ? k : sh.nblocks;
	}
	int jobs = opt->jobs > 0 ? opt->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs < 1)
		jobs = 1;
	if (jobs > 256)
		jobs = 256;
	sh.ring = (size_t)jobs * 4;
	sh.blocks = rl_xcalloc(sh.ring, sizeof *sh.blocks);
	for (size_t i = 0; i < sh.ring; i++) {
		sh.blocks[i].stats = rl_xcalloc(sh.nclauses ? sh.nclauses : 1, sizeof(clause_stats));
		sh.blocks[i].min_changes = -1;
		sh.blocks[i].rows = rl_xcalloc((size_t)BLOCK * (sh.nclauses + 1), 1);
	}
	/* Flips need every variant, in order: not for shards or resumed runs
	 * (their summary comes from a merge, which tracks flips itself). */
	flips fl;
	memset(&fl, 0, sizeof fl);
	if (!opt->shard_k && !opt->resume_from)
		flips_init(&fl, b, report_clause_count(e, b));
	pthread_mutex_init(&sh.mu, NULL);
	pthread_cond_init(&sh.cv, NULL);
	pthread_t *th = rl_xcalloc((size_t)jobs, sizeof *th);
	int started = 0;
	for (int i = 0; i < jobs; i++)
		if (pthread_create(&th[i], NULL, worker, &sh) == 0)
			started++;
	clause_stats *tot = rl_xcalloc(sh.nclauses ? sh.nclauses : 1, sizeof *tot);
	unsigned long long findings = 0, readings = 0;
	if (opt->select) {
		opt->select->matched = 0;
		opt->select->min_changes = -1;
		opt->select->nfirst = 0;
	}
	/* The writer: blocks in index order; sums in index order, so the
	 * summary is the same for any number of workers. */
	while (sh.written < sh.nblocks && started) {
		if (opt->cancel && *opt->cancel) {
			pthread_mutex_lock(&sh.mu);
			sh.failed = 1;
			*interrupted = 1;
			pthread_cond_broadcast(&sh.cv);
			pthread_mutex_unlock(&sh.mu);
			break;
		}
		pthread_mutex_lock(&sh.mu);
		block *bl = &sh.blocks[sh.written % sh.ring];
		while (!bl->done && !sh.failed)
			pthread_cond_wait(&sh.cv, &sh.mu);
		if (sh.failed && !bl->done) {
			pthread_mutex_unlock(&sh.mu);
			break;
		}
		pthread_mutex_unlock(&sh.mu);
		if (bl->err) {
			pthread_mutex_lock(&sh.mu);
			sh.failed = 1;
			sh.err = bl->err;
			bl->err = NULL;
			pthread_cond_broadcast(&sh.cv);
			pthread_mutex_unlock(&sh.mu);
			break;
		}
		if (opt->lines && bl->text.len)
			fwrite(bl->text.data, 1, bl->text.len, opt->lines);
		char *serr = NULL;
		if (opt->store && bl->text.len &&
		    rl_store_put_lines(opt->store, bl->text.data, bl->text.len, &serr)) {
			pthread_mutex_lock(&sh.mu);
			if (!sh.failed) {
				sh.failed = 1;
				sh.err = serr;
				serr = NULL;
			}
			pthread_cond_broadcast(&sh.cv);
			pthread_mutex_unlock(&sh.mu);
			free(serr);
			break;
		}
		for (size_t c = 0; c < sh.nclauses; c++) {
			for (int v = 0; v < RL_NVERDICTS; v++)
				tot[c].counts[v] += bl->stats[c].counts[v];
			tot[c].p_sum += bl->stats[c].p_sum;
			tot[c].exposure_sum += bl->stats[c].exposure_sum;
		}
		findings += bl->findings;
		readings += bl->readings;
		bl->readings = 0;
		if (opt->select) {
			opt->select->matched += bl->matched;
			for (size_t f = 0; f < bl->nkept && opt->select->nfirst < RL_SEARCH_FIRST; f++)
				opt->select->first[opt->select->nfirst++] = bl->kept[f];
			if (bl->min_changes >= 0 && (opt->select->min_changes < 0 ||
			                             bl->min_changes < opt->select->min_changes))
				opt->select->min_changes = bl->min_changes;
		}
		bl->matched = 0;
		bl->min_changes = -1;
		bl->nkept = 0;
		for (unsigned long long r = 0; r < bl->count; r++)
			flips_feed(&fl, bl->first + r, bl->rows + (size_t)r * sh.nclauses);
		bl->text.len = 0;
		bl->findings = 0;
		memset(bl->stats, 0, sh.nclauses * sizeof(clause_stats));
		pthread_mutex_lock(&sh.mu);
		bl->done = 0;
		sh.written++;
		pthread_cond_broadcast(&sh.cv);
		pthread_mutex_unlock(&sh.mu);
		if (opt->progress && now() - shown > 0.25) {
			shown = now();
			unsigned long long done = sh.written * BLOCK;
			show_progress(opt->progress, done < b->n ? done : b->n, b->n, shown - t0, 0);
		}
	}
	if (opt->progress) {
		unsigned long long done = sh.written * BLOCK;
		show_progress(opt->progress, done < b->n ? done : b->n, b->n, now() - t0, 1);
	}
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	rl_status st = RL_OK;
	if (!started) {
		rl_seterr(err, "%s:0: expected to start worker threads, found none could start",
		          b->file);
		st = RL_EEVAL;
	} else if (*interrupted) {
		unsigned long long done = sh.written * BLOCK;
		free(sh.err);
		sh.err = NULL;
		rl_seterr(err, "%s:0: interrupted: variants 0 to %llu of %llu are complete in "
		          "the output", b->file, (done < b->n ? done : b->n) - (done ? 1 : 0), b->n);
		st = RL_EEVAL;
	} else if (sh.failed) {
		free(*err);
		*err = sh.err ? sh.err : rl_fmt("%s:0: a worker failed", b->file);
		sh.err = NULL;
		st = RL_EEVAL;
	} else {
		if (opt->summary_text || opt->summary_json)
			write_summary(&sh, tot, variants, findings, opt->shard_k ? NULL : &fl);
		if (opt->summary_text)
			fprintf(opt->summary_text, "\n%llu reading evaluations\n", readings);
		st = findings ? RL_FINDING : RL_OK;
	}
	free(sh.err);
	for (size_t i = 0; i < sh.ring; i++) {
		rl_buf_free(&sh.blocks[i].text);
		free(sh.blocks[i].rows);
		free(sh.blocks[i].stats);
		free(sh.blocks[i].err);
	}
	free(sh.blocks);
	parts_free(&sh.parts, e);
	flips_free(&fl);
	free(tot);
	free(th);
	pthread_mutex_destroy(&sh.mu);
	pthread_cond_destroy(&sh.cv);
	if (devnull)
		fclose(devnull);
	return st;
}

/* --- merging shard outputs -------------------------------------------------- */

#define MAX_CLAUSES 4096

typedef struct merge_line {
	const char *text;
	unsigned long long index;
	int verdict;
	size_t n;
	char **ids;             /* first line only */
	int verdicts[MAX_CLAUSES];
	double p[MAX_CLAUSES], x[MAX_CLAUSES];
	int has_x[MAX_CLAUSES];
	const char *bad;        /* what was wrong, if anything */
} merge_line;

static int decode_line(lua_State *L)
{
	merge_line *ml = lua_touserdata(L, 1);
	lua_getglobal(L, "json");
	lua_getfield(L, -1, "decode");
	lua_pushstring(L, ml->text);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK || !lua_istable(L, -1)) {
		ml->bad = "a JSON object";
		return 0;
	}
	int t = lua_gettop(L);
	lua_getfield(L, t, "index");
	lua_getfield(L, t, "verdict");
	lua_getfield(L, t, "clauses");
	double idx = lua_tonumber(L, -3);
	if (!lua_isnumber(L, -3) || idx < 0 || idx != floor(idx) || idx > 9e15 ||
	    !lua_isstring(L, -2) || !lua_istable(L, -1)) {
		ml->bad = "index, verdict and clauses";
		return 0;
	}
	ml->index = (unsigned long long)idx;
	ml->verdict = rl_verdict_parse(lua_tostring(L, -2));
	size_t n = (size_t)lua_rawlen(L, -1);
	if (n > MAX_CLAUSES || ml->verdict < 0) {
		ml->bad = "a known verdict and at most 4096 clauses";
		return 0;
	}
	ml->n = n;
	int cl = lua_gettop(L);
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, cl, (lua_Integer)i + 1);
		lua_getfield(L, -1, "id");
		lua_getfield(L, -2, "verdict");
		lua_getfield(L, -3, "p_breach");
		lua_getfield(L, -4, "expected_exposure_usd");
		int v = lua_isstring(L, -3) ? rl_verdict_parse(lua_tostring(L, -3)) : -1;
		if (!lua_isstring(L, -4) || v < 0 || !lua_isnumber(L, -2)) {
			ml->bad = "clauses of {id, verdict, p_breach, expected_exposure_usd}";
			return 0;
		}
		if (ml->ids)
			ml->ids[i] = rl_xstrdup(lua_tostring(L, -4));
		ml->verdicts[i] = v;
		ml->p[i] = lua_tonumber(L, -2);
		ml->has_x[i] = lua_isnumber(L, -1);
		ml->x[i] = ml->has_x[i] ? lua_tonumber(L, -1) : 0;
		lua_pop(L, 5);
	}
	return 0;
}

typedef struct merge_in {
	FILE *f;
	const char *path;
	char *line;
	size_t cap;
	unsigned long long lineno;
	int live;
	unsigned long long index;
} merge_in;

/* Reads the next line of one input; a line without its newline is half
 * written: refused. */
static int next_line(merge_in *in, char **err)
{
	ssize_t len;
	do {
		len = getline(&in->line, &in->cap, in->f);
		if (len < 0) {
			in->live = 0;
			return 0;
		}
		in->lineno++;
		if (in->line[len - 1] != '\n') {
			rl_seterr(err, "%s:%llu: expected a complete line, found a half-written one",
			          in->path, in->lineno);
			return -1;
		}
	} while (rl_batch_is_manifest_line(in->line));     /* provenance, not results */
	in->line[len - 1] = '\0';
	const char *at = strstr(in->line, "\"index\":");
	if (!at) {
		rl_seterr(err, "%s:%llu: expected a batch line with an index, found none",
		          in->path, in->lineno);
		return -1;
	}
	in->index = strtoull(at + 8, NULL, 10);
	in->live = 1;
	return 0;
}

rl_status rl_batch_merge(const char *const *paths, size_t npaths, const rl_engine *e,
                         const rl_batch *b, FILE *json, FILE *text,
                         rl_manifest *manifest, char **err)
{
	merge_in *in = rl_xcalloc(npaths, sizeof *in);
	rl_sandbox *sb = rl_sandbox_new(NULL);
	merge_line *ml = rl_xcalloc(1, sizeof *ml);
	char **ids = rl_xcalloc(MAX_CLAUSES, sizeof *ids);
	int *has = rl_xcalloc(MAX_CLAUSES, sizeof *has);
	clause_stats *tot = rl_xcalloc(MAX_CLAUSES, sizeof *tot);
	clause_stats *blk = rl_xcalloc(MAX_CLAUSES, sizeof *blk);
	size_t nclauses = 0;
	unsigned long long count = 0, findings = 0, cur_block = 0;
	flips fl;
	memset(&fl, 0, sizeof fl);
	unsigned char *row = rl_xcalloc(MAX_CLAUSES, 1);
	rl_status st = RL_OK;
	for (size_t i = 0; i < npaths && st == RL_OK; i++) {
		in[i].path = paths[i];
		in[i].f = fopen(paths[i], "r");
		if (!in[i].f) {
			rl_seterr(err, "%s:0: expected a readable batch output, found none", paths[i]);
			st = RL_EINPUT;
		} else if (next_line(&in[i], err)) {
			st = RL_EINPUT;
		}
	}
	while (st == RL_OK) {
		merge_in *best = NULL;
		for (size_t i = 0; i < npaths; i++)
			if (in[i].live && (!best || in[i].index < best->index))
				best = &in[i];
		if (!best)
			break;
		if (best->index != count) {
			rl_seterr(err, "%s:%llu: expected variant %llu next, found %llu (%s)",
			          best->path, best->lineno, count, best->index,
			          best->index < count ? "a variant appears twice"
			                              : "a shard is missing");
			st = RL_EINPUT;
			break;
		}
		ml->text = best->line;
		ml->bad = NULL;
		ml->ids = count == 0 ? ids : NULL;
		char *msg = NULL;
		if (rl_sandbox_cpcall(sb, decode_line, ml, &msg) != RL_RUN_OK || ml->bad) {
			rl_seterr(err, "%s:%llu: expected a batch line with %s, found something else",
			          best->path, best->lineno, ml->bad ? ml->bad : "valid JSON");
			free(msg);
			st = RL_EINPUT;
			break;
		}
		if (count == 0) {
			nclauses = ml->n;
			for (size_t c = 0; c < nclauses; c++)
				has[c] = ml->has_x[c];
		} else if (ml->n != nclauses) {
			rl_seterr(err, "%s:%llu: expected %zu clauses as on the first line, found %zu",
			          best->path, best->lineno, nclauses, ml->n);
			st = RL_EINPUT;
			break;
		}
		/* Sums per block of BLOCK variants, then into the total: the same
		 * arithmetic, in the same order, as a single run. */
		if (count / BLOCK != cur_block) {
			for (size_t c = 0; c < nclauses; c++) {
				for (int v = 0; v < RL_NVERDICTS; v++)
					tot[c].counts[v] += blk[c].counts[v];
				tot[c].p_sum += blk[c].p_sum;
				tot[c].exposure_sum += blk[c].exposure_sum;
			}
			memset(blk, 0, nclauses * sizeof *blk);
			cur_block = count / BLOCK;
		}
		for (size_t c = 0; c < nclauses; c++) {
			blk[c].counts[ml->verdicts[c]]++;
			blk[c].p_sum += ml->p[c];
			blk[c].exposure_sum += ml->x[c];
		}
		findings += ml->verdict == RL_BREACH || ml->verdict == RL_CONTESTED;
		if (b) {
			if (count == 0)
				flips_init(&fl, b, nclauses);
			for (size_t c = 0; c < nclauses; c++)
				row[c] = (unsigned char)ml->verdicts[c];
			flips_feed(&fl, count, row);
		}
		count++;
		if (next_line(best, err))
			st = RL_EINPUT;
	}
	if (st == RL_OK) {
		for (size_t c = 0; c < nclauses; c++) {
			for (int v = 0; v < RL_NVERDICTS; v++)
				tot[c].counts[v] += blk[c].counts[v];
			tot[c].p_sum += blk[c].p_sum;
			tot[c].exposure_sum += blk[c].exposure_sum;
		}
		tips tp;
		memset(&tp, 0, sizeof tp);
		if (b && tipping_points(e, b, &tp, err) != RL_OK)
			st = RL_EEVAL;
		if (st == RL_OK && text) {
			if (b)
				fprintf(text, "batch %s over %s: ", b->id, rl_scenario_id(b->base));
			summary_text(text, nclauses, (const char *const *)ids, tot, count, findings);
			if (b)
				flips_text(text, &fl, b, (const char *const *)ids);
			tips_text(text, &tp);
		}
		if (st == RL_OK && json)
			summary_json(json, nclauses, (const char *const *)ids, has, tot, count, findings,
			             b ? &tp : NULL, b ? &fl : NULL, b, manifest);
		free(tp.v);
	}
	for (size_t i = 0; i < npaths; i++) {
		if (in[i].f)
			fclose(in[i].f);
		free(in[i].line);
	}
	for (size_t c = 0; c < MAX_CLAUSES; c++)
		free(ids[c]);
	free(ids), free(has), free(tot), free(blk), free(ml), free(in), free(row);
	flips_free(&fl);
	rl_sandbox_free(sb);
	return st == RL_OK && findings ? RL_FINDING : st;
}
