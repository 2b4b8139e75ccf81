/* model.c - the schema, entities, reference resolution, defaults. */
#include "model.h"
#include "sha256.h"
#include "sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const party_kinds[] = {"model_provider", "cloud_provider",
	"customer", "reseller", "government", NULL};
static const char *const tiers[] = {"frontier", "standard", "open_weight", NULL};
static const char *const product_kinds[] = {"api", "platform", "application", NULL};
static const char *const states[] = {"stateless", "stateful", NULL};
static const char *const audiences[] = {"enterprise", "government", "developer",
	"consumer", NULL};

#define COMMON \
	{"name", RL_F_STR, 0, 0, NULL}, \
	{"source", RL_F_STR, 0, 0, NULL}, \
	{"note", RL_F_STR, 0, 0, NULL}, \
	{"attrs", RL_F_TABLE, 0, 0, NULL}, \
	{"sources", RL_F_STR, RL_FF_LIST, 0, NULL}
#define REF(k) (1u << (k))

static const rl_field_def scenario_fields[] = {COMMON,
	{"date", RL_F_DATE, RL_FF_REQUIRED, 0, NULL},
	{"title", RL_F_STR, 0, 0, NULL},
	{"description", RL_F_STR, 0, 0, NULL},
	{"contracts", RL_F_STR, RL_FF_LIST, 0, NULL},
	{"expect", RL_F_EXPECT, 0, 0, NULL},
	{"params", RL_F_TABLE, 0, 0, NULL},
	{"expect_at", RL_F_EXPECT_AT, 0, 0, NULL}};
static const rl_field_def party_fields[] = {COMMON,
	{"kind", RL_F_ENUM, RL_FF_REQUIRED, 0, party_kinds}};
static const rl_field_def cloud_fields[] = {COMMON,
	{"owner", RL_F_REF, RL_FF_REQUIRED, REF(RL_K_PARTY), NULL}};
static const rl_field_def model_fields[] = {COMMON,
	{"owner", RL_F_REF, RL_FF_REQUIRED, REF(RL_K_PARTY), NULL},
	{"tier", RL_F_ENUM, 0, 0, tiers},
	{"weights", RL_F_REF, RL_FF_LIST, REF(RL_K_CLOUD), NULL}};
static const rl_field_def product_fields[] = {COMMON,
	{"owner", RL_F_REF, RL_FF_REQUIRED, REF(RL_K_PARTY), NULL},
	{"kind", RL_F_ENUM, RL_FF_REQUIRED, 0, product_kinds},
	{"state", RL_F_ENUM, RL_FF_REQUIRED, 0, states},
	{"models", RL_F_REF, RL_FF_LIST, REF(RL_K_MODEL), NULL},
	{"api_share", RL_F_SHARE, 0, 0, NULL}};
static const rl_field_def deployment_fields[] = {COMMON,
	{"runs", RL_F_REF, RL_FF_REQUIRED, REF(RL_K_PRODUCT) | REF(RL_K_MODEL), NULL},
	{"cloud", RL_F_REF, RL_FF_REQUIRED, REF(RL_K_CLOUD), NULL},
	{"operator", RL_F_REF, RL_FF_REQUIRED, REF(RL_K_PARTY), NULL},
	{"seller", RL_F_REF, 0, REF(RL_K_PARTY), NULL},
	{"interface", RL_F_ENUM, 0, 0, product_kinds},
	{"state", RL_F_ENUM, 0, 0, states},
	{"audience", RL_F_ENUM, RL_FF_LIST, 0, audiences},
	{"calls", RL_F_REF, RL_FF_LIST, REF(RL_K_DEPLOYMENT), NULL}};
static const rl_field_def statement_fields[] = {COMMON,
	{"by", RL_F_REF, RL_FF_REQUIRED, REF(RL_K_PARTY), NULL},
	{"text", RL_F_STR, RL_FF_REQUIRED, 0, NULL},
	{"about", RL_F_REF, 0, REF(RL_K_PRODUCT) | REF(RL_K_MODEL), NULL},
	{"audience", RL_F_ENUM, RL_FF_LIST, 0, audiences},
	{"date", RL_F_DATE, 0, 0, NULL},
	{"claims", RL_F_STR, RL_FF_LIST, 0, NULL}};

