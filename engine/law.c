/* law.c - clause terms, citations, bibliography and exposure per claimant
 * in reports. */
#include "law.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_impl.h"
#include "util.h"

/* --- facts' citations ------------------------------------------------------ */

int rl_law_check_sources(const rl_rules *r, const rl_model *m, char **err)
{
	for (int k = 0; k < RL_NKINDS; k++)
		for (size_t i = 0; i < m->n[k]; i++) {
			const rl_entity *e = &m->ents[k][i];
			const rl_value *one = &e->f[RL_F_SOURCE], *many = &e->f[RL_F_SOURCES];
			uint32_t n = many->t == RL_V_LIST ? many->n : 0;
			for (uint32_t j = 0; j <= n; j++) {
				const rl_value *v = j == 0 ? one : &many->u.items[j - 1];
				if (v->t != RL_V_STR)
					continue;
				const rl_source *s;
				const rl_quote *q;
				char *what = NULL;
				if (rl_sources_cite(m->sources, m->nsources, r ? r->sources : NULL,
				                    r ? r->nsources : 0, v->u.s, &s, &q, &what) < 0) {
					rl_seterr(err, "%s:%d: %s %s: %s", e->file, e->line,
					          rl_kind_name((rl_kind)k), e->id, what);
					free(what);
					return -1;
				}
			}
		}
	return 0;
}

/* One entry per citation of a fact (its `source`, then its `sources`). */
static void add_fact(rl_report *r, const rl_model *m, const rl_rules *rules, int k,
                     const rl_entity *e, const char *cite)
{
	r->facts = rl_xrealloc(r->facts, r->nfacts + 1, sizeof *r->facts);
	rl_fact_cite *f = &r->facts[r->nfacts++];
	memset(f, 0, sizeof *f);
	f->kind = rl_xstrdup(rl_kind_name((rl_kind)k));
	f->id = rl_xstrdup(e->id);
	f->cite = rl_xstrdup(cite);
	const rl_source *s;
	const rl_quote *q;
	char *what = NULL;
	if (rl_sources_cite(m->sources, m->nsources, rules ? rules->sources : NULL,
	                    rules ? rules->nsources : 0, cite, &s, &q, &what) == 1) {
		f->resolved = 1;
		rl_source_copy(&f->src, s, q ? q->key : NULL);
	}
	free(what);
}

void rl_law_set_facts(rl_report *r, const rl_model *m, const rl_rules *rules)
{
	for (int k = 0; k < RL_NKINDS; k++)
		for (size_t i = 0; i < m->n[k]; i++) {
			const rl_entity *e = &m->ents[k][i];
			const rl_value *many = &e->f[RL_F_SOURCES];
			if (e->f[RL_F_SOURCE].t == RL_V_STR)
				add_fact(r, m, rules, k, e, e->f[RL_F_SOURCE].u.s);
			for (uint32_t j = 0; many->t == RL_V_LIST && j < many->n; j++)
				if (many->u.items[j].t == RL_V_STR)
					add_fact(r, m, rules, k, e, many->u.items[j].u.s);
		}
}

void rl_law_free_facts(rl_report *r)
{
	for (size_t i = 0; i < r->nfacts; i++) {
		free(r->facts[i].kind), free(r->facts[i].id), free(r->facts[i].cite);
		rl_source_free(&r->facts[i].src);
	}
	free(r->facts);
	r->facts = NULL;
	r->nfacts = 0;
}

/* --- exposure per claimant ----------------------------------------------- */

int rl_law_at_risk(const rl_clause_result *c)
{
	return c->binding && c->in_force &&
	       (c->verdict == RL_BREACH || c->verdict == RL_CONTESTED);
}

size_t rl_law_claims(const rl_report *r, rl_claim *out, size_t max)
{
	size_t n = 0;
	for (size_t k = 0; k < r->nclauses; k++) {
		const rl_clause_result *c = &r->clauses[k];
		if (!rl_law_at_risk(c))
			continue;
		const char *h = c->clause->holder ? c->clause->holder : "unstated";
		size_t i = 0;
		while (i < n && strcmp(out[i].holder, h) != 0)
			i++;
		if (i == n) {
			if (n == max)
				continue;
			memset(&out[n], 0, sizeof out[n]);
			out[n++].holder = h;
		}
		if (isnan(c->exposure)) {
			out[i].nunquantified++;
		} else {
			out[i].expected += c->exposure;
			out[i].nquantified++;
		}
	}
	return n;
}

