/* show.c - `redline show`: the rule packs as a lawyer reads them, without a
 * scenario: contracts (parties, dates, supersession, binding), clauses
 * (text, readings with weights and reasoning, exceptions, exposure, holder
 * and obligor) and the sources they cite, as text, JSON or Markdown. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "law.h"
#include "util.h"

/* Which contracts and clauses to show: all, or those the ids name (a
 * contract id shows its clauses too). */
typedef struct sel {
	unsigned char *contract, *clause, *source;
} sel;

static const char *nearest_id(const rl_rules *r, const char *id)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	for (size_t i = 0; i < r->ncontracts; i++) {
		size_t d = rl_edit_distance(id, r->contracts[i].id);
		if (d < bestd)
			bestd = d, best = r->contracts[i].id;
	}
	for (size_t i = 0; i < r->nclauses; i++) {
		size_t d = rl_edit_distance(id, r->clauses[i].id);
		if (d < bestd)
			bestd = d, best = r->clauses[i].id;
	}
	for (size_t i = 0; i < r->nsources; i++) {
		size_t d = rl_edit_distance(id, r->sources[i].id);
		if (d < bestd)
			bestd = d, best = r->sources[i].id;
	}
	return best;
}

static int select_ids(const rl_rules *r, const char *const *ids, size_t nids, sel *s,
                      char **err)
{
	s->contract = rl_xcalloc(r->ncontracts ? r->ncontracts : 1, 1);
	s->clause = rl_xcalloc(r->nclauses ? r->nclauses : 1, 1);
	s->source = rl_xcalloc(r->nsources ? r->nsources : 1, 1);
	for (size_t i = 0; i < nids; i++) {
		long c = rl_rules_find_contract(r, ids[i]), k = rl_rules_find_clause(r, ids[i]);
		long src = -1;
		for (size_t j = 0; j < r->nsources && src < 0; j++)
			if (strcmp(r->sources[j].id, ids[i]) == 0)
				src = (long)j;
		if (src >= 0) {
			s->source[src] = 1;
			continue;
		}
		if (c < 0 && k < 0) {
			const char *near = nearest_id(r, ids[i]);
			if (near)
				rl_seterr(err, "show:0: expected a contract, clause or source id of the "
				          "loaded rule packs, found '%s' (did you mean '%s'?)", ids[i], near);
			else
				rl_seterr(err, "show:0: expected a contract, clause or source id of the "
				          "loaded rule packs, found '%s' and no rule pack", ids[i]);
			return -1;
		}
		if (c >= 0) {
			s->contract[c] = 1;
			for (size_t j = 0; j < r->nclauses; j++)
				if (r->clauses[j].contract == (size_t)c)
					s->clause[j] = 1;
		}
		if (k >= 0) {
			s->clause[k] = 1;
			s->contract[r->clauses[k].contract] = 1;
		}
	}
	if (!nids) {
		memset(s->contract, 1, r->ncontracts);
		memset(s->clause, 1, r->nclauses);
	}
	return 0;
}

static void date_or(char out[24], int32_t d, const char *none)
{
	if (d == RL_NO_DATE)
		snprintf(out, 24, "%s", none);
	else
		rl_date_format(d, out);
}

/* The contracts whose `supersedes` names contract c or one of its clauses. */
static void superseded_by(const rl_rules *r, size_t c, rl_buf *b, int json)
{
	int first = 1;
	for (size_t i = 0; i < r->ncontracts; i++) {
		const rl_contract *o = &r->contracts[i];
		int hit = 0;
		for (size_t j = 0; j < o->nsupersedes && !hit; j++) {
			const char *s = o->supersedes[j];
			if (strcmp(s, r->contracts[c].id) == 0)
				hit = 1;
			long k = rl_rules_find_clause(r, s);
			if (k >= 0 && r->clauses[k].contract == c)
				hit = 1;
		}
		if (!hit)
			continue;
		char d[24];
		date_or(d, o->effective, "?");
		if (json) {
			rl_buf_puts(b, first ? "{ \"contract\": " : ", { \"contract\": ");
			rl_json_string(b, o->id);
			rl_buf_printf(b, ", \"from\": \"%s\", \"binding\": %s }", d,
			              o->binding ? "true" : "false");
		} else {
			rl_buf_printf(b, "%s%s from %s%s", first ? "" : ", ", o->id, d,
			              o->binding ? "" : " (non-binding)");
		}
		first = 0;
	}
}

/* s on one line (the packs wrap long texts). */
static void put_flat(rl_buf *b, const char *s)
{
	for (const char *p = s; *p; p++)
		rl_buf_putc(b, *p == '\n' ? ' ' : *p);
}