static const struct {
	const char *name, *plural;
	const rl_field_def *fields;
	size_t n;
} kinds[RL_NKINDS] = {
#define K(name, plural, arr) {name, plural, arr, sizeof arr / sizeof arr[0]}
	K("scenario", "scenarios", scenario_fields),
	K("party", "parties", party_fields),
	K("cloud", "clouds", cloud_fields),
	K("model", "models", model_fields),
	K("product", "products", product_fields),
	K("deployment", "deployments", deployment_fields),
	K("statement", "statements", statement_fields),
#undef K
};

const char *rl_kind_name(rl_kind k)
{
	return (unsigned)k < RL_NKINDS ? kinds[k].name : "?";
}

const char *rl_kind_plural(rl_kind k)
{
	return (unsigned)k < RL_NKINDS ? kinds[k].plural : "?";
}

int rl_kind_parse(const char *name)
{
	for (int k = 0; k < RL_NKINDS; k++)
		if (strcmp(name, kinds[k].name) == 0 || strcmp(name, kinds[k].plural) == 0)
			return k;
	return -1;
}

size_t rl_kind_nfields(rl_kind k)
{
	return kinds[k].n;
}

const rl_field_def *rl_kind_field(rl_kind k, size_t f)
{
	return &kinds[k].fields[f];
}

int rl_kind_find_field(rl_kind k, const char *name)
{
	for (size_t f = 0; f < kinds[k].n; f++)
		if (strcmp(kinds[k].fields[f].name, name) == 0)
			return (int)f;
	return -1;
}

static const char *const path_fields[RL_P_N] = {"entry", "entry_cloud",
	"seller", "operator", "interface", "state", "audience", "product",
	"api_share", "model", "model_owner", "model_tier", "model_cloud",
	"model_deployment", "hops", "stateful", "direct_api"};

const char *rl_path_field_name(size_t f)
{
	return f < RL_P_N ? path_fields[f] : "?";
}

int rl_path_find_field(const char *name)
{
	for (int f = 0; f < RL_P_N; f++)
		if (strcmp(path_fields[f], name) == 0)
			return f;
	return -1;
}

/* --- the model ----------------------------------------------------------- */

rl_model *rl_model_new(void)
{
	rl_model *m = rl_xcalloc(1, sizeof *m);
	m->pool = rl_pool_new();
	/* Every enumerated value is interned up front, so defaults and
	 * filters can compare them by address. */
	for (int k = 0; k < RL_NKINDS; k++)
		for (size_t f = 0; f < kinds[k].n; f++)
			if (kinds[k].fields[f].enums)
				for (const char *const *e = kinds[k].fields[f].enums; *e; e++)
					rl_model_intern(m, *e);
	m->s_api = rl_model_intern(m, "api");
	m->s_standard = rl_model_intern(m, "standard");
	m->s_stateless = rl_model_intern(m, "stateless");
	m->s_stateful = rl_model_intern(m, "stateful");
	return m;
}

void rl_model_free(rl_model *m)
{
	if (!m)
		return;
	for (int k = 0; k < RL_NKINDS; k++) {
		for (size_t i = 0; i < m->n[k]; i++)
			free(m->ents[k][i].f);
		free(m->ents[k]);
	}
	for (size_t i = 0; i < m->nblocks; i++)
		free(m->blocks[i]);
	free(m->blocks);
	free(m->expect);
	free(m->files);
	for (size_t i = 0; i < m->nsources; i++)
		rl_source_free(&m->sources[i]);
	free(m->sources);
	rl_pool_free(m->pool);
	free(m);
}

const char *rl_model_intern(rl_model *m, const char *s)
{
	return rl_pool_intern(m->pool, s, strlen(s));
}

void rl_model_add_file(rl_model *m, const char *path, int include, const char *text,
                       size_t len)
{
	m->files = rl_xrealloc(m->files, m->nfiles + 1, sizeof *m->files);
	rl_model_file *f = &m->files[m->nfiles++];
	f->path = rl_model_intern(m, path);
	f->include = include;
	rl_sha256_hex(text, len, f->sha256);
}

void *rl_model_alloc(rl_model *m, size_t n, size_t size)
{
	if (m->nblocks == m->capblocks) {
		m->capblocks = m->capblocks ? m->capblocks * 2 : 64;
		m->blocks = rl_xrealloc(m->blocks, m->capblocks, sizeof *m->blocks);
	}
	void *p = rl_xcalloc(n ? n : 1, size);
	m->blocks[m->nblocks++] = p;
	return p;
}

