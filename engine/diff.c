/* diff.c - comparing evaluations: two scenarios, or two rule packs. */
#include "diff.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "report.h"
#include "util.h"

static long find_clause(const rl_report *r, const char *id)
{
	for (size_t i = 0; i < r->nclauses; i++)
		if (strcmp(r->clauses[i].clause->id, id) == 0)
			return (long)i;
	return -1;
}

static int same_number(double x, double y)
{
	return (isnan(x) && isnan(y)) || x == y;
}

size_t rl_report_diff(const rl_report *a, const rl_report *b, long (*pairs)[2],
                      size_t npairs)
{
	size_t n = 0;
	for (size_t i = 0; i < a->nclauses; i++) {
		long j = find_clause(b, a->clauses[i].clause->id);
		if (j >= 0) {
			const rl_clause_result *x = &a->clauses[i], *y = &b->clauses[j];
			if (x->verdict == y->verdict && same_number(x->p_breach, y->p_breach) &&
			    same_number(x->exposure, y->exposure))
				continue;
		}
		if (pairs && n < npairs) {
			pairs[n][0] = (long)i;
			pairs[n][1] = j;
		}
		n++;
	}
	for (size_t j = 0; j < b->nclauses; j++) {
		if (find_clause(a, b->clauses[j].clause->id) >= 0)
			continue;
		if (pairs && n < npairs) {
			pairs[n][0] = -1;
			pairs[n][1] = (long)j;
		}
		n++;
	}
	return n;
}

/* --- writers ------------------------------------------------------------------- */

static void money(rl_buf *o, double x)
{
	if (isnan(x))
		rl_buf_puts(o, "none");
	else if (x >= 1e9)
		rl_buf_printf(o, "$%.1fbn", x / 1e9);
	else if (x >= 1e6)
		rl_buf_printf(o, "$%.1fm", x / 1e6);
	else
		rl_buf_printf(o, "$%.0f", x);
}

static void json_num(rl_buf *o, double x)
{
	char num[32];
	if (isnan(x)) {
		rl_buf_puts(o, "null");
		return;
	}
	rl_format_number(x, num);
	rl_buf_puts(o, num);
}

/* {"verdict": ..., "p_breach": ..., "expected_exposure_usd": ...} or null */
static void json_side(rl_buf *o, const rl_report *r, long i)
{
	if (i < 0) {
		rl_buf_puts(o, "null");
		return;
	}
	const rl_clause_result *c = &r->clauses[i];
	rl_buf_printf(o, "{ \"verdict\": \"%s\", \"p_breach\": ",
	              rl_verdict_name((rl_verdict)c->verdict));
	json_num(o, c->p_breach);
	rl_buf_puts(o, ", \"expected_exposure_usd\": ");
	json_num(o, c->exposure);
	rl_buf_puts(o, " }");
}

static void json_rows(rl_buf *o, const rl_report *a, const rl_report *b, const char *ka,
                      const char *kb, long (*pairs)[2], size_t n, const char *indent)
{
	rl_buf_putc(o, '[');
	for (size_t k = 0; k < n; k++) {
		long i = pairs[k][0], j = pairs[k][1];
		rl_buf_printf(o, "%s\n%s{ \"clause\": ", k ? "," : "", indent);
		rl_json_string(o, i >= 0 ? a->clauses[i].clause->id : b->clauses[j].clause->id);
		rl_buf_printf(o, ", \"change\": \"%s\", \"%s\": ",
		              i < 0 ? "added" : j < 0 ? "removed" : "changed", ka);
		json_side(o, a, i);
		rl_buf_printf(o, ", \"%s\": ", kb);
		json_side(o, b, j);
		rl_buf_puts(o, " }");
	}
	rl_buf_puts(o, n ? " ]" : "]");
}

static void text_side(rl_buf *o, const rl_report *r, long i, int what)
{
	if (i < 0) {
		rl_buf_puts(o, "(absent)");
		return;
	}
	const rl_clause_result *c = &r->clauses[i];
	if (what == 0)
		rl_buf_puts(o, rl_verdict_name((rl_verdict)c->verdict));
	else if (what == 1)
		rl_buf_printf(o, "%.2f", c->p_breach);
	else
		money(o, c->exposure);
}