void rl_law_headline(rl_report *r)
{
	rl_claim cl[64];
	size_t n = rl_law_claims(r, cl, 64);
	int quantified = 0;
	r->exposure = 0;
	for (size_t i = 0; i < n; i++)
		if (cl[i].nquantified) {
			quantified = 1;
			if (cl[i].expected > r->exposure)
				r->exposure = cl[i].expected;
		}
	r->exposure_unquantified = n > 0 && !quantified;
}

void rl_law_money(double x, char *out, size_t size)
{
	if (x >= 1e9)
		snprintf(out, size, "$%.1fbn", x / 1e9);
	else if (x >= 1e6)
		snprintf(out, size, "$%.1fm", x / 1e6);
	else
		snprintf(out, size, "$%.0f", x);
}

/* --- JSON ---------------------------------------------------------------- */

static void json_num(rl_buf *b, double x)
{
	char num[32];
	rl_format_number(x, num);
	rl_buf_puts(b, num);
}

static void json_date(rl_buf *b, int32_t d)
{
	if (d == RL_NO_DATE) {
		rl_buf_puts(b, "null");
		return;
	}
	char s[11];
	rl_date_format(d, s);
	rl_json_string(b, s);
}

static void json_strs(rl_buf *b, char *const *l, size_t n)
{
	rl_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			rl_buf_puts(b, ", ");
		rl_json_string(b, l[i]);
	}
	rl_buf_putc(b, ']');
}

static void cite_json(rl_buf *b, const char *cite, const rl_source *s, const rl_quote *q)
{
	rl_buf_puts(b, "{ \"ref\": ");
	rl_json_string(b, cite);
	rl_buf_puts(b, ", \"source\": ");
	rl_json_string(b, s ? s->id : NULL);
	rl_buf_puts(b, ", \"quote\": ");
	rl_json_string(b, q ? q->key : NULL);
	rl_buf_puts(b, ", \"outlet\": ");
	rl_json_string(b, s ? s->outlet : NULL);
	rl_buf_puts(b, ", \"title\": ");
	rl_json_string(b, s ? s->title : NULL);
	rl_buf_puts(b, ", \"date\": ");
	rl_json_string(b, s ? s->date : NULL);
	rl_buf_puts(b, ", \"url\": ");
	rl_json_string(b, s ? s->url : NULL);
	rl_buf_puts(b, ", \"passage\": ");
	rl_json_string(b, q ? q->text : NULL);
	rl_buf_puts(b, " }");
}

void rl_law_cites_json(rl_buf *b, const rl_rules *rules, char *const *cites, size_t n)
{
	rl_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		const rl_source *s = NULL;
		const rl_quote *q = NULL;
		char *what = NULL;
		if (rl_sources_cite(rules->sources, rules->nsources, NULL, 0, cites[i], &s, &q,
		                    &what) != 1)
			s = NULL, q = NULL;
		free(what);
		if (i)
			rl_buf_puts(b, ", ");
		cite_json(b, cites[i], s, q);
	}
	rl_buf_putc(b, ']');
}

void rl_law_clause_json(rl_buf *b, const rl_rules *rules, const rl_clause *cl)
{
	const rl_contract *ct = &rules->contracts[cl->contract];
	rl_buf_puts(b, ",\n      \"title\": ");
	rl_json_string(b, cl->title);
	rl_buf_puts(b, ", \"text\": ");
	rl_json_string(b, cl->text);
	rl_buf_puts(b, ", \"contract_title\": ");
	rl_json_string(b, ct->title);
	rl_buf_puts(b, ", \"parties\": ");
	json_strs(b, ct->parties, ct->nparties);
	rl_buf_puts(b, ", \"signed\": ");
	json_date(b, ct->signed_on);
	rl_buf_puts(b, ", \"effective\": ");
	json_date(b, cl->effective != RL_NO_DATE ? cl->effective : ct->effective);
	rl_buf_puts(b, ", \"ends\": ");
	json_date(b, cl->ends != RL_NO_DATE ? cl->ends : ct->ends);
	rl_buf_puts(b, ", \"supersedes\": ");
	json_strs(b, ct->supersedes, ct->nsupersedes);
	rl_buf_puts(b, ", \"holder\": ");
	rl_json_string(b, cl->holder);
	rl_buf_puts(b, ", \"obligor\": ");
	rl_json_string(b, cl->obligor);
	rl_buf_puts(b, ", \"exposure_usd\": ");
	if (isnan(cl->exposure))
		rl_buf_puts(b, "null");
	else
		json_num(b, cl->exposure);
	rl_buf_puts(b, ",\n      \"sources\": ");
	rl_law_cites_json(b, rules, cl->cites, cl->ncites);
	rl_buf_puts(b, ", \"contract_sources\": ");
	rl_law_cites_json(b, rules, ct->cites, ct->ncites);
	rl_buf_puts(b, ",\n      \"exception_terms\": [");
	for (size_t i = 0; i < cl->nexceptions; i++) {
		const rl_exception *x = &rules->exceptions[cl->exceptions[i]];
		rl_buf_puts(b, i ? ", { \"id\": " : "{ \"id\": ");
		rl_json_string(b, x->id);
		rl_buf_puts(b, ", \"contract\": ");
		rl_json_string(b, rules->contracts[x->contract].id);
		rl_buf_puts(b, ", \"text\": ");
		rl_json_string(b, x->text);
		rl_buf_puts(b, ", \"readings\": ");
		json_strs(b, x->readings, x->nreadings);
		rl_buf_puts(b, ", \"sources\": ");
		rl_law_cites_json(b, rules, x->cites, x->ncites);
		rl_buf_puts(b, " }");
	}
	rl_buf_puts(b, "]");
}

