/* eval.c - running checks and exceptions, and the verdict algebra. */
#include "eval.h"
#include "law.h"
#include "sources.h"
#include "manifest.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "loader.h"
#include "paths.h"

static const char *const verdict_names[RL_NVERDICTS] = {"not_applicable",
	"compliant", "unknown", "contested", "breach", "error"};

const char *rl_verdict_name(rl_verdict v)
{
	return (unsigned)v < RL_NVERDICTS ? verdict_names[v] : "?";
}

int rl_verdict_parse(const char *name)
{
	for (int v = 0; v < RL_NVERDICTS; v++)
		if (strcmp(verdict_names[v], name) == 0)
			return v;
	return -1;
}

/* --- scenarios ------------------------------------------------------------ */

rl_status rl_scenario_load(const rl_engine *e, const char *path, rl_scenario **out,
                           char **err)
{
	rl_model *m = NULL;
	char *msg = NULL;       /* the loader always writes its message */
	rl_status st = rl_load_scenario(e ? &e->limits : NULL, path, &m, &msg);
	if (st != RL_OK) {
		rl_seterr_take(err, msg);
		return st;
	}
	/* Citations are checked against the loaded packs' sources (and the
	 * scenario's own); with no pack loaded (lint of a lone scenario) there
	 * is nothing to check them against. */
	if (e && e->rules.nclauses + e->rules.nsources > 0 &&
	    rl_law_check_sources(&e->rules, m, err)) {
		rl_model_free(m);
		return RL_EINPUT;
	}
	rl_scenario *s = rl_xcalloc(1, sizeof *s);
	s->m = m;
	*out = s;
	return RL_OK;
}

void rl_scenario_free(rl_scenario *s)
{
	if (!s)
		return;
	rl_model_free(s->m);
	free(s);
}

void rl_scenario_manifest(const rl_scenario *s, rl_manifest *man)
{
	const rl_model *m = s ? s->m : NULL;
	for (size_t i = 0; m && i < m->nfiles; i++)
		rl_manifest_add_hashed(man, m->files[i].include ? "include" : "scenario",
		                       m->files[i].path, m->files[i].sha256);
}

const char *rl_scenario_id(const rl_scenario *s)
{
	return s->m->ents[RL_K_SCENARIO][0].id;
}

const char *rl_scenario_file(const rl_scenario *s)
{
	return s->m->file;
}

const char *rl_scenario_date(const rl_scenario *s)
{
	return s->m->ents[RL_K_SCENARIO][0].f[RL_SC_DATE].u.s;
}

size_t rl_scenario_expect_count(const rl_scenario *s)
{
	return s->m->nexpect;
}

const char *rl_scenario_expect_clause(const rl_scenario *s, size_t i)
{
	return i < s->m->nexpect ? s->m->expect[i].clause : NULL;
}

rl_verdict rl_scenario_expect_verdict(const rl_scenario *s, size_t i)
{
	return i < s->m->nexpect ? (rl_verdict)s->m->expect[i].verdict : RL_ERROR;
}

const char *rl_scenario_expect_date(const rl_scenario *s, size_t i)
{
	return i < s->m->nexpect ? s->m->expect[i].date : NULL;
}

int rl_scenario_expect_line(const rl_scenario *s, size_t i)
{
	return i < s->m->nexpect ? s->m->expect[i].line : 0;
}

/* --- evaluators ----------------------------------------------------------- */