static void list_text(rl_buf *b, char *const *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rl_buf_printf(b, "%s%s", i ? ", " : "", l[i]);
}

/* --- JSON ------------------------------------------------------------------ */

static void show_json(const rl_rules *r, const sel *s, rl_buf *b)
{
	rl_buf_printf(b, "{ \"redline\": \"%s\",\n  \"contracts\": [", REDLINE_VERSION);
	int first = 1;
	for (size_t i = 0; i < r->ncontracts; i++) {
		if (!s->contract[i])
			continue;
		const rl_contract *c = &r->contracts[i];
		char d[3][24];
		rl_buf_puts(b, first ? "\n    { \"id\": " : ",\n    { \"id\": ");
		first = 0;
		rl_json_string(b, c->id);
		rl_buf_puts(b, ", \"title\": ");
		rl_json_string(b, c->title);
		rl_buf_puts(b, ", \"parties\": [");
		for (size_t j = 0; j < c->nparties; j++) {
			rl_buf_puts(b, j ? ", " : "");
			rl_json_string(b, c->parties[j]);
		}
		date_or(d[0], c->signed_on, "");
		date_or(d[1], c->effective, "");
		date_or(d[2], c->ends, "");
		rl_buf_puts(b, "], \"signed\": ");
		rl_json_string(b, d[0][0] ? d[0] : NULL);
		rl_buf_puts(b, ", \"effective\": ");
		rl_json_string(b, d[1][0] ? d[1] : NULL);
		rl_buf_puts(b, ", \"ends\": ");
		rl_json_string(b, d[2][0] ? d[2] : NULL);
		rl_buf_printf(b, ", \"binding\": %s, \"supersedes\": [", c->binding ? "true" : "false");
		for (size_t j = 0; j < c->nsupersedes; j++) {
			rl_buf_puts(b, j ? ", " : "");
			rl_json_string(b, c->supersedes[j]);
		}
		rl_buf_puts(b, "], \"superseded_by\": [");
		superseded_by(r, i, b, 1);
		rl_buf_puts(b, "], \"sources\": ");
		rl_law_cites_json(b, r, c->cites, c->ncites);
		rl_buf_puts(b, " }");
	}
	rl_buf_puts(b, first ? "],\n  \"clauses\": [" : " ],\n  \"clauses\": [");
	first = 1;
	size_t ncls = 0;
	const rl_clause **cls = rl_xcalloc(r->nclauses ? r->nclauses : 1, sizeof *cls);
	for (size_t k = 0; k < r->nclauses; k++) {
		if (!s->clause[k])
			continue;
		const rl_clause *cl = &r->clauses[k];
		cls[ncls++] = cl;
		rl_buf_puts(b, first ? "\n    { \"id\": " : ",\n    { \"id\": ");
		first = 0;
		rl_json_string(b, cl->id);
		rl_buf_puts(b, ", \"contract\": ");
		rl_json_string(b, r->contracts[cl->contract].id);
		rl_buf_printf(b, ", \"binding\": %s", r->contracts[cl->contract].binding
		              ? "true" : "false");
		rl_law_clause_json(b, r, cl);
		rl_buf_puts(b, ",\n      \"readings\": [");
		for (size_t j = 0; j < cl->nreadings; j++) {
			char w[32];
			rl_format_number(cl->readings[j].weight, w);
			rl_buf_puts(b, j ? ",\n        { \"name\": " : "\n        { \"name\": ");
			rl_json_string(b, cl->readings[j].name);
			rl_buf_printf(b, ", \"weight\": %s", w);
			rl_law_reading_json(b, r, &cl->readings[j]);
			rl_buf_puts(b, " }");
		}
		rl_buf_puts(b, " ] }");
	}
	rl_buf_puts(b, first ? "]" : " ]");
	/* Sources named on the command line go in whole. */
	size_t nwhole = 0;
	rl_fact_cite *whole = rl_xcalloc(r->nsources ? r->nsources : 1, sizeof *whole);
	for (size_t i = 0; i < r->nsources; i++)
		if (s->source[i]) {
			whole[nwhole].resolved = 1;
			rl_source_copy(&whole[nwhole++].src, &r->sources[i], NULL);
		}
	rl_law_sources_json(b, r, cls, ncls, whole, nwhole);
	for (size_t i = 0; i < nwhole; i++)
		rl_source_free(&whole[i].src);
	free(whole);
	free(cls);
	rl_buf_puts(b, " }\n");
}

/* --- text and Markdown ------------------------------------------------------ */

