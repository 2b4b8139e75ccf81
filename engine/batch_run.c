/* batch_run.c - running a batch: workers evaluate blocks of variants, the
 * writer takes them in index order into -o, --db, the statistics and a
 * search's selection (see batch.h). */
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
#include "output.h"
#include "paths.h"
#include "results.h"
#include "sandbox.h"
#include "store.h"
#include "summary.h"
#include "whatif.h"
#include "batch_impl.h"

#define NO_CHANGES UINT32_MAX   /* write_line: not a search, no "changes" */

static int popcount32(uint32_t m)
{
	int n = 0;
	for (; m; m &= m - 1)
		n++;
	return n;
}

int rl_batch_parse_want(const char *want, unsigned *mask, char **err)
{
	*mask = 0;
	if (!want || !*want) {
		rl_seterr(err, "--want:0: expected a verdict (compliant, breach, contested, "
		          "unknown, not_applicable, error), a set V1,V2 or not:V, found nothing");
		return -1;
	}
	int negate = strncmp(want, "not:", 4) == 0;
	char *list = rl_xstrdup(want + (negate ? 4 : 0));
	int rc = 0;
	char *save = NULL;
	for (char *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		int v = rl_verdict_parse(p);
		if (v < 0) {
			static const char *const names[] = {"compliant", "breach", "contested",
			                                    "unknown", "not_applicable", "error"};
			const char *near = rl_nearest(p, names, 6);
			rl_seterr(err, "--want:0: expected a verdict (compliant, breach, contested, "
			          "unknown, not_applicable, error), a set V1,V2 or not:V, found '%s'"
			          "%s%s%s", p, near ? " (nearest: '" : "", near ? near : "",
			          near ? "')" : "");
			rc = -1;
			break;
		}
		*mask |= 1u << v;
	}
	free(list);
	if (!rc && !*mask) {
		rl_seterr(err, "--want:0: expected at least one verdict, found '%s'", want);
		rc = -1;
	}
	if (negate)
		*mask = ((1u << RL_NVERDICTS) - 1) & ~*mask;
	if (!rc && !*mask) {
		rl_seterr(err, "--want:0: expected a verdict left after not:, found '%s' "
		          "excluding every one", want);
		rc = -1;
	}
	return rc;
}

void rl_batch_want_text(unsigned mask, rl_buf *out)
{
	unsigned all = (1u << RL_NVERDICTS) - 1;
	int in = 0, n = 0;
	for (int v = 0; v < RL_NVERDICTS; v++)
		in += !!(mask & (1u << v));
	int negate = in > RL_NVERDICTS - in && in < RL_NVERDICTS;
	unsigned show = negate ? all & ~mask : mask;
	static const int order[] = {RL_BREACH, RL_CONTESTED, RL_COMPLIANT, RL_UNKNOWN,
	                            RL_NOT_APPLICABLE, RL_ERROR};
	if (negate)
		rl_buf_puts(out, "not ");
	for (int i = 0; i < RL_NVERDICTS; i++) {
		int v = order[i];
		if (show & (1u << v)) {
			if (n++)
				rl_buf_puts(out, negate ? " nor " : " or ");
			rl_buf_puts(out, rl_verdict_name((rl_verdict)v));
		}
	}
}

rl_status rl_batch_select_init(const rl_engine *e, const rl_batch *b, rl_batch_select *sel,
                               const char *want, const char *clause, const char *reading,
                               char **err)
{
	memset(sel, 0, sizeof *sel);
	sel->clause = sel->reading = -1;
	sel->max_changes = sel->min_changes = sel->min_short = -1;
	sel->max_exposure = sel->min_exposure = INFINITY;
	if (!want)      /* --minimize alone: any verdict */
		sel->wants = (1u << RL_NVERDICTS) - 1;
	else if (rl_batch_parse_want(want, &sel->wants, err))
		return RL_EINPUT;
	if (reading && !clause) {
		rl_seterr(err, "--reading:0: expected --clause with --reading, found none");
		return RL_EINPUT;
	}
	if (!clause) {
		/* The scenario is compliant when nothing binding is found wanting. */
		if (sel->wants == 1u << RL_COMPLIANT)
			sel->wants |= 1u << RL_NOT_APPLICABLE;
		return RL_OK;
	}
	long k = rl_engine_find_clause(e, clause);
	const rl_value *c = &b->base->m->ents[RL_K_SCENARIO][0].f[RL_SC_CONTRACTS];
	int in_scenario = k >= 0 && c->t != RL_V_LIST;
	for (uint32_t i = 0; k >= 0 && c->t == RL_V_LIST && i < c->n; i++)
		in_scenario |= strcmp(c->u.items[i].u.s,
		                      e->rules.contracts[e->rules.clauses[k].contract].id) == 0;
	if (!in_scenario) {
		const char **ids = rl_xcalloc(e->rules.nclauses + 1, sizeof *ids);
		for (size_t i = 0; i < e->rules.nclauses; i++)
			ids[i] = e->rules.clauses[i].id;
		const char *near = rl_nearest(clause, ids, e->rules.nclauses);
		rl_seterr(err, "--clause:0: expected a clause of the contracts of %s, found '%s'"
		          "%s%s%s", rl_scenario_id(b->base), clause, near ? " (nearest: '" : "",
		          near ? near : "", near ? "')" : "");
		free(ids);
		return RL_EINPUT;
	}
	sel->clause = k;
	if (!reading)
		return RL_OK;
	const rl_clause *cl = &e->rules.clauses[k];
	for (size_t j = 0; j < cl->nreadings; j++)
		if (strcmp(cl->readings[j].name, reading) == 0)
			sel->reading = (long)j;
	if (sel->reading < 0) {
		rl_buf all = {0};
		const char **names = rl_xcalloc(cl->nreadings + 1, sizeof *names);
		for (size_t j = 0; j < cl->nreadings; j++) {
			rl_buf_printf(&all, "%s%s", j ? ", " : "", cl->readings[j].name);
			names[j] = cl->readings[j].name;
		}
		rl_seterr(err, "--reading:0: expected a reading of %s (%s), found '%s' (nearest: "
		          "'%s')", clause, all.data ? all.data : "", reading,
		          rl_nearest(reading, names, cl->nreadings));
		rl_buf_free(&all);
		free(names);
		return RL_EINPUT;
	}
	if (!(sel->wants & ~(1u << RL_CONTESTED))) {
		rl_seterr(err, "--want:0: expected a reading verdict, found 'contested' "
		          "(a clause verdict)");
		return RL_EINPUT;
	}
	return RL_OK;
}

