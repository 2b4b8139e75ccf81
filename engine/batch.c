/* batch.c - loading batch files, generating variants, running workers and
 * searches.  Summaries (flips, tipping points) and merging are summary.c. */
#include "batch.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <ctype.h>
#include <lauxlib.h>

#include "axis.h"
#include "eval.h"
#include "law.h"
#include "loader.h"
#include "manifest.h"
#include "paths.h"
#include "sandbox.h"
#include "store.h"
#include "summary.h"
#include "whatif.h"

#define NO_CHANGES UINT32_MAX   /* write_line: not a search, no "changes" */

void rl_batch_free(rl_batch *b)
{
	if (!b)
		return;
	for (size_t a = 0; a < b->naxes; a++) {
		free(b->axes[a].path);
		free(b->axes[a].label);
		free(b->axes[a].vals);
	}
	rl_scenario_free(b->base);
	free(b->file);
	free(b->id);
	free(b->rows_file);
	free(b->row_picks);
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
const char *rl_batch_rows_file(const rl_batch *b) { return b->rows_file; }
size_t rl_batch_axis_count(const rl_batch *b) { return b->naxes; }
void rl_batch_set_tolerance(rl_batch *b, double tol) { b->tolerance = tol; }
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

static const char batch_key, uniform_key, rows_key;

static int l_range(lua_State *L)
{
	double a = luaL_checknumber(L, 1), b = luaL_checknumber(L, 2);
	double step = luaL_checknumber(L, 3);
	char na[32], nb[32], ns[32];
	rl_format_number(a, na);
	rl_format_number(b, nb);
	rl_format_number(step, ns);
	if (!(step > 0) || !isfinite(a) || !isfinite(b) || !isfinite(step) || b < a)
		return luaL_error(L, "range(a, b, step): expected finite a <= b and step > 0, "
		                  "found range(%s, %s, %s)", na, nb, ns);
	double count = floor((b - a) / step + 1e-9) + 1;
	if (!(count <= 1e7)) {
		char nc[32];
		rl_format_number(count, nc);
		return luaL_error(L, "range: expected at most 10000000 values, found %s", nc);
	}
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
	size_t len;
	const char *id = luaL_checklstring(L, 1, &len);
	if (len == 0 || len > 200 || strlen(id) != len)
		return luaL_error(L, "expected batch \"id\" with a non-empty id of at most "
		                  "200 bytes without NUL bytes, found another");
	lua_Debug ar;
	int line = 0;
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar))
		line = ar.currentline;
	lua_pushvalue(L, 1);
	lua_pushinteger(L, line);
	lua_pushcclosure(L, batch_body, 2);
	return 1;
}

/* csv_file("F.csv") and jsonl_file("F.jsonl"): the table a batch's rows
 * come from, read when the batch is parsed (paths relative to the batch). */
static int rows_file(lua_State *L, const char *format)
{
	luaL_checkstring(L, 1);
	lua_createtable(L, 0, 2);
	lua_pushvalue(L, 1);
	lua_setfield(L, -2, "path");
	lua_pushstring(L, format);
	lua_setfield(L, -2, "format");
	lua_rawgetp(L, LUA_REGISTRYINDEX, &rows_key);
	lua_setmetatable(L, -2);
	return 1;
}

static int l_csv_file(lua_State *L) { return rows_file(L, "csv"); }
static int l_jsonl_file(lua_State *L) { return rows_file(L, "jsonl"); }

static int setup_batch(lua_State *L)
{
	lua_newtable(L);
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &uniform_key);
	lua_newtable(L);
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &rows_key);
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
	int col;                /* rows from a table: the cell's column (1-based) */
	rl_model *m;            /* the base scenario's model, once loaded */
} parse_ctx;

static int bad(parse_ctx *pc, rl_status st, char *msg)
{
	if (pc->col > 0)
		pc->err = rl_fmt("%s:%d:%d: %s", pc->path, pc->line, pc->col, msg);
	else
		pc->err = rl_fmt("%s:%d: %s", pc->path, pc->line, msg);
	free(msg);
	pc->st = st;
	return -1;
}

/* Parses "date", "param.K", "KIND.ID.FIELD", "KIND.ID.attrs.K". */
static int parse_axis_path(parse_ctx *pc, axis *ax, const char *p)
{
	rl_model *m = pc->m;
	if (strcmp(p, "date") == 0) {
		ax->what = AX_DATE;
		return 0;
	}
	if (strncmp(p, "weight.", 7) == 0 && !pc->e)
		return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected a fact of the scenario (date, "
		                                 "param.KEY, KIND.ID.FIELD or KIND.ID.attrs.KEY), "
		                                 "found a reading's weight", p));
	if (strncmp(p, "weight.", 7) == 0) {
		/* weight.CLAUSE.READING: the reading's weight, the others renormalised */
		const char *dot = strrchr(p + 7, '.');
		char *cid = dot ? rl_xstrndup(p + 7, (size_t)(dot - (p + 7))) : NULL;
		long k = cid ? rl_engine_find_clause(pc->e, cid) : -1;
		free(cid);
		if (k < 0)
			return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected weight.CLAUSE.READING with "
			                                 "a clause of the loaded rule packs, found '%s'",
			                                 p, p));
		const rl_clause *cl = &pc->e->rules.clauses[k];
		long j = -1;
		for (size_t r = 0; r < cl->nreadings; r++)
			if (strcmp(cl->readings[r].name, dot + 1) == 0)
				j = (long)r;
		if (j < 0)
			return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected a reading of %s (%s%s), "
			                                 "found '%s'", p, cl->id, cl->readings[0].name,
			                                 cl->nreadings > 1 ? ", ..." : "", dot + 1));
		if (cl->nreadings < 2)
			return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected a clause with two or more "
			                                 "readings, found %s with one", p, cl->id));
		ax->what = AX_WEIGHT;
		ax->index = (size_t)k;
		ax->field = (size_t)j;
		if (pc->b)
			pc->b->weights = 1;
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
		const char **ids = rl_xcalloc(m->n[ax->kind] + 1, sizeof *ids);
		for (size_t j = 0; j < m->n[ax->kind]; j++)
			ids[j] = m->ents[ax->kind][j].id;
		const char *near = rl_nearest(id, ids, m->n[ax->kind]);
		int rc = bad(pc, RL_EINPUT, rl_fmt("axis %s: expected a %s of the base scenario, "
		                                   "found '%s'%s%s%s", p, rl_kind_name(ax->kind), id,
		                                   near ? " (nearest: '" : "", near ? near : "",
		                                   near ? "')" : ""));
		free(ids);
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
		long i = rl_model_find(pc->m, (rl_kind)k, v->u.s);
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
	static const rl_field_def weight = {"weight", RL_F_SHARE, RL_FF_REQUIRED, 0, NULL};
	const rl_field_def *fd;
	rl_field_def any = scalar;
	if (ax->what == AX_DATE) {
		fd = &date;
	} else if (ax->what == AX_WEIGHT) {
		fd = &weight;
	} else if (ax->what == AX_FIELD) {
		fd = rl_kind_field(ax->kind, ax->field);
	} else {
		int t = lua_type(L, idx);
		any.type = t == LUA_TNUMBER ? RL_F_NUM : t == LUA_TBOOLEAN ? RL_F_BOOL : RL_F_STR;
		fd = &any;
	}
	if (rl_loader_convert(L, idx, fd, pc->m, v, &what)) {
		int rc = bad(pc, RL_EINPUT, rl_fmt("axis %s: %s", ax->path, what));
		free(what);
		return rc;
	}
	if (ax->what == AX_DATE && v->t == RL_V_UNKNOWN)
		return bad(pc, RL_EINPUT, rl_fmt("axis date: expected dates, found unknown"));
	if (ax->what == AX_WEIGHT && v->t != RL_V_NUM)
		return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected a weight from 0 to 1, found "
		                                 "%s", ax->path, v->t == RL_V_UNKNOWN ? "unknown"
		                                                                      : "nil"));
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


/* --- one fact of a scenario (a derived scenario's set = { ... }) ----------- */

/* The value of key in the table t (params or attrs), added in key order
 * when t lacks it; the pairs are copied into memory m owns. */
static rl_value *table_slot(rl_model *m, rl_value *t, const char *key)
{
	uint32_t n = t->t == RL_V_TABLE ? t->n : 0, at = 0;
	for (uint32_t i = 0; i < n; i++) {
		int c = strcmp(t->u.pairs[i].key, key);
		if (c == 0)
			return &t->u.pairs[i].v;
		if (c < 0)
			at = i + 1;
	}
	rl_pair *pairs = rl_model_alloc(m, (size_t)n + 1, sizeof *pairs);
	if (n) {
		memcpy(pairs, t->u.pairs, at * sizeof *pairs);
		memcpy(pairs + at + 1, t->u.pairs + at, (n - at) * sizeof *pairs);
	}
	pairs[at].key = key;
	t->t = RL_V_TABLE;
	t->n = n + 1;
	t->u.pairs = pairs;
	return &pairs[at].v;
}

