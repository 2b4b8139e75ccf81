/* report.c - report accessors and writers: text, JSON, explain. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "law.h"
#include "manifest.h"
#include "util.h"

static void free_strs(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void rl_report_free(rl_report *r)
{
	if (!r)
		return;
	for (size_t k = 0; k < r->nclauses; k++) {
		rl_clause_result *c = &r->clauses[k];
		for (size_t j = 0; j < c->clause->nreadings; j++) {
			rl_reading_result *rr = &c->readings[j];
			free(rr->because);
			free(rr->error);
			free_strs(rr->evidence, rr->nevidence);
			free_strs(rr->needs, rr->nneeds);
			free_strs(rr->consulted, rr->nconsulted);
			for (size_t x = 0; x < rr->nexceptions; x++)
				free(rr->exceptions[x].because);
			free(rr->exceptions);
		}
		free(c->readings);
		free(c->not_in_force);
	}
	free(r->clauses);
	free_strs(r->paths, r->npaths);
	for (size_t i = 0; r->path_data && i < r->npaths; i++) {
		rl_path_result *p = &r->path_data[i];
		free(p->id);
		for (size_t f = 0; f < RL_P_N; f++)
			free_strs(p->f[f].items, p->f[f].n);
		for (size_t h = 0; h < p->nhops; h++) {
			free(p->hops[h].id);
			for (size_t f = 0; f < RL_HOP_N; f++)
				free_strs(p->hops[h].f[f].items, p->hops[h].f[f].n);
		}
		free(p->hops);
	}
	free(r->path_data);
	rl_manifest_free(r->manifest);
	rl_law_free_facts(r);
	free(r->scenario_id), free(r->title), free(r->date), free(r->file);
	free(r);
}

void rl_report_keep_clauses(rl_report *r, const char *const *ids, size_t n)
{
	/* The clauses dropped go to a report of their own, freed as any. */
	rl_report *drop = rl_xcalloc(1, sizeof *drop);
	drop->clauses = rl_xcalloc(r->nclauses ? r->nclauses : 1, sizeof *drop->clauses);
	size_t kept = 0;
	memset(r->counts, 0, sizeof r->counts);
	r->verdict = RL_NOT_APPLICABLE;
	r->exposure = 0;
	for (size_t k = 0; k < r->nclauses; k++) {
		rl_clause_result *c = &r->clauses[k];
		size_t i = 0;
		while (i < n && strcmp(ids[i], c->clause->id) != 0)
			i++;
		if (i == n) {
			drop->clauses[drop->nclauses++] = *c;
			continue;
		}
		r->clauses[kept++] = *c;
		r->counts[c->verdict]++;
		if (c->binding) {
			/* The verdict enum is in order of severity (eval.c). */
			if (c->verdict > r->verdict)
				r->verdict = c->verdict;
			if (!isnan(c->exposure))
				r->exposure += c->exposure;
		}
	}
	r->nclauses = kept;
	rl_report_free(drop);
}

void rl_report_set_command(rl_report *r, int argc, const char *const *argv)
{
	if (!r->manifest)
		r->manifest = rl_manifest_new();
	rl_manifest_set_command(r->manifest, argc, argv);
}

rl_verdict rl_report_verdict(const rl_report *r) { return (rl_verdict)r->verdict; }
double rl_report_exposure(const rl_report *r) { return r->exposure; }
size_t rl_report_clause_count(const rl_report *r) { return r->nclauses; }

rl_status rl_report_status(const rl_report *r)
{
	if (r->verdict == RL_ERROR)
		return RL_EEVAL;
	if (r->verdict == RL_BREACH || r->verdict == RL_CONTESTED)
		return RL_FINDING;
	return RL_OK;
}

#define CL(r, i) (&(r)->clauses[i])
#define RD(r, i, k) (&(r)->clauses[i].readings[k])

