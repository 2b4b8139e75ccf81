/* rules.c - linking rule packs and deciding what is in force. */
#include "rules.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources.h"
#include "util.h"

static void free_list(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void rl_rules_free(rl_rules *r)
{
	for (size_t i = 0; i < r->ncontracts; i++) {
		rl_contract *c = &r->contracts[i];
		free(c->id), free(c->title), free(c->source), free(c->file);
		free_list(c->supersedes, c->nsupersedes);
		free_list(c->parties, c->nparties);
		free_list(c->cites, c->ncites);
	}
	for (size_t i = 0; i < r->nclauses; i++) {
		rl_clause *k = &r->clauses[i];
		free(k->id), free(k->contract_id), free(k->text), free(k->title);
		free(k->holder), free(k->obligor), free(k->source), free(k->file);
		for (size_t j = 0; j < k->nreadings; j++) {
			free(k->readings[j].name), free(k->readings[j].doc);
			free_list(k->readings[j].cites, k->readings[j].ncites);
		}
		free_list(k->cites, k->ncites);
		free(k->readings);
		free(k->exceptions);
	}
	for (size_t i = 0; i < r->nexceptions; i++) {
		rl_exception *x = &r->exceptions[i];
		free(x->id), free(x->to), free(x->text), free(x->contract_id);
		free(x->source), free(x->file);
		if (x->docs)
			free_list(x->docs, x->nreadings ? x->nreadings : 1);
		free_list(x->readings, x->nreadings);
		free(x->refs);
		free_list(x->cites, x->ncites);
	}
	for (size_t i = 0; i < r->nrelies; i++) {
		free(r->relies[i].what), free(r->relies[i].value);
		free(r->relies[i].file);
	}
	free(r->relies);
	for (size_t i = 0; i < r->nsources; i++)
		rl_source_free(&r->sources[i]);
	free(r->sources);
	free(r->contracts);
	free(r->clauses);
	free(r->exceptions);
	memset(r, 0, sizeof *r);
}

long rl_rules_find_contract(const rl_rules *r, const char *id)
{
	for (size_t i = 0; i < r->ncontracts; i++)
		if (strcmp(r->contracts[i].id, id) == 0)
			return (long)i;
	return -1;
}

long rl_rules_find_clause(const rl_rules *r, const char *id)
{
	for (size_t i = 0; i < r->nclauses; i++)
		if (strcmp(r->clauses[i].id, id) == 0)
			return (long)i;
	return -1;
}

static const char *nearest_contract(const rl_rules *r, const char *id)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	for (size_t i = 0; i < r->ncontracts; i++) {
		size_t d = rl_edit_distance(id, r->contracts[i].id);
		if (d < bestd)
			bestd = d, best = r->contracts[i].id;
	}
	return best;
}

static const char *nearest_clause(const rl_rules *r, const char *id)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	for (size_t i = 0; i < r->nclauses; i++) {
		size_t d = rl_edit_distance(id, r->clauses[i].id);
		if (d < bestd)
			bestd = d, best = r->clauses[i].id;
	}
	return best;
}

static void missing(char **err, const char *file, int line, const char *what,
                    const char *field, const char *id, const char *near)
{
	if (near)
		rl_seterr(err, "%s:%d: expected %s to name a %s, found '%s' (nearest: '%s')",
		          file, line, field, what, id, near);
	else
		rl_seterr(err, "%s:%d: expected %s to name a %s, found '%s' (no %s is loaded)",
		          file, line, field, what, id, what);
}

/* Every citation must name a source of the packs (or be free text). */
static int check_cites(const rl_rules *r, char **cites, size_t n, const char *file,
                       int line, const char *what, char **err)
{
	for (size_t i = 0; i < n; i++) {
		const rl_source *s;
		const rl_quote *q;
		char *msg = NULL;
		if (rl_sources_cite(r->sources, r->nsources, NULL, 0, cites[i], &s, &q, &msg) < 0) {
			rl_seterr(err, "%s:%d: %s: %s", file, line, what, msg);
			free(msg);
			return -1;
		}
	}
	return 0;
}

