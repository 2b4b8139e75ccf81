/* paths.c - tracing `calls` from customer-facing deployments to models. */
#include "paths.h"

#include <stdlib.h>
#include <string.h>

typedef struct tracer {
	rl_world *w;
	int32_t *hops;
	size_t depth, max;
	unsigned long long visits;      /* deployments visited, paths or not */
	char **err;
	int failed;
} tracer;

static rl_fref fref(rl_kind k, size_t i, size_t f)
{
	rl_fref r = {(int8_t)k, (int8_t)f, (int32_t)i};
	return r;
}

/* Where a deployment field's value comes from: itself, or the fact its
 * default was derived from. */
static rl_fref dep_origin(const rl_world *w, size_t d, size_t f)
{
	const rl_entity *e = &w->ents[RL_K_DEPLOYMENT][d];
	if (!(e->defaulted & (1u << f)))
		return fref(RL_K_DEPLOYMENT, d, f);
	if (f == RL_DE_SELLER)
		return fref(RL_K_DEPLOYMENT, d, RL_DE_OPERATOR);
	const rl_value *runs = &e->f[RL_DE_RUNS];
	if (runs->t == RL_V_STR && runs->ref >= 0 &&
	    RL_REF_KIND(runs->ref) == RL_K_PRODUCT)
		return fref(RL_K_PRODUCT, RL_REF_INDEX(runs->ref),
		            f == RL_DE_INTERFACE ? RL_PR_KIND : RL_PR_STATE);
	return fref(RL_K_DEPLOYMENT, d, RL_DE_RUNS);
}

static void set_from(rl_path *p, size_t pf, const rl_value *v, rl_fref why)
{
	p->v[pf] = *v;
	p->why[pf] = why;
}

static void set_str(rl_path *p, size_t pf, const char *s)
{
	memset(&p->v[pf], 0, sizeof p->v[pf]);
	p->v[pf].ref = -1;
	p->v[pf].t = s ? RL_V_STR : RL_V_NIL;
	p->v[pf].u.s = s;
}

static void set_bool(rl_path *p, size_t pf, int b)
{
	memset(&p->v[pf], 0, sizeof p->v[pf]);
	p->v[pf].ref = -1;
	p->v[pf].t = RL_V_BOOL;
	p->v[pf].u.b = b;
}

static void set_unknown(rl_path *p, size_t pf, rl_fref why)
{
	memset(&p->v[pf], 0, sizeof p->v[pf]);
	p->v[pf].ref = -1;
	p->v[pf].t = RL_V_UNKNOWN;
	p->why[pf] = why;
}

/* Strings are interned in the model: s is one of its rl_model.s_*. */
static int is_str(const rl_value *v, const char *s)
{
	return v->t == RL_V_STR && v->u.s == s;
}

static rl_path *new_path(tracer *t)
{
	rl_world *w = t->w;
	if (w->npaths >= RL_MAX_PATHS) {
		if (!t->failed)
			rl_seterr(t->err, "%s:0: expected at most %d access paths, found "
			          "more (a call graph this wide is likely a mistake)",
			          w->m->file, RL_MAX_PATHS);
		t->failed = 1;
		return NULL;
	}
	if (w->npaths == w->cappaths) {
		size_t old = w->cappaths;
		w->cappaths = w->cappaths ? w->cappaths * 2 : 16;
		w->paths = rl_xrealloc(w->paths, w->cappaths, sizeof *w->paths);
		memset(&w->paths[old], 0, (w->cappaths - old) * sizeof *w->paths);
	}
	/* A slot keeps its buffers from one tracing to the next. */
	rl_path *p = &w->paths[w->npaths++];
	int32_t *hops = p->hops;
	rl_value *items = p->hop_items;
	char *name = p->name;
	uint32_t caphops = p->caphops;
	size_t capname = p->capname;
	memset(p, 0, sizeof *p);
	p->hops = hops;
	p->hop_items = items;
	p->name = name;
	p->caphops = caphops;
	p->capname = capname;
	for (size_t f = 0; f < RL_P_N; f++)
		p->v[f].ref = -1;
	return p;
}