static void cite_text(rl_buf *b, const rl_rules *r, const char *cite, const char *indent,
                      int md)
{
	const rl_source *s = NULL;
	const rl_quote *q = NULL;
	char *what = NULL;
	int ok = rl_sources_cite(r->sources, r->nsources, NULL, 0, cite, &s, &q, &what) == 1;
	free(what);
	rl_buf_printf(b, "%s%s", indent, md ? "- " : "source: ");
	if (!ok) {
		rl_buf_printf(b, "%s\n", cite);
		return;
	}
	rl_source_label(s, b);
	if (q)
		rl_buf_printf(b, md ? ": “%s”" : ": \"%s\"", q->text);
	rl_buf_printf(b, "%s%s%s\n", md ? " (`" : " [", cite, md ? "`)" : "]");
}

/* Does citation `cite` name source `id` (as a whole or one quote)? */
static int cites_source(const char *cite, const char *id)
{
	size_t n = strlen(id);
	return strncmp(cite, id, n) == 0 && (cite[n] == '\0' || cite[n] == '#');
}

static void cited_by(rl_buf *b, char *const *cites, size_t n, const char *id,
                     const char *what, const char *name, int md, int *first)
{
	for (size_t i = 0; i < n; i++)
		if (cites_source(cites[i], id)) {
			rl_buf_printf(b, "%s%s %s%s%s (%s)\n", md ? "- " : "  cited by ", what,
			              md ? "`" : "", name, md ? "`" : "", cites[i]);
			*first = 0;
		}
}

/* A source in full: its quotes, and what in the packs cites it. */
static void show_source(const rl_rules *r, const rl_source *src, rl_buf *b, int md)
{
	rl_buf_printf(b, "%ssource %s%s%s\n%s", md ? "## " : "", md ? "`" : "", src->id,
	              md ? "`" : "", md ? "\n" : "  ");
	rl_source_label(src, b);
	if (src->url)
		rl_buf_printf(b, ", %s", src->url);
	rl_buf_puts(b, md ? "\n\n" : "\n");
	if (src->note) {
		rl_buf_puts(b, md ? "" : "  ");
		put_flat(b, src->note);
		rl_buf_puts(b, md ? "\n\n" : "\n");
	}
	for (size_t i = 0; i < src->nquotes; i++)
		rl_buf_printf(b, md ? "- `%s`: “%s”\n" : "  quote %s: \"%s\"\n", src->quotes[i].key,
		              src->quotes[i].text);
	if (md)
		rl_buf_puts(b, "\nCited by:\n\n");
	int first = 1;
	for (size_t i = 0; i < r->ncontracts; i++)
		cited_by(b, r->contracts[i].cites, r->contracts[i].ncites, src->id, "contract",
		         r->contracts[i].id, md, &first);
	for (size_t k = 0; k < r->nclauses; k++) {
		const rl_clause *cl = &r->clauses[k];
		cited_by(b, cl->cites, cl->ncites, src->id, "clause", cl->id, md, &first);
		for (size_t j = 0; j < cl->nreadings; j++) {
			char *name = rl_fmt("%s reading %s", cl->id, cl->readings[j].name);
			cited_by(b, cl->readings[j].cites, cl->readings[j].ncites, src->id, "clause",
			         name, md, &first);
			free(name);
		}
	}
	for (size_t i = 0; i < r->nexceptions; i++)
		cited_by(b, r->exceptions[i].cites, r->exceptions[i].ncites, src->id, "exception",
		         r->exceptions[i].id, md, &first);
	if (first)
		rl_buf_puts(b, md ? "- nothing in the rule packs\n" : "  cited by nothing in the rule packs\n");
	rl_buf_puts(b, "\n");
}