int rl_axis_set_fact(lua_State *L, int idx, rl_model *m, rl_entity *scenario,
                     const char *path, const char *file, int line, char **err)
{
	parse_ctx pc = {NULL, NULL, file, line, NULL, RL_OK, 0, m};
	axis ax;
	memset(&ax, 0, sizeof ax);
	ax.path = (char *)path;
	rl_value v;
	if (parse_axis_path(&pc, &ax, path) || convert_value(&pc, L, idx, &ax, &v)) {
		*err = pc.err;
		return -1;
	}
	switch (ax.what) {
	case AX_DATE: scenario->f[RL_SC_DATE] = v; break;
	case AX_PARAM: *table_slot(m, &scenario->f[RL_SC_PARAMS], ax.key) = v; break;
	case AX_ATTR:
		*table_slot(m, &m->ents[ax.kind][ax.index].f[RL_F_ATTRS], ax.key) = v;
		break;
	case AX_FIELD: m->ents[ax.kind][ax.index].f[ax.field] = v; break;
	case AX_WEIGHT: break;  /* refused above: there is no engine */
	}
	return 0;
}

/* --- rows from a table ------------------------------------------------------ */

/* The distinct cells of one column: cell text -> value index, so that equal
 * cells share a value (and the memo sees them as equal). */
typedef struct cell_index {
	char **keys;
	uint32_t *ids;
	size_t cap, n, vcap;
	size_t *lens;           /* strlen of each key */
} cell_index;

static uint64_t cell_hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* The index of the cell's value, or -1 (and *slot where to add it). */
static long cell_find(const cell_index *ci, const char *key, size_t len, size_t *slot)
{
	if (!ci->cap) {
		*slot = 0;
		return -1;
	}
	size_t i = (size_t)cell_hash(key, len) & (ci->cap - 1);
	for (; ci->keys[i]; i = (i + 1) & (ci->cap - 1))
		if (ci->lens[i] == len && memcmp(ci->keys[i], key, len) == 0)
			return (long)ci->ids[i];
	*slot = i;
	return -1;
}

static void cell_add(cell_index *ci, const char *key, size_t len, uint32_t id)
{
	size_t slot;
	if ((ci->n + 1) * 2 > ci->cap) {
		cell_index grown = {NULL, NULL, ci->cap ? ci->cap * 2 : 64, 0, ci->vcap, NULL};
		grown.keys = rl_xcalloc(grown.cap, sizeof *grown.keys);
		grown.ids = rl_xcalloc(grown.cap, sizeof *grown.ids);
		grown.lens = rl_xcalloc(grown.cap, sizeof *grown.lens);
		for (size_t i = 0; i < ci->cap; i++)
			if (ci->keys[i]) {
				cell_find(&grown, ci->keys[i], ci->lens[i], &slot);
				grown.keys[slot] = ci->keys[i];
				grown.ids[slot] = ci->ids[i];
				grown.lens[slot] = ci->lens[i];
				grown.n++;
			}
		free(ci->keys);
		free(ci->ids);
		free(ci->lens);
		*ci = grown;
	}
	cell_find(ci, key, len, &slot);
	ci->keys[slot] = rl_xstrndup(key, len);
	ci->ids[slot] = id;
	ci->lens[slot] = len;
	ci->n++;
}

static void cell_index_free(cell_index *ci)
{
	for (size_t i = 0; i < ci->cap; i++)
		free(ci->keys[i]);
	free(ci->keys);
	free(ci->ids);
	free(ci->lens);
}

typedef struct rows_ctx {
	parse_ctx *pc;
	lua_State *L;
	cell_index idx[MAX_AXES];
	size_t nrows, cap;
	int line, header_done, failed;
	rl_buf cells[MAX_AXES + 1];     /* the current CSV record's fields */
	int ncells, overflow;
} rows_ctx;

/* The header: one axis path per column, none twice. */
static int rows_header_cell(rows_ctx *rc, const char *path, int col)
{
	rl_batch *b = rc->pc->b;
	parse_ctx *pc = rc->pc;
	pc->line = rc->line;
	pc->col = col;
	if (b->naxes == MAX_AXES)
		return bad(pc, RL_EINPUT, rl_fmt("expected at most %d columns, found more",
		                                 MAX_AXES));
	for (size_t a = 0; a < b->naxes; a++)
		if (strcmp(b->axes[a].path, path) == 0)
			return bad(pc, RL_EINPUT, rl_fmt("expected each axis path once in the "
			                                 "header, found '%s' twice", path));
	axis *ax = &b->axes[b->naxes++];
	ax->path = rl_xstrdup(path);
	return parse_axis_path(pc, ax, ax->path);
}

/* Row storage: one value index per axis per row, in one array. */
static uint32_t *rows_next(rows_ctx *rc)
{
	rl_batch *b = rc->pc->b;
	if (rc->nrows == rc->cap) {
		rc->cap = rc->cap ? rc->cap * 2 : 1024;
		b->row_picks = rl_xrealloc(b->row_picks, rc->cap * b->naxes, sizeof *b->row_picks);
	}
	return &b->row_picks[rc->nrows++ * b->naxes];
}

/* Converts the Lua value on top of the stack (popped) into a new value of
 * axis a, known by key among the column's cells; its index, or -1. */
static long rows_value(rows_ctx *rc, size_t a, const char *key, size_t len, int col)
{
	rl_batch *b = rc->pc->b;
	axis *ax = &b->axes[a];
	cell_index *ci = &rc->idx[a];
	rc->pc->line = rc->line;
	rc->pc->col = col;
	if (ax->nvals == ci->vcap) {
		ci->vcap = ci->vcap ? ci->vcap * 2 : 16;
		ax->vals = rl_xrealloc(ax->vals, ci->vcap, sizeof *ax->vals);
	}
	memset(&ax->vals[ax->nvals], 0, sizeof *ax->vals);
	if (convert_value(rc->pc, rc->L, -1, ax, &ax->vals[ax->nvals])) {
		lua_pop(rc->L, 1);
		return -1;
	}
	lua_pop(rc->L, 1);
	if (ax->nvals >= UINT32_MAX - 1)
		return bad(rc->pc, RL_EINPUT, rl_fmt("expected fewer distinct values in "
		                                     "column %s, found 4e9", ax->path)), -1;
	if (key)
		cell_add(ci, key, len, (uint32_t)ax->nvals);
	return (long)ax->nvals++;
}

/* A CSV cell as the Lua value its column takes: empty is unknown; numbers,
 * true and false where the column's field takes them (params and attrs
 * take whatever the text looks like), else the text. */
static void push_csv_cell(lua_State *L, const axis *ax, const char *s, size_t len)
{
	if (len == 0) {
		lua_pushlightuserdata(L, NULL);
		return;
	}
	int type = RL_F_STR, any = 0;
	if (ax->what == AX_FIELD)
		type = rl_kind_field(ax->kind, ax->field)->type;
	else if (ax->what != AX_DATE)
		any = 1;
	if (any || type == RL_F_BOOL) {
		if (len == 4 && memcmp(s, "true", 4) == 0) {
			lua_pushboolean(L, 1);
			return;
		}
		if (len == 5 && memcmp(s, "false", 5) == 0) {
			lua_pushboolean(L, 0);
			return;
		}
	}
	if (any || type == RL_F_NUM || type == RL_F_SHARE) {
		char *end;
		double d = strtod(s, &end);
		if (end == s + len && isfinite(d) && !isspace((unsigned char)s[0])) {
			lua_pushnumber(L, d);
			return;
		}
	}
	lua_pushlstring(L, s, len);
}

static void csv_field(void *data, size_t len, void *arg)
{
	rows_ctx *rc = arg;
	if (rc->ncells > MAX_AXES) {
		rc->overflow = 1;
		return;
	}
	rl_buf *c = &rc->cells[rc->ncells++];
	c->len = 0;
	if (len)
		rl_buf_add(c, data, len);
	rl_buf_putc(c, '\0');
	c->len--;
}