const char *rl_report_clause_id(const rl_report *r, size_t i) { return CL(r, i)->clause->id; }
rl_verdict rl_report_clause_verdict(const rl_report *r, size_t i) { return (rl_verdict)CL(r, i)->verdict; }
double rl_report_clause_p_breach(const rl_report *r, size_t i) { return CL(r, i)->p_breach; }
double rl_report_clause_exposure(const rl_report *r, size_t i) { return CL(r, i)->exposure; }
int rl_report_clause_binding(const rl_report *r, size_t i) { return CL(r, i)->binding; }
int rl_report_clause_in_force(const rl_report *r, size_t i) { return CL(r, i)->in_force; }
size_t rl_report_reading_count(const rl_report *r, size_t i) { return CL(r, i)->clause->nreadings; }
const char *rl_report_reading_name(const rl_report *r, size_t i, size_t k) { return CL(r, i)->clause->readings[k].name; }
rl_verdict rl_report_reading_verdict(const rl_report *r, size_t i, size_t k) { return (rl_verdict)RD(r, i, k)->verdict; }
double rl_report_reading_weight(const rl_report *r, size_t i, size_t k) { return CL(r, i)->clause->readings[k].weight; }
const char *rl_report_reading_because(const rl_report *r, size_t i, size_t k) { return RD(r, i, k)->because; }
const char *rl_report_reading_excused_by(const rl_report *r, size_t i, size_t k) { return RD(r, i, k)->excused_by; }
size_t rl_report_reading_exception_count(const rl_report *r, size_t i, size_t k) { return RD(r, i, k)->nexceptions; }
const char *rl_report_reading_exception_id(const rl_report *r, size_t i, size_t k, size_t j) { return RD(r, i, k)->exceptions[j].x->id; }
int rl_report_reading_exception_applies(const rl_report *r, size_t i, size_t k, size_t j) { return RD(r, i, k)->exceptions[j].applies; }
const char *rl_report_reading_exception_because(const rl_report *r, size_t i, size_t k, size_t j) { return RD(r, i, k)->exceptions[j].because; }
size_t rl_report_reading_needs_count(const rl_report *r, size_t i, size_t k) { return RD(r, i, k)->nneeds; }
const char *rl_report_reading_need(const rl_report *r, size_t i, size_t k, size_t j) { return RD(r, i, k)->needs[j]; }
size_t rl_report_reading_evidence_count(const rl_report *r, size_t i, size_t k) { return RD(r, i, k)->nevidence; }
const char *rl_report_reading_evidence(const rl_report *r, size_t i, size_t k, size_t j) { return RD(r, i, k)->evidence[j]; }

/* --- access paths ----------------------------------------------------------- */

static void own_field(rl_path_field *pf, const rl_value *v)
{
	memset(pf, 0, sizeof *pf);
	pf->t = v->t;
	switch (v->t) {
	case RL_V_BOOL: pf->b = v->u.b; break;
	case RL_V_NUM: pf->num = v->u.num; break;
	case RL_V_STR:
		pf->n = 1;
		pf->items = rl_xcalloc(1, sizeof *pf->items);
		pf->items[0] = rl_xstrdup(v->u.s);
		break;
	case RL_V_LIST:
		pf->n = v->n;
		pf->items = rl_xcalloc(v->n ? v->n : 1, sizeof *pf->items);
		for (uint32_t i = 0; i < v->n; i++)
			if (v->u.items[i].t == RL_V_STR)
				pf->items[i] = rl_xstrdup(v->u.items[i].u.s);
		break;
	case RL_V_TABLE: pf->t = RL_V_NIL; break;
	default: break;
	}
}