void rl_law_reading_json(rl_buf *b, const rl_rules *rules, const rl_reading_def *rd)
{
	rl_buf_puts(b, ", \"doc\": ");
	rl_json_string(b, rd->doc);
	rl_buf_puts(b, ", \"sources\": ");
	rl_law_cites_json(b, rules, rd->cites, rd->ncites);
}

void rl_law_claimants_json(rl_buf *b, const rl_report *r)
{
	rl_claim cl[64];
	size_t n = rl_law_claims(r, cl, 64);
	rl_buf_puts(b, ", \"exposure_by_claimant\": {");
	for (size_t i = 0; i < n; i++) {
		rl_buf_puts(b, i ? ", " : " ");
		rl_json_string(b, cl[i].holder);
		rl_buf_puts(b, ": { \"expected_exposure_usd\": ");
		if (cl[i].nquantified)
			json_num(b, cl[i].expected);
		else
			rl_buf_puts(b, "null");
		rl_buf_puts(b, ", \"clauses\": [");
		int first = 1;
		for (int pass = 0; pass < 2; pass++) {
			if (pass == 1) {
				rl_buf_puts(b, "], \"not_quantified\": [");
				first = 1;
			}
			for (size_t k = 0; k < r->nclauses; k++) {
				const rl_clause_result *c = &r->clauses[k];
				const char *h = c->clause->holder ? c->clause->holder : "unstated";
				if (!rl_law_at_risk(c) || strcmp(h, cl[i].holder) != 0)
					continue;
				if (pass == 1 && !isnan(c->exposure))
					continue;
				rl_buf_puts(b, first ? "" : ", ");
				rl_json_string(b, c->clause->id);
				first = 0;
			}
		}
		rl_buf_puts(b, "] }");
	}
	rl_buf_puts(b, n ? " }" : "}");
}

/* The bibliography: copies of the sources cited, with the quotes cited. */
typedef struct bib {
	rl_source *v;
	size_t n;
} bib;

static void bib_add(bib *l, const rl_source *s, const rl_quote *q)
{
	size_t i = 0;
	while (i < l->n && strcmp(l->v[i].id, s->id) != 0)
		i++;
	if (i == l->n) {
		l->v = rl_xrealloc(l->v, l->n + 1, sizeof *l->v);
		rl_source_copy(&l->v[l->n++], s, q ? q->key : NULL);
		return;
	}
	rl_source *d = &l->v[i];
	for (size_t j = 0; j < s->nquotes; j++) {
		if (q && strcmp(q->key, s->quotes[j].key) != 0)
			continue;
		int have = 0;
		for (size_t k = 0; k < d->nquotes && !have; k++)
			have = strcmp(d->quotes[k].key, s->quotes[j].key) == 0;
		if (have)
			continue;
		d->quotes = rl_xrealloc(d->quotes, d->nquotes + 1, sizeof *d->quotes);
		d->quotes[d->nquotes].key = rl_xstrdup(s->quotes[j].key);
		d->quotes[d->nquotes++].text = rl_xstrdup(s->quotes[j].text);
	}
}