/* A Lua state with the rule packs loaded into rules. */
static rl_status load_state(const rl_engine *e, rl_check_ctx *ctx, rl_sandbox **sbp,
                            rl_rules *rules, char **err)
{
	rl_sandbox *sb = rl_sandbox_new(&e->limits);
	if (!sb) {
		rl_seterr(err, "redline:0: expected memory for a Lua state, found none");
		return RL_EEVAL;
	}
	*sbp = sb;
	rl_world_api_install(sb, ctx);
	for (size_t i = 0; i < e->nfiles; i++) {
		char *msg = NULL;       /* the loader always writes its message */
		rl_status st = rl_load_rules(sb, e->files[i].path, e->files[i].text,
		                             e->files[i].len, e->files[i].code, e->files[i].code_len,
		                             NULL, NULL, (int)i, rules, NULL, &e->includes, &msg);
		if (st != RL_OK) {
			rl_seterr_take(err, msg);
			return st;
		}
	}
	rl_rules_sort(rules);
	if (rl_rules_link(rules, err))
		return RL_EINPUT;
	return RL_OK;
}

/* Handles carry a 20-bit check generation: before it wraps (a handle kept
 * by a script from 2^20 checks ago would be accepted again), the
 * evaluator starts over in a fresh Lua state. */
static void renew_if_worn(rl_evaluator *ev)
{
	if (ev->ctx.gen < 0xfffffu - 0x10000u)
		return;
	rl_sandbox *sb = NULL;
	rl_rules rules;
	memset(&rules, 0, sizeof rules);
	char *err = NULL;
	rl_status st = load_state(ev->e, &ev->ctx, &sb, &rules, &err);
	free(err);
	if (st != RL_OK || rules.nclauses != ev->rules.nclauses) {
		/* The packs loaded once: keep going in the old state, whose
		 * handles stay checked by generation until it wraps. */
		rl_rules_free(&rules);
		rl_sandbox_free(sb);
		return;
	}
	rl_rules_free(&ev->rules);
	rl_sandbox_free(ev->sb);
	ev->rules = rules;
	ev->sb = sb;
	ev->ctx.gen = 0;
}

static int cmp_day(const void *x, const void *y)
{
	int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
	return (a > b) - (a < b);
}

/* The dates at which a clause can come into or go out of force. */
static void collect_breaks(rl_evaluator *ev)
{
	const rl_rules *r = &ev->rules;
	size_t n = 0;
	ev->breaks = rl_xcalloc(2 * (r->ncontracts + r->nclauses) + 1, sizeof *ev->breaks);
	for (size_t i = 0; i < r->ncontracts; i++) {
		if (r->contracts[i].effective != RL_NO_DATE)
			ev->breaks[n++] = r->contracts[i].effective;
		if (r->contracts[i].ends != RL_NO_DATE)
			ev->breaks[n++] = r->contracts[i].ends;
	}
	for (size_t k = 0; k < r->nclauses; k++) {
		if (r->clauses[k].effective != RL_NO_DATE)
			ev->breaks[n++] = r->clauses[k].effective;
		if (r->clauses[k].ends != RL_NO_DATE)
			ev->breaks[n++] = r->clauses[k].ends;
	}
	qsort(ev->breaks, n, sizeof *ev->breaks, cmp_day);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (!u || ev->breaks[u - 1] != ev->breaks[i])
			ev->breaks[u++] = ev->breaks[i];
	ev->nbreaks = u;
}