static int link_cites(const rl_rules *r, char **err)
{
	for (size_t i = 0; i < r->ncontracts; i++) {
		const rl_contract *c = &r->contracts[i];
		char *what = rl_fmt("contract %s", c->id);
		int bad = check_cites(r, c->cites, c->ncites, c->file, c->line, what, err);
		free(what);
		if (bad)
			return -1;
	}
	for (size_t i = 0; i < r->nclauses; i++) {
		const rl_clause *k = &r->clauses[i];
		char *what = rl_fmt("clause %s", k->id);
		int bad = check_cites(r, k->cites, k->ncites, k->file, k->line, what, err);
		free(what);
		for (size_t j = 0; !bad && j < k->nreadings; j++) {
			what = rl_fmt("clause %s reading %s", k->id, k->readings[j].name);
			bad = check_cites(r, k->readings[j].cites, k->readings[j].ncites, k->file,
			                  k->readings[j].line, what, err);
			free(what);
		}
		if (bad)
			return -1;
	}
	for (size_t i = 0; i < r->nexceptions; i++) {
		const rl_exception *x = &r->exceptions[i];
		char *what = rl_fmt("exception %s", x->id);
		int bad = check_cites(r, x->cites, x->ncites, x->file, x->line, what, err);
		free(what);
		if (bad)
			return -1;
	}
	return 0;
}

int rl_rules_link(rl_rules *r, char **err)
{
	if (link_cites(r, err))
		return -1;
	for (size_t i = 0; i < r->nclauses; i++) {
		rl_clause *k = &r->clauses[i];
		long c = rl_rules_find_contract(r, k->contract_id);
		if (c < 0) {
			missing(err, k->file, k->line, "contract", "contract", k->contract_id,
			        nearest_contract(r, k->contract_id));
			return -1;
		}
		k->contract = (size_t)c;
		/* Scaled by the largest first, so that the total cannot overflow
		 * (weights up to DBL_MAX): it lies between 1 and nreadings. */
		double top = 0, total = 0;
		for (size_t j = 0; j < k->nreadings; j++)
			if (k->readings[j].raw_weight > top)
				top = k->readings[j].raw_weight;
		for (size_t j = 0; j < k->nreadings; j++)
			total += k->readings[j].raw_weight / top;
		for (size_t j = 0; j < k->nreadings; j++)
			k->readings[j].weight = k->readings[j].raw_weight / top / total;
		free(k->exceptions);
		k->exceptions = NULL;
		k->nexceptions = 0;
	}
	for (size_t i = 0; i < r->ncontracts; i++) {
		rl_contract *c = &r->contracts[i];
		for (size_t j = 0; j < c->nsupersedes; j++) {
			const char *id = c->supersedes[j];
			if (rl_rules_find_contract(r, id) < 0 && rl_rules_find_clause(r, id) < 0) {
				const char *near = strchr(id, '/') ? nearest_clause(r, id)
				                                   : nearest_contract(r, id);
				missing(err, c->file, c->line, "clause or contract", "supersedes",
				        id, near);
				return -1;
			}
		}
	}
	for (size_t i = 0; i < r->nexceptions; i++) {
		rl_exception *x = &r->exceptions[i];
		long k = rl_rules_find_clause(r, x->to);
		if (k < 0) {
			missing(err, x->file, x->line, "clause", "to", x->to,
			        nearest_clause(r, x->to));
			return -1;
		}
		x->clause = (size_t)k;
		rl_clause *cl = &r->clauses[k];
		long c = x->contract_id ? rl_rules_find_contract(r, x->contract_id) : -1;
		if (x->contract_id && c < 0) {
			missing(err, x->file, x->line, "contract", "contract", x->contract_id,
			        nearest_contract(r, x->contract_id));
			return -1;
		}
		if (c < 0) {
			/* The contract its id names ("contract/name"), else the clause's. */
			const char *slash = strchr(x->id, '/');
			if (slash) {
				char *prefix = rl_xstrndup(x->id, (size_t)(slash - x->id));
				c = rl_rules_find_contract(r, prefix);
				free(prefix);
			}
			if (c < 0)
				c = (long)cl->contract;
		}
		x->contract = (size_t)c;
		for (size_t j = 0; j < x->nreadings; j++) {
			int found = 0;
			for (size_t n = 0; n < cl->nreadings; n++)
				found |= strcmp(cl->readings[n].name, x->readings[j]) == 0;
			if (!found) {
				rl_seterr(err, "%s:%d: expected exception readings named as the "
				          "readings of %s, found '%s'", x->file, x->line, cl->id,
				          x->readings[j]);
				return -1;
			}
		}
		cl->exceptions = rl_xrealloc(cl->exceptions, cl->nexceptions + 1,
		                             sizeof *cl->exceptions);
		cl->exceptions[cl->nexceptions++] = i;
	}
	return 0;
}

