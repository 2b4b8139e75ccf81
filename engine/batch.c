/* batch.c - loading batch files: the batch declaration, axis paths and
 * values, rows from tables.  Variant numbering and application are
 * batch_variant.c, the runner (workers, searches, output) batch_run.c;
 * summaries (flips, tipping points) and merging are summary.c. */
#include "batch.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
#include "results.h"
#include "sandbox.h"
#include "sha256.h"
#include "store.h"
#include "summary.h"
#include "whatif.h"

/* A rows table is data, not code: it may be larger than the files read
 * whole (a million rows of a dozen facts is about 100 MB). */
#define ROWS_MAX_BYTES ((size_t)1 << 30)

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
	for (size_t k = 0; k < b->nsegs; k++)
		free(b->segs[k].picks);
	free(b->segs);
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
const char *rl_batch_rows_sha256(const rl_batch *b)
{
	return b->rows_file && b->rows_sha256[0] ? b->rows_sha256 : NULL;
}
size_t rl_batch_axis_count(const rl_batch *b) { return b->naxes; }
void rl_batch_set_tolerance(rl_batch *b, double tol) { b->tolerance = tol; }
const char *rl_batch_axis_path(const rl_batch *b, size_t a) { return b->axes[a].path; }

int rl_batch_is_manifest_line(const char *line)
{
	return rl_results_is_manifest(line);
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
	int jobs;               /* threads that may read a rows table */
	int hash_rows;          /* take the table's SHA-256 */
	/* A plain CSV table of stream_min bytes or more is streamed, each
	 * piece reading stream_chunk bytes at a time (see load_csv_streamed). */
	size_t stream_min, stream_chunk;
} parse_ctx;

/* Reports msg at the current place; the first error of a load stands (a
 * parser may go on to fail again after a callback refused its input). */
