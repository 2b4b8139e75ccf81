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

/* The facts of two scenarios that differ: the date, param.KEY and every
 * field of every other entity (KIND.ID.FIELD, KIND.ID.attrs.KEY; an entity
 * of one side only is KIND.ID).  What describes the scenario itself (its
 * id, title, expect, ...) is not a fact of the world. */
typedef struct fact_diff {
	char *path;
	const rl_value *a, *b;  /* NULL: the entity is not on that side */
} fact_diff;

typedef struct fact_list {
	fact_diff *v;
	size_t n;
} fact_list;

static int same_fact(const rl_value *a, const rl_value *b)
{
	if (!a || !b || a->t != b->t)
		return a == b;
	switch (a->t) {
	case RL_V_BOOL: return !a->u.b == !b->u.b;
	case RL_V_NUM: return a->u.num == b->u.num;
	case RL_V_STR: return strcmp(a->u.s, b->u.s) == 0;
	case RL_V_LIST:
	case RL_V_TABLE:
		if (a->n != b->n)
			return 0;
		for (uint32_t i = 0; i < a->n; i++)
			if (a->t == RL_V_LIST ? !same_fact(&a->u.items[i], &b->u.items[i])
			                      : strcmp(a->u.pairs[i].key, b->u.pairs[i].key) != 0 ||
			                        !same_fact(&a->u.pairs[i].v, &b->u.pairs[i].v))
				return 0;
		return 1;
	default: return 1;
	}
}

static void add_fact(fact_list *l, char *path, const rl_value *a, const rl_value *b)
{
	l->v = rl_xrealloc(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = (fact_diff){path, a, b};
}

static const rl_value *pair_value(const rl_value *t, const char *key)
{
	for (uint32_t i = 0; t && t->t == RL_V_TABLE && i < t->n; i++)
		if (strcmp(t->u.pairs[i].key, key) == 0)
			return &t->u.pairs[i].v;
	return NULL;
}

/* Each key of table a or b (params, attrs) whose values differ. */
static void table_facts(fact_list *l, const char *prefix, const rl_value *a,
                        const rl_value *b)
{
	static const rl_value nil = {0};
	for (int side = 0; side < 2; side++) {
		const rl_value *t = side ? b : a;
		for (uint32_t i = 0; t->t == RL_V_TABLE && i < t->n; i++) {
			const char *key = t->u.pairs[i].key;
			const rl_value *x = pair_value(a, key), *y = pair_value(b, key);
			if (side && x)
				continue;       /* listed from a's side */
			if (!same_fact(x ? x : &nil, y ? y : &nil))
				add_fact(l, rl_fmt("%s%s", prefix, key), x ? x : &nil, y ? y : &nil);
		}
	}
}

static int cmp_facts(const void *x, const void *y)
{
	return strcmp(((const fact_diff *)x)->path, ((const fact_diff *)y)->path);
}

static void scenario_facts(const rl_model *a, const rl_model *b, fact_list *l)
{
	const rl_entity *sa = &a->ents[RL_K_SCENARIO][0], *sb = &b->ents[RL_K_SCENARIO][0];
	if (!same_fact(&sa->f[RL_SC_DATE], &sb->f[RL_SC_DATE]))
		add_fact(l, rl_xstrdup("date"), &sa->f[RL_SC_DATE], &sb->f[RL_SC_DATE]);
	table_facts(l, "param.", &sa->f[RL_SC_PARAMS], &sb->f[RL_SC_PARAMS]);
	for (int k = RL_K_SCENARIO + 1; k < RL_NKINDS; k++) {
		const char *kn = rl_kind_name((rl_kind)k);
		for (size_t i = 0; i < a->n[k]; i++) {
			const rl_entity *x = &a->ents[k][i];
			long j = -1;
			for (size_t o = 0; o < b->n[k] && j < 0; o++)
				if (strcmp(b->ents[k][o].id, x->id) == 0)
					j = (long)o;
			if (j < 0) {
				add_fact(l, rl_fmt("%s.%s", kn, x->id), &x->f[RL_F_NAME], NULL);
				continue;
			}
			const rl_entity *y = &b->ents[k][j];
			for (size_t f = 0; f < rl_kind_nfields((rl_kind)k); f++) {
				const char *fname = rl_kind_field((rl_kind)k, f)->name;
				if (f == RL_F_ATTRS) {
					char *prefix = rl_fmt("%s.%s.attrs.", kn, x->id);
					table_facts(l, prefix, &x->f[f], &y->f[f]);
					free(prefix);
				} else if ((x->defaulted & y->defaulted & (1u << f)) == 0 &&
				           !same_fact(&x->f[f], &y->f[f])) {
					/* A default both sides derive is no stated fact. */
					add_fact(l, rl_fmt("%s.%s.%s", kn, x->id, fname), &x->f[f], &y->f[f]);
				}
			}
		}
		for (size_t o = 0; o < b->n[k]; o++)
			if (rl_model_find(a, (rl_kind)k, b->ents[k][o].id) < 0)
				add_fact(l, rl_fmt("%s.%s", kn, b->ents[k][o].id), NULL,
				         &b->ents[k][o].f[RL_F_NAME]);
	}
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, cmp_facts);
}

