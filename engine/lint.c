/* lint.c - modelling warnings: a scenario that loads and evaluates, but
 * whose facts are likely not what the analyst meant (a deployment nobody
 * reaches, an id the rule packs look for spelled another way, a stateless
 * platform, ...).  Warnings never change an evaluation; `--strict` makes
 * the command line treat them as bad input. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "paths.h"

typedef struct warnings {
	char **v;
	size_t n;
} warnings;

static void warn(warnings *w, const rl_entity *e, char *msg)
{
	w->v = rl_xrealloc(w->v, w->n + 1, sizeof *w->v);
	w->v[w->n++] = rl_fmt("%s:%d: warning: %s %s: %s", e->file, e->line,
	                      rl_kind_name(e->kind), e->id, msg);
	free(msg);
}

static int is_str(const rl_value *v, const char *s)
{
	return v->t == RL_V_STR && strcmp(v->u.s, s) == 0;
}

/* Is `a` (found in the scenario) a likely misspelling or abbreviation of
 * `b` (what the packs rely on)?  Case aside equal, a small edit distance,
 * or an abbreviation: a's letters in order within b, same first letter
 * ("ms" for "microsoft"). */
static int near(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la == 0 || lb == 0 || strcmp(a, b) == 0)
		return 0;
	size_t d = rl_edit_distance(a, b);
	size_t longer = la > lb ? la : lb;
	if (d <= 2 && d * 3 <= longer)
		return 1;
	if (la >= 2 && la < lb && tolower((unsigned char)a[0]) == tolower((unsigned char)b[0])) {
		size_t i = 0;
		for (size_t j = 0; j < lb && i < la; j++)
			if (tolower((unsigned char)a[i]) == tolower((unsigned char)b[j]))
				i++;
		if (i == la)
			return 1;
	}
	return (la > lb && strstr(a, b)) || (lb > la && la >= 3 && strstr(b, a));
}

static int relied(const rl_rules *r, const char *what, const char *value)
{
	for (size_t i = 0; i < r->nrelies; i++)
		if (strcmp(r->relies[i].what, what) == 0 && strcmp(r->relies[i].value, value) == 0)
			return 1;
	return 0;
}

static int relies_any(const rl_rules *r, const char *what)
{
	for (size_t i = 0; i < r->nrelies; i++)
		if (strcmp(r->relies[i].what, what) == 0)
			return 1;
	return 0;
}

/* The relied values of `what`, joined: "amazon, microsoft, openai". */
static char *relied_list(const rl_rules *r, const char *what)
{
	rl_buf b = {0};
	for (size_t i = 0; i < r->nrelies; i++) {
		if (strcmp(r->relies[i].what, what) != 0)
			continue;
		int dup = 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(r->relies[j].what, what) == 0 &&
			      strcmp(r->relies[j].value, r->relies[i].value) == 0;
		if (!dup) {
			if (b.len)
				rl_buf_puts(&b, ", ");
			rl_buf_puts(&b, r->relies[i].value);
		}
	}
	return b.data ? rl_buf_take(&b) : rl_xstrdup("");
}

/* Ids the packs rely on that the scenario lacks while it has a near one. */
static void relied_ids(warnings *out, const rl_model *m, const rl_rules *r)
{
	for (size_t i = 0; i < r->nrelies; i++) {
		const rl_reliance *x = &r->relies[i];
		int k = rl_kind_parse(x->what);
		if (k < 0 || rl_model_find(m, (rl_kind)k, x->value) >= 0)
			continue;
		int dup = 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(r->relies[j].what, x->what) == 0 &&
			      strcmp(r->relies[j].value, x->value) == 0;
		if (dup)
			continue;
		for (size_t e = 0; e < m->n[k]; e++) {
			const rl_entity *ent = &m->ents[k][e];
			if (near(ent->id, x->value))
				warn(out, ent, rl_fmt("expected the id '%s', which the rule packs rely on "
				                      "(%s:%d), found '%s' and no '%s': every clause that "
				                      "looks for %s will not find it", x->value, x->file,
				                      x->line, ent->id, x->value, x->value));
		}
	}
}