static int bad(parse_ctx *pc, rl_status st, char *msg)
{
	if (pc->err) {
		free(msg);
		return -1;
	}
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
	parse_ctx pc = {NULL, NULL, file, line, NULL, RL_OK, 0, m, 1, 0, 0, 0};
	axis ax;
	memset(&ax, 0, sizeof ax);
	ax.path = (char *)path;
	rl_value v;
	if (parse_axis_path(&pc, &ax, path) || convert_value(&pc, L, idx, &ax, &v)) {
		rl_seterr_take(err, pc.err);
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
 * cells share a value (and the memo sees them as equal).  Open addressing,
 * at most three quarters full; a slot (32 bytes) holds the text's hash,
 * length and first CELL_HEAD bytes as two words (zero past the text), so
 * that a lookup compares words in one slot and, only for a longer text,
 * the rest of its copy in keys[].  Most cells are short: a text of at most
 * CELL_HEAD bytes is hashed from its two words alone. */
#define CELL_HEAD 16

typedef struct cell_slot {
	uint64_t hash;
	uint32_t len, id1;      /* id1: the value index + 1; 0: an empty slot */
	uint64_t head[2];       /* the text's first bytes, zero past its end */
} cell_slot;

typedef struct cell_index {
	cell_slot *slots;
	char **keys;            /* the texts (copies, NUL-terminated), by slot */
	size_t cap, n, vcap;
} cell_index;

/* A cell text as the index looks it up. */
typedef struct cell_key {
	const char *text;
	size_t len;
	uint64_t head[2], hash;
} cell_key;

static uint64_t cell_hash_head(uint64_t w0, uint64_t w1, size_t len)
{
	uint64_t h = (w0 ^ 0x9e3779b97f4a7c15u ^ len) * 0xff51afd7ed558ccdu;
	h = (h ^ (h >> 32) ^ w1) * 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 29);
}

/* The key of a text whose head words are known. */
static void cell_key_hash(cell_key *k)
{
	k->hash = k->len <= CELL_HEAD ? cell_hash_head(k->head[0], k->head[1], k->len)
	                              : rl_hash_bytes(k->text, k->len);
}

static cell_key cell_key_of(const char *text, size_t len)
{
	cell_key k = {text, len, {0, 0}, 0};
	if (len)
		memcpy(k.head, text, len < CELL_HEAD ? len : CELL_HEAD);
	cell_key_hash(&k);
	return k;
}

static long cell_lookup(const cell_index *ci, const cell_key *k, size_t *slot)
{
	if (!ci->cap) {
		*slot = 0;
		return -1;
	}
	size_t i = (size_t)k->hash & (ci->cap - 1);
	for (; ci->slots[i].id1; i = (i + 1) & (ci->cap - 1)) {
		const cell_slot *c = &ci->slots[i];
		if (c->hash == k->hash && c->len == k->len && c->head[0] == k->head[0] &&
		    c->head[1] == k->head[1] &&
		    (k->len <= CELL_HEAD || memcmp(ci->keys[i] + CELL_HEAD, k->text + CELL_HEAD,
		                                   k->len - CELL_HEAD) == 0))
			return (long)c->id1 - 1;
	}
	*slot = i;
	return -1;
}

/* The index of the cell's value, or -1. */
static long cell_find(const cell_index *ci, const char *key, size_t len)
{
	size_t slot;
	cell_key k = cell_key_of(key, len);
	return cell_lookup(ci, &k, &slot);
}

/* Adds k (its text copied) with its id; the copy, which lives as long as ci. */
static const char *cell_add_key(cell_index *ci, const cell_key *k, uint32_t id)
{
	size_t slot;     /* len < 4 GiB: a table is at most ROWS_MAX_BYTES */
	if ((ci->n + 1) * 4 > ci->cap * 3) {
		cell_index grown = {NULL, NULL, ci->cap ? ci->cap * 2 : 64, 0, ci->vcap};
		grown.slots = rl_xcalloc(grown.cap, sizeof *grown.slots);
		grown.keys = rl_xcalloc(grown.cap, sizeof *grown.keys);
		for (size_t i = 0; i < ci->cap; i++)
			if (ci->slots[i].id1) {
				const cell_slot *c = &ci->slots[i];
				size_t at = (size_t)c->hash & (grown.cap - 1);
				while (grown.slots[at].id1)
					at = (at + 1) & (grown.cap - 1);
				grown.slots[at] = *c;
				grown.keys[at] = ci->keys[i];
				grown.n++;
			}
		free(ci->slots);
		free(ci->keys);
		*ci = grown;
	}
	cell_lookup(ci, k, &slot);
	cell_slot *c = &ci->slots[slot];
	c->hash = k->hash;
	c->len = (uint32_t)k->len;
	c->id1 = id + 1;
	c->head[0] = k->head[0];
	c->head[1] = k->head[1];
	ci->keys[slot] = rl_xstrndup(k->text, k->len);
	ci->n++;
	return ci->keys[slot];
}

static const char *cell_add(cell_index *ci, const char *key, size_t len, uint32_t id)
{
	cell_key k = cell_key_of(key, len);
	return cell_add_key(ci, &k, id);
}

static void cell_index_free(cell_index *ci)
{
	for (size_t i = 0; i < ci->cap; i++)
		free(ci->keys[i]);
	free(ci->keys);
	free(ci->slots);
}

typedef struct rows_hash {
	const char *text;       /* the bytes to hash, or NULL: */
	size_t len;
	char *hex;
	int fd;                 /* the file to read them from */
} rows_hash;

typedef struct rows_ctx {
	parse_ctx *pc;
	lua_State *L;
	char *text;             /* the table's bytes, until released */
	rows_hash rh;           /* their SHA-256, taken on hasher when hashing */
	pthread_t hasher;
	int hashing;
	cell_index idx[MAX_AXES];
	size_t nrows, cap;
	int line, header_done, failed;
	rl_buf cells[MAX_AXES + 1];     /* the current CSV record's fields */
	int ncells, overflow;
} rows_ctx;

/* The table's SHA-256 into rh->hex: of the bytes at rh->text, or (none)
 * of the file open at rh->fd, read from its start through a descriptor of
 * its own (the pieces read the same file beside it); "" if that fails. */
static void *hash_rows(void *arg)
{
	rows_hash *rh = arg;
	if (rh->text) {
		rl_sha256_hex(rh->text, rh->len, rh->hex);
		return NULL;
	}
	int fd = dup(rh->fd);
	FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		rh->hex[0] = '\0';
		return NULL;
	}
	if (fseeko(f, 0, SEEK_SET) != 0 || rl_sha256_stream(f, rh->hex) != 0)
		rh->hex[0] = '\0';
	fclose(f);
	return NULL;
}

/* Once the cells are read (values keep copies), the table's bytes go,
 * after their hash is taken. */
static void rows_release_text(rows_ctx *rc)
{
	if (rc->hashing)
		pthread_join(rc->hasher, NULL);
	rc->hashing = 0;
	free(rc->text);
	rc->text = NULL;
}

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

/* A record of n cells (more than MAX_AXES + 1 are counted as that many and
 * more) ending on line, where the header has another number. */