static void bib_cites(bib *l, const rl_rules *rules, char *const *cites, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const rl_source *s;
		const rl_quote *q;
		char *what = NULL;
		if (rl_sources_cite(rules->sources, rules->nsources, NULL, 0, cites[i], &s, &q,
		                    &what) == 1)
			bib_add(l, s, q);
		free(what);
	}
}

static int cmp_sources(const void *a, const void *b)
{
	return strcmp(((const rl_source *)a)->id, ((const rl_source *)b)->id);
}

static int cmp_quotes(const void *a, const void *b)
{
	return strcmp(((const rl_quote *)a)->key, ((const rl_quote *)b)->key);
}

void rl_law_sources_json(rl_buf *b, const rl_rules *rules, const rl_clause *const *cls,
                         size_t ncls, const rl_fact_cite *facts, size_t nfacts)
{
	bib l = {0};
	for (size_t k = 0; rules && k < ncls; k++) {
		const rl_clause *cl = cls[k];
		const rl_contract *ct = &rules->contracts[cl->contract];
		bib_cites(&l, rules, cl->cites, cl->ncites);
		bib_cites(&l, rules, ct->cites, ct->ncites);
		for (size_t j = 0; j < cl->nreadings; j++)
			bib_cites(&l, rules, cl->readings[j].cites, cl->readings[j].ncites);
		for (size_t j = 0; j < cl->nexceptions; j++) {
			const rl_exception *x = &rules->exceptions[cl->exceptions[j]];
			bib_cites(&l, rules, x->cites, x->ncites);
		}
	}
	for (size_t i = 0; i < nfacts; i++)
		if (facts[i].resolved)
			bib_add(&l, &facts[i].src, NULL);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, cmp_sources);
	rl_buf_puts(b, ",\n  \"sources\": [");
	for (size_t i = 0; i < l.n; i++) {
		rl_source *s = &l.v[i];
		if (s->nquotes > 1)
			qsort(s->quotes, s->nquotes, sizeof *s->quotes, cmp_quotes);
		rl_buf_puts(b, i ? ",\n    { \"id\": " : "\n    { \"id\": ");
		rl_json_string(b, s->id);
		rl_buf_puts(b, ", \"outlet\": ");
		rl_json_string(b, s->outlet);
		rl_buf_puts(b, ", \"title\": ");
		rl_json_string(b, s->title);
		rl_buf_puts(b, ", \"date\": ");
		rl_json_string(b, s->date);
		rl_buf_puts(b, ", \"url\": ");
		rl_json_string(b, s->url);
		rl_buf_puts(b, ", \"note\": ");
		rl_json_string(b, s->note);
		rl_buf_puts(b, ", \"quotes\": [");
		for (size_t j = 0; j < s->nquotes; j++) {
			rl_buf_puts(b, j ? ", { \"key\": " : "{ \"key\": ");
			rl_json_string(b, s->quotes[j].key);
			rl_buf_puts(b, ", \"passage\": ");
			rl_json_string(b, s->quotes[j].text);
			rl_buf_puts(b, " }");
		}
		rl_buf_puts(b, "] }");
		rl_source_free(s);
	}
	free(l.v);
	rl_buf_puts(b, l.n ? " ]" : "]");
}

void rl_law_report_json(rl_buf *b, const rl_report *r)
{
	/* One object per fact; its citations are consecutive entries. */
	rl_buf_puts(b, ",\n  \"facts\": [");
	for (size_t i = 0; i < r->nfacts; i++) {
		const rl_fact_cite *f = &r->facts[i];
		int same = i && strcmp(f->kind, r->facts[i - 1].kind) == 0 &&
		           strcmp(f->id, r->facts[i - 1].id) == 0;
		if (same) {
			rl_buf_puts(b, ", ");
		} else {
			if (i)
				rl_buf_puts(b, "] }");
			rl_buf_puts(b, i ? ",\n    { \"kind\": " : "\n    { \"kind\": ");
			rl_json_string(b, f->kind);
			rl_buf_puts(b, ", \"id\": ");
			rl_json_string(b, f->id);
			rl_buf_puts(b, ", \"sources\": [");
		}
		cite_json(b, f->cite, f->resolved ? &f->src : NULL,
		          f->resolved && f->src.nquotes == 1 && strchr(f->cite, '#')
		          ? &f->src.quotes[0] : NULL);
	}
	if (r->nfacts)
		rl_buf_puts(b, "] }");
	rl_buf_puts(b, r->nfacts ? " ]" : "]");
	const rl_clause **cls = rl_xcalloc(r->nclauses ? r->nclauses : 1, sizeof *cls);
	for (size_t k = 0; k < r->nclauses; k++)
		cls[k] = r->clauses[k].clause;
	rl_law_sources_json(b, r->rules, cls, r->nclauses, r->facts, r->nfacts);
	free(cls);
}