void rl_report_set_paths(rl_report *r, const rl_world *w)
{
	r->npaths = w->npaths;
	r->paths = rl_xcalloc(w->npaths ? w->npaths : 1, sizeof *r->paths);
	r->path_data = rl_xcalloc(w->npaths ? w->npaths : 1, sizeof *r->path_data);
	for (size_t i = 0; i < w->npaths; i++) {
		const rl_path *p = &w->paths[i];
		rl_buf b = {0};
		rl_buf_printf(&b, "%s: model ", p->name);
		rl_value_format(&p->v[RL_P_MODEL], &b);
		rl_buf_puts(&b, " on ");
		rl_value_format(&p->v[RL_P_MODEL_CLOUD], &b);
		rl_buf_puts(&b, ", entry ");
		rl_value_format(&p->v[RL_P_INTERFACE], &b);
		rl_buf_puts(&b, "/");
		rl_value_format(&p->v[RL_P_STATE], &b);
		rl_buf_puts(&b, " on ");
		rl_value_format(&p->v[RL_P_ENTRY_CLOUD], &b);
		r->paths[i] = rl_buf_take(&b);
		rl_path_result *pr = &r->path_data[i];
		pr->id = rl_xstrdup(p->name);
		for (size_t f = 0; f < RL_P_N; f++)
			own_field(&pr->f[f], &p->v[f]);
		static const int hop_fields[RL_HOP_N] = {RL_DE_CLOUD, RL_DE_OPERATOR,
		                                         RL_DE_INTERFACE, RL_DE_STATE};
		pr->nhops = p->nhops;
		pr->hops = rl_xcalloc(p->nhops ? p->nhops : 1, sizeof *pr->hops);
		for (uint32_t h = 0; h < p->nhops; h++) {
			const rl_entity *d = &w->ents[RL_K_DEPLOYMENT][p->hops[h]];
			pr->hops[h].id = rl_xstrdup(d->id);
			for (size_t f = 0; f < RL_HOP_N; f++)
				own_field(&pr->hops[h].f[f], &d->f[hop_fields[f]]);
		}
	}
}

/* --- JSON ------------------------------------------------------------------ */

static void json_num(rl_buf *b, double x)
{
	char num[32];
	rl_format_number(x, num);
	rl_buf_puts(b, num);
}

static void json_list(rl_buf *b, char **items, size_t n)
{
	rl_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			rl_buf_puts(b, ", ");
		rl_json_string(b, items[i]);
	}
	rl_buf_putc(b, ']');
}

/* The path fields of the JSON report, in their fixed order. */
static const int path_json_fields[] = {RL_P_ENTRY, RL_P_ENTRY_CLOUD, RL_P_SELLER,
	RL_P_OPERATOR, RL_P_INTERFACE, RL_P_STATE, RL_P_AUDIENCE, RL_P_PRODUCT,
	RL_P_API_SHARE, RL_P_MODEL, RL_P_MODEL_OWNER, RL_P_MODEL_TIER, RL_P_MODEL_CLOUD,
	RL_P_HOPS, RL_P_STATEFUL, RL_P_DIRECT_API};

/* A path field: its value, or null when it is not set or unknown (the
 * path's "unknown" list names the unknown ones). */
static void json_path_field(rl_buf *b, const rl_path_field *pf)
{
	switch (pf->t) {
	case RL_V_BOOL: rl_buf_puts(b, pf->b ? "true" : "false"); break;
	case RL_V_NUM: json_num(b, pf->num); break;
	case RL_V_STR: rl_json_string(b, pf->items[0]); break;
	case RL_V_LIST: json_list(b, pf->items, pf->n); break;
	default: rl_buf_puts(b, "null"); break;
	}
}

static void json_paths(rl_buf *b, const rl_report *r)
{
	rl_buf_puts(b, ",\n  \"paths\": [");
	for (size_t i = 0; r->path_data && i < r->npaths; i++) {
		const rl_path_result *p = &r->path_data[i];
		rl_buf_puts(b, i ? ",\n    { \"id\": " : "\n    { \"id\": ");
		rl_json_string(b, p->id);
		for (size_t k = 0; k < sizeof path_json_fields / sizeof path_json_fields[0]; k++) {
			int f = path_json_fields[k];
			rl_buf_printf(b, ", \"%s\": ", rl_path_field_name((size_t)f));
			json_path_field(b, &p->f[f]);
		}
		static const char *const hop_names[RL_HOP_N] = {"cloud", "operator",
		                                                "interface", "state"};
		rl_buf_puts(b, ", \"hop_details\": [");
		for (size_t h = 0; h < p->nhops; h++) {
			rl_buf_puts(b, h ? ", { \"id\": " : "{ \"id\": ");
			rl_json_string(b, p->hops[h].id);
			for (size_t f = 0; f < RL_HOP_N; f++) {
				rl_buf_printf(b, ", \"%s\": ", hop_names[f]);
				json_path_field(b, &p->hops[h].f[f]);
			}
			rl_buf_puts(b, " }");
		}
		rl_buf_puts(b, "], \"unknown\": [");
		int first = 1;
		for (size_t k = 0; k < sizeof path_json_fields / sizeof path_json_fields[0]; k++) {
			const rl_path_field *pf = &p->f[path_json_fields[k]];
			int unknown = pf->t == RL_V_UNKNOWN;
			for (size_t j = 0; pf->t == RL_V_LIST && j < pf->n; j++)
				unknown |= pf->items[j] == NULL;
			if (unknown) {
				rl_buf_printf(b, "%s\"%s\"", first ? "" : ", ",
				              rl_path_field_name((size_t)path_json_fields[k]));
				first = 0;
			}
		}
		rl_buf_puts(b, "] }");
	}
	rl_buf_puts(b, " ]");
}

