/* batch_variant.c - variant numbering (grid, sample, rows) and applying a
 * variant's axis values to a worker's world; what a variant changes from
 * the base scenario; one variant alone; exact tipping points per slice. */
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

#include "eval.h"
#include "law.h"
#include "loader.h"
#include "manifest.h"
#include "paths.h"
#include "results.h"
#include "sandbox.h"
#include "store.h"
#include "summary.h"
#include "whatif.h"
#include "batch_impl.h"

/* --- variants ------------------------------------------------------------------ */

static uint64_t splitmix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The value index (or uniform draw) of axis a in variant i. */
void rl_variant_choice(const rl_batch *b, unsigned long long i, size_t *pick,
                       double *draw)
{
	if (b->rows) {
		const uint32_t *row = rl_batch_row(b, i);
		for (size_t a = 0; a < b->naxes; a++)
			pick[a] = row[a];
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


#define PATH_BIT(f) (1u << (f))
/* Which paths there are may change (runs, calls, audience, a product's
 * models): every path field, and the set of paths. */
#define ALL_PATH_FIELDS (((1u << RL_P_N) - 1) | RL_READ_PATH_SET)

/* What an axis may change (memo.h): its own fact, the defaults derived
 * from it (model.c, rl_entity_defaults) and the access path fields traced
 * from it (paths.c).  Over-approximating is safe; missing a dependency is
 * not. */
rl_axis_deps rl_variant_axis_deps(const axis *ax)
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
	/* A number field changes nothing but itself, and the path field that
	 * copies it (api_share): every fact the axis changes holds its value. */
	rl_ftype t = rl_kind_field(ax->kind, ax->field)->type;
	d.numeric = t == RL_F_NUM || t == RL_F_SHARE;
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

int rl_variant_axis_paths(const axis *ax)
{
	uint32_t paths = rl_variant_axis_deps(ax).paths;
	return paths == ALL_PATH_FIELDS ? PATHS_TRACE : paths ? PATHS_VALUES : PATHS_NONE;
}

/* A per-worker copy of the table (params or attrs) an axis writes, with
 * the axis key present. */
static void own_table(rl_variant_world *ww, const rl_batch *b, size_t a)
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
static void apply_weights(const rl_batch *b, rl_variant_world *ww, const size_t *pick,
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
void rl_variant_weights_init(const rl_batch *b, rl_verdicts *v)
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

/* What a worker works out once: its own tables, date values as day
 * numbers, how each axis changes the paths, and per entity that has
 * defaults the fields the axes set. */
void rl_variant_tables(rl_variant_world *ww, const rl_batch *b)
{
	const rl_model *m = b->base->m;
	for (int k = RL_K_MODEL; k <= RL_K_DEPLOYMENT; k++)
		ww->set[k] = rl_xcalloc(m->n[k] + 1, sizeof *ww->set[k]);
	for (size_t a = 0; a < b->naxes; a++) {
		const axis *ax = &b->axes[a];
		if (ax->what == AX_FIELD && ax->kind >= RL_K_MODEL && ax->kind <= RL_K_DEPLOYMENT)
			ww->set[ax->kind][ax->index] |= 1u << ax->field;
		if (ax->what == AX_PARAM || ax->what == AX_ATTR)
			own_table(ww, b, a);
		ww->axis_paths[a] = rl_variant_axis_paths(ax);
		if (ww->axis_paths[a] == PATHS_TRACE)
			ww->trace_axes |= 1u << a;
		if (ax->what != AX_DATE)
			continue;
		ww->date_axes |= 1u << a;
		ww->days[a] = rl_xcalloc(ax->nvals + 1, sizeof *ww->days[a]);
		for (size_t i = 0; i < ax->nvals; i++)
			rl_date_parse(ax->vals[i].u.s, &ww->days[a][i]);
	}
}

/* Frees what rl_variant_tables made for ww. */
void rl_variant_tables_free(rl_variant_world *ww, const rl_batch *b)
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

void rl_variant_pick(const rl_batch *b, rl_variant_world *ww, unsigned long long i,
                     size_t *pick, double *draw)
{
	if (b->rows) {          /* rl_variant_choice's, read once */
		const uint32_t *row = rl_batch_row(b, i);
		for (size_t a = 0; a < b->naxes; a++)
			ww->key[a] = pick[a] = row[a];
	} else {
		rl_variant_choice(b, i, pick, draw);
		for (size_t a = 0; a < b->naxes; a++) {
			uint64_t k = pick[a];
			if (b->axes[a].uniform)
				memcpy(&k, &draw[a], sizeof k);
			ww->key[a] = k;
		}
	}
	for (uint32_t d = ww->date_axes; d; d &= d - 1) {
		int a = __builtin_ctz(d);
		rl_world_set_date(ww->w, ww->days[a][pick[a]]);
	}
	if (b->weights)
		apply_weights(b, ww, pick, draw);
}

int rl_variant_needs_trace(const rl_batch *b, const rl_variant_world *ww)
{
	if (!ww->have_prev || !ww->w->paths_valid)
		return 1;
	for (uint32_t t = ww->trace_axes; t; t &= t - 1) {
		int a = __builtin_ctz(t);
		if (ww->key[a] != ww->prev[a])
			return 1;
	}
	return 0;
}

int rl_variant_apply_picked(const rl_batch *b, rl_variant_world *ww, const size_t *pick,
                            const double *draw, char **err)
{
	rl_world *w = ww->w;
	const rl_model *m = b->base->m;
	int fields_changed = !ww->have_prev;
	int paths_changed = ww->have_prev && ww->w->paths_valid ? PATHS_NONE : PATHS_TRACE;
	for (size_t a = 0; a < b->naxes; a++) {
		const axis *ax = &b->axes[a];
		int same = ww->have_prev && ww->key[a] == ww->prev[a];
		ww->prev[a] = ww->key[a];
		int over = ww->ov_on && a == ww->ov_axis;
		if (over)
			same = ww->have_prev = 0;
		/* The date is set when the variant is picked; weights weigh
		 * verdicts, which no check reads. */
		if (same || ax->what == AX_DATE || ax->what == AX_WEIGHT)
			continue;
		rl_value v;
		if (over || ax->uniform) {
			/* over: exact tipping points, a number between two of the axis's */
			memset(&v, 0, sizeof v);
			v.t = RL_V_NUM;
			v.ref = -1;
			v.u.num = over ? ww->ov_num : draw[a];
		} else {
			v = ax->vals[pick[a]];
		}
		switch (ax->what) {
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
			if (ww->axis_paths[a] > paths_changed)
				paths_changed = ww->axis_paths[a];
			break;
		}
		default:
			break;
		}
	}
	ww->have_prev = 1;
	if (fields_changed) {
		/* Defaults follow the facts they derive from (seller from operator);
		 * only models, products and deployments have any, in that order. */
		for (int k = RL_K_MODEL; k <= RL_K_DEPLOYMENT; k++)
			for (size_t e = 0; e < m->n[k]; e++) {
				rl_entity *ent = &w->ents[k][e];
				/* Restore the base's defaulted bits for fields no axis set. */
				uint32_t base = m->ents[k][e].defaulted & ~ww->set[k][e];
				for (uint32_t bits = base; bits; bits &= bits - 1)
					ent->f[__builtin_ctz(bits)].t = RL_V_NIL;
				ent->defaulted = base;
				rl_entity_defaults(m, w->ents, ent);
			}
	}
	if (paths_changed == PATHS_NONE)
		return 0;
	if (paths_changed == PATHS_VALUES) {
		rl_paths_refresh(w);
		return 0;
	}
	int rc = rl_paths_compute(w, err);
	if (rc)
		ww->have_prev = 0;      /* the world is half-traced: start afresh */
	return rc;
}

/* Applies variant i to the world; returns -1 (with *err) when the variant
 * cannot be traced (a cycle introduced by a `calls` axis). */
int rl_variant_apply(const rl_batch *b, rl_variant_world *ww, unsigned long long i,
                     size_t *pick, double *draw, char **err)
{
	rl_variant_pick(b, ww, i, pick, draw);
	return rl_variant_apply_picked(b, ww, pick, draw, err);
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
void rl_batch_base_choices(rl_batch *b)
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

/* Which axes variant (pick, draw) sets to a value other than the base
 * scenario's (bit a). */
uint32_t rl_variant_changes(const rl_batch *b, const size_t *pick, const double *draw)
{
	uint32_t m = 0;
	for (size_t a = 0; a < b->naxes; a++) {
		const axis *ax = &b->axes[a];
		if (ax->uniform ? !(draw[a] == ax->base_num) : (long)pick[a] != ax->base_pick)
			m |= 1u << a;
	}
	return m;
}


uint32_t rl_batch_changes(rl_batch *b, unsigned long long i)
{
	size_t pick[MAX_AXES];
	double draw[MAX_AXES];
	if (!b->have_base)
		rl_batch_base_choices(b);
	rl_variant_choice(b, i, pick, draw);
	return rl_variant_changes(b, pick, draw);
}

uint32_t rl_batch_differ(const rl_batch *b, unsigned long long i, unsigned long long j)
{
	size_t pi[MAX_AXES], pj[MAX_AXES];
	double di[MAX_AXES], dj[MAX_AXES];
	rl_variant_choice(b, i, pi, di);
	rl_variant_choice(b, j, pj, dj);
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
	rl_variant_choice(b, i, pick, draw);
	uint32_t m = rl_variant_changes(b, pick, draw);
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

rl_status rl_batch_variant(const rl_engine *e, const rl_batch *b, unsigned long long i,
                           rl_verdicts *out, char **err)
{
	rl_evaluator *ev = NULL;
	memset(out, 0, sizeof *out);
	rl_status st = rl_evaluator_new(e, &ev, err);
	if (st != RL_OK)
		return st;
	rl_variant_world ww;
	memset(&ww, 0, sizeof ww);
	ww.w = rl_world_new(b->base->m);
	rl_variant_tables(&ww, b);
	rl_verdicts_init(out, ev);
	rl_variant_weights_init(b, out);
	size_t pick[MAX_AXES];
	double draw[MAX_AXES];
	if (i >= b->n) {
		rl_seterr(err, "%s:0: expected a variant below %llu, found %llu", b->file, b->n, i);
		st = RL_EINPUT;
	} else if (rl_variant_apply(b, &ww, i, pick, draw, err)) {
		st = RL_EEVAL;
	} else {
		rl_eval_verdicts(ev, ww.w, b->base->m, NULL, ww.key, NULL, out);
	}
	rl_variant_tables_free(&ww, b);
	rl_world_free(ww.w);
	rl_evaluator_free(ev);
	return st;
}

/* --- exact tipping points per slice ------------------------------------------ */


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
	rl_variant_world ww;
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
	int rc = rl_variant_apply(pr->b, &pr->ww, i, pr->pick, pr->draw, &pr->err);
	pr->ww.ov_on = 0;
	if (rc)
		return -1;
	rl_eval_verdicts(pr->ev, pr->ww.w, pr->b->base->m, NULL, pr->ww.key, NULL, &pr->ww.out);
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
	rl_variant_choice(b, i, pick, draw);
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
	rl_variant_tables(&pr.ww, b);
	rl_verdicts_init(&pr.ww.out, pr.ev);
	rl_variant_weights_init(b, &pr.ww.out);
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
					            prev[c], now[c], rl_tips_round(hi, tol), rl_xstrdup(slice)};
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
	rl_variant_tables_free(&pr.ww, b);
	rl_world_free(pr.ww.w);
	rl_verdicts_free(&pr.ww.out);
	rl_evaluator_free(pr.ev);
	return st;
}