/* Statement claims and scenario params the packs do not know. */
static void relied_values(warnings *out, const rl_model *m, const rl_rules *r)
{
	if (relies_any(r, "claims")) {
		for (size_t i = 0; i < m->n[RL_K_STATEMENT]; i++) {
			const rl_entity *s = &m->ents[RL_K_STATEMENT][i];
			const rl_value *c = &s->f[RL_ST_CLAIMS];
			for (uint32_t j = 0; c->t == RL_V_LIST && j < c->n; j++) {
				if (c->u.items[j].t != RL_V_STR || relied(r, "claims", c->u.items[j].u.s))
					continue;
				char *all = relied_list(r, "claims");
				warn(out, s, rl_fmt("expected claims among those the rule packs know "
				                    "(%s), found '%s': no clause reads it", all,
				                    c->u.items[j].u.s));
				free(all);
			}
		}
	}
	const rl_entity *sc = &m->ents[RL_K_SCENARIO][0];
	const rl_value *p = &sc->f[RL_SC_PARAMS];
	if (relies_any(r, "params") && p->t == RL_V_TABLE) {
		for (uint32_t j = 0; j < p->n; j++) {
			if (relied(r, "params", p->u.pairs[j].key))
				continue;
			char *all = relied_list(r, "params");
			warn(out, sc, rl_fmt("expected params among those the rule packs read (%s), "
			                     "found '%s': no clause reads it", all, p->u.pairs[j].key));
			free(all);
		}
	}
}

/* Clouds whose owner no rule pack knows. */
static void cloud_owners(warnings *out, const rl_model *m, const rl_rules *r)
{
	for (size_t i = 0; i < m->n[RL_K_CLOUD]; i++) {
		const rl_entity *c = &m->ents[RL_K_CLOUD][i];
		const rl_value *o = &c->f[RL_CL_OWNER];
		if (o->t == RL_V_UNKNOWN) {
			warn(out, c, rl_fmt("expected an owner, found unknown: every clause that asks "
			                    "whose cloud it is stops there"));
		} else if (o->t == RL_V_STR && r && relies_any(r, "party") &&
		           !relied(r, "party", o->u.s)) {
			char *all = relied_list(r, "party");
			warn(out, c, rl_fmt("expected its owner to be a party the rule packs know (%s), "
			                    "found '%s': every clause treats %s as a third party's cloud",
			                    all, o->u.s, c->id));
			free(all);
		}
	}
}

/* Implausible combinations of facts. */
static void implausible(warnings *out, const rl_model *m)
{
	for (size_t i = 0; i < m->n[RL_K_PRODUCT]; i++) {
		const rl_entity *p = &m->ents[RL_K_PRODUCT][i];
		if (is_str(&p->f[RL_PR_KIND], "platform") && is_str(&p->f[RL_PR_STATE], "stateless"))
			warn(out, p, rl_fmt("expected a platform to be stateful (it keeps memory and "
			                    "context), found state = \"stateless\": a stateless product "
			                    "is an API (kind = \"api\")"));
		const rl_value *s = &p->f[RL_PR_API_SHARE];
		if (is_str(&p->f[RL_PR_KIND], "api") && s->t == RL_V_NUM && s->u.num == 0 &&
		    !(p->defaulted & (1u << RL_PR_API_SHARE)))
			warn(out, p, rl_fmt("expected an API product to be used as an API, found "
			                    "api_share = 0: no use of it is raw pass-through"));
	}
	for (size_t i = 0; i < m->n[RL_K_DEPLOYMENT]; i++) {
		const rl_entity *d = &m->ents[RL_K_DEPLOYMENT][i];
		if (is_str(&d->f[RL_DE_INTERFACE], "platform") &&
		    is_str(&d->f[RL_DE_STATE], "stateless"))
			warn(out, d, rl_fmt("expected a platform interface to be stateful, found "
			                    "state = \"stateless\""));
	}
	for (size_t i = 0; i < m->n[RL_K_STATEMENT]; i++) {
		const rl_entity *s = &m->ents[RL_K_STATEMENT][i];
		if (s->f[RL_ST_ABOUT].t == RL_V_NIL)
			warn(out, s, rl_fmt("expected about = the product or model it speaks of, found "
			                    "nothing: the rules can only guess its subject from its words"));
	}
}