void rl_report_json(const rl_report *r, FILE *out)
{
	rl_buf b = {0};
	rl_buf_printf(&b, "{ \"redline\": \"%s\",\n  \"scenario\": { \"id\": ", REDLINE_VERSION);
	rl_json_string(&b, r->scenario_id);
	rl_buf_puts(&b, ", \"title\": ");
	rl_json_string(&b, r->title);
	rl_buf_puts(&b, ", \"date\": ");
	rl_json_string(&b, r->date);
	rl_buf_puts(&b, ", \"file\": ");
	rl_json_string(&b, r->file);
	rl_buf_printf(&b, " },\n  \"verdict\": \"%s\", \"expected_exposure_usd\": ",
	              rl_verdict_name((rl_verdict)r->verdict));
	if (r->exposure_unquantified)
		rl_buf_puts(&b, "null");
	else
		json_num(&b, r->exposure);
	rl_law_claimants_json(&b, r);
	rl_buf_puts(&b, ",\n  \"clauses\": [");
	for (size_t k = 0; k < r->nclauses; k++) {
		const rl_clause_result *c = &r->clauses[k];
		rl_buf_puts(&b, k ? ",\n    { \"id\": " : "\n    { \"id\": ");
		rl_json_string(&b, c->clause->id);
		rl_buf_puts(&b, ", \"contract\": ");
		rl_json_string(&b, c->contract->id);
		rl_buf_printf(&b, ", \"binding\": %s, \"in_force\": %s, \"verdict\": \"%s\", "
		              "\"p_breach\": ", c->binding ? "true" : "false",
		              c->in_force ? "true" : "false",
		              rl_verdict_name((rl_verdict)c->verdict));
		json_num(&b, c->p_breach);
		rl_buf_puts(&b, ", \"expected_exposure_usd\": ");
		if (isnan(c->exposure))
			rl_buf_puts(&b, "null");
		else
			json_num(&b, c->exposure);
		rl_buf_puts(&b, ",\n      \"readings\": [");
		for (size_t j = 0; j < c->clause->nreadings; j++) {
			const rl_reading_result *rr = &c->readings[j];
			rl_buf_puts(&b, j ? ",\n        { \"name\": " : "\n        { \"name\": ");
			rl_json_string(&b, c->clause->readings[j].name);
			rl_buf_puts(&b, ", \"weight\": ");
			json_num(&b, c->clause->readings[j].weight);
			rl_buf_printf(&b, ", \"verdict\": \"%s\", \"because\": ",
			              rl_verdict_name((rl_verdict)rr->verdict));
			rl_json_string(&b, rr->because ? rr->because : "");
			rl_buf_puts(&b, ", \"evidence\": ");
			json_list(&b, rr->evidence, rr->nevidence);
			rl_buf_puts(&b, ", \"excused_by\": ");
			rl_json_string(&b, rr->excused_by);
			rl_buf_puts(&b, ", \"exceptions\": [");
			for (size_t x = 0; x < rr->nexceptions; x++) {
				const rl_exception_trace *tr = &rr->exceptions[x];
				rl_buf_puts(&b, x ? ", { \"id\": " : " { \"id\": ");
				rl_json_string(&b, tr->x->id);
				rl_buf_printf(&b, ", \"applies\": %s, \"because\": ",
				              tr->applies > 0 ? "true" : tr->applies == 0 ? "false"
				                                                       : "null");
				rl_json_string(&b, tr->because);
				rl_buf_puts(&b, " }");
			}
			rl_buf_puts(&b, rr->nexceptions ? " ]" : "]");
			if (rr->verdict == RL_UNKNOWN) {
				rl_buf_puts(&b, ", \"needs\": ");
				json_list(&b, rr->needs, rr->nneeds);
			}
			if (rr->error) {
				rl_buf_puts(&b, ", \"error\": ");
				rl_json_string(&b, rr->error);
			}
			if (r->rules)
				rl_law_reading_json(&b, r->rules, &c->clause->readings[j]);
			rl_buf_puts(&b, " }");
		}
		rl_buf_puts(&b, " ]");
		if (r->rules) {
			rl_law_clause_json(&b, r->rules, c->clause);
			char *why = rl_law_conclusion(c, r->date);
			rl_buf_puts(&b, ",\n      \"conclusion\": ");
			rl_json_string(&b, why);
			free(why);
			rl_law_turns_on_json(&b, c);
		}
		rl_buf_puts(&b, " }");
	}
	rl_buf_puts(&b, " ],\n  \"counts\": {");
	static const int order[] = {RL_BREACH, RL_CONTESTED, RL_COMPLIANT, RL_UNKNOWN,
	                            RL_NOT_APPLICABLE, RL_ERROR};
	for (size_t i = 0; i < 6; i++)
		rl_buf_printf(&b, "%s \"%s\": %zu", i ? "," : "",
		              rl_verdict_name((rl_verdict)order[i]), r->counts[order[i]]);
	rl_buf_puts(&b, " }");
	json_paths(&b, r);
	rl_law_report_json(&b, r);
	if (r->manifest) {
		rl_buf_puts(&b, ",\n  \"manifest\": ");
		rl_manifest_json(r->manifest, &b);
	}
	rl_buf_puts(&b, " }\n");
	fwrite(b.data, 1, b.len, out);
	rl_buf_free(&b);
}