static void rows_shape_error(rows_ctx *rc, int line, int n)
{
	size_t naxes = rc->pc->b->naxes;
	int over = n > MAX_AXES + 1;
	if (over)
		n = MAX_AXES + 1;
	rc->pc->line = line;
	rc->pc->col = n < (int)naxes ? n + 1 : (int)naxes + 1;
	bad(rc->pc, RL_EINPUT, rl_fmt("expected %zu fields as in the header, found %s%d",
	                              naxes, over ? "more than " : "", n));
	rc->failed = 1;
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
		rows_shape_error(rc, rc->line, rc->overflow ? MAX_AXES + 2 : n);
		return;
	}
	uint32_t picks[MAX_AXES];
	for (size_t a = 0; a < b->naxes; a++) {
		const rl_buf *c = &rc->cells[a];
		long id = cell_find(&rc->idx[a], c->data, c->len);
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

/* --- rows from a CSV table, in pieces ---------------------------------------
 * A table with no quote and no carriage return is a sequence of lines of
 * comma-separated cells, so it can be cut at any line end.  A large one is
 * streamed (below): after the header, its rows are cut into one piece per
 * thread (-j), and each piece is split into cells, numbered by the piece on
 * its own thread.  The pieces are then joined in file order on the loading
 * thread, which alone turns each distinct cell into a value (that takes the
 * batch's Lua state): values are numbered, and the first error is found,
 * exactly as when one thread reads the whole table.  A table held whole
 * (a small one, or one streaming declined) is one piece parsed in place. */

#define PIECES_MAX 64

typedef struct piece_new {      /* a cell text the piece had not seen */
	uint32_t axis, id;      /* its column and the piece's number for it */
	int line;               /* the piece's line it was first seen on */
} piece_new;

typedef struct piece_keys {     /* a column's cell texts by the piece's number */
	const char **key;
	size_t *len, n, cap;
} piece_keys;

/* A column's texts while it has few short ones (at most SMALL_CELLS, each
 * at most CELL_HEAD bytes): a cell is matched against them directly, by
 * its length and head words, without hashing it or probing the index. */
#define SMALL_CELLS 8

typedef struct small_cell {
	uint64_t head[2];
	uint32_t len, id;
} small_cell;

typedef struct piece {
	const char *text;       /* whole lines of the table */
	const char *lim;        /* the end of the table's bytes (readable to) */
	size_t len, naxes;
	int lines;              /* lines fed so far */
	cell_index idx[MAX_AXES];       /* cell text -> the piece's number */
	small_cell small[MAX_AXES][SMALL_CELLS];        /* each text of a column */
	uint8_t nsmall[MAX_AXES];       /* ... while it has no more than these */
	uint8_t not_small[MAX_AXES];    /* 1: it has more, or a longer one */
	piece_keys keys[MAX_AXES];
	uint32_t *map[MAX_AXES];        /* the piece's number -> the value index */
	piece_new *news;
	size_t nnews, newscap;
	uint32_t *picks;        /* nrows x naxes of the piece's numbers */
	size_t nrows, cap;
	/* The first record not of the header's shape: its line (0: none) and
	 * how many cells it has. */
	int err_line, err_fields;
	/* Streamed (load_csv_streamed): the piece reads bytes from to to of
	 * fd itself, a chunk at a time; seen: a NUL byte (1), quote (2) or
	 * carriage return (4) among them; read_failed: a read came short. */
	int fd;
	off_t from, to;
	size_t chunk;           /* bytes read at a time (more for a long line) */
	unsigned seen;
	int read_failed;
	pthread_t thread;
	int threaded;
} piece;

/* A cell text the piece had not seen at column col: its new number. */
static uint32_t piece_new_cell(piece *p, int col, const cell_key *k)
{
	cell_index *ci = &p->idx[col];
	piece_keys *pk = &p->keys[col];
	uint32_t id = (uint32_t)pk->n;
	if (pk->n == pk->cap) {
		pk->cap = pk->cap ? pk->cap * 2 : 16;
		pk->key = rl_xrealloc(pk->key, pk->cap, sizeof *pk->key);
		pk->len = rl_xrealloc(pk->len, pk->cap, sizeof *pk->len);
	}
	pk->key[pk->n] = cell_add_key(ci, k, id);
	pk->len[pk->n++] = k->len;
	if (p->nnews == p->newscap) {
		p->newscap = p->newscap ? p->newscap * 2 : 64;
		p->news = rl_xrealloc(p->news, p->newscap, sizeof *p->news);
	}
	p->news[p->nnews++] = (piece_new){(uint32_t)col, id, p->lines};
	return id;
}

/* The piece's number for the cell k at column col: a text seen before is
 * found here (the common case, kept inline), a new one numbered by
 * piece_new_cell. */
static inline uint32_t piece_cell_id(piece *p, int col, const cell_key *k)
{
	const cell_index *ci = &p->idx[col];
	if (ci->cap) {
		size_t mask = ci->cap - 1;
		for (size_t i = (size_t)k->hash & mask; ci->slots[i].id1; i = (i + 1) & mask) {
			const cell_slot *c = &ci->slots[i];
			if (c->hash == k->hash && c->len == k->len && c->head[0] == k->head[0] &&
			    c->head[1] == k->head[1] &&
			    (k->len <= CELL_HEAD || memcmp(ci->keys[i] + CELL_HEAD, k->text + CELL_HEAD,
			                                   k->len - CELL_HEAD) == 0))
				return c->id1 - 1;
		}
	}
	return piece_new_cell(p, col, k);
}

/* The piece's number for the cell k (a text of at most CELL_HEAD bytes) at
 * column col if the column is still small and has it, else -1. */
static inline long piece_small_id(const piece *p, int col, const cell_key *k)
{
	const small_cell *s = p->small[col];
	for (unsigned i = 0, n = p->nsmall[col]; i < n; i++)
		if (s[i].head[0] == k->head[0] && s[i].head[1] == k->head[1] &&
		    s[i].len == k->len)
			return s[i].id;
	return -1;
}

/* Column col's text k just got (or had) number id in the index: kept among
 * the column's small texts, or the column is small no longer. */
static void piece_small_add(piece *p, int col, const cell_key *k, uint32_t id)
{
	if (p->not_small[col])
		return;
	if (p->nsmall[col] == SMALL_CELLS || k->len > CELL_HEAD) {
		p->not_small[col] = 1;
		p->nsmall[col] = 0;
		return;
	}
	p->small[col][p->nsmall[col]++] =
		(small_cell){{k->head[0], k->head[1]}, (uint32_t)k->len, id};
}

/* The place of the piece's next row (not counted until piece_record). */
static uint32_t *piece_row(piece *p)
{
	if (p->nrows == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 1024, row = p->naxes * sizeof *p->picks;
		if (cap * row >= RL_LARGE_BYTES && p->cap * row < RL_LARGE_BYTES) {
			/* From here on in huge pages, which realloc then grows
			 * without copying (it moves the mapping). */
			uint32_t *grown = rl_xmalloc_large(cap * row);
			memcpy(grown, p->picks, p->nrows * row);
			free(p->picks);
			p->picks = grown;
		} else {
			p->picks = rl_xrealloc(p->picks, cap, row);
		}
		p->cap = cap;
	}
	return &p->picks[p->nrows * p->naxes];
}

/* The record just read had n cells: a row if that is the header's shape. */
static void piece_record(piece *p, int n)
{
	if ((size_t)n != p->naxes) {
		p->err_line = p->lines;
		p->err_fields = n;
		return;
	}
	p->nrows++;
}

/* The bytes of w that are a comma or a newline: the high bit of each such
 * byte, and perhaps of bytes after the first (a borrow), never before it. */
static uint64_t cell_stops(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t c = w ^ (ones * ','), n = w ^ (ones * '\n');
	return ((c - ones) & ~c & highs) | ((n - ones) & ~n & highs);
}

/* The low len bytes of w (len < 8). */
static uint64_t low_bytes(uint64_t w, size_t len)
{
	return len ? w & (~(uint64_t)0 >> (64 - 8 * len)) : 0;
}

/* The cell at at, which ends at end or before a comma or newline: its
 * key.  Reads up to CELL_HEAD bytes ahead when lim (the end of the table's
 * bytes, at or past end) allows, so that a short cell is found, and its
 * head words made, from two loads; such a key is not hashed here
 * (piece_lines hashes it if it needs the index), any other is. */
static cell_key piece_cell(const char *at, const char *end, const char *lim)
{
	cell_key k = {at, 0, {0, 0}, 0};
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (lim - at >= CELL_HEAD) {
		uint64_t w0, w1, s;
		memcpy(&w0, at, 8);
		memcpy(&w1, at + 8, 8);
		if ((s = cell_stops(w0)) != 0) {
			k.len = (size_t)__builtin_ctzll(s) >> 3;
			k.head[0] = low_bytes(w0, k.len);
		} else if ((s = cell_stops(w1)) != 0) {
			k.len = 8 + ((size_t)__builtin_ctzll(s) >> 3);
			k.head[0] = w0;
			k.head[1] = low_bytes(w1, k.len - 8);
		}
		if (k.len && at + k.len <= end)
			return k;
		if (s && at + k.len <= end)
			return cell_key_of(at, 0);      /* an empty cell */
	}
#else
	(void)lim;
#endif
	const char *e = at;
	while (e < end && *e != ',' && *e != '\n')
		e++;
	return cell_key_of(at, (size_t)(e - at));
}

/* A piece's lines.  Without quotes and carriage returns, RFC 4180 (and
 * libcsv in strict mode, which reads the header and every table with
 * quotes) comes down to this: a line is a record, its cells are separated
 * by commas, and an empty line is no record. */
static void piece_lines(piece *p, const char *text, size_t len, const char *lim)
{
	const char *at = text, *end = text + len;
	cell_key keys[MAX_AXES];
	int looked[MAX_AXES];   /* the columns whose cells go to the index */
	while (at < end && !p->err_line) {
		p->lines++;
		uint32_t *row = piece_row(p);
		int col = 0, nlooked = 0;
		for (;;) {
			cell_key k = piece_cell(at, end, lim);
			const char *stop = at + k.len;
			int more = stop < end && *stop == ',';
			if (more || col || k.len) {     /* else an empty line */
				long id;
				if ((size_t)col >= p->naxes) {
					/* a cell too many: the record's shape is wrong */
				} else if (k.len <= CELL_HEAD && (id = piece_small_id(p, col, &k)) >= 0) {
					row[col] = (uint32_t)id;
				} else {
					/* Hashed now and looked up after the line, so that
					 * the slots it needs are fetched meanwhile. */
					const cell_index *ci = &p->idx[col];
					if (k.len <= CELL_HEAD)
						k.hash = cell_hash_head(k.head[0], k.head[1], k.len);
					if (ci->cap)
						__builtin_prefetch(&ci->slots[k.hash & (ci->cap - 1)]);
					keys[col] = k;
					looked[nlooked++] = col;
				}
				col++;
			}
			at = stop < end ? stop + 1 : end;
			if (!more)
				break;
		}
		/* In column order, so that new texts are numbered as before. */
		for (int i = 0; i < nlooked; i++) {
			int c = looked[i];
			row[c] = piece_cell_id(p, c, &keys[c]);
			piece_small_add(p, c, &keys[c], row[c]);
		}
		if (col)
			piece_record(p, col);
	}
}

/* A piece of a table held whole. */
static void *piece_parse(void *arg)
{
	piece *p = arg;
	piece_lines(p, p->text, p->len, p->lim);
	return NULL;
}

static void piece_free(piece *p)
{
	for (size_t a = 0; a < MAX_AXES; a++) {
		cell_index_free(&p->idx[a]);
		free(p->keys[a].key);
		free(p->keys[a].len);
		free(p->map[a]);
	}
	free(p->news);
	free(p->picks);
}

/* The piece's rows, its cell numbers turned into value indices, in place. */
static void *piece_remap(void *arg)
{
	piece *p = arg;
	uint32_t *row = p->picks;
	for (size_t r = 0; r < p->nrows; r++)
		for (size_t a = 0; a < p->naxes; a++, row++)
			*row = p->map[a][*row];
	return NULL;
}

/* fn on every piece: the first on this thread, the others on threads of
 * their own (or this one, if none can be made); back when all are done. */
static void pieces_run(piece *ps, int np, void *(*fn)(void *))
{
	for (int k = 1; k < np; k++)
		ps[k].threaded = pthread_create(&ps[k].thread, NULL, fn, &ps[k]) == 0;
	for (int k = 0; k < np; k++)
		if (!ps[k].threaded)
			fn(&ps[k]);
	for (int k = 1; k < np; k++)
		if (ps[k].threaded)
			pthread_join(ps[k].thread, NULL);
}

/* Joins the parsed pieces in file order: each cell text a piece saw first
 * becomes a value unless an earlier piece made it one.  0, or -1 after
 * bad() with the first error of the file. */
static int pieces_join(rows_ctx *rc, piece *ps, int np)
{
	rl_batch *b = rc->pc->b;
	int line = rc->line;
	size_t total = 0;
	for (int k = 0; k < np; k++) {
		piece *p = &ps[k];
		for (size_t a = 0; a < b->naxes; a++)
			p->map[a] = rl_xcalloc(p->keys[a].n, sizeof *p->map[a]);
		for (size_t i = 0; i < p->nnews; i++) {
			const piece_new *nw = &p->news[i];
			if (p->err_line && nw->line >= p->err_line)
				break;  /* a bad record's cells are not values */
			const char *key = p->keys[nw->axis].key[nw->id];
			size_t len = p->keys[nw->axis].len[nw->id];
			long id = cell_find(&rc->idx[nw->axis], key, len);
			if (id < 0) {
				rc->line = line + nw->line;
				push_csv_cell(rc->L, &b->axes[nw->axis], key, len);
				id = rows_value(rc, nw->axis, key, len, (int)nw->axis + 1);
				if (id < 0) {
					rc->failed = 1;
					return -1;
				}
			}
			p->map[nw->axis][nw->id] = (uint32_t)id;
		}
		if (p->err_line) {
			rows_shape_error(rc, line + p->err_line, p->err_fields);
			return -1;
		}
		line += p->lines;
		total += p->nrows;
	}
	rc->line = line;
	rc->nrows = total;
	if (!total)
		return 0;
	/* Each piece's rows, remapped in place on the piece's thread again,
	 * become a segment of the batch's rows (the pieces' arrays move to
	 * it). */
	b->segs = rl_xcalloc((size_t)np, sizeof *b->segs);
	unsigned long long first = 0;
	for (int k = 0; k < np; k++) {
		if (!ps[k].nrows)
			continue;
		b->segs[b->nsegs++] = (struct rl_row_seg){first, ps[k].nrows, ps[k].picks};
		first += ps[k].nrows;
	}
	pieces_run(ps, np, piece_remap);
	for (int k = 0; k < np; k++)
		if (ps[k].nrows)
			ps[k].picks = NULL;
	return 0;
}

/* The rows after the header, len bytes of whole lines at text, as one
 * piece. */
static void load_csv_piece(rows_ctx *rc, const char *text, size_t len)
{
	piece p;
	memset(&p, 0, sizeof p);
	p.text = text;
	p.len = len;
	p.lim = text + len;
	p.naxes = rc->pc->b->naxes;
	piece_parse(&p);
	rows_release_text(rc);  /* text is gone from here on */
	pieces_join(rc, &p, 1);
	piece_free(&p);
}

/* CSV (RFC 4180, through libcsv in strict mode), fed one physical line at a
 * time so that messages name the line a record ends on.  cut: the table
 * has no quote and no carriage return, so after the header its rows are
 * split as lines and commas (load_csv_piece), or were, by the streamed
 * pieces. */
static void load_csv(rows_ctx *rc, const char *text, size_t len, int cut, piece *streamed,
                     int nstreamed)
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
		if (cut && rc->header_done && !rc->failed) {
			/* The header ended with this line: the rows are read in
			 * pieces, or were (streamed). */
			csv_free(&p);
			if (streamed)
				pieces_join(rc, streamed, nstreamed);
			else
				load_csv_piece(rc, text + at, len - at);
			return;
		}
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

/* --- rows from a CSV table, streamed ------------------------------------------
 * A large table is not read into memory whole: each piece reads its own
 * range of the file a chunk at a time into a buffer of its own, looks in
 * each chunk for the bytes that need libcsv or an error (a NUL byte, a
 * quote, a carriage return), and splits the chunk's whole lines as above.
 * Only when none of them is anywhere in the file, and it did not change
 * while read, are the header (through libcsv) and the pieces joined; else
 * the table is read again whole (load_rows), which reports what it finds
 * exactly as for a small table.  On this kind of machine, filling fresh
 * memory costs about a nanosecond a byte, more than parsing the bytes. */

#define STREAM_MIN_BYTES ((size_t)256 << 10)
#define STREAM_CHUNK ((size_t)256 << 10)

/* The bytes that send a table back to be read whole: a NUL byte (refused),
 * a quote or a carriage return (libcsv reads every row, see load_csv). */
static const rl_read_probe whole_bytes = {"\0\"\r", 3, 0};

/* A streamed piece: its range, whole lines at a time, from a buffer that
 * keeps the start of a line a chunk cut for the next chunk (and grows for a
 * line longer than itself).  The buffer has CELL_HEAD bytes more, zeroed,
 * for piece_cell's look ahead. */
static void *piece_stream(void *arg)
{
	piece *p = arg;
	size_t cap = p->chunk, have = 0;
	char *buf = rl_xcalloc(cap + CELL_HEAD, 1);
	off_t at = p->from;
	while (at < p->to && !p->seen) {
		size_t want = cap - have;
		if ((off_t)want > p->to - at)
			want = (size_t)(p->to - at);
		ssize_t n = rl_pread_full(p->fd, buf + have, want, at);
		if (n <= 0) {
			p->read_failed = 1;
			break;
		}
		p->seen |= rl_read_probe_bytes(&whole_bytes, buf + have, (size_t)n);
		at += n;
		have += (size_t)n;
		if (p->seen)
			break;          /* the table is read again whole */
		size_t whole = have;
		if (at < p->to) {       /* up to the last line end */
			while (whole && buf[whole - 1] != '\n')
				whole--;
			if (!whole) {   /* a line longer than the buffer */
				buf = rl_xrealloc(buf, cap * 2 + CELL_HEAD, 1);
				memset(buf + cap + CELL_HEAD, 0, cap);
				cap *= 2;
				continue;
			}
		}
		if (!p->err_line)       /* after an error, only looked through */
			piece_lines(p, buf, whole, buf + cap + CELL_HEAD);
		memmove(buf, buf + whole, have - whole);
		have -= whole;
	}
	free(buf);
	return NULL;
}

/* The offset after the first line end at or past at (size if none); -1 on
 * a read error. */
static off_t stream_line_after(int fd, off_t at, off_t size)
{
	char win[4096];
	while (at < size) {
		size_t want = size - at < (off_t)sizeof win ? (size_t)(size - at) : sizeof win;
		ssize_t n = rl_pread_full(fd, win, want, at);
		if (n <= 0)
			return -1;
		const char *nl = memchr(win, '\n', (size_t)n);
		if (nl)
			return at + (nl - win) + 1;
		at += n;
	}
	return size;
}

/* Reads the rows of the CSV table open at fd (st: its status when
 * opened) streamed: 1 when read (or an error reported), 0 when it must be
 * read whole instead (nothing reported, rc as it was). */
static int load_csv_streamed(rows_ctx *rc, int fd, const struct stat *st)
{
	off_t size = st->st_size;
	size_t headlen = size < (off_t)STREAM_CHUNK ? (size_t)size : STREAM_CHUNK;
	char *head = rl_xmalloc(headlen + 1);
	ssize_t got = rl_pread_full(fd, head, headlen, 0);
	if (got != (ssize_t)headlen || rl_read_probe_bytes(&whole_bytes, head, headlen)) {
		free(head);
		return 0;
	}
	/* The header: the first line that is not empty (libcsv skips those),
	 * its cells separated by commas. */
	size_t h = 0;
	while (h < headlen && head[h] == '\n')
		h++;
	const char *nl = memchr(head + h, '\n', headlen - h);
	size_t naxes = 1;
	for (const char *c = head + h; nl && c < nl; c++)
		naxes += *c == ',';
	if (!nl || naxes > MAX_AXES || (off_t)(nl - head) + 1 >= size) {
		free(head);
		return 0;
	}
	off_t body = (off_t)(nl - head) + 1;
	int np = rc->pc->jobs;
	if (np > PIECES_MAX)
		np = PIECES_MAX;
	if (np < 1)
		np = 1;
	piece *ps = rl_xcalloc((size_t)np, sizeof *ps);
	off_t from = body;
	int ok = 1;
	for (int k = 0; k < np; k++) {
		off_t to = size;
		if (k < np - 1) {       /* after the line end at or past its share */
			off_t share = body + (size - body) / np * (k + 1);
			to = stream_line_after(fd, share < from ? from : share, size);
			if (to < 0) {
				ok = 0;
				to = size;
			}
		}
		ps[k].fd = fd;
		ps[k].chunk = rc->pc->stream_chunk;
		ps[k].from = from;
		ps[k].to = to;
		ps[k].naxes = naxes;
		from = to;
	}
	/* The hash, when asked for, on a thread of its own beside the pieces
	 * (with -j1, on this thread after them). */
	rows_hash rh = {NULL, 0, rc->pc->b->rows_sha256, fd};
	pthread_t hasher;
	int hashing = ok && rc->pc->hash_rows && rc->pc->jobs > 1 &&
	              pthread_create(&hasher, NULL, hash_rows, &rh) == 0;
	if (ok)
		pieces_run(ps, np, piece_stream);
	if (hashing)
		pthread_join(hasher, NULL);
	else if (ok && rc->pc->hash_rows)
		hash_rows(&rh);
	/* Read whole instead: a byte for libcsv or an error, a short read, or
	 * a table that changed while it was read. */
	struct stat now;
	char more;
	for (int k = 0; k < np; k++)
		ok &= !ps[k].seen && !ps[k].read_failed;
	if (ok)
		ok = fstat(fd, &now) == 0 && now.st_size == st->st_size &&
		     now.st_mtim.tv_sec == st->st_mtim.tv_sec &&
		     now.st_mtim.tv_nsec == st->st_mtim.tv_nsec &&
		     rl_pread_full(fd, &more, 1, size) == 0;
	if (ok)
		load_csv(rc, head, (size_t)body, 1, ps, np);
	else
		rh.hex[0] = '\0';
	for (int k = 0; k < np; k++)
		piece_free(&ps[k]);
	free(ps);
	free(head);
	return ok;
}

/* The CSV table at path streamed, if it is large enough to be worth it: 1
 * when read so (or an error reported), 0 when it is to be read whole. */
static int load_csv_file_streamed(rows_ctx *rc, const char *path)
{
	char *err = NULL;
	FILE *f = rl_open_regular(path, ROWS_MAX_BYTES, &err);
	if (!f) {
		free(err);      /* read whole, it fails there the same way */
		return 0;
	}
	struct stat st;
	int done = fstat(fileno(f), &st) == 0 && st.st_size >= (off_t)rc->pc->stream_min &&
	           load_csv_streamed(rc, fileno(f), &st);
	fclose(f);
	return done;
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
			long id = key ? cell_find(&rc->idx[a], key, strlen(key)) : -1;
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
	rows_ctx *rc = rl_xcalloc(1, sizeof *rc);
	rc->pc = pc;
	rc->L = L;
	const char *batch_path = pc->path;
	int batch_line = pc->line;
	pc->path = b->rows_file;
	if (!csv || !load_csv_file_streamed(rc, b->rows_file)) {
		size_t len;
		char *err = NULL;
		rl_read_probe probe = whole_bytes;     /* looked for as it is read */
		char *text = rl_read_file_jobs(b->rows_file, ROWS_MAX_BYTES, pc->jobs, &probe,
		                               &len, &err);
		if (!text) {
			pc->err = err;
			pc->st = RL_EINPUT;
			rc->failed = 1;
		} else {
			rc->text = text;
			/* The manifest names the table by the hash of the bytes read
			 * here, taken on a thread of its own while the rows are parsed
			 * (when asked for). */
			rc->rh = (rows_hash){text, len, b->rows_sha256, -1};
			if (pc->hash_rows) {
				rc->hashing = pc->jobs > 1 &&
				              pthread_create(&rc->hasher, NULL, hash_rows, &rc->rh) == 0;
				if (!rc->hashing)
					hash_rows(&rc->rh);
			}
			if (probe.seen & 1) {
				pc->line = 1;
				bad(pc, RL_EINPUT, rl_fmt("expected text, found a NUL byte"));
				rc->failed = 1;
			} else if (csv) {
				load_csv(rc, text, len, !(probe.seen & 6), NULL, 0);
			} else {
				load_jsonl(rc, text, len);
			}
		}
	}
	if (!rc->failed && !rc->nrows) {
		pc->line = rc->line ? rc->line : 1;
		pc->col = 0;
		bad(pc, RL_EINPUT, rl_fmt("expected a header and at least one row, found %s",
		                          rc->header_done ? "no rows" : "nothing"));
	}
	b->n = rc->nrows;
	if (b->row_picks) {     /* read whole: its rows are one segment */
		b->segs = rl_xcalloc(1, sizeof *b->segs);
		b->segs[b->nsegs++] = (struct rl_row_seg){0, rc->nrows, b->row_picks};
		b->row_picks = NULL;
	}
	rows_release_text(rc);
	for (size_t a = 0; a < MAX_AXES; a++)
		cell_index_free(&rc->idx[a]);
	for (size_t i = 0; i <= MAX_AXES; i++)
		rl_buf_free(&rc->cells[i]);
	free(rc);
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

rl_status rl_batch_load(const rl_engine *e, const char *path, rl_batch **out, char **err)
{
	return rl_batch_load_jobs(e, path, 1, 1, out, err);
}

static rl_status batch_load(const rl_engine *e, const char *path, int jobs, int hash_rows,
                            size_t stream_min, size_t stream_chunk, rl_batch **out,
                            char **err);

rl_status rl_batch_load_jobs(const rl_engine *e, const char *path, int jobs, int hash_rows,
                             rl_batch **out, char **err)
{
	return batch_load(e, path, jobs, hash_rows, STREAM_MIN_BYTES, STREAM_CHUNK, out, err);
}

rl_status rl_batch_load_streamed(const rl_engine *e, const char *path, int jobs, size_t chunk,
                                 rl_batch **out, char **err)
{
	return batch_load(e, path, jobs, 1, 0, chunk ? chunk : 1, out, err);
}

static rl_status batch_load(const rl_engine *e, const char *path, int jobs, int hash_rows,
                            size_t stream_min, size_t stream_chunk, rl_batch **out,
                            char **err)
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
		rl_seterr_take(err, msg);
		st = run == RL_RUN_ERROR ? RL_EINPUT : RL_EEVAL;
	} else {
		parse_ctx pc = {e, b, path, 0, NULL, RL_OK, 0, NULL, jobs > 0 ? jobs : 1, hash_rows,
		                stream_min, stream_chunk};
		rl_run prun = rl_sandbox_cpcall(sb, parse_batch, &pc, &msg);
		if (prun != RL_RUN_OK) {
			/* The batch table's metamethods ran out of a limit, or failed. */
			char *nl = strchr(msg, '\n');
			if (nl)
				*nl = '\0';
			rl_seterr_take(err, msg);
			st = prun == RL_RUN_ERROR ? RL_EINPUT : RL_EEVAL;
			free(pc.err);
		} else if (pc.st != RL_OK) {
			rl_seterr_take(err, pc.err);
			st = pc.st;
		}
	}
	rl_sandbox_free(sb);
	if (st != RL_OK) {
		rl_batch_free(b);
		return st;
	}
	rl_batch_base_choices(b);        /* what each variant changes from the base */
	*out = b;
	return RL_OK;
}