int rl_batch_wanted(const rl_engine *e, const rl_batch_select *sel, const rl_verdicts *v,
                    int *short_by)
{
	int shortn = 0;
	if (sel->clause < 0) {
		unsigned ok = sel->wants | (1u << RL_NOT_APPLICABLE);
		for (size_t c = 0; c < v->nclauses; c++)
			shortn += e->rules.contracts[e->rules.clauses[v->clause[c]].contract].binding &&
			          !(ok & (1u << v->verdict[c]));
		*short_by = shortn;
		return (sel->wants >> v->scenario) & 1u;
	}
	for (size_t c = 0; c < v->nclauses; c++) {
		if (v->clause[c] != (uint32_t)sel->clause)
			continue;
		int got = sel->reading < 0 ? v->verdict[c]
		                           : v->reading[v->slot[sel->clause] + (size_t)sel->reading];
		int yes = (sel->wants >> got) & 1u;
		*short_by = !yes;
		return yes;
	}
	*short_by = 1;
	return 0;
}

/* Is clause k (an engine index) one of the batch scenario's contracts? */
static int in_scenario(const rl_engine *e, const rl_batch *b, size_t k)
{
	const rl_value *c = &b->base->m->ents[RL_K_SCENARIO][0].f[RL_SC_CONTRACTS];
	int keep = c->t != RL_V_LIST;
	for (uint32_t i = 0; c->t == RL_V_LIST && i < c->n; i++)
		keep |= strcmp(c->u.items[i].u.s, e->rules.contracts[e->rules.clauses[k].contract].id) == 0;
	return keep;
}

rl_status rl_batch_select_minimize(const rl_engine *e, const rl_batch *b,
                                   rl_batch_select *sel, const char *what, char **err)
{
	if (strcmp(what, "exposure") != 0 && strncmp(what, "exposure:", 9) != 0) {
		rl_seterr(err, "--minimize:0: expected exposure or exposure:CLAIMANT, found '%s'",
		          what);
		return RL_EINPUT;
	}
	sel->exposure = 1;
	if (!what[8])
		return RL_OK;
	const char *who = what + 9;
	rl_buf known = {0};
	for (size_t k = 0; k < e->rules.nclauses; k++) {
		const rl_clause *cl = &e->rules.clauses[k];
		if (!cl->holder || !in_scenario(e, b, k) || isnan(cl->exposure))
			continue;
		if (strcmp(cl->holder, who) == 0) {
			sel->claimant = cl->holder;
			rl_buf_free(&known);
			return RL_OK;
		}
		if (!known.data || !strstr(known.data, cl->holder)) {
			rl_buf_puts(&known, known.len ? ", " : "");
			rl_buf_puts(&known, cl->holder);
		}
	}
	rl_seterr(err, "--minimize:0: expected a claimant holding a clause with an exposure "
	          "in %s (%s), found '%s'", rl_scenario_id(b->base),
	          known.data ? known.data : "none", who);
	rl_buf_free(&known);
	return RL_EINPUT;
}

void rl_batch_explain_short(const rl_engine *e, const rl_batch_select *sel,
                            const rl_verdicts *v, rl_buf *out)
{
	unsigned ok = sel->wants | (sel->clause < 0 ? 1u << RL_NOT_APPLICABLE : 0);
	for (size_t c = 0; c < v->nclauses; c++) {
		size_t k = v->clause[c];
		const rl_clause *cl = &e->rules.clauses[k];
		if (sel->clause >= 0 ? (long)k != sel->clause
		                     : !e->rules.contracts[cl->contract].binding ||
		                       (ok & (1u << v->verdict[c])))
			continue;
		if (sel->clause >= 0 && sel->reading < 0 && (ok & (1u << v->verdict[c])))
			continue;
		rl_buf_printf(out, "    %s is %s: ", cl->id,
		              rl_verdict_name((rl_verdict)v->verdict[c]));
		int n = 0;
		for (size_t j = 0; j < cl->nreadings; j++) {
			int r = v->reading[v->slot[k] + j];
			if (sel->reading >= 0 ? (long)j != sel->reading : (ok & (1u << r)) != 0)
				continue;
			rl_buf_printf(out, "%s%s under its %s reading", n++ ? ", " : "",
			              rl_verdict_name((rl_verdict)r), cl->readings[j].name);
		}
		if (!n)
			rl_buf_puts(out, "no single reading (the readings together)");
		rl_buf_putc(out, '\n');
	}
}