rl_entity *rl_model_add(rl_model *m, rl_kind k, const char *id,
                        const char *file, int line, rl_entity **dup)
{
	long at = rl_model_find(m, k, id);
	if (at >= 0) {
		if (dup)
			*dup = &m->ents[k][at];
		return NULL;
	}
	if (m->n[k] == m->cap[k]) {
		m->cap[k] = m->cap[k] ? m->cap[k] * 2 : 8;
		m->ents[k] = rl_xrealloc(m->ents[k], m->cap[k], sizeof(rl_entity));
	}
	rl_entity *e = &m->ents[k][m->n[k]++];
	memset(e, 0, sizeof *e);
	e->kind = k;
	e->id = rl_model_intern(m, id);
	e->file = rl_model_intern(m, file);
	e->line = line;
	e->f = rl_xcalloc(kinds[k].n, sizeof(rl_value));
	for (size_t f = 0; f < kinds[k].n; f++)
		e->f[f].ref = -1;
	return e;
}

long rl_model_find(const rl_model *m, rl_kind k, const char *id)
{
	const char *s = rl_pool_find(m->pool, id, strlen(id));
	if (!s)
		return -1;
	for (size_t i = 0; i < m->n[k]; i++)
		if (m->ents[k][i].id == s)
			return (long)i;
	return -1;
}

/* The nearest existing id among the accepted kinds, for suggestions. */
static const char *nearest(const rl_model *m, unsigned refs, const char *id)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	for (int k = 0; k < RL_NKINDS; k++) {
		if (!(refs & REF(k)))
			continue;
		for (size_t i = 0; i < m->n[k]; i++) {
			size_t d = rl_edit_distance(id, m->ents[k][i].id);
			if (d < bestd) {
				bestd = d;
				best = m->ents[k][i].id;
			}
		}
	}
	return best;
}

static void kinds_text(unsigned refs, char *out, size_t size)
{
	out[0] = '\0';
	for (int k = 0; k < RL_NKINDS; k++) {
		if (!(refs & REF(k)))
			continue;
		if (out[0])
			strncat(out, " or ", size - strlen(out) - 1);
		strncat(out, kinds[k].name, size - strlen(out) - 1);
	}
}

static int resolve_one(rl_model *m, rl_entity *e, const rl_field_def *fd,
                       rl_value *v, char **err)
{
	if (v->t != RL_V_STR)
		return 0;
	for (int k = 0; k < RL_NKINDS; k++) {
		if (!(fd->refs & REF(k)))
			continue;
		long i = rl_model_find(m, (rl_kind)k, v->u.s);
		if (i >= 0) {
			v->ref = (int32_t)((k << 24) | i);
			return 0;
		}
	}
	char want[64];
	kinds_text(fd->refs, want, sizeof want);
	const char *near = nearest(m, fd->refs, v->u.s);
	if (near)
		rl_seterr(err, "%s:%d: %s %s: expected %s to name a %s, found '%s' "
		          "(nearest: '%s')", e->file, e->line, kinds[e->kind].name,
		          e->id, fd->name, want, v->u.s, near);
	else
		rl_seterr(err, "%s:%d: %s %s: expected %s to name a %s, found '%s' "
		          "(no %s is defined)", e->file, e->line, kinds[e->kind].name,
		          e->id, fd->name, want, v->u.s, want);
	return -1;
}


static const rl_value *runs_field(rl_entity *const ents[RL_NKINDS],
                                  const rl_entity *dep, size_t field)
{
	const rl_value *runs = &dep->f[RL_DE_RUNS];
	if (runs->t != RL_V_STR || runs->ref < 0 || RL_REF_KIND(runs->ref) != RL_K_PRODUCT)
		return NULL;
	return &ents[RL_K_PRODUCT][RL_REF_INDEX(runs->ref)].f[field];
}

static void set_default(rl_entity *e, size_t f, rl_value v)
{
	e->f[f] = v;
	e->defaulted |= 1u << f;
}