/* Deployments, models and products no access path reaches. */
static void unreached(warnings *out, const rl_model *m)
{
	rl_world *w = rl_world_new(m);
	char *err = NULL;
	if (rl_paths_compute(w, &err)) {
		free(err);
		rl_world_free(w);
		return;
	}
	unsigned char *dep = rl_xcalloc(m->n[RL_K_DEPLOYMENT] + 1, 1);
	unsigned char *mod = rl_xcalloc(m->n[RL_K_MODEL] + 1, 1);
	unsigned char *pro = rl_xcalloc(m->n[RL_K_PRODUCT] + 1, 1);
	for (size_t i = 0; i < w->npaths; i++) {
		const rl_path *p = &w->paths[i];
		for (uint32_t h = 0; h < p->nhops; h++)
			dep[p->hops[h]] = 1;
		long k = p->v[RL_P_MODEL].t == RL_V_STR
		         ? rl_model_find(m, RL_K_MODEL, p->v[RL_P_MODEL].u.s) : -1;
		if (k >= 0)
			mod[k] = 1;
		k = p->v[RL_P_PRODUCT].t == RL_V_STR
		    ? rl_model_find(m, RL_K_PRODUCT, p->v[RL_P_PRODUCT].u.s) : -1;
		if (k >= 0)
			pro[k] = 1;
	}
	for (size_t i = 0; i < m->n[RL_K_DEPLOYMENT]; i++)
		if (!dep[i]) {
			const rl_entity *d = &m->ents[RL_K_DEPLOYMENT][i];
			int has_aud = d->f[RL_DE_AUDIENCE].t == RL_V_LIST && d->f[RL_DE_AUDIENCE].n > 0;
			warn(out, d, rl_fmt(has_aud
			     ? "expected it to reach a model, found it runs a product with no models "
			       "and calls nothing: no customer reaches anything through it"
			     : "expected a customer to reach it (an audience, or a caller that has "
			       "one), found none: no clause sees what it serves"));
		}
	/* Models and products of the scenario's own file: a fragment made for
	 * include() may define what a given scenario does not use. */
	for (size_t i = 0; i < m->n[RL_K_MODEL]; i++) {
		const rl_entity *e = &m->ents[RL_K_MODEL][i];
		if (!mod[i] && strcmp(e->file, m->file) == 0)
			warn(out, e, rl_fmt("expected an access path to reach it, found none: no "
			                    "customer-facing deployment serves it"));
	}
	for (size_t i = 0; i < m->n[RL_K_PRODUCT]; i++) {
		const rl_entity *e = &m->ents[RL_K_PRODUCT][i];
		if (!pro[i] && strcmp(e->file, m->file) == 0)
			warn(out, e, rl_fmt("expected an access path to reach it, found none: no "
			                    "customer-facing deployment runs it"));
	}
	free(dep), free(mod), free(pro);
	rl_world_free(w);
}

size_t rl_scenario_lint(const rl_engine *e, const rl_scenario *s, char ***out)
{
	const rl_model *m = s->m;
	const rl_rules *r = e ? &e->rules : NULL;
	warnings w = {NULL, 0};
	unreached(&w, m);
	implausible(&w, m);
	if (r) {
		relied_ids(&w, m, r);
		relied_values(&w, m, r);
	}
	cloud_owners(&w, m, r);
	*out = w.v;
	return w.n;
}

void rl_warnings_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