double rl_batch_exposure(const rl_engine *e, const rl_batch_select *sel, const rl_verdicts *v)
{
	double x = 0;
	for (size_t c = 0; c < v->nclauses; c++) {
		const rl_clause *cl = &e->rules.clauses[v->clause[c]];
		if (!e->rules.contracts[cl->contract].binding || isnan(v->exposure[c]))
			continue;
		if (sel->claimant && (!cl->holder || strcmp(cl->holder, sel->claimant) != 0))
			continue;
		x += v->exposure[c];
	}
	return x;
}

/* --- output ----------------------------------------------------------------------- */


typedef struct block {
	rl_buf text;
	unsigned char *rows;            /* BLOCK x clauses verdicts, for rl_flips */
	unsigned char *rrows;           /* BLOCK x reading slots, for opt->observe */
	rl_whatif_block *wb;            /* the what-would-it-take digest, or NULL */
	unsigned long long first, count;
	rl_clause_stats *stats;            /* per clause */
	unsigned long long findings;
	unsigned long long readings;    /* checks run (in-force clauses' readings) */
	unsigned long long matched;     /* search: variants kept */
	unsigned long long wanted;      /* search: variants with the verdict wanted */
	int min_changes;                /* search: fewest axes changed; -1: none */
	double min_exposure;            /* search: lowest exposure kept */
	unsigned long long kept[RL_SEARCH_FIRST];       /* search: the first kept */
	size_t nkept;
	int min_short;                  /* search: fewest clauses short; -1: none */
	unsigned long long nearest[RL_SEARCH_NEAREST];
	size_t nnearest;
	/* --db: what the store takes of each variant (NULL without). */
	unsigned char *scenario;        /* BLOCK: the scenario verdict */
	size_t *nvc;                    /* BLOCK: its clauses */
	uint32_t *vclause;              /* BLOCK x clauses: their engine indexes */
	double *p, *x;                  /* BLOCK x clauses: p_breach, exposure */
	size_t *pick;                   /* BLOCK x axes */
	double *draw;                   /* BLOCK x axes */
	int done;
	char *err;
} block;

typedef struct shared {
	const rl_engine *e;
	rl_batch *b;
	const rl_batch_options *opt;
	const rl_whatif *wi;            /* read only, while the workers run */
	size_t nclauses, nslots;
	unsigned long long nblocks, next, written;
	size_t ring;
	block *blocks;
	pthread_mutex_t mu;
	/* The writer waits on cv for the next block in order; workers wait on
	 * space for a free slot of the ring. */
	pthread_cond_t cv, space;
	int failed;
	char *err;
	rl_results_writer writer;
	/* --db: one variant as the store takes it (writer thread only). */
	rl_result_value values[MAX_AXES];
	rl_buf lists[MAX_AXES];         /* list values' JSON text */
	rl_result_clause *clauses;
	rl_result_reading *readings;
	size_t *slot;                   /* per engine clause: its first reading slot */
	/* -o: the bytes written since the disk's write-back was last started,
	 * and where that was (writer thread only; rl_out_writeback). */
	size_t lines_unsynced;
	long long lines_synced;
} shared;

/* -o's write-back is started every this many bytes. */
#define WRITEBACK_STEP ((size_t)8 << 20)

/* One line of -o: the variant's axis values and verdicts (results.c). */
static void write_line(shared *sh, rl_results_cache *cache, rl_buf *o, unsigned long long i,
                       const size_t *pick, const double *draw, const rl_verdicts *v,
                       uint32_t changed)
{
	rl_results_write(&sh->writer, cache, o, i, pick, draw, v, changed != NO_CHANGES, changed);
}

/* The variant run_block picked, applied to its world when a reading runs. */
typedef struct lazy_variant {
	const rl_batch *b;
	rl_variant_world *ww;
	const size_t *pick;
	const double *draw;
	char *err;
} lazy_variant;

static int apply_lazily(void *arg)
{
	lazy_variant *lv = arg;
	return rl_variant_apply_picked(lv->b, lv->ww, lv->pick, lv->draw, &lv->err);
}