static void fact_list_free(fact_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
}

static void json_fact(rl_buf *o, const rl_value *v)
{
	if (v)
		rl_json_value(o, v);
	else
		rl_buf_puts(o, "\"absent\"");
}

static void json_facts(rl_buf *o, const fact_list *l)
{
	rl_buf_puts(o, "[");
	for (size_t i = 0; i < l->n; i++) {
		rl_buf_puts(o, i ? ",\n    { \"fact\": " : "\n    { \"fact\": ");
		rl_json_string(o, l->v[i].path);
		rl_buf_puts(o, ", \"a\": ");
		json_fact(o, l->v[i].a);
		rl_buf_puts(o, ", \"b\": ");
		json_fact(o, l->v[i].b);
		rl_buf_puts(o, " }");
	}
	rl_buf_puts(o, l->n ? " ]" : "]");
}

/* A value for the text diff: at most max bytes, cut on a character. */
static void text_fact(rl_buf *o, const rl_value *v, size_t max)
{
	rl_buf t = {0};
	if (!v)
		rl_buf_puts(&t, "(absent)");
	else if (v->t == RL_V_NIL)
		rl_buf_puts(&t, "(not set)");
	else if (v->t == RL_V_LIST)
		rl_buf_putc(&t, '{'), rl_value_format(v, &t), rl_buf_putc(&t, '}');
	else
		rl_value_format(v, &t);
	if (t.len > max) {
		size_t n = max - 3;
		while (n > 0 && ((unsigned char)t.data[n] & 0xc0) == 0x80)
			n--;
		t.len = n;
		rl_buf_puts(&t, "...");
	}
	rl_buf_add(o, t.data ? t.data : "", t.len);
	rl_buf_free(&t);
}

static void text_facts(rl_buf *o, const fact_list *l)
{
	if (l->n)
		rl_buf_printf(o, "\n%zu fact%s differ%s (A -> B):\n", l->n, l->n == 1 ? "" : "s",
		              l->n == 1 ? "s" : "");
	else
		rl_buf_puts(o, "\nno fact differs\n");
	for (size_t i = 0; i < l->n; i++) {
		rl_buf_printf(o, "  %s\n      ", l->v[i].path);
		text_fact(o, l->v[i].a, 34);
		rl_buf_puts(o, " -> ");
		text_fact(o, l->v[i].b, 34);
		rl_buf_putc(o, '\n');
	}
}

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
		fact_list facts = {0};
		scenario_facts(sa->m, sb->m, &facts);
		rl_buf o = {0};
		if (fmt == RL_FMT_JSON) {
			rl_buf_printf(&o, "{ \"redline\": \"%s\",\n  \"a\": ", REDLINE_VERSION);
			json_scenario(&o, a);
			rl_buf_puts(&o, ",\n  \"b\": ");
			json_scenario(&o, b);
			rl_buf_puts(&o, ",\n  \"facts\": ");
			json_facts(&o, &facts);
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
			text_facts(&o, &facts);
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
		fact_list_free(&facts);
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