static void show_text(const rl_rules *r, const sel *s, rl_buf *b, int md)
{
	const char *h1 = md ? "## " : "", *h2 = md ? "### " : "";
	if (md)
		rl_buf_puts(b, "# Rule packs\n\n");
	for (size_t i = 0; i < r->nsources; i++)
		if (s->source[i])
			show_source(r, &r->sources[i], b, md);
	for (size_t i = 0; i < r->ncontracts; i++) {
		if (!s->contract[i])
			continue;
		const rl_contract *c = &r->contracts[i];
		char d[3][24];
		date_or(d[0], c->signed_on, "not stated");
		date_or(d[1], c->effective, "?");
		date_or(d[2], c->ends, "no end date");
		rl_buf_printf(b, "%scontract %s%s%s%s\n", h1, md ? "`" : "", c->id, md ? "`" : "",
		              c->binding ? "" : "  (non-binding)");
		if (md)
			rl_buf_puts(b, "\n");
		if (c->title)
			rl_buf_printf(b, "%s%s\n", md ? "" : "  ", c->title);
		rl_buf_printf(b, "%sparties: ", md ? "\n- " : "  ");
		list_text(b, c->parties, c->nparties);
		rl_buf_printf(b, "\n%ssigned %s, effective %s, %s\n", md ? "- " : "  ", d[0], d[1],
		              d[2]);
		if (c->nsupersedes) {
			rl_buf_printf(b, "%ssupersedes: ", md ? "- " : "  ");
			list_text(b, c->supersedes, c->nsupersedes);
			rl_buf_puts(b, "\n");
		}
		rl_buf e = {0};
		superseded_by(r, i, &e, 0);
		if (e.len)
			rl_buf_printf(b, "%ssuperseded by: %s\n", md ? "- " : "  ", e.data);
		rl_buf_free(&e);
		for (size_t j = 0; j < c->ncites; j++)
			cite_text(b, r, c->cites[j], md ? "" : "  ", md);
		rl_buf_puts(b, "\n");
		for (size_t k = 0; k < r->nclauses; k++) {
			const rl_clause *cl = &r->clauses[k];
			if (!s->clause[k] || cl->contract != i)
				continue;
			rl_buf_printf(b, "%sclause %s%s%s\n", h2, md ? "`" : "", cl->id, md ? "`" : "");
			if (md)
				rl_buf_puts(b, "\n");
			if (cl->title)
				rl_buf_printf(b, "%s%s%s%s\n", md ? "**" : "  ", cl->title, md ? "**" : "",
				              md ? "\n" : "");
			rl_buf_puts(b, md ? "> " : "  text: ");
			put_flat(b, cl->text);
			rl_buf_puts(b, md ? "\n\n" : "\n");
			char m[32] = "not quantified";
			if (!isnan(cl->exposure))
				rl_law_money(cl->exposure, m, sizeof m);
			rl_buf_printf(b, "%sholder (may claim): %s; obligor: %s; exposure: %s\n",
			              md ? "- " : "  ", cl->holder ? cl->holder : "unstated",
			              cl->obligor ? cl->obligor : "unstated", m);
			if (cl->effective != RL_NO_DATE || cl->ends != RL_NO_DATE) {
				char d2[2][24];
				date_or(d2[0], cl->effective, "with its contract");
				date_or(d2[1], cl->ends, "with its contract");
				rl_buf_printf(b, "%seffective %s, ends %s\n", md ? "- " : "  ", d2[0], d2[1]);
			}
			for (size_t j = 0; j < cl->ncites; j++)
				cite_text(b, r, cl->cites[j], md ? "" : "  ", md);
			for (size_t j = 0; j < cl->nreadings; j++) {
				const rl_reading_def *rd = &cl->readings[j];
				rl_buf_printf(b, md ? "\n**Reading %s** (weight %.2f)\n\n" :
				              "  reading %s (weight %.2f)\n", rd->name, rd->weight);
				if (rd->doc) {
					rl_buf_puts(b, md ? "" : "    ");
					put_flat(b, rd->doc);
					rl_buf_puts(b, md ? "\n\n" : "\n");
				}
				for (size_t n = 0; n < rd->ncites; n++)
					cite_text(b, r, rd->cites[n], md ? "" : "    ", md);
			}
			for (size_t j = 0; j < cl->nexceptions; j++) {
				const rl_exception *x = &r->exceptions[cl->exceptions[j]];
				rl_buf_printf(b, md ? "\n**Exception `%s`**" : "  exception %s", x->id);
				if (x->nreadings) {
					rl_buf_puts(b, " (readings ");
					list_text(b, x->readings, x->nreadings);
					rl_buf_puts(b, ")");
				}
				rl_buf_puts(b, ": ");
				put_flat(b, x->text ? x->text : "");
				rl_buf_puts(b, md ? "\n\n" : "\n");
				for (size_t n = 0; n < x->ncites; n++)
					cite_text(b, r, x->cites[n], md ? "" : "    ", md);
			}
			rl_buf_puts(b, "\n");
		}
	}
}

rl_status rl_engine_show(rl_engine *e, const char *const *ids, size_t nids, rl_format fmt,
                         FILE *out, char **err)
{
	rl_status st = rl_engine_seal(e, err);
	if (st != RL_OK)
		return st;
	const rl_rules *r = &e->rules;
	sel s = {0};
	rl_buf b = {0};
	if (select_ids(r, ids, nids, &s, err) == 0) {
		if (fmt == RL_FMT_JSON)
			show_json(r, &s, &b);
		else
			show_text(r, &s, &b, fmt == RL_FMT_MD);
	} else {
		st = RL_EINPUT;
	}
	free(s.contract);
	free(s.clause);
	free(s.source);
	if (st == RL_OK && b.len && fwrite(b.data, 1, b.len, out) != b.len) {
		rl_seterr(err, "output:0: expected to write the rule packs, found a write error");
		st = RL_EEVAL;
	}
	rl_buf_free(&b);
	return st;
}