static void run_block(shared *sh, rl_evaluator *ev, rl_variant_world *ww,
                      rl_results_cache *cache, unsigned long long k, block *out)
{
	const rl_batch *b = sh->b;
	size_t pick[MAX_AXES];
	double draw[MAX_AXES];
	k = rl_shard_block(sh->opt->shard_k, sh->opt->shard_n, k);
	unsigned long long from = k * BLOCK, to = from + BLOCK;
	if (to > b->n)
		to = b->n;
	if (from < sh->opt->resume_from)
		from = sh->opt->resume_from;    /* this block was partly written */
	out->first = from;
	out->count = to > from ? to - from : 0;
	if (out->wb)
		rl_whatif_block_reset(out->wb);
	rl_verdicts *v = &ww->out;
	lazy_variant lv = {b, ww, pick, draw, NULL};
	rl_world_ready ready = {apply_lazily, &lv};
	unsigned long long i;
	for (i = from; i < to; i++) {
		/* With a memo, a variant whose verdicts it holds is not applied to
		 * the world, unless the access paths must be traced again (which
		 * may fail, and must then fail here as it would have). */
		rl_variant_pick(b, ww, i, pick, draw);
		int lazy = ww->memo && !rl_variant_needs_trace(b, ww);
		if (!lazy && rl_variant_apply_picked(b, ww, pick, draw, &lv.err))
			goto failed;
		v->readings = 0;
		if (rl_eval_verdicts(ev, ww->w, b->base->m, ww->memo, ww->key,
		                     lazy ? &ready : NULL, v))
			goto failed;
		out->readings += v->readings;
		if (v->scenario == RL_BREACH || v->scenario == RL_CONTESTED)
			out->findings++;
		for (size_t c = 0; c < v->nclauses; c++) {
			rl_clause_stats *st = &out->stats[c];
			st->counts[v->verdict[c]]++;
			out->rows[(size_t)(i - from) * sh->nclauses + c] = v->verdict[c];
			st->p_sum += v->p_breach[c];
			if (!isnan(v->exposure[c]))
				st->exposure_sum += v->exposure[c];
		}
		if (out->rrows && v->nclauses)
			memcpy(out->rrows + (size_t)(i - from) * sh->nslots, v->reading, sh->nslots);
		if (out->wb)
			rl_whatif_block_add(out->wb, sh->wi, i,
			                    out->rows + (size_t)(i - from) * sh->nclauses,
			                    out->rrows + (size_t)(i - from) * sh->nslots, pick, draw);
		if (out->scenario) {
			size_t r = (size_t)(i - from), n = sh->nclauses, na = b->naxes;
			out->scenario[r] = (unsigned char)v->scenario;
			out->nvc[r] = v->nclauses;
			memcpy(out->vclause + r * n, v->clause, v->nclauses * sizeof *v->clause);
			memcpy(out->p + r * n, v->p_breach, v->nclauses * sizeof *v->p_breach);
			memcpy(out->x + r * n, v->exposure, v->nclauses * sizeof *v->exposure);
			memcpy(out->pick + r * na, pick, na * sizeof *pick);
			memcpy(out->draw + r * na, draw, na * sizeof *draw);
		}
		const rl_batch_select *sel = sh->opt->select;
		uint32_t changed = NO_CHANGES;
		if (sel) {
			changed = rl_variant_changes(b, pick, draw);
			int n = popcount32(changed), shortn = 0;
			int yes = rl_batch_wanted(sh->e, sel, v, &shortn);
			out->wanted += (unsigned long long)yes;
			if (!yes) {
				/* Nearest: fewest clauses short, then fewest axes changed. */
				int rank = shortn * (MAX_AXES + 1) + n;
				if (out->min_short < 0 || rank < out->min_short) {
					out->min_short = rank;
					out->nnearest = 0;
				}
				if (rank == out->min_short && out->nnearest < RL_SEARCH_NEAREST)
					out->nearest[out->nnearest++] = i;
			}
			if (!yes || (sel->max_changes >= 0 && n > sel->max_changes))
				continue;
			double x = sel->exposure ? rl_batch_exposure(sh->e, sel, v) : 0;
			if (sel->exposure && !(x <= sel->max_exposure))
				continue;
			out->matched++;
			if (out->nkept < RL_SEARCH_FIRST)
				out->kept[out->nkept++] = i;
			if (out->min_changes < 0 || n < out->min_changes)
				out->min_changes = n;
			if (x < out->min_exposure)
				out->min_exposure = x;
		}
		if (sh->opt->lines)
			write_line(sh, cache, &out->text, i, pick, draw, v, changed);
	}
	return;
failed:
	out->err = rl_fmt("variant %llu: %s", i, lv.err);
	free(lv.err);
}

/* Zero for both zeros, as a number written to a line and read back is. */
static double plain(double x)
{
	return x == 0 ? 0 : x;
}

/* Whether to wake the writer (sh->mu held): the blocks done in order from
 * the next it writes fill half the ring, or are all there are.  Waking it
 * for every block cost a context switch per block, more than a fast
 * block's work; a ring half full keeps the workers busy meanwhile. */
static int writer_has_work(const shared *sh)
{
	unsigned long long ready = 0;
	while (sh->written + ready < sh->next &&
	       sh->blocks[(sh->written + ready) % sh->ring].done)
		ready++;
	return ready * 2 >= sh->ring || (ready && sh->written + ready == sh->nblocks);
}

/* --db: the block's variants, from their verdicts, in one transaction. */
static rl_status sink_block(shared *sh, block *bl, char **err)
{
	const rl_batch *b = sh->b;
	const rl_rules *rules = &sh->e->rules;
	rl_store *store = sh->opt->store;
	rl_status st = rl_store_begin(store, err);
	for (unsigned long long r = 0; st == RL_OK && r < bl->count; r++) {
		size_t n = sh->nclauses, na = b->naxes, nr = 0;
		for (size_t a = 0; a < na; a++) {
			rl_result_value *x = &sh->values[a];
			const axis *ax = &b->axes[a];
			const rl_value *val = ax->uniform ? NULL : &ax->vals[bl->pick[r * na + a]];
			double num = val ? val->u.num : bl->draw[r * na + a];
			memset(x, 0, sizeof *x);
			if (!val || val->t == RL_V_NUM) {
				x->type = isfinite(num) ? RL_RV_NUM : RL_RV_NULL;
				x->num = plain(num);
			} else if (val->t == RL_V_BOOL) {
				x->type = RL_RV_BOOL;
				x->b = val->u.b;
			} else if (val->t == RL_V_STR) {
				x->type = RL_RV_TEXT;
				x->text = val->u.s;
				x->len = strlen(val->u.s);
			} else if (val->t == RL_V_LIST) {
				sh->lists[a].len = 0;
				rl_json_value(&sh->lists[a], val);
				x->type = RL_RV_JSON;
				x->text = sh->lists[a].data;
				x->len = sh->lists[a].len;
			}
		}
		for (size_t c = 0; c < bl->nvc[r]; c++) {
			size_t k = bl->vclause[r * n + c];
			const rl_clause *cl = &rules->clauses[k];
			rl_result_clause *rc = &sh->clauses[c];
			double x = bl->x[r * n + c];
			rc->id = cl->id;
			rc->verdict = bl->rows[r * n + c];
			rc->p_breach = plain(bl->p[r * n + c]);
			rc->has_exposure = !isnan(x);
			rc->exposure = rc->has_exposure ? plain(x) : 0;
			rc->readings = sh->readings + nr;
			rc->nreadings = cl->nreadings;
			const unsigned char *rv = bl->rrows + r * sh->nslots + sh->slot[k];
			for (size_t j = 0; j < cl->nreadings; j++, nr++) {
				sh->readings[nr].name = cl->readings[j].name;
				sh->readings[nr].pos = j;
				sh->readings[nr].verdict = rv[j];
			}
		}
		rl_result res = {bl->first + r, bl->scenario[r], 1, sh->values, na, sh->clauses,
		                 bl->nvc[r]};
		st = rl_store_put(store, &res, err);
	}
	if (st != RL_OK) {
		rl_store_rollback(store);
		return st;
	}
	return rl_store_commit(store, err);
}