/* The values of path p (hops, model and model_why set) from w's facts. */
static void path_values(const rl_world *w, rl_path *p)
{
	size_t entry = (size_t)p->hops[0], last = (size_t)p->hops[p->nhops - 1];
	long mi = p->model;
	rl_fref mwhy = p->model_why;
	const rl_entity *e = &w->ents[RL_K_DEPLOYMENT][entry];
	const rl_entity *ld = &w->ents[RL_K_DEPLOYMENT][last];

	set_str(p, RL_P_ENTRY, e->id);
	set_from(p, RL_P_ENTRY_CLOUD, &e->f[RL_DE_CLOUD], dep_origin(w, entry, RL_DE_CLOUD));
	set_from(p, RL_P_SELLER, &e->f[RL_DE_SELLER], dep_origin(w, entry, RL_DE_SELLER));
	set_from(p, RL_P_OPERATOR, &e->f[RL_DE_OPERATOR], dep_origin(w, entry, RL_DE_OPERATOR));
	set_from(p, RL_P_INTERFACE, &e->f[RL_DE_INTERFACE], dep_origin(w, entry, RL_DE_INTERFACE));
	set_from(p, RL_P_STATE, &e->f[RL_DE_STATE], dep_origin(w, entry, RL_DE_STATE));
	set_from(p, RL_P_AUDIENCE, &e->f[RL_DE_AUDIENCE], dep_origin(w, entry, RL_DE_AUDIENCE));

	const rl_value *runs = &e->f[RL_DE_RUNS];
	if (runs->t == RL_V_UNKNOWN) {
		set_unknown(p, RL_P_PRODUCT, fref(RL_K_DEPLOYMENT, entry, RL_DE_RUNS));
		set_unknown(p, RL_P_API_SHARE, fref(RL_K_DEPLOYMENT, entry, RL_DE_RUNS));
	} else if (runs->ref >= 0 && RL_REF_KIND(runs->ref) == RL_K_PRODUCT) {
		size_t pi = RL_REF_INDEX(runs->ref);
		set_from(p, RL_P_PRODUCT, runs, fref(RL_K_DEPLOYMENT, entry, RL_DE_RUNS));
		set_from(p, RL_P_API_SHARE,
		         &w->ents[RL_K_PRODUCT][pi].f[RL_PR_API_SHARE],
		         fref(RL_K_PRODUCT, pi, RL_PR_API_SHARE));
	} else {
		set_str(p, RL_P_PRODUCT, NULL);
		memset(&p->v[RL_P_API_SHARE], 0, sizeof(rl_value));
		p->v[RL_P_API_SHARE].t = RL_V_NUM;
		p->v[RL_P_API_SHARE].u.num = 1;
		p->v[RL_P_API_SHARE].ref = -1;
	}

	if (mi >= 0) {
		const rl_entity *m = &w->ents[RL_K_MODEL][mi];
		set_str(p, RL_P_MODEL, m->id);
		p->v[RL_P_MODEL].ref = (int32_t)((RL_K_MODEL << 24) | mi);
		set_from(p, RL_P_MODEL_OWNER, &m->f[RL_MO_OWNER], fref(RL_K_MODEL, (size_t)mi, RL_MO_OWNER));
		set_from(p, RL_P_MODEL_TIER, &m->f[RL_MO_TIER], fref(RL_K_MODEL, (size_t)mi, RL_MO_TIER));
	} else {
		set_unknown(p, RL_P_MODEL, mwhy);
		set_unknown(p, RL_P_MODEL_OWNER, mwhy);
		set_unknown(p, RL_P_MODEL_TIER, mwhy);
	}
	set_from(p, RL_P_MODEL_CLOUD, &ld->f[RL_DE_CLOUD], dep_origin(w, last, RL_DE_CLOUD));
	set_str(p, RL_P_MODEL_DEPLOYMENT, ld->id);

	/* stateful: any hop stateful; unknown only if no hop decides it. */
	int stateful = 0;
	long undecided = -1;
	for (uint32_t h = 0; h < p->nhops && !stateful; h++) {
		const rl_value *st = &w->ents[RL_K_DEPLOYMENT][p->hops[h]].f[RL_DE_STATE];
		if (is_str(st, w->m->s_stateful))
			stateful = 1;
		else if (st->t == RL_V_UNKNOWN && undecided < 0)
			undecided = p->hops[h];
	}
	if (!stateful && undecided >= 0)
		set_unknown(p, RL_P_STATEFUL, dep_origin(w, (size_t)undecided, RL_DE_STATE));
	else
		set_bool(p, RL_P_STATEFUL, stateful);

	/* direct_api: the entry is a stateless API. */
	const rl_value *in = &p->v[RL_P_INTERFACE], *st = &p->v[RL_P_STATE];
	if ((in->t == RL_V_STR && !is_str(in, w->m->s_api)) ||
	    (st->t == RL_V_STR && !is_str(st, w->m->s_stateless)))
		set_bool(p, RL_P_DIRECT_API, 0);
	else if (in->t == RL_V_UNKNOWN)
		set_unknown(p, RL_P_DIRECT_API, p->why[RL_P_INTERFACE]);
	else if (st->t == RL_V_UNKNOWN)
		set_unknown(p, RL_P_DIRECT_API, p->why[RL_P_STATE]);
	else
		set_bool(p, RL_P_DIRECT_API, in->t == RL_V_STR && st->t == RL_V_STR);
}