/* Each clause: its id, then verdict, p_breach and exposure, A -> B, one
 * per line (80 columns for any verdicts and amounts). */
static void text_rows(rl_buf *o, const rl_report *a, const rl_report *b, long (*pairs)[2],
                      size_t n, const char *indent)
{
	static const char *const label[3] = {"verdict ", "p_breach", "exposure"};
	for (size_t k = 0; k < n; k++) {
		long i = pairs[k][0], j = pairs[k][1];
		rl_buf_printf(o, "%s%s%s\n", indent,
		              i >= 0 ? a->clauses[i].clause->id : b->clauses[j].clause->id,
		              i < 0 ? " (added)" : j < 0 ? " (removed)" : "");
		for (int w = 0; w < 3; w++) {
			rl_buf_printf(o, "%s    %s  ", indent, label[w]);
			text_side(o, a, i, w);
			rl_buf_puts(o, " -> ");
			text_side(o, b, j, w);
			rl_buf_putc(o, '\n');
		}
	}
}

static void json_scenario(rl_buf *o, const rl_report *r)
{
	rl_buf_puts(o, "{ \"id\": ");
	rl_json_string(o, r->scenario_id);
	rl_buf_puts(o, ", \"file\": ");
	rl_json_string(o, r->file);
	rl_buf_puts(o, ", \"date\": ");
	rl_json_string(o, r->date);
	rl_buf_printf(o, ", \"verdict\": \"%s\", \"expected_exposure_usd\": ",
	              rl_verdict_name((rl_verdict)r->verdict));
	json_num(o, r->exposure);
	rl_buf_puts(o, " }");
}

static long (*diff_pairs(const rl_report *a, const rl_report *b, size_t *n))[2]
{
	*n = rl_report_diff(a, b, NULL, 0);
	long (*pairs)[2] = rl_xcalloc(*n ? *n : 1, sizeof *pairs);
	rl_report_diff(a, b, pairs, *n);
	return pairs;
}

static rl_status worst(const rl_report *r, rl_status st)
{
	return r->verdict == RL_ERROR ? RL_EEVAL : st;
}

/* --- two scenarios ---------------------------------------------------------------- */

static rl_status load_eval(rl_evaluator *ev, const rl_engine *e, const char *path,
                           const char *at, rl_scenario **s, rl_report **r, char **err)
{
	size_t l = strlen(path);
	if (l >= 10 && strcmp(path + l - 10, ".batch.lua") == 0) {
		rl_seterr(err, "%s:1: expected a scenario, found a batch file", path);
		return RL_EINPUT;
	}
	rl_status st = *s ? RL_OK : rl_scenario_load(e, path, s, err);
	if (st != RL_OK)
		return st;
	rl_eval_options eo = {at, 0};
	return rl_evaluate(ev, *s, &eo, r, err);
}