static int dated(int32_t effective, int32_t ends, int32_t day)
{
	return (effective == RL_NO_DATE || effective <= day) &&
	       (ends == RL_NO_DATE || day < ends);
}

/* Is `id` named in the supersedes of a contract in force on `day`? */
static long superseded_by(const rl_rules *r, const char *id, int32_t day)
{
	for (size_t i = 0; i < r->ncontracts; i++) {
		const rl_contract *c = &r->contracts[i];
		if (!c->binding || !dated(c->effective, c->ends, day))
			continue;
		for (size_t j = 0; j < c->nsupersedes; j++)
			if (strcmp(c->supersedes[j], id) == 0)
				return (long)i;
	}
	return -1;
}

int rl_contract_in_force(const rl_rules *r, size_t c, int32_t day)
{
	const rl_contract *ct = &r->contracts[c];
	return dated(ct->effective, ct->ends, day) && superseded_by(r, ct->id, day) < 0;
}

int rl_clause_in_force(const rl_rules *r, size_t k, int32_t day, char *why,
                       size_t size)
{
	const rl_clause *cl = &r->clauses[k];
	const rl_contract *ct = &r->contracts[cl->contract];
	char d1[11], d2[11];
	if (!dated(ct->effective, ct->ends, day)) {
		if (ct->effective != RL_NO_DATE && day < ct->effective) {
			rl_date_format(ct->effective, d1);
			snprintf(why, size, "not in force: %s takes effect on %s", ct->id, d1);
		} else {
			rl_date_format(ct->ends, d1);
			snprintf(why, size, "not in force: %s ended on %s", ct->id, d1);
		}
		return 0;
	}
	if (!dated(cl->effective, cl->ends, day)) {
		rl_date_format(cl->effective == RL_NO_DATE ? 0 : cl->effective, d1);
		rl_date_format(cl->ends == RL_NO_DATE ? 0 : cl->ends, d2);
		snprintf(why, size, "not in force: the clause runs %s to %s",
		         cl->effective == RL_NO_DATE ? "the start" : d1,
		         cl->ends == RL_NO_DATE ? "the end" : d2);
		return 0;
	}
	long s = superseded_by(r, ct->id, day);
	if (s < 0)
		s = superseded_by(r, cl->id, day);
	if (s >= 0) {
		rl_date_format(r->contracts[s].effective, d1);
		snprintf(why, size, "not in force: superseded by %s from %s",
		         r->contracts[s].id, d1);
		return 0;
	}
	return 1;
}

int rl_exception_in_force(const rl_rules *r, size_t x, int32_t day)
{
	return rl_contract_in_force(r, r->exceptions[x].contract, day);
}

static int cmp_clauses(const void *a, const void *b)
{
	const rl_clause *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int cmp_exceptions(const void *a, const void *b)
{
	const rl_exception *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->id, y->id);
}

void rl_rules_sort(rl_rules *r)
{
	if (r->nclauses > 1)
		qsort(r->clauses, r->nclauses, sizeof *r->clauses, cmp_clauses);
	if (r->nexceptions > 1)
		qsort(r->exceptions, r->nexceptions, sizeof *r->exceptions, cmp_exceptions);
}