/* Emits one path ending at deployment `last`, serving model index `mi`
 * (or an unknown model, mi < 0, decided by `mwhy`). */
static void emit(tracer *t, size_t last, long mi, rl_fref mwhy)
{
	rl_world *w = t->w;
	rl_path *p = new_path(t);
	if (!p)
		return;
	const rl_entity *ld = &w->ents[RL_K_DEPLOYMENT][last];
	p->model = mi;
	p->model_why = mwhy;
	p->nhops = (uint32_t)(t->depth + 1);
	if (p->caphops < p->nhops) {
		p->hops = rl_xrealloc(p->hops, p->nhops, sizeof *p->hops);
		p->hop_items = rl_xrealloc(p->hop_items, p->nhops, sizeof *p->hop_items);
		p->caphops = p->nhops;
	}
	memcpy(p->hops, t->hops, p->nhops * sizeof *p->hops);
	rl_value *items = p->hop_items;
	/* The name: the hops' ids joined by "->", then "[model]" for a
	 * product's model. */
	const rl_value *lruns = &ld->f[RL_DE_RUNS];
	const char *suffix = mi >= 0 && !(lruns->ref >= 0 && RL_REF_KIND(lruns->ref) == RL_K_MODEL)
	                     ? w->ents[RL_K_MODEL][mi].id : NULL;
	size_t len = suffix ? strlen(suffix) + 2 : 0;
	for (uint32_t h = 0; h < p->nhops; h++)
		len += strlen(w->ents[RL_K_DEPLOYMENT][p->hops[h]].id) + (h ? 2 : 0);
	if (p->capname < len + 1) {
		p->name = rl_xrealloc(p->name, len + 1, 1);
		p->capname = len + 1;
	}
	char *at = p->name;
	for (uint32_t h = 0; h < p->nhops; h++) {
		const rl_entity *hd = &w->ents[RL_K_DEPLOYMENT][p->hops[h]];
		memset(&items[h], 0, sizeof items[h]);
		items[h].t = RL_V_STR;
		items[h].u.s = hd->id;
		items[h].ref = (int32_t)((RL_K_DEPLOYMENT << 24) | p->hops[h]);
		if (h) {
			memcpy(at, "->", 2);
			at += 2;
		}
		size_t n = strlen(hd->id);
		memcpy(at, hd->id, n);
		at += n;
	}
	if (suffix) {
		size_t n = strlen(suffix);
		*at++ = '[';
		memcpy(at, suffix, n);
		at += n;
		*at++ = ']';
	}
	*at = '\0';
	p->v[RL_P_HOPS].t = RL_V_LIST;
	p->v[RL_P_HOPS].n = p->nhops;
	p->v[RL_P_HOPS].u.items = items;

	path_values(w, p);
}

/* Before path_values sets them again: path_values sets every value but
 * the hops', and the reason only of unknown ones, so the reasons go back
 * to what new_path leaves. */
static void path_clear_reasons(rl_path *p)
{
	rl_fref hops = p->why[RL_P_HOPS];
	memset(p->why, 0, sizeof p->why);
	p->why[RL_P_HOPS] = hops;
}

void rl_paths_refresh(rl_world *w)
{
	for (size_t i = 0; i < w->npaths; i++) {
		path_clear_reasons(&w->paths[i]);
		path_values(w, &w->paths[i]);
	}
}