rl_status rl_diff_scenarios(const rl_engine *e, const char *pa, const char *pb,
                            const char *at, rl_format fmt, rl_manifest *m,
                            FILE *out, char **err)
{
	rl_evaluator *ev = NULL;
	rl_scenario *sa = NULL, *sb = NULL;
	rl_report *a = NULL, *b = NULL;
	rl_status st = rl_evaluator_new(e, &ev, err);
	if (st == RL_OK)
		st = load_eval(ev, e, pa, at, &sa, &a, err);
	if (st == RL_OK)
		st = load_eval(ev, e, pb, at, &sb, &b, err);
	if (st == RL_OK) {
		if (m) {
			rl_engine_manifest(e, m);
			rl_scenario_manifest(sa, m);
			rl_scenario_manifest(sb, m);
		}
		size_t n;
		long (*pairs)[2] = diff_pairs(a, b, &n);
		rl_buf o = {0};
		if (fmt == RL_FMT_JSON) {
			rl_buf_printf(&o, "{ \"redline\": \"%s\",\n  \"a\": ", REDLINE_VERSION);
			json_scenario(&o, a);
			rl_buf_puts(&o, ",\n  \"b\": ");
			json_scenario(&o, b);
			rl_buf_puts(&o, ",\n  \"differences\": ");
			json_rows(&o, a, b, "a", "b", pairs, n, "    ");
			if (m) {
				rl_buf_puts(&o, ",\n  \"manifest\": ");
				rl_manifest_json(m, &o);
			}
			rl_buf_puts(&o, " }\n");
		} else {
			rl_buf_printf(&o, "A: %s  %s\n   %s\nB: %s  %s\n   %s\n", a->scenario_id,
			              rl_verdict_name((rl_verdict)a->verdict), a->file, b->scenario_id,
			              rl_verdict_name((rl_verdict)b->verdict), b->file);
			if (n)
				rl_buf_printf(&o, "\n%zu clause%s differ%s (A -> B):\n", n,
				              n == 1 ? "" : "s", n == 1 ? "s" : "");
			else
				rl_buf_puts(&o, "\nno clause differs\n");
			text_rows(&o, a, b, pairs, n, "  ");
		}
		fwrite(o.data, 1, o.len, out);
		rl_buf_free(&o);
		free(pairs);
		st = worst(b, worst(a, n ? RL_FINDING : RL_OK));
	}
	rl_report_free(a);
	rl_report_free(b);
	rl_scenario_free(sa);
	rl_scenario_free(sb);
	rl_evaluator_free(ev);
	return st;
}

/* --- two rule packs --------------------------------------------------------------- */

static void clause_lists(const rl_engine *x, const rl_engine *y, rl_buf *o, int json)
{
	size_t k = 0;
	for (size_t i = 0; i < rl_engine_clause_count(y); i++) {
		const char *id = rl_engine_clause_id(y, i);
		if (rl_engine_find_clause(x, id) >= 0)
			continue;
		if (json) {
			rl_buf_puts(o, k ? ", " : " ");
			rl_json_string(o, id);
		} else {
			rl_buf_printf(o, "%s%s", k ? ", " : " ", id);
		}
		k++;
	}
	rl_buf_puts(o, json ? (k ? " ]" : "]") : (k ? "\n" : " none\n"));
}

static void json_paths(rl_buf *o, const char *const *p, size_t n)
{
	rl_buf_putc(o, '[');
	for (size_t i = 0; i < n; i++) {
		rl_buf_puts(o, i ? ", " : "");
		rl_json_string(o, p[i]);
	}
	rl_buf_putc(o, ']');
}