/* How many of the rules' dates are on or before day. */
static size_t epoch_of(const rl_evaluator *ev, int32_t day)
{
	size_t lo = 0, hi = ev->nbreaks;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ev->breaks[mid] <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

rl_status rl_evaluator_new(const rl_engine *e, rl_evaluator **out, char **err)
{
	if (!e->sealed) {
		rl_seterr(err, "redline:0: expected a sealed engine (rl_engine_seal), "
		          "found one still loading");
		return RL_EINPUT;
	}
	rl_evaluator *ev = rl_xcalloc(1, sizeof *ev);
	ev->e = e;
	rl_status st = load_state(e, &ev->ctx, &ev->sb, &ev->rules, err);
	if (st != RL_OK) {
		rl_evaluator_free(ev);
		return st;
	}
	collect_breaks(ev);
	if (ev->rules.nclauses != e->rules.nclauses ||
	    ev->rules.nexceptions != e->rules.nexceptions) {
		rl_seterr(err, "redline:0: expected the rule packs to declare the same "
		          "clauses in every Lua state, found them changing");
		rl_evaluator_free(ev);
		return RL_EEVAL;
	}
	*out = ev;
	return RL_OK;
}

void rl_evaluator_free(rl_evaluator *ev)
{
	if (!ev)
		return;
	for (size_t d = 0; d < RL_ACTIVE_DATES; d++) {
		rl_active *a = &ev->active[d];
		for (size_t k = 0; a->why && k < ev->rules.nclauses; k++)
			free(a->why[k]);
		free(a->why);
		free(a->active);
	}
	free(ev->breaks);
	rl_rules_free(&ev->rules);
	rl_sandbox_free(ev->sb);
	rl_check_ctx_free(&ev->ctx);
	free(ev);
}

/* --- running one function ---------------------------------------------------- */

static char **copy_items(char **items, size_t n)
{
	if (!n)
		return NULL;
	char **out = rl_xcalloc(n, sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = rl_xstrdup(items[i]);
	return out;
}

/* Starts a check and calls the function `ref` (a check or an applies) with
 * the world, leaving its two results on the stack.  msg: as for
 * rl_sandbox_call (NULL: no message is built). */
static rl_run call_check(rl_evaluator *ev, int ref, char **msg)
{
	lua_State *L = rl_sandbox_state(ev->sb);
	rl_check_begin(&ev->ctx);
	lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
	rl_push_world(L, &ev->ctx);
	return rl_sandbox_call(ev->sb, 1, 2, 0, msg);
}

/* Calls the function `ref` with w.  kind 0: a check (sets r); kind 1: an
 * exception's applies (returns 1 if it applies; r gets unknown/error). */
static int run(rl_evaluator *ev, int ref, int applies, rl_reading_result *r,
               char **applies_because)
{
	lua_State *L = rl_sandbox_state(ev->sb);
	rl_check_ctx *ctx = &ev->ctx;
	int base = lua_gettop(L);
	char *msg = NULL;
	rl_run rc = call_check(ev, ref, &msg);
	int result = 0;
	if (ctx->stopped) {
		r->verdict = RL_UNKNOWN;
		free(r->because);
		r->because = rl_fmt("reads an unknown fact: %s", ctx->need);
		r->needs = rl_xcalloc(1, sizeof *r->needs);
		r->needs[0] = rl_xstrdup(ctx->need);
		r->nneeds = 1;
		result = -1;
	} else if (rc != RL_RUN_OK) {
		r->verdict = RL_ERROR;
		r->error = rl_xstrdup(rl_cite(ctx, msg));
		free(msg);
		msg = NULL;
		char *nl = strchr(r->error, '\n');
		free(r->because);
		r->because = nl ? rl_xstrndup(r->error, (size_t)(nl - r->error))
		                : rl_xstrdup(r->error);
		result = -1;
	} else if (applies) {
		result = lua_toboolean(L, -2) ? 1 : 0;
		if (applies_because && lua_type(L, -1) == LUA_TSTRING)
			*applies_because = rl_xstrdup(rl_cite(ctx, lua_tostring(L, -1)));
	} else if (!rl_is_verdict(L, -2, ctx)) {
		r->verdict = RL_ERROR;
		const char *fn = ev->e ? "check" : "check";
		r->error = rl_fmt("%s returned %s; expected breach(...), compliant(...), "
		                  "unknown(...) or not_applicable(...)", fn,
		                  luaL_typename(L, -2));
		r->because = rl_xstrdup(r->error);
	} else {
		/* The verdict returned, which need not be the last one built. */
		const char *because;
		char *const *items;
		size_t nitems;
		r->verdict = rl_verdict_of(L, -2, ctx, &because, &items, &nitems);
		r->because = rl_xstrdup(because);
		if (r->verdict == RL_UNKNOWN) {
			r->needs = copy_items((char **)items, nitems);
			r->nneeds = nitems;
		} else {
			r->evidence = copy_items((char **)items, nitems);
			r->nevidence = nitems;
		}
	}
	if (ctx->trace && !applies && ctx->nconsulted) {
		r->consulted = rl_xcalloc(ctx->nconsulted, sizeof *r->consulted);
		for (size_t i = 0; i < ctx->nconsulted; i++)
			r->consulted[i] = rl_xstrdup(ctx->w->paths[ctx->consulted[i]].name);
		r->nconsulted = ctx->nconsulted;
	}
	free(msg);
	lua_settop(L, base);
	return result;
}

static void free_strs(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

/* The applies function exception xi has for reading `name` on `day`: its
 * reading of that name, or its single applies; -1 when it is not in force
 * or has no such reading. */
static int exception_ref(const rl_rules *rules, size_t xi, const char *name, int32_t day)
{
	const rl_exception *x = &rules->exceptions[xi];
	if (!rl_exception_in_force(rules, xi, day))
		return -1;
	if (x->nreadings == 0)
		return x->refs[0];
	for (size_t n = 0; n < x->nreadings; n++)
		if (strcmp(x->readings[n], name) == 0)
			return x->refs[n];
	return -1;
}

/* Runs every exception of clause k in force with a reading for reading j
 * (or a single applies), records each in r->exceptions, and lets the first
 * that applies excuse a breach; an undecided one decides a breach (unknown
 * or error).  A reading that is not a breach keeps its verdict: the trace
 * says why each exception would or would not have applied. */
static void apply_exceptions(rl_evaluator *ev, size_t k, size_t j, int32_t day,
                             rl_reading_result *r)
{
	const rl_rules *rules = &ev->rules;
	const rl_clause *cl = &rules->clauses[k];
	const char *name = cl->readings[j].name;
	int breach = r->verdict == RL_BREACH;
	for (size_t i = 0; i < cl->nexceptions; i++) {
		size_t xi = cl->exceptions[i];
		const rl_exception *x = &ev->e->rules.exceptions[xi];
		int ref = exception_ref(rules, xi, name, day);
		if (ref < 0)
			continue;
		rl_reading_result probe = {0};
		char *why = NULL;
		int applies = run(ev, ref, 1, &probe, &why);
		r->exceptions = rl_xrealloc(r->exceptions, r->nexceptions + 1,
		                            sizeof *r->exceptions);
		rl_exception_trace *tr = &r->exceptions[r->nexceptions++];
		tr->x = x;
		tr->applies = applies;
		tr->because = applies < 0 ? rl_xstrdup(probe.because ? probe.because : "")
		                          : rl_xstrdup(why ? why : "");
		if (applies < 0 && breach && r->verdict == RL_BREACH) {
			/* unknown or error: it decides the reading */
			free(r->because);
			free_strs(r->evidence, r->nevidence);
			r->evidence = NULL;
			r->nevidence = 0;
			r->verdict = probe.verdict;
			r->because = rl_fmt("exception %s: %s", x->id, probe.because);
			r->needs = probe.needs;
			r->nneeds = probe.nneeds;
			r->error = probe.error;
			probe.needs = NULL;
			probe.nneeds = 0;
			probe.error = NULL;
		} else if (applies > 0 && breach && r->verdict == RL_BREACH) {
			r->verdict = RL_COMPLIANT;
			r->excused_by = x->id;
			char *b = rl_fmt("%s; excused by %s%s%s", r->because, x->id,
			                 why ? ": " : "", why ? why : "");
			free(r->because);
			r->because = b;
		}
		free(probe.because);
		free_strs(probe.needs, probe.nneeds);
		free(probe.error);
		free_strs(probe.evidence, probe.nevidence);
		free_strs(probe.consulted, probe.nconsulted);
		free(why);
	}
}

static int scenario_contracts(const rl_model *m, const char *id)
{
	const rl_value *c = &m->ents[RL_K_SCENARIO][0].f[RL_SC_CONTRACTS];
	if (c->t != RL_V_LIST)
		return 1;
	for (uint32_t i = 0; i < c->n; i++)
		if (c->u.items[i].t == RL_V_STR && strcmp(c->u.items[i].u.s, id) == 0)
			return 1;
	return 0;
}

/* docs/semantics.md: a clause's verdict from what its readings found. */
int rl_eval_clause_algebra(int any_error, int all_na, int any_unknown, double p)
{
	if (any_error)
		return RL_ERROR;
	if (all_na)
		return RL_NOT_APPLICABLE;
	if (p >= 1 - 1e-9)
		return RL_BREACH;
	if (p > 1e-12)
		return RL_CONTESTED;
	if (any_unknown)
		return RL_UNKNOWN;
	return RL_COMPLIANT;
}

static int clause_verdict(const rl_clause_result *cr, size_t n)
{
	int any_error = 0, any_unknown = 0, all_na = 1;
	for (size_t j = 0; j < n; j++) {
		int v = cr->readings[j].verdict;
		any_error |= v == RL_ERROR;
		any_unknown |= v == RL_UNKNOWN;
		all_na &= v == RL_NOT_APPLICABLE;
	}
	return rl_eval_clause_algebra(any_error, all_na, any_unknown, cr->p_breach);
}

/* The order in which a verdict raises the scenario's. */
static int severity(int v)
{
	static const int rank[RL_NVERDICTS] = {0, 1, 2, 3, 4, 5};
	return rank[v];
}

/* Which clauses are in the scenario's contracts and in force on w's date,
 * kept per epoch (rl_active) for the model last evaluated: a batch varies
 * the date and never the model. */
static const rl_active *active_on(rl_evaluator *ev, const rl_world *w, const rl_model *m)
{
	const rl_rules *rules = &ev->rules;
	const rl_engine *e = ev->e;
	if (ev->active_model != (const void *)m) {
		for (size_t d = 0; d < RL_ACTIVE_DATES; d++)
			ev->active[d].valid = 0;
		ev->active_model = m;
		ev->last = NULL;
	}
	if (ev->last && ev->last_date == w->date)
		return ev->last;
	size_t epoch = epoch_of(ev, w->date);
	ev->last_date = w->date;
	for (size_t d = 0; d < RL_ACTIVE_DATES; d++)
		if (ev->active[d].valid && ev->active[d].epoch == epoch)
			return ev->last = &ev->active[d];
	rl_active *a = &ev->active[ev->active_next];
	ev->active_next = (ev->active_next + 1) % RL_ACTIVE_DATES;
	if (!a->active) {
		a->active = rl_xcalloc(rules->nclauses + 1, 1);
		a->why = rl_xcalloc(rules->nclauses + 1, sizeof *a->why);
	}
	for (size_t k = 0; k < rules->nclauses; k++) {
		const rl_contract *ct = &e->rules.contracts[e->rules.clauses[k].contract];
		char why[256] = "";
		free(a->why[k]);
		a->why[k] = NULL;
		if (!scenario_contracts(m, ct->id)) {
			a->active[k] = -1;
			continue;
		}
		a->active[k] = (signed char)rl_clause_in_force(rules, k, w->date, why, sizeof why);
		if (!a->active[k])
			a->why[k] = rl_xstrdup(why);
	}
	a->epoch = epoch;
	a->valid = 1;
	return ev->last = a;
}

rl_report *rl_eval_world(rl_evaluator *ev, rl_world *w, const rl_model *m,
                         int details, int trace)
{
	renew_if_worn(ev);
	const rl_rules *rules = &ev->rules;
	const rl_engine *e = ev->e;
	rl_check_ctx *ctx = &ev->ctx;
	ctx->w = w;
	ctx->details = details;
	ctx->trace = trace;
	rl_report *r = rl_xcalloc(1, sizeof *r);
	const rl_entity *sc = &m->ents[RL_K_SCENARIO][0];
	r->scenario_id = rl_xstrdup(sc->id);
	r->title = sc->f[RL_SC_TITLE].t == RL_V_STR ? rl_xstrdup(sc->f[RL_SC_TITLE].u.s) : NULL;
	char day[11];
	rl_date_format(w->date, day);
	r->date = rl_xstrdup(day);
	r->file = rl_xstrdup(m->file);
	r->clauses = rl_xcalloc(rules->nclauses, sizeof *r->clauses);
	r->verdict = RL_NOT_APPLICABLE;
	const rl_active *act = active_on(ev, w, m);
	for (size_t k = 0; k < rules->nclauses; k++) {
		const rl_clause *cl = &e->rules.clauses[k];
		const rl_contract *ct = &e->rules.contracts[cl->contract];
		if (act->active[k] < 0)
			continue;
		rl_clause_result *cr = &r->clauses[r->nclauses++];
		cr->clause = cl;
		cr->contract = ct;
		cr->binding = ct->binding;
		cr->readings = rl_xcalloc(cl->nreadings, sizeof *cr->readings);
		const char *why = act->why[k];
		cr->in_force = act->active[k];
		if (!cr->in_force)
			cr->not_in_force = rl_xstrdup(why);
		double p = 0;
		for (size_t j = 0; j < cl->nreadings; j++) {
			rl_reading_result *rr = &cr->readings[j];
			if (!cr->in_force) {
				rr->verdict = RL_NOT_APPLICABLE;
				rr->because = rl_xstrdup(why);
				continue;
			}
			run(ev, rules->clauses[k].readings[j].ref, 0, rr, NULL);
			apply_exceptions(ev, k, j, w->date, rr);
			if (rr->verdict == RL_BREACH)
				p += cl->readings[j].weight;
		}
		cr->p_breach = cr->in_force ? p : 0;
		cr->verdict = cr->in_force ? clause_verdict(cr, cl->nreadings) : RL_NOT_APPLICABLE;
		if (cr->verdict == RL_ERROR)
			cr->p_breach = p;
		cr->exposure = isnan(cl->exposure) ? NAN : cr->p_breach * cl->exposure;
		r->counts[cr->verdict]++;
		if (cr->binding && severity(cr->verdict) > severity(r->verdict))
			r->verdict = cr->verdict;
	}
	r->rules = &e->rules;
	rl_law_headline(r);      /* exposure per claimant, never summed across them */
	if (details) {
		rl_report_set_paths(r, w);
		rl_law_set_facts(r, m, &e->rules);
	}
	ctx->w = NULL;
	return r;
}

rl_status rl_evaluate(rl_evaluator *ev, const rl_scenario *s,
                      const rl_eval_options *opt, rl_report **out, char **err)
{
	const rl_model *m = s->m;
	const rl_value *c = &m->ents[RL_K_SCENARIO][0].f[RL_SC_CONTRACTS];
	if (c->t == RL_V_LIST)
		for (uint32_t i = 0; i < c->n; i++)
			if (c->u.items[i].t == RL_V_STR &&
			    rl_rules_find_contract(&ev->e->rules, c->u.items[i].u.s) < 0) {
				const rl_entity *sc = &m->ents[RL_K_SCENARIO][0];
				const rl_rules *rr = &ev->e->rules;
				const char **ids = rl_xcalloc(rr->ncontracts + 1, sizeof *ids);
				for (size_t k = 0; k < rr->ncontracts; k++)
					ids[k] = rr->contracts[k].id;
				const char *near = rl_nearest(c->u.items[i].u.s, ids, rr->ncontracts);
				rl_seterr(err, "%s:%d: expected contracts to name loaded contracts, "
				          "found '%s' (nearest: '%s'; is its rule pack loaded with -r?)",
				          sc->file, sc->line, c->u.items[i].u.s, near ? near : "none");
				free(ids);
				return RL_EINPUT;
			}
	rl_world *w = rl_world_new(m);
	if (opt && opt->date) {
		int32_t days;
		if (rl_date_parse(opt->date, &days)) {
			rl_seterr(err, "--at:0: expected a date YYYY-MM-DD, found '%s'", opt->date);
			rl_world_free(w);
			return RL_EINPUT;
		}
		rl_world_set_date(w, days);
	}
	if (rl_paths_compute(w, err)) {
		rl_world_free(w);
		return RL_EINPUT;
	}
	ev->active_model = NULL;        /* a model may reuse a freed one's address */
	*out = rl_eval_world(ev, w, m, 1, opt ? opt->trace : 0);
	rl_world_free(w);
	(*out)->manifest = rl_manifest_new();
	rl_engine_manifest(ev->e, (*out)->manifest);
	rl_scenario_manifest(s, (*out)->manifest);
	return RL_OK;
}

/* --- verdicts only, for batches ----------------------------------------------- */

void rl_verdicts_init(rl_verdicts *v, const rl_evaluator *ev)
{
	const rl_rules *rules = &ev->e->rules;
	size_t n = rules->nclauses ? rules->nclauses : 1;
	memset(v, 0, sizeof *v);
	v->clause = rl_xcalloc(n, sizeof *v->clause);
	v->in_force = rl_xcalloc(n, 1);
	v->verdict = rl_xcalloc(n, 1);
	v->p_breach = rl_xcalloc(n, sizeof *v->p_breach);
	v->exposure = rl_xcalloc(n, sizeof *v->exposure);
	v->slot = rl_xcalloc(n, sizeof *v->slot);
	for (size_t k = 0; k < rules->nclauses; k++) {
		v->slot[k] = v->nslots;
		v->nslots += rules->clauses[k].nreadings;
	}
	v->reading = rl_xcalloc(v->nslots ? v->nslots : 1, 1);
}

void rl_verdicts_free(rl_verdicts *v)
{
	free(v->clause);
	free(v->in_force);
	free(v->verdict);
	free(v->p_breach);
	free(v->exposure);
	free(v->slot);
	free(v->reading);
	free(v->weight);
	memset(v, 0, sizeof *v);
}

static void add_reads(rl_reads *acc, const rl_check_ctx *ctx)
{
	for (int k = 0; k < RL_NKINDS; k++)
		acc->fields[k] |= ctx->reads[k];
	acc->paths |= ctx->read_paths;
	acc->date |= ctx->read_date;
	acc->params |= ctx->read_params;
	if (ctx->cmp.any)
		rl_compared_merge(&acc->cmp, &ctx->cmp);
}

/* Runs a check (applies = 0: returns its verdict) or an exception's
 * applies (returns 1 or 0; or -1 with *decided set when it read an unknown
 * fact or failed), keeping no texts.  What it read is added to acc. */
static int run_quick(rl_evaluator *ev, int ref, int applies, rl_reads *acc, int *decided)
{
	lua_State *L = rl_sandbox_state(ev->sb);
	rl_check_ctx *ctx = &ev->ctx;
	int base = lua_gettop(L);
	rl_run rc = call_check(ev, ref, NULL);
	add_reads(acc, ctx);
	int result;
	if (ctx->stopped) {
		*decided = RL_UNKNOWN;
		result = -1;
	} else if (rc != RL_RUN_OK) {
		*decided = RL_ERROR;
		result = -1;
	} else if (applies) {
		result = lua_toboolean(L, -2) ? 1 : 0;
	} else if (!rl_is_verdict(L, -2, ctx)) {
		*decided = RL_ERROR;
		result = -1;
	} else {
		const char *because;
		char *const *items;
		size_t nitems;
		*decided = rl_verdict_of(L, -2, ctx, &because, &items, &nitems);
		result = -1;
	}
	lua_settop(L, base);
	return result;
}

/* A reading's verdict after its exceptions, as apply_exceptions decides it. */
static int reading_verdict(rl_evaluator *ev, size_t k, size_t j, int32_t day,
                           rl_reads *acc)
{
	const rl_rules *rules = &ev->rules;
	const rl_clause *cl = &rules->clauses[k];
	int v = RL_ERROR;
	run_quick(ev, cl->readings[j].ref, 0, acc, &v);
	if (cl->nexceptions)
		acc->date = 1;  /* which exceptions are in force depends on it */
	for (size_t i = 0; i < cl->nexceptions && v == RL_BREACH; i++) {
		int ref = exception_ref(rules, cl->exceptions[i], cl->readings[j].name, day);
		if (ref < 0)
			continue;
		int decided = RL_ERROR;
		int applies = run_quick(ev, ref, 1, acc, &decided);
		if (applies < 0)
			v = decided;
		else if (applies)
			v = RL_COMPLIANT;
	}
	return v;
}

int rl_eval_verdicts(rl_evaluator *ev, rl_world *w, const rl_model *m, rl_memo *memo,
                     const uint64_t *key, const rl_world_ready *ready, rl_verdicts *out)
{
	renew_if_worn(ev);
	const rl_rules *rules = &ev->rules;
	const rl_engine *e = ev->e;
	rl_check_ctx *ctx = &ev->ctx;
	ctx->w = w;
	ctx->details = 0;
	ctx->trace = 0;
	const rl_active *act = active_on(ev, w, m);
	out->nclauses = 0;
	out->scenario = RL_NOT_APPLICABLE;
	if (memo)
		rl_memo_begin(memo, key);
	for (size_t k = 0; k < rules->nclauses; k++) {
		if (act->active[k] < 0)
			continue;
		const rl_clause *cl = &e->rules.clauses[k];
		size_t c = out->nclauses++, s = out->slot[k];
		int in_force = act->active[k];
		int any_error = 0, any_unknown = 0, all_na = 1;
		double p = 0;
		out->clause[c] = (uint32_t)k;
		out->in_force[c] = (unsigned char)in_force;
		for (size_t j = 0; j < cl->nreadings; j++) {
			int v = RL_NOT_APPLICABLE;
			if (in_force) {
				v = memo ? rl_memo_get(memo, s + j, key) : -1;
				if (v < 0) {
					if (ready) {
						int rc = ready->fn(ready->arg);
						if (rc) {
							ctx->w = NULL;
							return rc;
						}
						ready = NULL;
					}
					rl_reads acc;   /* all but the numbers compared, which cmp.n counts */
					memset(&acc, 0, offsetof(rl_reads, cmp) + offsetof(rl_compared, t));
					v = reading_verdict(ev, k, j, w->date, &acc);
					if (memo && v != RL_ERROR)
						rl_memo_put(memo, s + j, key, &acc, v);
				}
				out->readings++;
			}
			out->reading[s + j] = (unsigned char)v;
			any_error |= v == RL_ERROR;
			any_unknown |= v == RL_UNKNOWN;
			all_na &= v == RL_NOT_APPLICABLE;
			if (v == RL_BREACH)
				p += out->weight ? out->weight[s + j] : cl->readings[j].weight;
		}
		if (!in_force)
			p = 0;
		int verdict = in_force ? rl_eval_clause_algebra(any_error, all_na, any_unknown, p)
		                       : RL_NOT_APPLICABLE;
		out->verdict[c] = (unsigned char)verdict;
		out->p_breach[c] = p;
		out->exposure[c] = isnan(cl->exposure) ? NAN : p * cl->exposure;
		if (e->rules.contracts[cl->contract].binding &&
		    severity(verdict) > severity(out->scenario))
			out->scenario = verdict;
	}
	ctx->w = NULL;
	return 0;
}