static void fail_run(shared *sh, char *err);

static void *worker(void *arg)
{
	shared *sh = arg;
	rl_evaluator *ev = NULL;
	char *err = NULL;
	rl_variant_world ww;
	memset(&ww, 0, sizeof ww);
	if (rl_evaluator_new(sh->e, &ev, &err) != RL_OK) {
		fail_run(sh, err);
		return NULL;
	}
	ww.w = rl_world_new(sh->b->base->m);
	rl_variant_tables(&ww, sh->b);
	rl_axis_deps deps[MAX_AXES];
	uint64_t nvals[MAX_AXES];       /* the memo's keys: list indices, or a number's bits */
	for (size_t a = 0; a < sh->b->naxes; a++) {
		deps[a] = rl_variant_axis_deps(&sh->b->axes[a]);
		nvals[a] = sh->b->axes[a].uniform ? 0 : sh->b->axes[a].nvals;
	}
	rl_verdicts_init(&ww.out, ev);
	rl_variant_weights_init(sh->b, &ww.out);
	ww.memo = sh->opt->no_memo ? NULL : rl_memo_new(ww.out.nslots, sh->b->naxes, deps,
	                                                            nvals);
	/* -o: this worker's own cache of repeated verdict patterns */
	rl_results_cache *cache = sh->opt->lines ? rl_results_cache_new(&sh->writer, 0) : NULL;
	for (;;) {
		pthread_mutex_lock(&sh->mu);
		while (!sh->failed && sh->next < sh->nblocks && sh->next >= sh->written + sh->ring)
			pthread_cond_wait(&sh->space, &sh->mu);
		if (sh->failed || sh->next >= sh->nblocks) {
			pthread_mutex_unlock(&sh->mu);
			break;
		}
		unsigned long long k = sh->next++;
		pthread_mutex_unlock(&sh->mu);
		block *bl = &sh->blocks[k % sh->ring];
		run_block(sh, ev, &ww, cache, k, bl);
		pthread_mutex_lock(&sh->mu);
		bl->done = 1;
		if (writer_has_work(sh))
			pthread_cond_signal(&sh->cv);
		pthread_mutex_unlock(&sh->mu);
	}
	rl_results_cache_free(cache);
	rl_variant_tables_free(&ww, sh->b);
	/* The world's table values point at our copies; detach before freeing. */
	rl_world_free(ww.w);
	rl_memo_free(ww.memo);
	rl_verdicts_free(&ww.out);
	rl_evaluator_free(ev);
	return NULL;
}