rl_status rl_diff_rules(const rl_engine *old, const char *const *old_paths, size_t nold,
                        const rl_engine *neu, const char *const *new_paths, size_t nnew,
                        const char *const *scenarios, size_t n, const char *at,
                        rl_format fmt, rl_manifest *m, FILE *out, char **err)
{
	rl_evaluator *eo = NULL, *en = NULL;
	rl_scenario **sc = rl_xcalloc(n ? n : 1, sizeof *sc);
	rl_report **ro = rl_xcalloc(n ? n : 1, sizeof *ro), **rn = rl_xcalloc(n ? n : 1, sizeof *rn);
	rl_status st = rl_evaluator_new(old, &eo, err);
	if (st == RL_OK)
		st = rl_evaluator_new(neu, &en, err);
	for (size_t i = 0; i < n && st == RL_OK; i++) {
		st = load_eval(eo, old, scenarios[i], at, &sc[i], &ro[i], err);
		if (st == RL_OK)
			st = load_eval(en, neu, scenarios[i], at, &sc[i], &rn[i], err);
	}
	if (st == RL_OK) {
		if (m) {
			rl_engine_manifest(old, m);
			rl_engine_manifest(neu, m);
			for (size_t i = 0; i < n; i++)
				rl_scenario_manifest(sc[i], m);
		}
		rl_buf o = {0};
		size_t changed = 0;
		rl_status res = RL_OK;
		if (fmt == RL_FMT_JSON) {
			rl_buf_printf(&o, "{ \"redline\": \"%s\",\n  \"rules\": { \"old\": ",
			              REDLINE_VERSION);
			json_paths(&o, old_paths, nold);
			rl_buf_puts(&o, ", \"new\": ");
			json_paths(&o, new_paths, nnew);
			rl_buf_puts(&o, " },\n  \"added\": [");
			clause_lists(old, neu, &o, 1);
			rl_buf_puts(&o, ",\n  \"removed\": [");
			clause_lists(neu, old, &o, 1);
			rl_buf_printf(&o, ",\n  \"scenarios\": %zu,\n  \"changed\": [", n);
		} else {
			rl_buf_puts(&o, "old rules:");
			for (size_t i = 0; i < nold; i++)
				rl_buf_printf(&o, " %s", old_paths[i]);
			rl_buf_puts(&o, "\nnew rules:");
			for (size_t i = 0; i < nnew; i++)
				rl_buf_printf(&o, " %s", new_paths[i]);
			rl_buf_puts(&o, "\nclauses added:");
			clause_lists(old, neu, &o, 0);
			rl_buf_puts(&o, "clauses removed:");
			clause_lists(neu, old, &o, 0);
		}
		rl_buf text = {0};
		for (size_t i = 0; i < n; i++) {
			size_t k;
			long (*pairs)[2] = diff_pairs(ro[i], rn[i], &k);
			res = worst(ro[i], worst(rn[i], res));
			if (k && fmt == RL_FMT_JSON) {
				rl_buf_puts(&o, changed ? ",\n    " : "\n    ");
				rl_buf_puts(&o, "{ \"scenario\": ");
				json_scenario(&o, ro[i]);
				rl_buf_printf(&o, ",\n      \"old\": \"%s\", \"new\": \"%s\",\n"
				              "      \"clauses\": ",
				              rl_verdict_name((rl_verdict)ro[i]->verdict),
				              rl_verdict_name((rl_verdict)rn[i]->verdict));
				json_rows(&o, ro[i], rn[i], "old", "new", pairs, k, "        ");
				rl_buf_puts(&o, " }");
			} else if (k) {
				rl_buf_printf(&text, "\n%s  %s -> %s\n  %s\n", ro[i]->scenario_id,
				              rl_verdict_name((rl_verdict)ro[i]->verdict),
				              rl_verdict_name((rl_verdict)rn[i]->verdict), ro[i]->file);
				text_rows(&text, ro[i], rn[i], pairs, k, "    ");
			}
			changed += k > 0;
			free(pairs);
		}
		if (fmt == RL_FMT_JSON) {
			rl_buf_puts(&o, changed ? " ]" : "]");
			if (m) {
				rl_buf_puts(&o, ",\n  \"manifest\": ");
				rl_manifest_json(m, &o);
			}
			rl_buf_puts(&o, " }\n");
		} else {
			rl_buf_printf(&o, "\n%zu of %zu scenario%s change (old -> new)%s\n", changed, n,
			              n == 1 ? "" : "s", changed ? ":" : "");
			if (text.len)
				rl_buf_add(&o, text.data, text.len);
		}
		rl_buf_free(&text);
		fwrite(o.data, 1, o.len, out);
		rl_buf_free(&o);
		int added = 0;
		for (size_t i = 0; i < rl_engine_clause_count(neu) && !added; i++)
			added = rl_engine_find_clause(old, rl_engine_clause_id(neu, i)) < 0;
		for (size_t i = 0; i < rl_engine_clause_count(old) && !added; i++)
			added = rl_engine_find_clause(neu, rl_engine_clause_id(old, i)) < 0;
		st = res != RL_OK ? res : (changed || added) ? RL_FINDING : RL_OK;
	}
	for (size_t i = 0; i < n; i++) {
		rl_report_free(ro[i]);
		rl_report_free(rn[i]);
		rl_scenario_free(sc[i]);
	}
	free(sc), free(ro), free(rn);
	rl_evaluator_free(eo);
	rl_evaluator_free(en);
	return st;
}