static void csv_record(int term, void *arg)
{
	rows_ctx *rc = arg;
	rl_batch *b = rc->pc->b;
	int n = rc->ncells;
	rc->ncells = 0;
	if (rc->failed)
		return;
	if (!rc->header_done) {
		for (int i = 0; i < n && !rc->failed; i++)
			if (strlen(rc->cells[i].data) != rc->cells[i].len ||
			    rows_header_cell(rc, rc->cells[i].data, i + 1))
				rc->failed = 1;
		if (!rc->failed && rc->overflow) {
			rc->pc->line = rc->line;
			rc->pc->col = MAX_AXES + 1;
			bad(rc->pc, RL_EINPUT, rl_fmt("expected at most %d columns, found more",
			                              MAX_AXES));
			rc->failed = 1;
		}
		rc->header_done = 1;
		return;
	}
	if (n != (int)b->naxes || rc->overflow) {
		rc->pc->line = rc->line;
		rc->pc->col = n < (int)b->naxes ? n + 1 : (int)b->naxes + 1;
		bad(rc->pc, RL_EINPUT, rl_fmt("expected %zu fields as in the header, found %s%d",
		                              b->naxes, rc->overflow ? "more than " : "",
		                              rc->overflow ? MAX_AXES + 1 : n));
		rc->failed = 1;
		return;
	}
	uint32_t picks[MAX_AXES];
	for (size_t a = 0; a < b->naxes; a++) {
		const rl_buf *c = &rc->cells[a];
		size_t slot;
		long id = cell_find(&rc->idx[a], c->data, c->len, &slot);
		if (id < 0) {
			push_csv_cell(rc->L, &b->axes[a], c->data, c->len);
			id = rows_value(rc, a, c->data, c->len, (int)a + 1);
		}
		if (id < 0) {
			rc->failed = 1;
			return;
		}
		picks[a] = (uint32_t)id;
	}
	memcpy(rows_next(rc), picks, b->naxes * sizeof *picks);
}

static int csv_no_space(unsigned char c)
{
	return 0;       /* RFC 4180: spaces belong to the field */
}

/* CSV (RFC 4180, through libcsv in strict mode), fed one physical line at a
 * time so that messages name the line a record ends on. */
static void load_csv(rows_ctx *rc, const char *text, size_t len)
{
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
		bad(rc->pc, RL_EEVAL, rl_fmt("expected a CSV parser, found none"));
		rc->failed = 1;
		return;
	}
	csv_set_space_func(&p, csv_no_space);
	size_t at = 0;
	rc->line = 0;
	while (at < len && !rc->failed) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) + 1 : len - at;
		rc->line++;
		if (csv_parse(&p, text + at, n, csv_field, csv_record, rc) != n) {
			rc->pc->line = rc->line;
			rc->pc->col = rc->ncells + 1;
			bad(rc->pc, RL_EINPUT, rl_fmt("expected CSV (RFC 4180), found %s",
			                              csv_strerror(csv_error(&p))));
			rc->failed = 1;
		}
		at += n;
	}
	if (!rc->failed && csv_fini(&p, csv_field, csv_record, rc)) {
		rc->pc->line = rc->line;
		rc->pc->col = rc->ncells + 1;
		bad(rc->pc, RL_EINPUT, rl_fmt("expected a closing quote, found the end of "
		                              "the file"));
		rc->failed = 1;
	}
	csv_free(&p);
}

static int json_decode(lua_State *L)
{
	lua_getglobal(L, "json");
	lua_getfield(L, -1, "decode");
	lua_pushvalue(L, 1);
	lua_call(L, 1, 1);
	return 1;
}