/* --- text ------------------------------------------------------------------ */

static const char *colour_of(int v)
{
	switch (v) {
	case RL_BREACH: case RL_ERROR: return "\033[1;31m";
	case RL_CONTESTED: return "\033[1;33m";
	case RL_UNKNOWN: return "\033[1;35m";
	case RL_COMPLIANT: return "\033[32m";
	default: return "\033[2m";
	}
}

static void verdict_text(FILE *out, int v, int colour, int width)
{
	if (colour)
		fprintf(out, "%s%-*s\033[0m", colour_of(v), width, rl_verdict_name((rl_verdict)v));
	else
		fprintf(out, "%-*s", width, rl_verdict_name((rl_verdict)v));
}

static void money(FILE *out, double x)
{
	if (x >= 1e9)
		fprintf(out, "$%.1fbn", x / 1e9);
	else if (x >= 1e6)
		fprintf(out, "$%.1fm", x / 1e6);
	else
		fprintf(out, "$%.0f", x);
}

/* Writes n bytes of s for a terminal: control characters (C0, DEL and C1,
 * newlines and escapes included) become '?', so that no text from a rule
 * or scenario can move the cursor, recolour, or forge a line. */
static void tput(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f) {
			fputc('?', out);
		} else if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f) {
			fputc('?', out);
			i++;
		} else {
			fputc(p[i], out);
		}
	}
}

static void tputs(FILE *out, const char *s)
{
	tput(out, s, strlen(s));
}

/* Prints s wrapped at 76 columns with the given indent. */
static void wrapped(FILE *out, const char *s, int indent)
{
	int col = indent;
	fprintf(out, "%*s", indent, "");
	while (*s) {
		s += strspn(s, " \n\r\t");
		size_t word = strcspn(s, " \n\r\t");
		if (!word)
			break;
		if (col > indent && col + 1 + (int)word > 79) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', out);
			col++;
		}
		tput(out, s, word);
		col += (int)word;
		s += word;
	}
	fputc('\n', out);
}