void rl_entity_defaults(const rl_model *m, rl_entity *const ents[RL_NKINDS],
                        rl_entity *e)
{
	rl_value v = {0};
	v.ref = -1;
	switch (e->kind) {
	case RL_K_MODEL:
		if (e->f[RL_MO_TIER].t == RL_V_NIL || (e->defaulted & (1u << RL_MO_TIER))) {
			v.t = RL_V_STR;
			v.u.s = m->s_standard;
			set_default(e, RL_MO_TIER, v);
		}
		break;
	case RL_K_PRODUCT:
		if (e->f[RL_PR_API_SHARE].t == RL_V_NIL ||
		    (e->defaulted & (1u << RL_PR_API_SHARE))) {
			const rl_value *kind = &e->f[RL_PR_KIND];
			if (kind->t == RL_V_UNKNOWN) {
				v.t = RL_V_UNKNOWN;
			} else {
				v.t = RL_V_NUM;
				v.u.num = kind->t == RL_V_STR && kind->u.s == m->s_api;
			}
			set_default(e, RL_PR_API_SHARE, v);
		}
		break;
	case RL_K_DEPLOYMENT: {
		if (e->f[RL_DE_SELLER].t == RL_V_NIL || (e->defaulted & (1u << RL_DE_SELLER)))
			set_default(e, RL_DE_SELLER, e->f[RL_DE_OPERATOR]);
		const rl_value *runs = &e->f[RL_DE_RUNS];
		int is_model = runs->t == RL_V_STR && runs->ref >= 0 &&
		               RL_REF_KIND(runs->ref) == RL_K_MODEL;
		const rl_value *pk = runs_field(ents, e, RL_PR_KIND);
		const rl_value *ps = runs_field(ents, e, RL_PR_STATE);
		if (e->f[RL_DE_INTERFACE].t == RL_V_NIL ||
		    (e->defaulted & (1u << RL_DE_INTERFACE))) {
			if (runs->t == RL_V_UNKNOWN) {
				v.t = RL_V_UNKNOWN;
			} else if (is_model) {
				v.t = RL_V_STR;
				v.u.s = m->s_api;
			} else if (pk) {
				v = *pk;
			}
			set_default(e, RL_DE_INTERFACE, v);
		}
		v.t = RL_V_NIL;
		if (e->f[RL_DE_STATE].t == RL_V_NIL || (e->defaulted & (1u << RL_DE_STATE))) {
			if (runs->t == RL_V_UNKNOWN) {
				v.t = RL_V_UNKNOWN;
			} else if (is_model) {
				v.t = RL_V_STR;
				v.u.s = m->s_stateless;
			} else if (ps) {
				v = *ps;
			}
			set_default(e, RL_DE_STATE, v);
		}
		break;
	}
	default:
		break;
	}
}

/* Cycle detection in `calls`: iterative-free recursive DFS with colours;
 * depth is bounded by the number of deployments. */
static int visit(rl_model *m, size_t i, unsigned char *colour, size_t *stack,
                 size_t depth, char **err)
{
	colour[i] = 1;
	stack[depth] = i;
	const rl_value *calls = &m->ents[RL_K_DEPLOYMENT][i].f[RL_DE_CALLS];
	if (calls->t == RL_V_LIST) {
		for (uint32_t c = 0; c < calls->n; c++) {
			const rl_value *it = &calls->u.items[c];
			if (it->t != RL_V_STR || it->ref < 0)
				continue;
			size_t j = (size_t)RL_REF_INDEX(it->ref);
			if (colour[j] == 1) {
				rl_buf b = {0};
				size_t from = 0;
				while (stack[from] != j)
					from++;
				for (size_t s = from; s <= depth; s++)
					rl_buf_printf(&b, "%s -> ", m->ents[RL_K_DEPLOYMENT][stack[s]].id);
				rl_buf_puts(&b, m->ents[RL_K_DEPLOYMENT][j].id);
				const rl_entity *e = &m->ents[RL_K_DEPLOYMENT][j];
				rl_seterr(err, "%s:%d: expected `calls` to form no cycle, found "
				          "the cycle %s", e->file, e->line, b.data);
				rl_buf_free(&b);
				return -1;
			}
			if (colour[j] == 0 && visit(m, j, colour, stack, depth + 1, err))
				return -1;
		}
	}
	colour[i] = 2;
	return 0;
}