/* --- plain words ----------------------------------------------------------- */

static void names_with(rl_buf *b, const rl_clause_result *c, int verdict)
{
	int first = 1;
	for (size_t j = 0; j < c->clause->nreadings; j++)
		if (c->readings[j].verdict == verdict) {
			rl_buf_printf(b, "%s%s (weight %.2f)", first ? "" : ", ",
			              c->clause->readings[j].name, c->clause->readings[j].weight);
			first = 0;
		}
}

char *rl_law_conclusion(const rl_clause_result *c, const char *date)
{
	rl_buf b = {0};
	const rl_clause *cl = c->clause;
	switch (c->verdict) {
	case RL_NOT_APPLICABLE:
		if (!c->in_force)
			rl_buf_printf(&b, "Not applicable on %s (%s).", date, c->not_in_force);
		else
			rl_buf_printf(&b, "Not applicable: no reading finds anything this clause "
			              "governs in this world.");
		break;
	case RL_COMPLIANT:
		rl_buf_puts(&b, "Compliant under every reading.");
		for (size_t j = 0; j < cl->nreadings; j++)
			if (c->readings[j].excused_by)
				rl_buf_printf(&b, " Under %s only because exception %s applies.",
				              cl->readings[j].name, c->readings[j].excused_by);
		break;
	case RL_BREACH:
		rl_buf_puts(&b, "Breach under every reading that decides it: ");
		names_with(&b, c, RL_BREACH);
		rl_buf_puts(&b, ".");
		break;
	case RL_CONTESTED:
		rl_buf_puts(&b, "Contested: breach under ");
		names_with(&b, c, RL_BREACH);
		rl_buf_puts(&b, "; not under ");
		for (int v = RL_NOT_APPLICABLE; v < RL_NVERDICTS; v++)
			if (v != RL_BREACH)
				names_with(&b, c, v);
		rl_buf_printf(&b, ". p(breach) %.2f is the weight of the readings that find a "
		              "breach: which reading prevails decides the clause.", c->p_breach);
		break;
	case RL_UNKNOWN:
		rl_buf_puts(&b, "Undecided: ");
		names_with(&b, c, RL_UNKNOWN);
		rl_buf_puts(&b, " cannot be decided on the facts given, and no reading finds a "
		            "breach.");
		break;
	default:
		rl_buf_puts(&b, "Not evaluated: a reading raised an error (see the readings).");
	}
	if (c->verdict == RL_BREACH || c->verdict == RL_CONTESTED) {
		const char *h = cl->holder ? cl->holder : "the holder (unstated)";
		rl_buf_printf(&b, " %c%s may claim against %s", toupper((unsigned char)h[0]), h + 1,
		              cl->obligor ? cl->obligor : "the obligor (unstated)");
		if (isnan(cl->exposure)) {
			rl_buf_puts(&b, "; the exposure is not quantified");
		} else {
			char m1[32], m2[32];
			rl_law_money(cl->exposure, m1, sizeof m1);
			rl_law_money(c->exposure, m2, sizeof m2);
			rl_buf_printf(&b, "; stated exposure %s, expected %s", m1, m2);
		}
		rl_buf_puts(&b, c->binding ? "." : " (the contract is not binding).");
	}
	return rl_buf_take(&b);
}

void rl_law_turns_on_json(rl_buf *b, const rl_clause_result *c)
{
	const rl_clause *cl = c->clause;
	rl_buf_puts(b, ", \"turns_on\": [");
	int first = 1;
	for (size_t j = 0; c->in_force && j < cl->nreadings; j++) {
		const rl_reading_result *rr = &c->readings[j];
		char *s = NULL;
		for (size_t n = 0; rr->verdict == RL_UNKNOWN && n < rr->nneeds; n++) {
			s = rl_fmt("knowing %s would decide the %s reading", rr->needs[n],
			           cl->readings[j].name);
			rl_buf_puts(b, first ? "" : ", ");
			rl_json_string(b, s);
			free(s);
			s = NULL;
			first = 0;
		}
		if (rr->excused_by) {
			s = rl_fmt("if exception %s did not apply, the %s reading would find a breach",
			           rr->excused_by, cl->readings[j].name);
		} else if (rr->verdict == RL_BREACH && rr->nevidence) {
			rl_buf e = {0};
			for (size_t n = 0; n < rr->nevidence; n++)
				rl_buf_printf(&e, "%s%s", n ? ", " : "", rr->evidence[n]);
			s = rl_fmt("the %s reading's breach rests on %s: a change to %s could "
			           "clear that reading", cl->readings[j].name, e.data,
			           rr->nevidence > 1 ? "one of them" : "it");
			rl_buf_free(&e);
		}
		if (s) {
			rl_buf_puts(b, first ? "" : ", ");
			rl_json_string(b, s);
			free(s);
			first = 0;
		}
	}
	rl_buf_puts(b, "]");
}