static const char *applies_word(int applies)
{
	return applies > 0 ? "applies" : applies == 0 ? "does not apply" : "is undecided";
}

/* "$20.0bn, claimed by microsoft", or "not quantified" (never $0) when the clause
 * states no exposure. */
static void clause_exposure(FILE *out, const rl_clause_result *c)
{
	if (isnan(c->exposure)) {
		fputs("not quantified", out);
	} else {
		money(out, c->exposure);
	}
	if (c->clause->holder)
		fprintf(out, ", claimed by %s", c->clause->holder);
}

/* The headline: expected exposure per claimant, never summed across them. */
static void text_claimants(FILE *out, const rl_report *r)
{
	rl_claim cl[64];
	size_t n = rl_law_claims(r, cl, 64);
	if (!n) {
		fputs("   expected exposure: ", out);
		money(out, 0);
		return;
	}
	fputs("   expected exposure per claimant (never added):", out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "\n  %-13s ", cl[i].holder);
		if (cl[i].nquantified)
			money(out, cl[i].expected);
		if (cl[i].nunquantified)
			fprintf(out, "%s%zu clause%s not quantified", cl[i].nquantified ? " + " : "",
			        cl[i].nunquantified, cl[i].nunquantified > 1 ? "s" : "");
	}
}

void rl_report_text(const rl_report *r, int colour, FILE *out)
{
	tputs(out, r->scenario_id);
	fputs("  ", out);
	tputs(out, r->date);
	fputc('\n', out);
	if (r->title)
		wrapped(out, r->title, 2);
	fprintf(out, "verdict: ");
	verdict_text(out, r->verdict, colour, 0);
	text_claimants(out, r);
	fputs("\n\n", out);
	for (size_t k = 0; k < r->nclauses; k++) {
		const rl_clause_result *c = &r->clauses[k];
		verdict_text(out, c->verdict, colour, 15);
		tputs(out, c->clause->id);
		if (c->in_force && c->verdict != RL_NOT_APPLICABLE)
			fprintf(out, "  p=%.2f", c->p_breach);
		if (!c->binding)
			fputs("  (non-binding)", out);
		fputc('\n', out);
		if (c->in_force && (c->verdict == RL_BREACH || c->verdict == RL_CONTESTED)) {
			fprintf(out, "%15sexpected exposure: ", "");
			clause_exposure(out, c);
			fputc('\n', out);
		}
		if (!c->in_force) {
			wrapped(out, c->not_in_force, 15);
			continue;
		}
		for (size_t j = 0; j < c->clause->nreadings; j++) {
			const rl_reading_result *rr = &c->readings[j];
			const char *rn = c->clause->readings[j].name;
			fputs("  ", out);
			tputs(out, rn);
			fprintf(out, "%*s ", strlen(rn) < 12 ? (int)(12 - strlen(rn)) : 0, "");
			verdict_text(out, rr->verdict, colour, 0);
			fputc('\n', out);
			if (rr->because && *rr->because)
				wrapped(out, rr->because, 15);
			for (size_t n = 0; n < rr->nneeds; n++) {
				fprintf(out, "%15sneeds: ", "");
				tputs(out, rr->needs[n]);
				fputc('\n', out);
			}
			for (size_t x = 0; x < rr->nexceptions; x++) {
				const rl_exception_trace *tr = &rr->exceptions[x];
				if (rr->excused_by == tr->x->id)
					continue;       /* the because already says it */
				char *line = rl_fmt("exception %s %s: %s", tr->x->id,
				                    applies_word(tr->applies), tr->because);
				wrapped(out, line, 15);
				free(line);
			}
		}
	}
	fprintf(out, "\n%zu breach, %zu contested, %zu compliant, %zu unknown, "
	        "%zu not applicable, %zu error\n", r->counts[RL_BREACH],
	        r->counts[RL_CONTESTED], r->counts[RL_COMPLIANT], r->counts[RL_UNKNOWN],
	        r->counts[RL_NOT_APPLICABLE], r->counts[RL_ERROR]);
}