static void write_summary(shared *sh, const rl_clause_stats *tot, unsigned long long variants,
                          unsigned long long findings, const rl_flips *fl, rl_whatif *wi)
{
	const rl_batch *b = sh->b;
	const rl_engine *e = sh->e;
	size_t n = 0;
	const char **ids = rl_xcalloc(e->rules.nclauses + 1, sizeof *ids);
	int *has = rl_xcalloc(e->rules.nclauses + 1, sizeof *has);
	const rl_value *c = &b->base->m->ents[RL_K_SCENARIO][0].f[RL_SC_CONTRACTS];
	for (size_t k = 0; k < e->rules.nclauses; k++) {
		const rl_clause *cl = &e->rules.clauses[k];
		int keep = c->t != RL_V_LIST;
		for (uint32_t i = 0; c->t == RL_V_LIST && i < c->n; i++)
			keep |= strcmp(c->u.items[i].u.s, e->rules.contracts[cl->contract].id) == 0;
		if (keep) {
			has[n] = !isnan(cl->exposure);
			ids[n++] = cl->id;
		}
	}
	rl_tips tp, th;
	char *err = NULL;
	if (rl_tipping_points(e, b, !sh->opt->no_memo, &tp, &err) != RL_OK) {
		fprintf(stderr, "%s\n", err ? err : "tipping points failed");
		free(err);
		err = NULL;
	}
	if (rl_batch_thresholds(e, b, &th, &err) != RL_OK) {
		fprintf(stderr, "%s\n", err ? err : "tipping points failed");
		free(err);
	}
	if (sh->opt->summary_text) {
		fprintf(sh->opt->summary_text, "batch %s over %s: ", b->id, rl_scenario_id(b->base));
		rl_summary_text(sh->opt->summary_text, n, ids, tot, variants, findings);
		rl_law_batch_claimants_text(sh->opt->summary_text, &e->rules, n, ids, has, tot,
		                            variants);
		rl_flips_text(sh->opt->summary_text, fl, b, ids);
		rl_tips_text(sh->opt->summary_text, &tp);
		rl_thresholds_text(sh->opt->summary_text, &th);
	}
	if (wi)
		rl_whatif_finish(wi);
	if (wi && sh->opt->summary_text) {
		fprintf(sh->opt->summary_text, "\nwhat would it take:\n");
		rl_whatif_text(wi, sh->opt->summary_text, 1);
	}
	if (sh->opt->summary_json)
		rl_summary_json(sh->opt->summary_json, n, ids, has, tot, variants, findings, &tp,
		             fl, &th, wi, b, sh->opt->manifest);
	rl_tips_free(&tp);
	rl_tips_free(&th);
	free(ids);
	free(has);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void show_progress(FILE *f, unsigned long long done, unsigned long long total,
                          double elapsed, int last)
{
	double rate = elapsed > 0 ? (double)done / elapsed : 0;
	double eta = rate > 0 ? (double)(total - done) / rate : 0;
	fprintf(f, "\r%llu/%llu variants  %.0f/s  ETA %.0fs   %s", done, total, rate, eta,
	        last ? "\n" : "");
	fflush(f);
}

/* --- the runner ---------------------------------------------------------------- *
 * rl_batch_run in named steps: run_setup (shards, resume, the ring of
 * blocks), the workers, then for each block in index order wait_block,
 * emit_block (-o and --db), fold_block (statistics, search, flips) and
 * release_block; run_status says how it ended and run_free gives back. */

/* Shard K of N (K from 1; 0: the whole batch) takes the global blocks
 * K-1, K-1+N, K-1+2N, ...: this is the one place that says so. */
unsigned long long rl_shard_block(int shard_k, int shard_n, unsigned long long j)
{
	return shard_k > 0 ? (unsigned long long)(shard_k - 1) + j * (unsigned long long)shard_n
	                   : j;
}

unsigned long long rl_shard_blocks(int shard_k, int shard_n, unsigned long long all)
{
	unsigned long long K = (unsigned long long)shard_k, N = (unsigned long long)shard_n;
	if (shard_k <= 0)
		return all;
	return all >= K ? (all - K) / N + 1 : 0;
}

unsigned long long rl_shard_local(int shard_k, int shard_n, unsigned long long g)
{
	unsigned long long K = (unsigned long long)shard_k - 1, N = (unsigned long long)shard_n;
	if (shard_k <= 0)
		return g;
	return g <= K ? 0 : (g - K + N - 1) / N;
}

/* Stops the run (wakes every thread): the first failure's message (owned)
 * is kept, a later one freed; NULL for a cancelled run. */
static void fail_run(shared *sh, char *err)
{
	pthread_mutex_lock(&sh->mu);
	if (!sh->failed) {
		sh->failed = 1;
		sh->err = err;
	} else {
		free(err);
	}
	pthread_cond_broadcast(&sh->cv);
	pthread_cond_broadcast(&sh->space);
	pthread_mutex_unlock(&sh->mu);
}

/* The shared state of a run; returns the number of variants it evaluates. */
static unsigned long long run_setup(shared *sh, const rl_engine *e, rl_batch *b,
                                    const rl_batch_options *opt, int jobs,
                                    const rl_whatif *wi)
{
	memset(sh, 0, sizeof *sh);
	sh->e = e;
	sh->b = b;
	sh->opt = opt;
	sh->wi = wi;
	sh->nclauses = e->rules.nclauses;
	for (size_t k = 0; k < e->rules.nclauses; k++)
		sh->nslots += e->rules.clauses[k].nreadings;
	rl_results_writer_init(&sh->writer, e);
	if (opt->store) {
		sh->clauses = rl_xcalloc(sh->nclauses + 1, sizeof *sh->clauses);
		sh->readings = rl_xcalloc(sh->nslots + 1, sizeof *sh->readings);
		sh->slot = rl_xcalloc(sh->nclauses + 1, sizeof *sh->slot);
		for (size_t k = 1; k < sh->nclauses; k++)
			sh->slot[k] = sh->slot[k - 1] + e->rules.clauses[k - 1].nreadings;
	}
	if (opt->lines) {
		const rl_value *vals[MAX_AXES];
		size_t nvals[MAX_AXES];
		const char *paths[MAX_AXES];    /* for "changes" */
		for (size_t a = 0; a < b->naxes; a++) {
			vals[a] = b->axes[a].uniform ? NULL : b->axes[a].vals;
			nvals[a] = b->axes[a].nvals;
			paths[a] = b->axes[a].path;
		}
		rl_results_writer_axes(&sh->writer, b->naxes, vals, nvals, paths,
		                       RL_RESULTS_AXIS_TEXT);
	}
	rl_batch_base_choices(b);        /* for searches and what-would-it-take */
	unsigned long long all = (b->n + BLOCK - 1) / BLOCK;
	unsigned long long variants = opt->shard_k > 0 ? 0 : b->n;
	sh->nblocks = rl_shard_blocks(opt->shard_k, opt->shard_n, all);
	for (unsigned long long j = 0; opt->shard_k > 0 && j < sh->nblocks; j++) {
		unsigned long long g = rl_shard_block(opt->shard_k, opt->shard_n, j);
		variants += (g + 1) * BLOCK <= b->n ? BLOCK : b->n - g * BLOCK;
	}
	if (opt->resume_from) {
		/* Start at the (shard-local) block holding the next variant. */
		unsigned long long k = rl_shard_local(opt->shard_k, opt->shard_n,
		                                      opt->resume_from / BLOCK);
		sh->next = sh->written = k < sh->nblocks ? k : sh->nblocks;
	}
	sh->ring = (size_t)jobs * 4;
	sh->blocks = rl_xcalloc(sh->ring, sizeof *sh->blocks);
	for (size_t i = 0; i < sh->ring; i++) {
		block *bl = &sh->blocks[i];
		bl->stats = rl_xcalloc(sh->nclauses ? sh->nclauses : 1, sizeof(rl_clause_stats));
		bl->min_changes = -1;
		bl->min_short = -1;
		bl->min_exposure = INFINITY;
		bl->rows = rl_xcalloc((size_t)BLOCK * (sh->nclauses + 1), 1);
		if (opt->observe || wi || opt->store)
			bl->rrows = rl_xcalloc((size_t)BLOCK * (sh->nslots + 1), 1);
		if (wi)
			bl->wb = rl_whatif_block_new(wi);
		if (opt->store) {
			size_t n = sh->nclauses + 1, na = b->naxes + 1;
			bl->scenario = rl_xcalloc(BLOCK, 1);
			bl->nvc = rl_xcalloc(BLOCK, sizeof(size_t));
			bl->vclause = rl_xcalloc((size_t)BLOCK * n, sizeof(uint32_t));
			bl->p = rl_xcalloc((size_t)BLOCK * n, sizeof(double));
			bl->x = rl_xcalloc((size_t)BLOCK * n, sizeof(double));
			bl->pick = rl_xcalloc((size_t)BLOCK * na, sizeof(size_t));
			bl->draw = rl_xcalloc((size_t)BLOCK * na, sizeof(double));
		}
	}
	pthread_mutex_init(&sh->mu, NULL);
	pthread_cond_init(&sh->cv, NULL);
	pthread_cond_init(&sh->space, NULL);
	return variants;
}

static void run_free(shared *sh)
{
	free(sh->err);
	for (size_t i = 0; i < sh->ring; i++) {
		block *bl = &sh->blocks[i];
		rl_buf_free(&bl->text);
		free(bl->rows);
		free(bl->rrows);
		rl_whatif_block_free(bl->wb);
		free(bl->stats);
		free(bl->err);
		free(bl->scenario);
		free(bl->nvc);
		free(bl->vclause);
		free(bl->p);
		free(bl->x);
		free(bl->pick);
		free(bl->draw);
	}
	free(sh->blocks);
	rl_results_writer_free(&sh->writer);
	for (size_t a = 0; a < MAX_AXES; a++)
		rl_buf_free(&sh->lists[a]);
	free(sh->clauses);
	free(sh->readings);
	free(sh->slot);
	pthread_mutex_destroy(&sh->mu);
	pthread_cond_destroy(&sh->cv);
	pthread_cond_destroy(&sh->space);
}

/* The next block in index order, once its worker is done; NULL when the
 * run was cancelled (Ctrl-C) or failed. */
static block *wait_block(shared *sh, int *interrupted)
{
	const rl_batch_options *opt = sh->opt;
	pthread_mutex_lock(&sh->mu);
	block *bl = &sh->blocks[sh->written % sh->ring];
	int cancelled;
	/* The workers wake the writer only every few blocks (writer_has_work):
	 * it looks at Ctrl-C every 50 ms meanwhile. */
	for (;;) {
		cancelled = opt->cancel && *opt->cancel;
		if (cancelled || bl->done || sh->failed)
			break;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 50000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&sh->cv, &sh->mu, &until);
	}
	int stop = !bl->done;
	pthread_mutex_unlock(&sh->mu);
	if (cancelled) {
		*interrupted = 1;
		fail_run(sh, NULL);
		return NULL;
	}
	if (stop)
		return NULL;
	if (bl->err) {
		char *why = bl->err;
		bl->err = NULL;
		fail_run(sh, why);
		return NULL;
	}
	return bl;
}