int rl_model_finish(rl_model *m, char **err)
{
	if (m->n[RL_K_SCENARIO] != 1) {
		rl_seterr(err, "%s:1: expected one scenario \"id\" { date = ... }, "
		          "found %zu", m->file, m->n[RL_K_SCENARIO]);
		return -1;
	}
	for (int k = 0; k < RL_NKINDS; k++) {
		for (size_t i = 0; i < m->n[k]; i++) {
			rl_entity *e = &m->ents[k][i];
			for (size_t f = 0; f < kinds[k].n; f++) {
				const rl_field_def *fd = &kinds[k].fields[f];
				if (fd->type != RL_F_REF)
					continue;
				rl_value *v = &e->f[f];
				if (v->t == RL_V_LIST) {
					for (uint32_t c = 0; c < v->n; c++)
						if (resolve_one(m, e, fd, &v->u.items[c], err))
							return -1;
				} else if (resolve_one(m, e, fd, v, err)) {
					return -1;
				}
			}
		}
	}
	for (int k = 0; k < RL_NKINDS; k++)
		for (size_t i = 0; i < m->n[k]; i++)
			rl_entity_defaults(m, m->ents, &m->ents[k][i]);
	/* A product deployment's interface/state defaults are checked above;
	 * a deployment must run something that can be reached. */
	size_t nd = m->n[RL_K_DEPLOYMENT];
	unsigned char *colour = rl_xcalloc(nd, 1);
	size_t *stack = rl_xcalloc(nd, sizeof *stack);
	int rc = 0;
	for (size_t i = 0; i < nd && rc == 0; i++)
		if (colour[i] == 0)
			rc = visit(m, i, colour, stack, 0, err);
	free(colour);
	free(stack);
	return rc;
}

void rl_fref_format(const rl_entity *const ents[RL_NKINDS], rl_fref r,
                    char *out, size_t size)
{
	if (r.kind < 0) {
		snprintf(out, size, "date");
		return;
	}
	const rl_entity *e = &ents[r.kind][r.index];
	snprintf(out, size, "%s.%s.%s", kinds[r.kind].name, e->id,
	         kinds[r.kind].fields[r.field].name);
}

/* --- worlds -------------------------------------------------------------- */

rl_world *rl_world_new(const rl_model *m)
{
	rl_world *w = rl_xcalloc(1, sizeof *w);
	w->m = m;
	for (int k = 0; k < RL_NKINDS; k++) {
		w->ents[k] = rl_xcalloc(m->n[k], sizeof(rl_entity));
		for (size_t i = 0; i < m->n[k]; i++) {
			w->ents[k][i] = m->ents[k][i];
			w->ents[k][i].f = rl_xcalloc(kinds[k].n, sizeof(rl_value));
			memcpy(w->ents[k][i].f, m->ents[k][i].f, kinds[k].n * sizeof(rl_value));
		}
	}
	int32_t days = 0;
	const rl_value *d = &m->ents[RL_K_SCENARIO][0].f[RL_SC_DATE];
	if (d->t == RL_V_STR)
		rl_date_parse(d->u.s, &days);
	rl_world_set_date(w, days);
	return w;
}

void rl_world_free(rl_world *w)
{
	if (!w)
		return;
	for (int k = 0; k < RL_NKINDS; k++) {
		for (size_t i = 0; i < w->m->n[k]; i++)
			free(w->ents[k][i].f);
		free(w->ents[k]);
	}
	for (size_t i = 0; i < w->cappaths; i++) {
		free(w->paths[i].hops);
		free(w->paths[i].hop_items);
		free(w->paths[i].name);
	}
	free(w->paths);
	free(w->trace_hops);
	free(w);
}

void rl_world_set_date(rl_world *w, int32_t days)
{
	w->date = days;
}

int rl_value_eq(const rl_value *a, const rl_value *b)
{
	if (a->t != b->t)
		return 0;
	switch (a->t) {
	case RL_V_BOOL: return !a->u.b == !b->u.b;
	case RL_V_NUM: return a->u.num == b->u.num;
	case RL_V_STR: return a->u.s == b->u.s;
	case RL_V_NIL: case RL_V_UNKNOWN: return 1;
	default: return a == b;
	}
}

void rl_value_format(const rl_value *v, rl_buf *out)
{
	char num[32];
	switch (v->t) {
	case RL_V_NIL: rl_buf_puts(out, "nil"); break;
	case RL_V_UNKNOWN: rl_buf_puts(out, "unknown"); break;
	case RL_V_BOOL: rl_buf_puts(out, v->u.b ? "true" : "false"); break;
	case RL_V_NUM: rl_format_number(v->u.num, num); rl_buf_puts(out, num); break;
	case RL_V_STR: rl_buf_puts(out, v->u.s); break;
	case RL_V_LIST:
		for (uint32_t i = 0; i < v->n; i++) {
			if (i)
				rl_buf_puts(out, ", ");
			rl_value_format(&v->u.items[i], out);
		}
		break;
	case RL_V_TABLE:
		for (uint32_t i = 0; i < v->n; i++) {
			if (i)
				rl_buf_puts(out, ", ");
			rl_buf_printf(out, "%s=", v->u.pairs[i].key);
			rl_value_format(&v->u.pairs[i].v, out);
		}
		break;
	}
}