rl_status rl_report_write(const rl_report *r, rl_format fmt, int colour, FILE *out,
                          char **err)
{
	if (fmt == RL_FMT_JSON)
		rl_report_json(r, out);
	else
		rl_report_text(r, colour, out);
	if (ferror(out)) {
		rl_seterr(err, "output:0: expected to write the report, found a write error");
		return RL_EEVAL;
	}
	return RL_OK;
}

/* Each citation on its own lines: outlet, title, date, then the passage. */
static void explain_cites(FILE *out, const rl_report *r, char *const *cites, size_t n,
                          int indent)
{
	for (size_t i = 0; i < n; i++) {
		const rl_source *src = NULL;
		const rl_quote *q = NULL;
		char *what = NULL;
		int ok = r->rules && rl_sources_cite(r->rules->sources, r->rules->nsources, NULL, 0,
		                                     cites[i], &src, &q, &what) == 1;
		free(what);
		if (!ok) {
			fprintf(out, "%*ssource: %s\n", indent, "", cites[i]);
			continue;
		}
		rl_buf b = {0};
		rl_buf_puts(&b, "source: ");
		rl_source_label(src, &b);
		rl_buf_printf(&b, " [%s]", cites[i]);
		wrapped(out, b.data, indent);
		rl_buf_free(&b);
		if (q) {
			char *p = rl_fmt("\"%s\"", q->text);
			wrapped(out, p, indent + 4);
			free(p);
		}
	}
}

/* label, then text for a terminal, then a newline. */
static void labelled(FILE *out, const char *label, const char *text)
{
	/* Lines after the first are indented past the label: none can pass
	 * for a line of the report. */
	fputs(label, out);
	for (;;) {
		size_t n = strcspn(text, "\n");
		tput(out, text, n);
		fputc('\n', out);
		if (!text[n])
			break;
		text += n + 1;
		fprintf(out, "%*s    ", (int)strlen(label), "");
	}
}

rl_status rl_report_explain(const rl_report *r, size_t i, FILE *out, char **err)
{
	if (i >= r->nclauses) {
		rl_seterr(err, "explain:0: expected a clause index below %zu, found %zu",
		          r->nclauses, i);
		return RL_EINPUT;
	}
	const rl_clause_result *c = &r->clauses[i];
	const rl_clause *cl = c->clause;
	tputs(out, cl->id);
	fputs("  (", out);
	tputs(out, c->contract->id);
	fprintf(out, "%s)\n", c->binding ? "" : ", non-binding");
	wrapped(out, cl->text, 2);
	explain_cites(out, r, cl->cites, cl->ncites, 2);
	{
		char m[32] = "not quantified";
		if (!isnan(cl->exposure))
			rl_law_money(cl->exposure, m, sizeof m);
		fprintf(out, "  holder (may claim): %s; obligor: %s; stated exposure: %s\n",
		        cl->holder ? cl->holder : "unstated", cl->obligor ? cl->obligor : "unstated", m);
	}
	fprintf(out, "\nverdict on %s: %s  p_breach=%.2f\n", r->date,
	        rl_verdict_name((rl_verdict)c->verdict), c->p_breach);
	if (!c->in_force)
		labelled(out, "  ", c->not_in_force);
	for (size_t j = 0; j < cl->nreadings; j++) {
		const rl_reading_result *rr = &c->readings[j];
		fputs("\nreading ", out);
		tputs(out, cl->readings[j].name);
		fprintf(out, " (weight %.2f): %s\n", cl->readings[j].weight,
		        rl_verdict_name((rl_verdict)rr->verdict));
		if (cl->readings[j].doc)
			wrapped(out, cl->readings[j].doc, 2);
		explain_cites(out, r, cl->readings[j].cites, cl->readings[j].ncites, 2);
		if (rr->because)
			labelled(out, "  because: ", rr->because);
		if (rr->excused_by)
			labelled(out, "  excused by: ", rr->excused_by);
		for (size_t x = 0; x < rr->nexceptions; x++) {
			char *label = rl_fmt("  exception %s %s: ", rr->exceptions[x].x->id,
			                     applies_word(rr->exceptions[x].applies));
			labelled(out, label, rr->exceptions[x].because);
			free(label);
		}
		for (size_t n = 0; n < rr->nevidence; n++)
			labelled(out, "  evidence: ", rr->evidence[n]);
		for (size_t n = 0; n < rr->nneeds; n++)
			labelled(out, "  needs: ", rr->needs[n]);
		for (size_t n = 0; n < rr->nconsulted; n++)
			labelled(out, "  consulted path: ", rr->consulted[n]);
		if (rr->error)
			labelled(out, "  error: ", rr->error);
	}
	fprintf(out, "\naccess paths of this world:\n");
	for (size_t p = 0; p < r->npaths; p++)
		labelled(out, "  ", r->paths[p]);
	return RL_OK;
}