static void trace(tracer *t, size_t d)
{
	rl_world *w = t->w;
	if (t->failed)
		return;
	/* Chains that reach no model count too: a layered graph can have
	 * exponentially many of them and no path at all. */
	if (++t->visits > RL_MAX_VISITS) {
		rl_seterr(t->err, "%s:%d: expected `calls` to be traced in at most %d "
		          "deployment visits, found more (a call graph this wide is likely "
		          "a mistake)", w->ents[RL_K_DEPLOYMENT][d].file,
		          w->ents[RL_K_DEPLOYMENT][d].line, RL_MAX_VISITS);
		t->failed = 1;
		return;
	}
	if (t->depth >= t->max) {
		rl_seterr(t->err, "%s:%d: expected `calls` to form no cycle, found a "
		          "cycle through %s", w->ents[RL_K_DEPLOYMENT][d].file,
		          w->ents[RL_K_DEPLOYMENT][d].line, w->ents[RL_K_DEPLOYMENT][d].id);
		t->failed = 1;
		return;
	}
	t->hops[t->depth] = (int32_t)d;
	const rl_entity *e = &w->ents[RL_K_DEPLOYMENT][d];
	const rl_value *runs = &e->f[RL_DE_RUNS];
	if (runs->t == RL_V_UNKNOWN) {
		emit(t, d, -1, fref(RL_K_DEPLOYMENT, d, RL_DE_RUNS));
		return;
	}
	if (runs->t != RL_V_STR || runs->ref < 0)
		return;
	if (RL_REF_KIND(runs->ref) == RL_K_MODEL) {
		emit(t, d, (long)RL_REF_INDEX(runs->ref), fref(RL_K_DEPLOYMENT, d, RL_DE_RUNS));
		return;
	}
	const rl_value *calls = &e->f[RL_DE_CALLS];
	if (calls->t == RL_V_UNKNOWN) {
		emit(t, d, -1, fref(RL_K_DEPLOYMENT, d, RL_DE_CALLS));
		return;
	}
	if (calls->t == RL_V_LIST && calls->n > 0) {
		for (uint32_t c = 0; c < calls->n; c++) {
			const rl_value *it = &calls->u.items[c];
			if (it->t == RL_V_UNKNOWN) {
				emit(t, d, -1, fref(RL_K_DEPLOYMENT, d, RL_DE_CALLS));
				continue;
			}
			if (it->t != RL_V_STR || it->ref < 0)
				continue;
			t->depth++;
			trace(t, RL_REF_INDEX(it->ref));
			t->depth--;
		}
		return;
	}
	/* A product deployment that calls nothing serves its product's
	 * models from its own cloud. */
	size_t pi = RL_REF_INDEX(runs->ref);
	const rl_value *models = &w->ents[RL_K_PRODUCT][pi].f[RL_PR_MODELS];
	if (models->t == RL_V_UNKNOWN) {
		emit(t, d, -1, fref(RL_K_PRODUCT, pi, RL_PR_MODELS));
	} else if (models->t == RL_V_LIST) {
		for (uint32_t c = 0; c < models->n; c++) {
			const rl_value *it = &models->u.items[c];
			if (it->t == RL_V_UNKNOWN)
				emit(t, d, -1, fref(RL_K_PRODUCT, pi, RL_PR_MODELS));
			else if (it->t == RL_V_STR && it->ref >= 0)
				emit(t, d, (long)RL_REF_INDEX(it->ref), fref(RL_K_PRODUCT, pi, RL_PR_MODELS));
		}
	}
}

int rl_paths_compute(rl_world *w, char **err)
{
	w->npaths = 0;          /* the slots keep their buffers (new_path) */
	size_t nd = w->m->n[RL_K_DEPLOYMENT];
	if (!w->trace_hops)
		w->trace_hops = rl_xcalloc(nd + 1, sizeof *w->trace_hops);
	tracer t = {w, w->trace_hops, 0, nd, 0, err, 0};
	for (size_t d = 0; d < nd && !t.failed; d++) {
		const rl_value *aud = &w->ents[RL_K_DEPLOYMENT][d].f[RL_DE_AUDIENCE];
		if (aud->t == RL_V_UNKNOWN || (aud->t == RL_V_LIST && aud->n > 0)) {
			t.depth = 0;
			trace(&t, d);
		}
	}
	w->paths_valid = !t.failed;
	return t.failed ? -1 : 0;
}