/* The block's lines to -o and its variants to --db; -1 (the run failed)
 * when either cannot be written. */
static int emit_block(shared *sh, block *bl)
{
	const rl_batch_options *opt = sh->opt;
	char *serr = NULL;
	if (opt->lines && bl->text.len &&
	    (fwrite(bl->text.data, 1, bl->text.len, opt->lines) != bl->text.len ||
	     ferror(opt->lines))) {
		/* A full disk: stop now, with the reason, not at the end. */
		fail_run(sh, rl_fmt("%s:0: expected to write the output, found %s",
		                    opt->lines_path ? opt->lines_path : "output",
		                    errno ? strerror(errno) : "a write error"));
		return -1;
	}
	if (opt->lines && (sh->lines_unsynced += bl->text.len) >= WRITEBACK_STEP) {
		rl_out_writeback(opt->lines, &sh->lines_synced);
		sh->lines_unsynced = 0;
	}
	if (opt->store && bl->count && sink_block(sh, bl, &serr)) {
		fail_run(sh, serr);
		return -1;
	}
	return 0;
}

/* What a run adds up as blocks arrive. */
typedef struct run_totals {
	rl_clause_stats *tot;
	unsigned long long findings, readings;
	rl_flips fl;
	rl_whatif *wi;
} run_totals;

static void select_reset(rl_batch_select *sel)
{
	sel->matched = sel->wanted = 0;
	sel->min_changes = sel->min_short = -1;
	sel->min_exposure = INFINITY;
	sel->nfirst = sel->nnearest = 0;
}

/* A search's block results into the run's (opt->select). */
static void select_fold(rl_batch_select *sel, const block *bl)
{
	sel->matched += bl->matched;
	for (size_t f = 0; f < bl->nkept && sel->nfirst < RL_SEARCH_FIRST; f++)
		sel->first[sel->nfirst++] = bl->kept[f];
	if (bl->min_changes >= 0 && (sel->min_changes < 0 || bl->min_changes < sel->min_changes))
		sel->min_changes = bl->min_changes;
	sel->wanted += bl->wanted;
	if (bl->min_exposure < sel->min_exposure)
		sel->min_exposure = bl->min_exposure;
	if (bl->min_short >= 0 && (sel->min_short < 0 || bl->min_short < sel->min_short)) {
		sel->min_short = bl->min_short;
		sel->nnearest = 0;
	}
	for (size_t f = 0; f < bl->nnearest && bl->min_short == sel->min_short &&
	                   sel->nnearest < RL_SEARCH_NEAREST; f++)
		sel->nearest[sel->nnearest++] = bl->nearest[f];
}