rl_status rl_report_explain_exception(const rl_report *r, const char *id, FILE *out,
                                      char **err)
{
	const rl_clause_result *c = NULL;
	const rl_exception *x = NULL;
	for (size_t i = 0; i < r->nclauses && !x; i++)
		for (size_t j = 0; j < r->clauses[i].clause->nreadings && !x; j++)
			for (size_t t = 0; t < r->clauses[i].readings[j].nexceptions && !x; t++)
				if (strcmp(r->clauses[i].readings[j].exceptions[t].x->id, id) == 0)
					c = &r->clauses[i], x = r->clauses[i].readings[j].exceptions[t].x;
	if (!x) {
		rl_seterr(err, "%s:0: expected %s to be in force and considered by a clause "
		          "of the scenario, found it not considered on %s (not in force, its "
		          "clause left out or not in force, or no reading of that name)",
		          r->file, id, r->date);
		return RL_EINPUT;
	}
	const rl_clause *cl = c->clause;
	fprintf(out, "%s  (exception to %s)\n", x->id, cl->id);
	if (x->text)
		wrapped(out, x->text, 2);
	if (x->source)
		fprintf(out, "  source: %s\n", x->source);
	fprintf(out, "\n%s on %s: %s  p_breach=%.2f\n", cl->id, r->date,
	        rl_verdict_name((rl_verdict)c->verdict), c->p_breach);
	for (size_t j = 0; j < cl->nreadings; j++) {
		const rl_reading_result *rr = &c->readings[j];
		fprintf(out, "\nreading %s (weight %.2f): %s%s\n", cl->readings[j].name,
		        cl->readings[j].weight, rl_verdict_name((rl_verdict)rr->verdict),
		        rr->excused_by == x->id ? " (excused by this exception)" : "");
		const rl_exception_trace *tr = NULL;
		for (size_t t = 0; t < rr->nexceptions; t++)
			if (rr->exceptions[t].x == x)
				tr = &rr->exceptions[t];
		if (!tr) {
			fputs("  not considered: the exception has no reading of this name\n", out);
			continue;
		}
		for (size_t n = 0; n < x->nreadings; n++)
			if (x->docs && x->docs[n] && strcmp(x->readings[n], cl->readings[j].name) == 0)
				wrapped(out, x->docs[n], 2);
		fprintf(out, "  %s: %s\n", applies_word(tr->applies), tr->because);
		if (tr->applies > 0 && rr->excused_by != x->id)
			fputs("  (the reading was not a breach: nothing to excuse)\n", out);
		if (rr->because)
			fprintf(out, "  the reading: %s\n", rr->because);
	}
	return RL_OK;
}

/* A fact as JSON: numbers in the one format, lists as arrays, unknown and
 * unset as null. */
void rl_json_value(rl_buf *o, const rl_value *v)
{
	char num[32];
	switch (v->t) {
	case RL_V_NUM: rl_format_number(v->u.num, num); rl_buf_puts(o, num); break;
	case RL_V_BOOL: rl_buf_puts(o, v->u.b ? "true" : "false"); break;
	case RL_V_STR: rl_json_string(o, v->u.s); break;
	case RL_V_LIST:
		rl_buf_putc(o, '[');
		for (uint32_t i = 0; i < v->n; i++) {
			if (i)
				rl_buf_putc(o, ',');
			rl_json_value(o, &v->u.items[i]);
		}
		rl_buf_putc(o, ']');
		break;
	default: rl_buf_puts(o, "null"); break;    /* unknown and nil */
	}
}