static int cmp_paths(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The column of key in a JSON line: where "key" first appears. */
static int json_col(const char *line, const char *key)
{
	char *q = rl_fmt("\"%s\"", key);
	const char *at = strstr(line, q);
	free(q);
	return at ? (int)(at - line) + 1 : 1;
}

/* JSON Lines: one object per line; the first line's keys (sorted) are the
 * axes, and every line has exactly those keys.  null is unknown. */
static void load_jsonl(rows_ctx *rc, char *text, size_t len)
{
	lua_State *L = rc->L;
	rl_batch *b = rc->pc->b;
	parse_ctx *pc = rc->pc;
	rc->line = 0;
	for (char *line = text, *next; line && line < text + len && !rc->failed; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		rc->line++;
		if (!*line)
			continue;
		pc->line = rc->line;
		pc->col = 1;
		lua_pushcfunction(L, json_decode);
		lua_pushstring(L, line);
		if (lua_pcall(L, 1, 1, 0) != LUA_OK || !lua_istable(L, -1)) {
			lua_pop(L, 1);
			bad(pc, RL_EINPUT, rl_fmt("expected a JSON object, found something else"));
			rc->failed = 1;
			return;
		}
		int obj = lua_gettop(L);
		size_t nkeys = 0;
		const char *stray = NULL;
		for (lua_pushnil(L); lua_next(L, obj); lua_pop(L, 1)) {
			if (lua_type(L, -2) != LUA_TSTRING) {
				stray = "";
				continue;
			}
			nkeys++;
		}
		if (stray) {
			lua_pop(L, 1);
			bad(pc, RL_EINPUT, rl_fmt("expected an object keyed by axis paths, found "
			                          "a list"));
			rc->failed = 1;
			return;
		}
		if (!rc->header_done) {
			if (nkeys > MAX_AXES) {
				lua_pop(L, 1);
				bad(pc, RL_EINPUT, rl_fmt("expected at most %d keys, found %zu",
				                          MAX_AXES, nkeys));
				rc->failed = 1;
				return;
			}
			const char *keys[MAX_AXES];
			size_t k = 0;
			for (lua_pushnil(L); lua_next(L, obj); lua_pop(L, 1))
				keys[k++] = lua_tostring(L, -2);
			qsort(keys, k, sizeof *keys, cmp_paths);
			for (size_t i = 0; i < k && !rc->failed; i++)
				if (rows_header_cell(rc, keys[i], json_col(line, keys[i])))
					rc->failed = 1;
			if (!k) {
				bad(pc, RL_EINPUT, rl_fmt("expected axis paths as keys, found {}"));
				rc->failed = 1;
			}
			rc->header_done = 1;
			if (rc->failed) {
				lua_pop(L, 1);
				return;
			}
		}
		if (nkeys != b->naxes) {
			const char *extra = NULL;
			for (lua_pushnil(L); lua_next(L, obj); lua_pop(L, 1)) {
				int known = 0;
				for (size_t a = 0; a < b->naxes; a++)
					known |= strcmp(b->axes[a].path, lua_tostring(L, -2)) == 0;
				if (!known && !extra) {
					extra = lua_tostring(L, -2);
					pc->col = json_col(line, extra);
					bad(pc, RL_EINPUT, rl_fmt("expected the axis paths of line 1, "
					                          "found '%s'", extra));
				}
			}
			if (!extra)
				bad(pc, RL_EINPUT, rl_fmt("expected %zu keys as on the first line, "
				                          "found %zu", b->naxes, nkeys));
			lua_pop(L, 1);
			rc->failed = 1;
			return;
		}
		uint32_t picks[MAX_AXES];
		for (size_t a = 0; a < b->naxes && !rc->failed; a++) {
			lua_getfield(L, obj, b->axes[a].path);
			int col = json_col(line, b->axes[a].path);
			if (lua_isnil(L, -1)) {
				lua_pop(L, 1);
				pc->col = 1;
				bad(pc, RL_EINPUT, rl_fmt("expected key '%s' as on the first line, "
				                          "found none", b->axes[a].path));
				rc->failed = 1;
				break;
			}
			/* Equal scalars share a value; lists are each their own. */
			char *key = NULL;
			int t = lua_type(L, -1);
			if (t == LUA_TNUMBER)
				key = rl_fmt("n%.17g", lua_tonumber(L, -1));
			else if (t == LUA_TSTRING)
				key = rl_fmt("s%s", lua_tostring(L, -1));
			else if (t == LUA_TBOOLEAN)
				key = rl_fmt("b%d", lua_toboolean(L, -1));
			else if (t == LUA_TLIGHTUSERDATA)
				key = rl_xstrdup("u");
			size_t slot;
			long id = key ? cell_find(&rc->idx[a], key, strlen(key), &slot) : -1;
			if (id >= 0)
				lua_pop(L, 1);
			else
				id = rows_value(rc, a, key, key ? strlen(key) : 0, col);
			free(key);
			if (id < 0)
				rc->failed = 1;
			else
				picks[a] = (uint32_t)id;
		}
		lua_settop(L, obj - 1);
		if (!rc->failed)
			memcpy(rows_next(rc), picks, b->naxes * sizeof *picks);
	}
}

/* rows = csv_file(...) or jsonl_file(...): the batch's variants, one per
 * row, every cell checked before anything runs. */
static void load_rows(parse_ctx *pc, lua_State *L, int idx)
{
	rl_batch *b = pc->b;
	int ok = 0;
	if (lua_istable(L, idx) && lua_getmetatable(L, idx)) {
		lua_rawgetp(L, LUA_REGISTRYINDEX, &rows_key);
		ok = lua_rawequal(L, -1, -2);
		lua_pop(L, 2);
	}
	if (!ok) {
		bad(pc, RL_EINPUT, rl_fmt("batch %s: expected rows = csv_file(\"FILE\") or "
		                          "jsonl_file(\"FILE\"), found something else", b->id));
		return;
	}
	lua_getfield(L, idx, "path");
	lua_getfield(L, idx, "format");
	int csv = strcmp(lua_tostring(L, -1), "csv") == 0;
	b->rows = 1;
	b->rows_file = dir_join(pc->path, lua_tostring(L, -2));
	lua_pop(L, 2);
	size_t len;
	char *err = NULL;
	char *text = rl_read_file(b->rows_file, &len, &err);
	if (!text) {
		pc->err = err;
		pc->st = RL_EINPUT;
		return;
	}
	rows_ctx *rc = rl_xcalloc(1, sizeof *rc);
	rc->pc = pc;
	rc->L = L;
	const char *batch_path = pc->path;
	int batch_line = pc->line;
	pc->path = b->rows_file;
	if (memchr(text, '\0', len)) {
		pc->line = 1;
		bad(pc, RL_EINPUT, rl_fmt("expected text, found a NUL byte"));
		rc->failed = 1;
	} else if (csv) {
		load_csv(rc, text, len);
	} else {
		load_jsonl(rc, text, len);
	}
	if (!rc->failed && !rc->nrows) {
		pc->line = rc->line ? rc->line : 1;
		pc->col = 0;
		bad(pc, RL_EINPUT, rl_fmt("expected a header and at least one row, found %s",
		                          rc->header_done ? "no rows" : "nothing"));
	}
	b->n = rc->nrows;
	for (size_t a = 0; a < MAX_AXES; a++)
		cell_index_free(&rc->idx[a]);
	for (size_t i = 0; i <= MAX_AXES; i++)
		rl_buf_free(&rc->cells[i]);
	free(rc);
	free(text);
	pc->col = 0;
	pc->path = batch_path;
	pc->line = batch_line;
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
	pc->m = b->base->m;
	lua_getfield(L, f, "rows");
	if (!lua_isnil(L, -1)) {
		lua_getfield(L, f, "vary");
		lua_getfield(L, f, "mode");
		if (!lua_isnil(L, -2) || !lua_isnil(L, -1))
			return bad(pc, RL_EINPUT, rl_fmt("batch %s: expected rows or vary and mode, "
			                                 "found both", b->id)), 0;
		lua_pop(L, 2);
		load_rows(pc, L, lua_gettop(L));
		return 0;
	}
	lua_pop(L, 1);
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
		double n = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN;
		/* NaN fails every comparison: ask for the range, not outside it. */
		if (!(n >= 1 && n <= 1e12 && n == floor(n))) {
			char found[100];
			rl_loader_describe(L, -1, found, sizeof found);
			return bad(pc, RL_EINPUT, rl_fmt("batch %s: expected n (the number of "
			                                 "samples, a whole number from 1 to 1e12) "
			                                 "in sample mode, found %s", b->id,
			                                 found)), 0;
		}
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
		if (lua_type(L, at) == LUA_TTABLE) {
			lua_rawgeti(L, at, 1);
			lua_rawgeti(L, at, 2);
		}
		if (lua_type(L, at) != LUA_TTABLE || lua_type(L, -2) != LUA_TSTRING ||
		    lua_type(L, -1) != LUA_TTABLE)
			return bad(pc, RL_EINPUT, rl_fmt("axis %zu: expected { \"PATH\", { values } "
			                                 "}, found something else", a + 1)), 0;
		ax->path = rl_xstrdup(lua_tostring(L, -2));
		if (parse_axis_path(pc, ax, ax->path))
			return 0;
		lua_getfield(L, at, "label");      /* { PATH, VALUES, label = "..." } */
		if (!lua_isnil(L, -1) && (lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) == 0))
			return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected label to be a non-empty "
			                                 "string, found a %s", ax->path,
			                                 luaL_typename(L, -1))), 0;
		if (!lua_isnil(L, -1))
			ax->label = rl_xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
		int vals = lua_gettop(L);
		if (lua_getmetatable(L, vals)) {
			lua_rawgetp(L, LUA_REGISTRYINDEX, &uniform_key);
			int is_uniform = lua_rawequal(L, -1, -2);
			lua_pop(L, 2);
			if (is_uniform) {
				if (!b->sample)
					return bad(pc, RL_EINPUT, rl_fmt("axis %s: expected a list in grid "
					                                 "mode, found uniform(...)", ax->path)), 0;
				if (ax->what != AX_PARAM && ax->what != AX_ATTR && ax->what != AX_WEIGHT &&
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
				if (((fd && fd->type == RL_F_SHARE) || ax->what == AX_WEIGHT) &&
				    (ax->lo < 0 || ax->hi > 1))
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

static void base_choices(rl_batch *b);

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
	lua_pushcfunction(L, l_csv_file);
	rl_sandbox_export(sb, "csv_file");
	lua_pushcfunction(L, l_jsonl_file);
	rl_sandbox_export(sb, "jsonl_file");
	rl_batch *b = rl_xcalloc(1, sizeof *b);
	b->file = rl_xstrdup(path);
	b->engine = e;
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
		parse_ctx pc = {e, b, path, 0, NULL, RL_OK, 0, NULL};
		rl_run prun = rl_sandbox_cpcall(sb, parse_batch, &pc, &msg);
		if (prun != RL_RUN_OK) {
			/* The batch table's metamethods ran out of a limit, or failed. */
			char *nl = strchr(msg, '\n');
			if (nl)
				*nl = '\0';
			free(*err);
			*err = msg;
			st = prun == RL_RUN_ERROR ? RL_EINPUT : RL_EEVAL;
			free(pc.err);
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
	base_choices(b);        /* what each variant changes from the base */
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
	if (b->rows) {
		for (size_t a = 0; a < b->naxes; a++)
			pick[a] = b->row_picks[i * b->naxes + a];
		return;
	}
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
	int32_t *days[MAX_AXES];        /* date axis: its values as day numbers */
	/* Per entity of the kinds that have defaults (model, product,
	 * deployment): the fields some axis sets. */
	uint32_t *set[RL_NKINDS];
	rl_memo *memo;
	rl_verdicts out;
	int ov_on;                      /* axis ov_axis takes ov_num instead */
	size_t ov_axis;
	double ov_num;
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
	case AX_WEIGHT: return d;       /* weights weigh verdicts; no check reads them */
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

/* The reading weights a variant sets: each weight.CLAUSE.READING axis, in
 * axis order, sets its reading's weight and scales the clause's other
 * readings to share the rest in their rule-pack proportions. */
static void apply_weights(const rl_batch *b, worker_world *ww, const size_t *pick,
                          const double *draw)
{
	const rl_engine *e = b->engine;
	double *wt = ww->out.weight;
	if (!wt || !e)
		return;
	for (size_t a = 0; a < b->naxes; a++) {
		const axis *ax = &b->axes[a];
		if (ax->what != AX_WEIGHT)
			continue;
		const rl_clause *cl = &e->rules.clauses[ax->index];
		for (size_t j = 0; j < cl->nreadings; j++)
			wt[ww->out.slot[ax->index] + j] = cl->readings[j].weight;
	}
	for (size_t a = 0; a < b->naxes; a++) {
		const axis *ax = &b->axes[a];
		if (ax->what != AX_WEIGHT)
			continue;
		double x = ax->uniform ? draw[a] : ax->vals[pick[a]].u.num;
		if (ww->ov_on && a == ww->ov_axis)
			x = ww->ov_num;
		const rl_clause *cl = &e->rules.clauses[ax->index];
		double *cw = wt + ww->out.slot[ax->index], rest = 0;
		for (size_t j = 0; j < cl->nreadings; j++)
			if (j != ax->field)
				rest += cw[j];
		for (size_t j = 0; j < cl->nreadings; j++)
			if (j != ax->field)
				cw[j] = rest > 0 ? cw[j] * (1 - x) / rest
				                 : (1 - x) / (double)(cl->nreadings - 1);
		cw[ax->field] = x;
	}
}

/* A batch with weight axes: per-slot weights, from the rule packs. */
static void weights_init(const rl_batch *b, rl_verdicts *v)
{
	if (!b->weights || !b->engine)
		return;
	v->weight = rl_xcalloc(v->nslots + 1, sizeof *v->weight);
	for (size_t k = 0; k < b->engine->rules.nclauses; k++) {
		const rl_clause *cl = &b->engine->rules.clauses[k];
		for (size_t j = 0; j < cl->nreadings; j++)
			v->weight[v->slot[k] + j] = cl->readings[j].weight;
	}
}

/* What a worker works out once: date values as day numbers, and per
 * entity that has defaults the fields the axes set. */
static void worker_tables(worker_world *ww, const rl_batch *b)
{
	const rl_model *m = b->base->m;
	for (int k = RL_K_MODEL; k <= RL_K_DEPLOYMENT; k++)
		ww->set[k] = rl_xcalloc(m->n[k] + 1, sizeof *ww->set[k]);
	for (size_t a = 0; a < b->naxes; a++) {
		const axis *ax = &b->axes[a];
		if (ax->what == AX_FIELD && ax->kind >= RL_K_MODEL && ax->kind <= RL_K_DEPLOYMENT)
			ww->set[ax->kind][ax->index] |= 1u << ax->field;
		if (ax->what != AX_DATE)
			continue;
		ww->days[a] = rl_xcalloc(ax->nvals + 1, sizeof *ww->days[a]);
		for (size_t i = 0; i < ax->nvals; i++)
			rl_date_parse(ax->vals[i].u.s, &ww->days[a][i]);
	}
}

/* Frees what worker_tables and own_table made for ww. */
static void worker_tables_free(worker_world *ww, const rl_batch *b)
{
	for (size_t a = 0; a < b->naxes; a++) {
		free(ww->tables[a]);
		free(ww->days[a]);
		ww->tables[a] = NULL;
		ww->days[a] = NULL;
	}
	for (int k = 0; k < RL_NKINDS; k++) {
		free(ww->set[k]);
		ww->set[k] = NULL;
	}
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
		if (ww->ov_on && a == ww->ov_axis) {
			/* Exact tipping points: a number between two of the axis's. */
			memset(&v, 0, sizeof v);
			v.t = RL_V_NUM;
			v.ref = -1;
			v.u.num = ww->ov_num;
			ww->have_prev = 0;
		}
		if (ww->have_prev && ww->key[a] == ww->prev[a])
			continue;
		switch (ax->what) {
		case AX_DATE:
			rl_world_set_date(w, ww->days[a][pick[a]]);
			break;
		case AX_PARAM:
			w->ents[RL_K_SCENARIO][0].f[RL_SC_PARAMS].u.pairs[ww->slot[a]].v = v;
			break;
		case AX_ATTR:
			w->ents[ax->kind][ax->index].f[RL_F_ATTRS].u.pairs[ww->slot[a]].v = v;
			break;
		case AX_WEIGHT:
			break;          /* below, after every axis */
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
	if (b->weights)
		apply_weights(b, ww, pick, draw);
	if (fields_changed) {
		/* Defaults follow the facts they derive from (seller from operator);
		 * only models, products and deployments have any, in that order. */
		for (int k = RL_K_MODEL; k <= RL_K_DEPLOYMENT; k++)
			for (size_t e = 0; e < m->n[k]; e++) {
				rl_entity *ent = &w->ents[k][e];
				/* Restore the base's defaulted bits for fields no axis set. */
				uint32_t base = m->ents[k][e].defaulted & ~ww->set[k][e];
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
	b->have_base = 1;
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
		case AX_WEIGHT: v = NULL; break;
		}
		rl_value wv;
		if (ax->what == AX_WEIGHT && b->engine) {
			memset(&wv, 0, sizeof wv);
			wv.t = RL_V_NUM;
			wv.ref = -1;
			wv.u.num = b->engine->rules.clauses[ax->index].readings[ax->field].weight;
			v = &wv;
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

int rl_batch_parse_want(const char *want, unsigned *mask, char **err)
{
	*mask = 0;
	if (!want || !*want) {
		rl_seterr(err, "--want:0: expected a verdict (compliant, breach, contested, "
		          "unknown, not_applicable, error), a set V1,V2 or not:V, found nothing");
		return -1;
	}
	int negate = strncmp(want, "not:", 4) == 0;
	char *list = rl_xstrdup(want + (negate ? 4 : 0));
	int rc = 0;
	char *save = NULL;
	for (char *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		int v = rl_verdict_parse(p);
		if (v < 0) {
			static const char *const names[] = {"compliant", "breach", "contested",
			                                    "unknown", "not_applicable", "error"};
			const char *near = rl_nearest(p, names, 6);
			rl_seterr(err, "--want:0: expected a verdict (compliant, breach, contested, "
			          "unknown, not_applicable, error), a set V1,V2 or not:V, found '%s'"
			          "%s%s%s", p, near ? " (nearest: '" : "", near ? near : "",
			          near ? "')" : "");
			rc = -1;
			break;
		}
		*mask |= 1u << v;
	}
	free(list);
	if (!rc && !*mask) {
		rl_seterr(err, "--want:0: expected at least one verdict, found '%s'", want);
		rc = -1;
	}
	if (negate)
		*mask = ((1u << RL_NVERDICTS) - 1) & ~*mask;
	if (!rc && !*mask) {
		rl_seterr(err, "--want:0: expected a verdict left after not:, found '%s' "
		          "excluding every one", want);
		rc = -1;
	}
	return rc;
}

void rl_batch_want_text(unsigned mask, rl_buf *out)
{
	unsigned all = (1u << RL_NVERDICTS) - 1;
	int in = 0, n = 0;
	for (int v = 0; v < RL_NVERDICTS; v++)
		in += !!(mask & (1u << v));
	int negate = in > RL_NVERDICTS - in && in < RL_NVERDICTS;
	unsigned show = negate ? all & ~mask : mask;
	static const int order[] = {RL_BREACH, RL_CONTESTED, RL_COMPLIANT, RL_UNKNOWN,
	                            RL_NOT_APPLICABLE, RL_ERROR};
	if (negate)
		rl_buf_puts(out, "not ");
	for (int i = 0; i < RL_NVERDICTS; i++) {
		int v = order[i];
		if (show & (1u << v)) {
			if (n++)
				rl_buf_puts(out, negate ? " nor " : " or ");
			rl_buf_puts(out, rl_verdict_name((rl_verdict)v));
		}
	}
}

rl_status rl_batch_select_init(const rl_engine *e, const rl_batch *b, rl_batch_select *sel,
                               const char *want, const char *clause, const char *reading,
                               char **err)
{
	memset(sel, 0, sizeof *sel);
	sel->clause = sel->reading = -1;
	sel->max_changes = sel->min_changes = sel->min_short = -1;
	sel->max_exposure = sel->min_exposure = INFINITY;
	if (!want)      /* --minimize alone: any verdict */
		sel->wants = (1u << RL_NVERDICTS) - 1;
	else if (rl_batch_parse_want(want, &sel->wants, err))
		return RL_EINPUT;
	if (reading && !clause) {
		rl_seterr(err, "--reading:0: expected --clause with --reading, found none");
		return RL_EINPUT;
	}
	if (!clause) {
		/* The scenario is compliant when nothing binding is found wanting. */
		if (sel->wants == 1u << RL_COMPLIANT)
			sel->wants |= 1u << RL_NOT_APPLICABLE;
		return RL_OK;
	}
	long k = rl_engine_find_clause(e, clause);
	const rl_value *c = &b->base->m->ents[RL_K_SCENARIO][0].f[RL_SC_CONTRACTS];
	int in_scenario = k >= 0 && c->t != RL_V_LIST;
	for (uint32_t i = 0; k >= 0 && c->t == RL_V_LIST && i < c->n; i++)
		in_scenario |= strcmp(c->u.items[i].u.s,
		                      e->rules.contracts[e->rules.clauses[k].contract].id) == 0;
	if (!in_scenario) {
		const char **ids = rl_xcalloc(e->rules.nclauses + 1, sizeof *ids);
		for (size_t i = 0; i < e->rules.nclauses; i++)
			ids[i] = e->rules.clauses[i].id;
		const char *near = rl_nearest(clause, ids, e->rules.nclauses);
		rl_seterr(err, "--clause:0: expected a clause of the contracts of %s, found '%s'"
		          "%s%s%s", rl_scenario_id(b->base), clause, near ? " (nearest: '" : "",
		          near ? near : "", near ? "')" : "");
		free(ids);
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
		rl_buf all = {0};
		const char **names = rl_xcalloc(cl->nreadings + 1, sizeof *names);
		for (size_t j = 0; j < cl->nreadings; j++) {
			rl_buf_printf(&all, "%s%s", j ? ", " : "", cl->readings[j].name);
			names[j] = cl->readings[j].name;
		}
		rl_seterr(err, "--reading:0: expected a reading of %s (%s), found '%s' (nearest: "
		          "'%s')", clause, all.data ? all.data : "", reading,
		          rl_nearest(reading, names, cl->nreadings));
		rl_buf_free(&all);
		free(names);
		return RL_EINPUT;
	}
	if (!(sel->wants & ~(1u << RL_CONTESTED))) {
		rl_seterr(err, "--want:0: expected a reading verdict, found 'contested' "
		          "(a clause verdict)");
		return RL_EINPUT;
	}
	return RL_OK;
}

int rl_batch_wanted(const rl_engine *e, const rl_batch_select *sel, const rl_verdicts *v,
                    int *short_by)
{
	int shortn = 0;
	if (sel->clause < 0) {
		unsigned ok = sel->wants | (1u << RL_NOT_APPLICABLE);
		for (size_t c = 0; c < v->nclauses; c++)
			shortn += e->rules.contracts[e->rules.clauses[v->clause[c]].contract].binding &&
			          !(ok & (1u << v->verdict[c]));
		*short_by = shortn;
		return (sel->wants >> v->scenario) & 1u;
	}
	for (size_t c = 0; c < v->nclauses; c++) {
		if (v->clause[c] != (uint32_t)sel->clause)
			continue;
		int got = sel->reading < 0 ? v->verdict[c]
		                           : v->reading[v->slot[sel->clause] + (size_t)sel->reading];
		int yes = (sel->wants >> got) & 1u;
		*short_by = !yes;
		return yes;
	}
	*short_by = 1;
	return 0;
}

/* Is clause k (an engine index) one of the batch scenario's contracts? */
static int in_scenario(const rl_engine *e, const rl_batch *b, size_t k)
{
	const rl_value *c = &b->base->m->ents[RL_K_SCENARIO][0].f[RL_SC_CONTRACTS];
	int keep = c->t != RL_V_LIST;
	for (uint32_t i = 0; c->t == RL_V_LIST && i < c->n; i++)
		keep |= strcmp(c->u.items[i].u.s, e->rules.contracts[e->rules.clauses[k].contract].id) == 0;
	return keep;
}

rl_status rl_batch_select_minimize(const rl_engine *e, const rl_batch *b,
                                   rl_batch_select *sel, const char *what, char **err)
{
	if (strcmp(what, "exposure") != 0 && strncmp(what, "exposure:", 9) != 0) {
		rl_seterr(err, "--minimize:0: expected exposure or exposure:CLAIMANT, found '%s'",
		          what);
		return RL_EINPUT;
	}
	sel->exposure = 1;
	if (!what[8])
		return RL_OK;
	const char *who = what + 9;
	rl_buf known = {0};
	for (size_t k = 0; k < e->rules.nclauses; k++) {
		const rl_clause *cl = &e->rules.clauses[k];
		if (!cl->holder || !in_scenario(e, b, k) || isnan(cl->exposure))
			continue;
		if (strcmp(cl->holder, who) == 0) {
			sel->claimant = cl->holder;
			rl_buf_free(&known);
			return RL_OK;
		}
		if (!known.data || !strstr(known.data, cl->holder)) {
			rl_buf_puts(&known, known.len ? ", " : "");
			rl_buf_puts(&known, cl->holder);
		}
	}
	rl_seterr(err, "--minimize:0: expected a claimant holding a clause with an exposure "
	          "in %s (%s), found '%s'", rl_scenario_id(b->base),
	          known.data ? known.data : "none", who);
	rl_buf_free(&known);
	return RL_EINPUT;
}

void rl_batch_explain_short(const rl_engine *e, const rl_batch_select *sel,
                            const rl_verdicts *v, rl_buf *out)
{
	unsigned ok = sel->wants | (sel->clause < 0 ? 1u << RL_NOT_APPLICABLE : 0);
	for (size_t c = 0; c < v->nclauses; c++) {
		size_t k = v->clause[c];
		const rl_clause *cl = &e->rules.clauses[k];
		if (sel->clause >= 0 ? (long)k != sel->clause
		                     : !e->rules.contracts[cl->contract].binding ||
		                       (ok & (1u << v->verdict[c])))
			continue;
		if (sel->clause >= 0 && sel->reading < 0 && (ok & (1u << v->verdict[c])))
			continue;
		rl_buf_printf(out, "    %s is %s: ", cl->id,
		              rl_verdict_name((rl_verdict)v->verdict[c]));
		int n = 0;
		for (size_t j = 0; j < cl->nreadings; j++) {
			int r = v->reading[v->slot[k] + j];
			if (sel->reading >= 0 ? (long)j != sel->reading : (ok & (1u << r)) != 0)
				continue;
			rl_buf_printf(out, "%s%s under its %s reading", n++ ? ", " : "",
			              rl_verdict_name((rl_verdict)r), cl->readings[j].name);
		}
		if (!n)
			rl_buf_puts(out, "no single reading (the readings together)");
		rl_buf_putc(out, '\n');
	}
}

double rl_batch_exposure(const rl_engine *e, const rl_batch_select *sel, const rl_verdicts *v)
{
	double x = 0;
	for (size_t c = 0; c < v->nclauses; c++) {
		const rl_clause *cl = &e->rules.clauses[v->clause[c]];
		if (!e->rules.contracts[cl->contract].binding || isnan(v->exposure[c]))
			continue;
		if (sel->claimant && (!cl->holder || strcmp(cl->holder, sel->claimant) != 0))
			continue;
		x += v->exposure[c];
	}
	return x;
}

/* --- output ----------------------------------------------------------------------- */


typedef struct block {
	rl_buf text;
	unsigned char *rows;            /* BLOCK x clauses verdicts, for rl_flips */
	unsigned char *rrows;           /* BLOCK x reading slots, for opt->observe */
	unsigned long long first, count;
	rl_clause_stats *stats;            /* per clause */
	unsigned long long findings;
	unsigned long long readings;    /* checks run (in-force clauses' readings) */
	unsigned long long matched;     /* search: variants kept */
	unsigned long long wanted;      /* search: variants with the verdict wanted */
	int min_changes;                /* search: fewest axes changed; -1: none */
	double min_exposure;            /* search: lowest exposure kept */
	unsigned long long kept[RL_SEARCH_FIRST];       /* search: the first kept */
	size_t nkept;
	int min_short;                  /* search: fewest clauses short; -1: none */
	unsigned long long nearest[RL_SEARCH_NEAREST];
	size_t nnearest;
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
	size_t nclauses, nslots;
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
			rl_json_value(o, &b->axes[a].vals[pick[a]]);
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

uint32_t rl_batch_changes(rl_batch *b, unsigned long long i)
{
	size_t pick[MAX_AXES];
	double draw[MAX_AXES];
	if (!b->have_base)
		base_choices(b);
	variant_choice(b, i, pick, draw);
	return changes_of(b, pick, draw);
}

uint32_t rl_batch_differ(const rl_batch *b, unsigned long long i, unsigned long long j)
{
	size_t pi[MAX_AXES], pj[MAX_AXES];
	double di[MAX_AXES], dj[MAX_AXES];
	variant_choice(b, i, pi, di);
	variant_choice(b, j, pj, dj);
	uint32_t m = 0;
	for (size_t a = 0; a < b->naxes; a++)
		if (b->axes[a].uniform ? !(di[a] == dj[a]) : pi[a] != pj[a])
			m |= 1u << a;
	return m;
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
			rl_clause_stats *st = &out->stats[c];
			st->counts[v->verdict[c]]++;
			out->rows[(size_t)(i - from) * sh->nclauses + c] = v->verdict[c];
			if (out->rrows)
				memcpy(out->rrows + (size_t)(i - from) * sh->nslots, v->reading, sh->nslots);
			st->p_sum += v->p_breach[c];
			if (!isnan(v->exposure[c]))
				st->exposure_sum += v->exposure[c];
		}
		const rl_batch_select *sel = sh->opt->select;
		uint32_t changed = NO_CHANGES;
		if (sel) {
			changed = changes_of(b, pick, draw);
			int n = popcount32(changed), shortn = 0;
			int yes = rl_batch_wanted(sh->e, sel, v, &shortn);
			out->wanted += (unsigned long long)yes;
			if (!yes) {
				/* Nearest: fewest clauses short, then fewest axes changed. */
				int rank = shortn * (MAX_AXES + 1) + n;
				if (out->min_short < 0 || rank < out->min_short) {
					out->min_short = rank;
					out->nnearest = 0;
				}
				if (rank == out->min_short && out->nnearest < RL_SEARCH_NEAREST)
					out->nearest[out->nnearest++] = i;
			}
			if (!yes || (sel->max_changes >= 0 && n > sel->max_changes))
				continue;
			double x = sel->exposure ? rl_batch_exposure(sh->e, sel, v) : 0;
			if (sel->exposure && !(x <= sel->max_exposure))
				continue;
			out->matched++;
			if (out->nkept < RL_SEARCH_FIRST)
				out->kept[out->nkept++] = i;
			if (out->min_changes < 0 || n < out->min_changes)
				out->min_changes = n;
			if (x < out->min_exposure)
				out->min_exposure = x;
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
	worker_tables(&ww, sh->b);
	rl_axis_deps deps[MAX_AXES];
	for (size_t a = 0; a < sh->b->naxes; a++) {
		if (sh->b->axes[a].what == AX_PARAM || sh->b->axes[a].what == AX_ATTR)
			own_table(&ww, sh->b, a);
		deps[a] = axis_deps(&sh->b->axes[a]);
		ww.axis_paths[a] = deps[a].paths != 0;
	}
	rl_verdicts_init(&ww.out, ev);
	weights_init(sh->b, &ww.out);
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
	worker_tables_free(&ww, sh->b);
	/* The world's table values point at our copies; detach before freeing. */
	rl_world_free(ww.w);
	rl_memo_free(ww.memo);
	rl_verdicts_free(&ww.out);
	rl_evaluator_free(ev);
	return NULL;
}

rl_status rl_batch_variant(const rl_engine *e, const rl_batch *b, unsigned long long i,
                           rl_verdicts *out, char **err)
{
	rl_evaluator *ev = NULL;
	memset(out, 0, sizeof *out);
	rl_status st = rl_evaluator_new(e, &ev, err);
	if (st != RL_OK)
		return st;
	worker_world ww;
	memset(&ww, 0, sizeof ww);
	ww.w = rl_world_new(b->base->m);
	worker_tables(&ww, b);
	for (size_t a = 0; a < b->naxes; a++) {
		if (b->axes[a].what == AX_PARAM || b->axes[a].what == AX_ATTR)
			own_table(&ww, b, a);
		ww.axis_paths[a] = axis_deps(&b->axes[a]).paths != 0;
	}
	rl_verdicts_init(out, ev);
	weights_init(b, out);
	size_t pick[MAX_AXES];
	double draw[MAX_AXES];
	if (i >= b->n) {
		rl_seterr(err, "%s:0: expected a variant below %llu, found %llu", b->file, b->n, i);
		st = RL_EINPUT;
	} else if (apply(b, &ww, i, pick, draw, err)) {
		st = RL_EEVAL;
	} else {
		rl_eval_verdicts(ev, ww.w, b->base->m, NULL, ww.key, out);
	}
	worker_tables_free(&ww, b);
	rl_world_free(ww.w);
	rl_evaluator_free(ev);
	return st;
}

/* --- exact tipping points per slice ------------------------------------------ */

double rl_round_to(double x, double tol)
{
	if (!(tol > 0))
		return x;
	double inv = round(1 / tol);
	if (inv >= 1 && fabs(inv * tol - 1) < 1e-9)
		return round(x * inv) / inv;
	return round(x / tol) * tol;
}

/* Is axis a numeric: a number field, or a list of numbers (param.*,
 * attrs, weight.*)? */
static int numeric_axis(const axis *ax)
{
	if (ax->uniform || !ax->nvals)
		return 0;
	if (ax->what == AX_FIELD) {
		const rl_field_def *fd = rl_kind_field(ax->kind, ax->field);
		if (fd->type != RL_F_NUM && fd->type != RL_F_SHARE)
			return 0;
	} else if (ax->what == AX_DATE) {
		return 0;
	}
	for (size_t i = 0; i < ax->nvals; i++)
		if (ax->vals[i].t != RL_V_NUM)
			return 0;
	return ax->nvals > 1;
}

typedef struct probe {
	const rl_engine *e;
	const rl_batch *b;
	rl_evaluator *ev;
	worker_world ww;
	size_t pick[MAX_AXES];
	double draw[MAX_AXES];
	char *err;
} probe;

/* Evaluates variant i (with axis a at x when over). */
static int probe_at(probe *pr, unsigned long long i, int over, size_t a, double x)
{
	pr->ww.have_prev = 0;
	pr->ww.ov_on = over;
	pr->ww.ov_axis = a;
	pr->ww.ov_num = x;
	int rc = apply(pr->b, &pr->ww, i, pr->pick, pr->draw, &pr->err);
	pr->ww.ov_on = 0;
	if (rc)
		return -1;
	rl_eval_verdicts(pr->ev, pr->ww.w, pr->b->base->m, NULL, pr->ww.key, &pr->ww.out);
	return 0;
}

static int cmp_num_idx(const void *x, const void *y, const axis *ax)
{
	double a = ax->vals[*(const size_t *)x].u.num, b = ax->vals[*(const size_t *)y].u.num;
	return a < b ? -1 : a > b;
}

/* The other axes' values of variant i: "PATH = VALUE; ..." */
static char *slice_text(const rl_batch *b, unsigned long long i, size_t skip)
{
	size_t pick[MAX_AXES];
	double draw[MAX_AXES];
	variant_choice(b, i, pick, draw);
	rl_buf o = {0};
	for (size_t a = 0, n = 0; a < b->naxes; a++) {
		if (a == skip)
			continue;
		if (n++)
			rl_buf_puts(&o, "; ");
		rl_buf_puts(&o, b->axes[a].path);
		rl_buf_puts(&o, " = ");
		rl_value_format(&b->axes[a].vals[pick[a]], &o);
	}
	if (!o.data)
		rl_buf_puts(&o, "no other axis");
	return rl_buf_take(&o);
}

rl_status rl_batch_thresholds(const rl_engine *e, const rl_batch *b, rl_tips *out, char **err)
{
	memset(out, 0, sizeof *out);
	if (b->sample || b->rows)
		return RL_OK;
	double tol = b->tolerance > 0 ? b->tolerance : 1e-6;
	probe pr;
	memset(&pr, 0, sizeof pr);
	pr.e = e;
	pr.b = b;
	rl_status st = rl_evaluator_new(e, &pr.ev, err);
	if (st != RL_OK)
		return st;
	pr.ww.w = rl_world_new(b->base->m);
	worker_tables(&pr.ww, b);
	for (size_t a = 0; a < b->naxes; a++) {
		if (b->axes[a].what == AX_PARAM || b->axes[a].what == AX_ATTR)
			own_table(&pr.ww, b, a);
		pr.ww.axis_paths[a] = axis_deps(&b->axes[a]).paths != 0;
	}
	rl_verdicts_init(&pr.ww.out, pr.ev);
	weights_init(b, &pr.ww.out);
	size_t nc = rl_batch_clause_count(e, b);
	unsigned char *prev = rl_xcalloc(nc + 1, 1);
	for (size_t a = 0; a < b->naxes && st == RL_OK; a++) {
		const axis *ax = &b->axes[a];
		if (!numeric_axis(ax))
			continue;
		unsigned long long stride = 1;
		for (size_t x = a + 1; x < b->naxes; x++)
			stride *= b->axes[x].nvals;
		/* the axis's values in ascending order (insertion sort: axes are short) */
		size_t *ord = rl_xcalloc(ax->nvals, sizeof *ord);
		for (size_t i = 0; i < ax->nvals; i++) {
			size_t j = i;
			for (; j > 0 && cmp_num_idx(&ord[j - 1], &i, ax) > 0; j--)
				ord[j] = ord[j - 1];
			ord[j] = i;
		}
		size_t slices = 0;
		for (unsigned long long i0 = 0; i0 < b->n && slices < RL_SLICES_MAX && st == RL_OK;
		     i0++) {
			if ((i0 / stride) % ax->nvals != 0)
				continue;       /* not the first value of this axis */
			slices++;
			char *slice = NULL;
			double last = 0;
			for (size_t k = 0; k < ax->nvals && st == RL_OK; k++) {
				double xk = ax->vals[ord[k]].u.num;
				if (k && xk == last)
					continue;
				unsigned long long i = i0 + ord[k] * stride;
				if (probe_at(&pr, i, 0, a, 0)) {
					st = RL_EEVAL;
					break;
				}
				rl_verdicts *v = &pr.ww.out;
				unsigned char now[1024];
				size_t n = v->nclauses < sizeof now ? v->nclauses : sizeof now;
				for (size_t c = 0; c < n; c++)
					now[c] = v->verdict[c];
				for (size_t c = 0; k && c < n && c < nc; c++) {
					if (prev[c] == now[c])
						continue;
					/* bisect: lo keeps the old verdict, hi has another */
					double lo = last, hi = xk;
					while (hi - lo > tol / 16 && st == RL_OK) {
						double mid = lo + (hi - lo) / 2;
						if (mid <= lo || mid >= hi)
							break;
						if (probe_at(&pr, i, 1, a, mid)) {
							st = RL_EEVAL;
							break;
						}
						if (pr.ww.out.verdict[c] == prev[c])
							lo = mid;
						else
							hi = mid;
					}
					if (!slice)
						slice = slice_text(b, i0, a);
					if (out->n == out->cap) {
						out->cap = out->cap ? out->cap * 2 : 16;
						out->v = rl_xrealloc(out->v, out->cap, sizeof *out->v);
					}
					rl_tip t = {ax->path, e->rules.clauses[v->clause[c]].id, last, xk,
					            prev[c], now[c], rl_round_to(hi, tol), rl_xstrdup(slice)};
					out->v[out->n++] = t;
				}
				memcpy(prev, now, n < nc ? n : nc);
				last = xk;
			}
			free(slice);
		}
		free(ord);
	}
	if (st != RL_OK) {
		rl_seterr(err, "%s:0: tipping points: %s", b->file, pr.err ? pr.err : "failed");
		rl_tips_free(out);
	}
	free(pr.err);
	free(prev);
	worker_tables_free(&pr.ww, b);
	rl_world_free(pr.ww.w);
	rl_verdicts_free(&pr.ww.out);
	rl_evaluator_free(pr.ev);
	return st;
}

static void write_summary(shared *sh, const rl_clause_stats *tot, unsigned long long variants,
                          unsigned long long findings, const rl_flips *fl, rl_whatif *wi)
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
	rl_tips tp, th;
	char *err = NULL;
	if (rl_tipping_points(e, b, &tp, &err) != RL_OK) {
		fprintf(stderr, "%s\n", err ? err : "tipping points failed");
		free(err);
		err = NULL;
	}
	if (rl_batch_thresholds(e, b, &th, &err) != RL_OK) {
		fprintf(stderr, "%s\n", err ? err : "tipping points failed");
		free(err);
	}
	if (sh->opt->summary_text) {
		fprintf(sh->opt->summary_text, "batch %s over %s: ", b->id, rl_scenario_id(b->base));
		rl_summary_text(sh->opt->summary_text, n, ids, tot, variants, findings);
		rl_law_batch_claimants_text(sh->opt->summary_text, &e->rules, n, ids, has, tot,
		                            variants);
		rl_flips_text(sh->opt->summary_text, fl, b, ids);
		rl_tips_text(sh->opt->summary_text, &tp);
		rl_thresholds_text(sh->opt->summary_text, &th);
	}
	if (wi)
		rl_whatif_finish(wi);
	if (wi && sh->opt->summary_text) {
		fprintf(sh->opt->summary_text, "\nwhat would it take:\n");
		rl_whatif_text(wi, sh->opt->summary_text, 1);
	}
	if (sh->opt->summary_json)
		rl_summary_json(sh->opt->summary_json, n, ids, has, tot, variants, findings, &tp,
		             fl, &th, wi, b, sh->opt->manifest);
	rl_tips_free(&tp);
	rl_tips_free(&th);
	free(ids);
	free(has);
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
	for (size_t k = 0; k < e->rules.nclauses; k++)
		sh.nslots += e->rules.clauses[k].nreadings;
	sh.nblocks = (b->n + BLOCK - 1) / BLOCK;
	parts_init(&sh.parts, e);
	base_choices(b);        /* for searches and what-would-it-take */
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
	/* What would it take (whatif.h), for a whole run's summary. */
	rl_whatif *wi = NULL;
	if ((opt->summary_text || opt->summary_json) && !opt->shard_k && !opt->resume_from)
		wi = rl_whatif_new(e, b);
	for (size_t i = 0; i < sh.ring; i++) {
		sh.blocks[i].stats = rl_xcalloc(sh.nclauses ? sh.nclauses : 1, sizeof(rl_clause_stats));
		sh.blocks[i].min_changes = -1;
		sh.blocks[i].min_short = -1;
		sh.blocks[i].min_exposure = INFINITY;
		sh.blocks[i].rows = rl_xcalloc((size_t)BLOCK * (sh.nclauses + 1), 1);
		if (opt->observe || wi)
			sh.blocks[i].rrows = rl_xcalloc((size_t)BLOCK * (sh.nslots + 1), 1);
	}
	/* Flips need every variant, in order: not for shards or resumed runs
	 * (their summary comes from a merge, which tracks flips itself). */
	rl_flips fl;
	memset(&fl, 0, sizeof fl);
	if (!opt->shard_k && !opt->resume_from)
		rl_flips_init(&fl, b, rl_batch_clause_count(e, b));
	pthread_mutex_init(&sh.mu, NULL);
	pthread_cond_init(&sh.cv, NULL);
	pthread_t *th = rl_xcalloc((size_t)jobs, sizeof *th);
	int started = 0;
	for (int i = 0; i < jobs; i++)
		if (pthread_create(&th[i], NULL, worker, &sh) == 0)
			started++;
	rl_clause_stats *tot = rl_xcalloc(sh.nclauses ? sh.nclauses : 1, sizeof *tot);
	unsigned long long findings = 0, readings = 0;
	if (opt->select) {
		opt->select->matched = opt->select->wanted = 0;
		opt->select->min_changes = opt->select->min_short = -1;
		opt->select->min_exposure = INFINITY;
		opt->select->nfirst = opt->select->nnearest = 0;
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
		char *serr = NULL;
		if (opt->lines && bl->text.len &&
		    (fwrite(bl->text.data, 1, bl->text.len, opt->lines) != bl->text.len ||
		     ferror(opt->lines))) {
			/* A full disk: stop now, with the reason, not at the end. */
			pthread_mutex_lock(&sh.mu);
			if (!sh.failed) {
				sh.failed = 1;
				sh.err = rl_fmt("%s:0: expected to write the output, found %s",
				                opt->lines_path ? opt->lines_path : "output",
				                errno ? strerror(errno) : "a write error");
			}
			pthread_cond_broadcast(&sh.cv);
			pthread_mutex_unlock(&sh.mu);
			break;
		}
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
			rl_batch_select *sel = opt->select;
			sel->wanted += bl->wanted;
			if (bl->min_exposure < sel->min_exposure)
				sel->min_exposure = bl->min_exposure;
			if (bl->min_short >= 0 && (sel->min_short < 0 || bl->min_short < sel->min_short)) {
				sel->min_short = bl->min_short;
				sel->nnearest = 0;
			}
			for (size_t f = 0; f < bl->nnearest && bl->min_short == sel->min_short &&
			                   sel->nnearest < RL_SEARCH_NEAREST; f++)
				sel->nearest[sel->nnearest++] = bl->nearest[f];
		}
		bl->matched = bl->wanted = 0;
		bl->min_changes = bl->min_short = -1;
		bl->min_exposure = INFINITY;
		bl->nkept = bl->nnearest = 0;
		for (unsigned long long r = 0; r < bl->count; r++)
			rl_flips_feed(&fl, bl->first + r, bl->rows + (size_t)r * sh.nclauses);
		for (unsigned long long r = 0; opt->observe && r < bl->count; r++)
			opt->observe(opt->observe_ctx, bl->first + r, bl->rows + (size_t)r * sh.nclauses,
			             bl->rrows + (size_t)r * sh.nslots);
		for (unsigned long long r = 0; wi && r < bl->count; r++)
			rl_whatif_feed(wi, bl->first + r, bl->rows + (size_t)r * sh.nclauses,
			               bl->rrows + (size_t)r * sh.nslots);
		bl->text.len = 0;
		bl->findings = 0;
		memset(bl->stats, 0, sh.nclauses * sizeof(rl_clause_stats));
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
			write_summary(&sh, tot, variants, findings, opt->shard_k ? NULL : &fl, wi);
		if (opt->summary_text)
			fprintf(opt->summary_text, "\n%llu reading evaluations\n", readings);
		st = findings ? RL_FINDING : RL_OK;
	}
	free(sh.err);
	for (size_t i = 0; i < sh.ring; i++) {
		rl_buf_free(&sh.blocks[i].text);
		free(sh.blocks[i].rows);
		free(sh.blocks[i].rrows);
		free(sh.blocks[i].stats);
		free(sh.blocks[i].err);
	}
	free(sh.blocks);
	parts_free(&sh.parts, e);
	rl_flips_free(&fl);
	rl_whatif_free(wi);
	free(tot);
	free(th);
	pthread_mutex_destroy(&sh.mu);
	pthread_cond_destroy(&sh.cv);
	if (devnull)
		fclose(devnull);
	return st;
}