/* One claimant of a batch: its binding clauses' summed means. */
typedef struct bclaim {
	const char *holder;
	double sum;
	int quantified;
	size_t nunq;
	rl_buf clauses, unq;            /* JSON strings, comma-separated */
} bclaim;

static size_t batch_claims(const rl_rules *rules, size_t n, const char *const *ids,
                           const int *has_exposure, const rl_clause_stats *tot,
                           unsigned long long variants, bclaim **out)
{
	bclaim *v = rl_xcalloc(n ? n : 1, sizeof *v);
	size_t nv = 0;
	for (size_t k = 0; k < n; k++) {
		long c = rl_rules_find_clause(rules, ids[k]);
		if (c < 0 || !rules->contracts[rules->clauses[c].contract].binding)
			continue;
		const char *h = rules->clauses[c].holder ? rules->clauses[c].holder : "unstated";
		size_t i = 0;
		while (i < nv && strcmp(v[i].holder, h) != 0)
			i++;
		if (i == nv)
			v[nv++].holder = h;
		bclaim *b = &v[i];
		if (b->clauses.len)
			rl_buf_puts(&b->clauses, ", ");
		rl_json_string(&b->clauses, ids[k]);
		if (has_exposure[k]) {
			b->quantified = 1;
			b->sum += variants ? tot[k].exposure_sum / (double)variants : 0;
		} else if (tot[k].counts[RL_BREACH] + tot[k].counts[RL_CONTESTED]) {
			if (b->unq.len)
				rl_buf_puts(&b->unq, ", ");
			rl_json_string(&b->unq, ids[k]);
			b->nunq++;
		}
	}
	*out = v;
	return nv;
}

static void free_claims(bclaim *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rl_buf_free(&v[i].clauses), rl_buf_free(&v[i].unq);
	free(v);
}

void rl_law_batch_claimants_json(rl_buf *b, const rl_rules *rules, size_t n,
                                 const char *const *ids, const int *has_exposure,
                                 const rl_clause_stats *tot, unsigned long long variants)
{
	bclaim *v;
	size_t nv = batch_claims(rules, n, ids, has_exposure, tot, variants, &v);
	rl_buf_puts(b, ",\n  \"exposure_by_claimant\": {");
	for (size_t i = 0; i < nv; i++) {
		rl_buf_puts(b, i ? ",\n    " : "\n    ");
		rl_json_string(b, v[i].holder);
		rl_buf_puts(b, ": { \"mean_expected_exposure_usd\": ");
		if (v[i].quantified)
			json_num(b, v[i].sum);
		else
			rl_buf_puts(b, "null");
		rl_buf_printf(b, ", \"clauses\": [%s], \"not_quantified\": [%s] }",
		              v[i].clauses.data ? v[i].clauses.data : "",
		              v[i].unq.data ? v[i].unq.data : "");
	}
	rl_buf_puts(b, nv ? " }" : "}");
	free_claims(v, nv);
}

void rl_law_batch_claimants_text(FILE *out, const rl_rules *rules, size_t n,
                                 const char *const *ids, const int *has_exposure,
                                 const rl_clause_stats *tot, unsigned long long variants)
{
	bclaim *v;
	size_t nv = batch_claims(rules, n, ids, has_exposure, tot, variants, &v);
	if (nv)
		fputs("\nmean expected exposure per claimant (never added):\n", out);
	for (size_t i = 0; i < nv; i++) {
		char m[32] = "not quantified";
		if (v[i].quantified)
			rl_law_money(v[i].sum, m, sizeof m);
		fprintf(out, "  %-13s %s", v[i].holder, m);
		if (v[i].quantified && v[i].nunq)
			fprintf(out, " + %zu clause%s not quantified", v[i].nunq, v[i].nunq > 1 ? "s" : "");
		fputc('\n', out);
	}
	free_claims(v, nv);
}