/* The block into the totals, in index order (so the sums are the same for
 * any number of workers), and the block made ready for its next use. */
static void fold_block(shared *sh, block *bl, run_totals *rt)
{
	const rl_batch_options *opt = sh->opt;
	rl_clause_stats_fold(rt->tot, bl->stats, sh->nclauses);
	rt->findings += bl->findings;
	rt->readings += bl->readings;
	if (opt->select)
		select_fold(opt->select, bl);
	for (unsigned long long r = 0; r < bl->count; r++)
		rl_flips_feed(&rt->fl, bl->first + r, bl->rows + (size_t)r * sh->nclauses);
	for (unsigned long long r = 0; opt->observe && r < bl->count; r++)
		opt->observe(opt->observe_ctx, bl->first + r, bl->rows + (size_t)r * sh->nclauses,
		             bl->rrows + (size_t)r * sh->nslots);
	if (rt->wi)
		rl_whatif_feed_block(rt->wi, bl->wb);
	bl->readings = 0;
	bl->matched = bl->wanted = 0;
	bl->min_changes = bl->min_short = -1;
	bl->min_exposure = INFINITY;
	bl->nkept = bl->nnearest = 0;
	bl->text.len = 0;
	bl->findings = 0;
}

/* Hands the block's slot back to the workers. */
static void release_block(shared *sh, block *bl)
{
	pthread_mutex_lock(&sh->mu);
	bl->done = 0;
	sh->written++;
	pthread_cond_broadcast(&sh->space);
	pthread_mutex_unlock(&sh->mu);
}

/* How the run ended: its status, with *err set when it did not finish. */
static rl_status run_status(shared *sh, int started, int interrupted, char **err)
{
	const rl_batch *b = sh->b;
	if (!started) {
		rl_seterr(err, "%s:0: expected to start worker threads, found none could start",
		          b->file);
		return RL_EEVAL;
	}
	if (interrupted) {
		unsigned long long done = sh->written * BLOCK;
		free(sh->err);
		sh->err = NULL;
		rl_seterr(err, "%s:0: interrupted: variants 0 to %llu of %llu are complete in "
		          "the output", b->file, (done < b->n ? done : b->n) - (done ? 1 : 0), b->n);
		return RL_EEVAL;
	}
	if (sh->failed) {
		rl_seterr_take(err, sh->err ? sh->err : rl_fmt("%s:0: a worker failed", b->file));
		sh->err = NULL;
		return RL_EEVAL;
	}
	return RL_OK;
}

rl_status rl_batch_run(const rl_engine *e, rl_batch *b, const rl_batch_options *opt,
                       int *interrupted, char **err)
{
	double t0 = now(), shown = t0;
	*interrupted = 0;
	int jobs = opt->jobs > 0 ? opt->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs < 1)
		jobs = 1;
	if (jobs > 256)
		jobs = 256;
	run_totals rt;
	memset(&rt, 0, sizeof rt);
	/* What would it take (whatif.h), for a whole run's summary.  Flips
	 * need every variant, in order: not for shards or resumed runs (their
	 * summary comes from a merge, which tracks flips itself). */
	int whole = !opt->shard_k && !opt->resume_from;
	if ((opt->summary_text || opt->summary_json) && whole)
		rt.wi = rl_whatif_new(e, b);
	shared sh;
	unsigned long long variants = run_setup(&sh, e, b, opt, jobs, rt.wi);
	if (whole)
		rl_flips_init(&rt.fl, b, rl_batch_clause_count(e, b));
	rt.tot = rl_xcalloc(sh.nclauses ? sh.nclauses : 1, sizeof *rt.tot);
	if (opt->select)
		select_reset(opt->select);
	pthread_t *th = rl_xcalloc((size_t)jobs, sizeof *th);
	int started = 0;
	for (int i = 0; i < jobs; i++)
		if (pthread_create(&th[i], NULL, worker, &sh) == 0)
			started++;
	/* The writer: blocks in index order. */
	while (sh.written < sh.nblocks && started) {
		block *bl = wait_block(&sh, interrupted);
		if (!bl || emit_block(&sh, bl))
			break;
		fold_block(&sh, bl, &rt);
		release_block(&sh, bl);
		if (opt->progress && now() - shown > 0.25) {
			shown = now();
			unsigned long long done = sh.written * BLOCK;
			show_progress(opt->progress, done < b->n ? done : b->n, b->n, shown - t0, 0);
		}
	}
	if (opt->progress) {
		unsigned long long done = sh.written * BLOCK;
		show_progress(opt->progress, done < b->n ? done : b->n, b->n, now() - t0, 1);
	}
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	rl_status st = run_status(&sh, started, *interrupted, err);
	if (st == RL_OK) {
		if (opt->summary_text || opt->summary_json)
			write_summary(&sh, rt.tot, variants, rt.findings, opt->shard_k ? NULL : &rt.fl,
			              rt.wi);
		if (opt->summary_text)
			fprintf(opt->summary_text, "\n%llu reading evaluations\n", rt.readings);
		st = rt.findings ? RL_FINDING : RL_OK;
	}
	run_free(&sh);
	rl_flips_free(&rt.fl);
	rl_whatif_free(rt.wi);
	free(rt.tot);
	free(th);
	return st;
}
