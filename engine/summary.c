/* summary.c - what a batch's variants add up to, and merging shard outputs. */
#include "summary.h"
#include "law.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>


#include "manifest.h"
#include "paths.h"
#include "results.h"
#include "whatif.h"

void rl_flips_init(rl_flips *f, const rl_batch *b, size_t nclauses)
{
	memset(f, 0, sizeof *f);
	if (b->sample || b->rows || !nclauses)
		return;
	f->naxes = b->naxes;
	f->nclauses = nclauses;
	unsigned long long stride = 1;
	for (size_t a = b->naxes; a-- > 0;) {
		f->stride[a] = stride;
		f->size[a] = b->axes[a].nvals;
		stride *= b->axes[a].nvals;
	}
	f->window = (size_t)f->stride[0] + 1;
	if (f->window > FLIP_MAX_BYTES / nclauses)
		return;         /* too wide to track: reported as null */
	f->on = 1;
	f->ring = rl_xcalloc(f->window * nclauses, 1);
	f->pairs = rl_xcalloc(f->naxes, sizeof *f->pairs);
	f->count = rl_xcalloc(f->naxes * nclauses, sizeof *f->count);
}

void rl_flips_feed(rl_flips *f, unsigned long long i, const unsigned char *row)
{
	if (!f->on)
		return;
	memcpy(f->ring + (size_t)(i % f->window) * f->nclauses, row, f->nclauses);
	for (size_t a = 0; a < f->naxes; a++) {
		if ((i / f->stride[a]) % f->size[a] == 0)
			continue;       /* first value of this axis: no neighbour */
		const unsigned char *prev =
			f->ring + (size_t)((i - f->stride[a]) % f->window) * f->nclauses;
		f->pairs[a]++;
		for (size_t c = 0; c < f->nclauses; c++)
			f->count[a * f->nclauses + c] += prev[c] != row[c];
	}
	f->seen++;
}

void rl_flips_json(rl_buf *o, const rl_flips *f, const rl_batch *b, const char *const *ids)
{
	rl_buf_puts(o, ",\n  \"flips\": ");
	if (!f || !f->on) {
		rl_buf_puts(o, "null");
		return;
	}
	rl_buf_putc(o, '[');
	for (size_t a = 0; a < f->naxes; a++) {
		rl_buf_puts(o, a ? ",\n    { \"axis\": " : "\n    { \"axis\": ");
		rl_json_string(o, b->axes[a].path);
		rl_buf_printf(o, ", \"pairs\": %llu, \"clauses\": {", f->pairs[a]);
		for (size_t c = 0; c < f->nclauses; c++) {
			rl_buf_puts(o, c ? ", " : " ");
			rl_json_string(o, ids[c]);
			rl_buf_printf(o, ": %llu", f->count[a * f->nclauses + c]);
		}
		rl_buf_puts(o, " } }");
	}
	rl_buf_puts(o, " ]");
}

void rl_flips_text(FILE *t, const rl_flips *f, const rl_batch *b, const char *const *ids)
{
	if (!f || !f->on)
		return;
	fprintf(t, "\nverdict flips when one axis alone moves to its next value:\n");
	for (size_t a = 0; a < f->naxes; a++) {
		fprintf(t, "  %s (%llu pairs):", b->axes[a].path, f->pairs[a]);
		int any = 0;
		for (size_t c = 0; c < f->nclauses; c++)
			if (f->count[a * f->nclauses + c]) {
				fprintf(t, "%s %s %llu", any ? "," : "", ids[c], f->count[a * f->nclauses + c]);
				any = 1;
			}
		fprintf(t, "%s\n", any ? "" : " none");
	}
}

void rl_flips_free(rl_flips *f)
{
	free(f->ring);
	free(f->pairs);
	free(f->count);
}



/* The verdicts of the base scenario with axis ax at x, into v: 0, or -1
 * with *err set.  The memo holds the verdicts of earlier values of ax (its
 * one key: x's bits), so a reading that does not depend on ax runs once. */
static int base_with(rl_evaluator *ev, const rl_batch *b, const axis *ax, double x,
                     rl_memo *memo, rl_verdicts *v, char **err)
{
	const rl_model *m = b->base->m;
	rl_world *w = rl_world_new(m);
	rl_pair *own = NULL;
	if (ax->what == AX_FIELD) {
		rl_entity *ent = &w->ents[ax->kind][ax->index];
		ent->f[ax->field].t = RL_V_NUM;
		ent->f[ax->field].u.num = x;
		ent->defaulted &= ~(1u << ax->field);
	} else {
		/* param.KEY (or attrs): a copy of the table with the key set */
		rl_value *t = ax->what == AX_PARAM ? &w->ents[RL_K_SCENARIO][0].f[RL_SC_PARAMS]
		                                   : &w->ents[ax->kind][ax->index].f[RL_F_ATTRS];
		uint32_t n = t->t == RL_V_TABLE ? t->n : 0, at = n;
		own = rl_xcalloc((size_t)n + 1, sizeof *own);
		if (n)
			memcpy(own, t->u.pairs, n * sizeof *own);
		for (uint32_t i = 0; i < n; i++)
			if (own[i].key == ax->key)
				at = i;
		own[at].key = ax->key;
		memset(&own[at].v, 0, sizeof own[at].v);
		own[at].v.t = RL_V_NUM;
		own[at].v.ref = -1;
		own[at].v.u.num = x;
		t->t = RL_V_TABLE;
		t->n = n + (at == n);
		t->u.pairs = own;
	}
	for (int kk = 0; kk < RL_NKINDS; kk++)
		for (size_t e = 0; e < m->n[kk]; e++)
			rl_entity_defaults(m, w->ents, &w->ents[kk][e]);
	int rc = -1;
	if (!rl_paths_compute(w, err)) {
		uint64_t key;
		memcpy(&key, &x, sizeof key);
		rc = rl_eval_verdicts(ev, w, m, memo, &key, NULL, v) ? -1 : 0;
	}
	rl_world_free(w);
	free(own);
	return rc;
}

double rl_tips_round(double x, double tol)
{
	if (!(tol > 0))
		return x;
	double inv = round(1 / tol);
	if (inv >= 1 && fabs(inv * tol - 1) < 1e-9)
		return round(x * inv) / inv;
	return round(x / tol) * tol;
}

rl_status rl_tipping_points(const rl_engine *e, const rl_batch *b, int reuse, rl_tips *out,
                            char **err)
{
	rl_evaluator *ev = NULL;
	memset(out, 0, sizeof *out);
	rl_status st = rl_evaluator_new(e, &ev, err);
	if (st != RL_OK)
		return st;
	double tol = b->tolerance > 0 ? b->tolerance : 1e-6;
	rl_verdicts v, vm;
	rl_verdicts_init(&v, ev);
	rl_verdicts_init(&vm, ev);
	for (size_t a = 0; a < b->naxes && st == RL_OK; a++) {
		const axis *ax = &b->axes[a];
		if ((ax->what != AX_FIELD && ax->what != AX_PARAM) ||
		    (b->rows && ax->nvals > RL_ROWS_LISTED))
			continue;
		if (ax->what == AX_FIELD) {
			const rl_field_def *fd = rl_kind_field(ax->kind, ax->field);
			if (fd->type != RL_F_NUM && fd->type != RL_F_SHARE)
				continue;
		} else if (!ax->uniform) {
			int nums = ax->nvals > 1;
			for (size_t i = 0; i < ax->nvals; i++)
				nums &= ax->vals[i].t == RL_V_NUM;
			if (!nums)
				continue;
		}
		size_t nv = ax->uniform ? 101 : ax->nvals;
		double *xs = rl_xcalloc(nv, sizeof *xs);
		size_t k = 0;
		for (size_t i = 0; i < nv; i++) {
			if (ax->uniform)
				xs[k++] = ax->lo + (ax->hi - ax->lo) * (double)i / 100.0;
			else if (ax->vals[i].t == RL_V_NUM)
				xs[k++] = ax->vals[i].u.num;
		}
		/* ascending, no repeats (insertion sort: axes are short) */
		for (size_t i = 1; i < k; i++)
			for (size_t j = i; j > 0 && xs[j - 1] > xs[j]; j--) {
				double t = xs[j];
				xs[j] = xs[j - 1];
				xs[j - 1] = t;
			}
		rl_axis_deps deps = rl_variant_axis_deps(ax);
		static const uint64_t by_bits = 0;
		rl_memo *memo = reuse ? rl_memo_new(v.nslots, 1, &deps, &by_bits) : NULL;
		int *prev = NULL;
		size_t nprev = 0;
		double last = 0;
		for (size_t i = 0; i < k && st == RL_OK; i++) {
			if (i && xs[i] == xs[i - 1])
				continue;
			if (base_with(ev, b, ax, xs[i], memo, &v, err)) {
				st = RL_EEVAL;
				break;
			}
			if (prev) {
				for (size_t c = 0; c < v.nclauses && c < nprev && st == RL_OK; c++) {
					if (prev[c] == v.verdict[c])
						continue;
					/* bisect to the tolerance: lo keeps the old verdict */
					double lo = last, hi = xs[i];
					while (hi - lo > tol / 16) {
						double mid = lo + (hi - lo) / 2;
						if (mid <= lo || mid >= hi)
							break;
						if (base_with(ev, b, ax, mid, memo, &vm, err)) {
							st = RL_EEVAL;
							break;
						}
						if (vm.verdict[c] == prev[c])
							lo = mid;
						else
							hi = mid;
					}
					if (out->n == out->cap) {
						out->cap = out->cap ? out->cap * 2 : 16;
						out->v = rl_xrealloc(out->v, out->cap, sizeof *out->v);
					}
					rl_tip t = {ax->path, e->rules.clauses[v.clause[c]].id, last, xs[i],
					            prev[c], v.verdict[c], rl_tips_round(hi, tol), NULL};
					out->v[out->n++] = t;
				}
			}
			free(prev);
			nprev = v.nclauses;
			prev = rl_xcalloc(nprev + 1, sizeof *prev);
			for (size_t c = 0; c < nprev; c++)
				prev[c] = v.verdict[c];
			last = xs[i];
		}
		rl_memo_free(memo);
		free(prev);
		free(xs);
	}
	rl_verdicts_free(&v);
	rl_verdicts_free(&vm);
	rl_evaluator_free(ev);
	return st;
}

void rl_tips_free(rl_tips *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].slice);
	free(t->v);
	memset(t, 0, sizeof *t);
}

static void tips_json(rl_buf *o, const rl_tips *t, const char *key)
{
	char n1[32], n2[32];
	rl_buf_printf(o, ",\n  \"%s\": [", key);
	for (size_t i = 0; i < t->n; i++) {
		rl_buf_puts(o, i ? ",\n    { \"axis\": " : "\n    { \"axis\": ");
		rl_json_string(o, t->v[i].axis);
		rl_buf_puts(o, ", \"clause\": ");
		rl_json_string(o, t->v[i].clause);
		rl_format_number(t->v[i].after, n1);
		rl_format_number(t->v[i].at, n2);
		rl_buf_printf(o, ", \"after\": %s, \"at\": %s, \"from\": \"%s\", \"to\": \"%s\"",
		              n1, n2, rl_verdict_name((rl_verdict)t->v[i].from),
		              rl_verdict_name((rl_verdict)t->v[i].to));
		rl_format_number(t->v[i].threshold, n1);
		rl_buf_printf(o, ", \"threshold\": %s", n1);
		if (t->v[i].slice) {
			rl_buf_puts(o, ", \"slice\": ");
			rl_json_string(o, t->v[i].slice);
		}
		rl_buf_puts(o, " }");
	}
	rl_buf_puts(o, " ]");
}

void rl_tips_text(FILE *f, const rl_tips *t)
{
	if (!t->n)
		return;
	fprintf(f, "\ntipping points (other facts as in the base scenario):\n");
	for (size_t i = 0; i < t->n; i++)
		fprintf(f, "  %s between %g and %g, at %.10g: %s %s -> %s\n", t->v[i].axis,
		        t->v[i].after, t->v[i].at, t->v[i].threshold, t->v[i].clause,
		        rl_verdict_name((rl_verdict)t->v[i].from),
		        rl_verdict_name((rl_verdict)t->v[i].to));
}

void rl_thresholds_text(FILE *f, const rl_tips *t)
{
	if (!t->n)
		return;
	fprintf(f, "\nexact tipping points per slice (the other axes' values):\n");
	const char *slice = NULL;
	for (size_t i = 0; i < t->n; i++) {
		if (!slice || strcmp(slice, t->v[i].slice) != 0)
			fprintf(f, "  %s\n", t->v[i].slice);
		slice = t->v[i].slice;
		fprintf(f, "    %s at %.10g (between %g and %g): %s %s -> %s\n", t->v[i].axis,
		        t->v[i].threshold, t->v[i].after, t->v[i].at, t->v[i].clause,
		        rl_verdict_name((rl_verdict)t->v[i].from),
		        rl_verdict_name((rl_verdict)t->v[i].to));
	}
}

/* The axes of the batch: path and values (list axes) or the uniform range
 * (sample mode), in the batch's order - the order of each line's values. */
static void axes_json(rl_buf *o, const rl_batch *b)
{
	char lo[32], hi[32];
	rl_buf_puts(o, ",\n  \"axes\": [");
	for (size_t a = 0; a < b->naxes; a++) {
		const axis *ax = &b->axes[a];
		rl_buf_puts(o, a ? ",\n    { \"path\": " : "\n    { \"path\": ");
		rl_json_string(o, ax->path);
		rl_buf_puts(o, ", \"label\": ");       /* for readers; null: none given */
		rl_json_string(o, ax->label);
		rl_buf_puts(o, ", \"base\": ");        /* the base scenario's value, if one of them */
		if (ax->uniform && ax->base_num == ax->base_num) {
			rl_format_number(ax->base_num, lo);
			rl_buf_puts(o, lo);
		} else if (!ax->uniform && ax->base_pick >= 0) {
			rl_json_value(o, &ax->vals[ax->base_pick]);
		} else {
			rl_buf_puts(o, "null");
		}
		if (b->rows && ax->nvals > RL_ROWS_LISTED) {
			rl_buf_printf(o, ", \"distinct\": %zu }", ax->nvals);
			continue;
		}
		if (ax->uniform) {
			rl_format_number(ax->lo, lo);
			rl_format_number(ax->hi, hi);
			rl_buf_printf(o, ", \"uniform\": [%s, %s] }", lo, hi);
			continue;
		}
		rl_buf_puts(o, ", \"values\": [");
		for (size_t i = 0; i < ax->nvals; i++) {
			if (i)
				rl_buf_puts(o, ", ");
			rl_json_value(o, &ax->vals[i]);
		}
		rl_buf_puts(o, "] }");
	}
	rl_buf_puts(o, " ]");
}

/* The JSON summary holds only what the variants determine, so a merge of
 * shard outputs reproduces it byte for byte. */
void rl_summary_json(FILE *j, size_t n, const char *const *ids, const int *has_exposure,
                         const rl_clause_stats *tot, unsigned long long variants,
                         unsigned long long findings, const rl_tips *tp, const rl_flips *fl,
                         const rl_tips *th, const rl_whatif *wi, const rl_batch *b,
                         rl_manifest *manifest)
{
	static const int order[] = {RL_BREACH, RL_CONTESTED, RL_COMPLIANT, RL_UNKNOWN,
	                            RL_NOT_APPLICABLE, RL_ERROR};
	rl_buf o = {0};
	char num[32];
	rl_buf_printf(&o, "{ \"variants\": %llu, \"findings\": %llu,\n  \"clauses\": [",
	              variants, findings);
	for (size_t k = 0; k < n; k++) {
		rl_buf_puts(&o, k ? ",\n    { \"id\": " : "\n    { \"id\": ");
		rl_json_string(&o, ids[k]);
		rl_buf_puts(&o, ", \"counts\": {");
		for (int v = 0; v < 6; v++)
			rl_buf_printf(&o, "%s \"%s\": %llu", v ? "," : "",
			              rl_verdict_name((rl_verdict)order[v]), tot[k].counts[order[v]]);
		rl_format_number(variants ? tot[k].p_sum / (double)variants : 0, num);
		rl_buf_printf(&o, " }, \"mean_p_breach\": %s, \"mean_expected_exposure_usd\": ", num);
		if (!has_exposure[k]) {
			rl_buf_puts(&o, "null");
		} else {
			rl_format_number(variants ? tot[k].exposure_sum / (double)variants : 0, num);
			rl_buf_puts(&o, num);
		}
		rl_buf_puts(&o, " }");
	}
	rl_buf_puts(&o, " ]");
	if (b)
		axes_json(&o, b);
	if (b && b->engine)
		rl_law_batch_claimants_json(&o, &b->engine->rules, n, ids, has_exposure, tot, variants);
	if (fl && b)
		rl_flips_json(&o, fl, b, ids);
	if (tp)
		tips_json(&o, tp, "tipping_points");
	if (th)
		tips_json(&o, th, "thresholds");
	if (wi) {
		rl_buf_puts(&o, ",\n  \"what_would_it_take\": ");
		rl_whatif_json(wi, &o, "  ");
	}
	if (manifest) {
		rl_manifest_stop(manifest);
		rl_buf_puts(&o, ",\n  \"manifest\": ");
		rl_manifest_json(manifest, &o);
	}
	rl_buf_puts(&o, " }\n");
	fwrite(o.data, 1, o.len, j);
	rl_buf_free(&o);
}

void rl_summary_text(FILE *t, size_t n, const char *const *ids, const rl_clause_stats *tot,
                         unsigned long long variants, unsigned long long findings)
{
	static const int order[] = {RL_BREACH, RL_CONTESTED, RL_COMPLIANT, RL_UNKNOWN,
	                            RL_NOT_APPLICABLE, RL_ERROR};
	fprintf(t, "%llu variants, %llu with a binding breach or contested clause\n\n",
	        variants, findings);
	fprintf(t, "%-44s %7s %7s %7s %7s %7s %5s %6s\n", "clause", "breach", "contest",
	        "compl", "unknown", "n/a", "error", "mean p");
	for (size_t k = 0; k < n; k++) {
		fprintf(t, "%-44s", ids[k]);
		for (int v = 0; v < 6; v++)
			fprintf(t, " %*llu", v == 5 ? 5 : 7, tot[k].counts[order[v]]);
		fprintf(t, " %6.3f\n", variants ? tot[k].p_sum / (double)variants : 0);
	}
}

/* How many clauses a report of the batch's scenario holds (its contracts). */
size_t rl_batch_clause_count(const rl_engine *e, const rl_batch *b)
{
	const rl_value *c = &b->base->m->ents[RL_K_SCENARIO][0].f[RL_SC_CONTRACTS];
	size_t n = 0;
	for (size_t k = 0; k < e->rules.nclauses; k++) {
		const char *ct = e->rules.contracts[e->rules.clauses[k].contract].id;
		int keep = c->t != RL_V_LIST;
		for (uint32_t i = 0; c->t == RL_V_LIST && i < c->n; i++)
			keep |= strcmp(c->u.items[i].u.s, ct) == 0;
		n += (size_t)keep;
	}
	return n;
}

/* --- merging shard outputs -------------------------------------------------- */

typedef struct merge_in {
	FILE *f;
	rl_results_reader r;
	rl_results_decoder d;
	rl_result v;            /* the line read last */
	int live;
} merge_in;

/* Reads and decodes the next variant line of one input (manifest lines
 * are provenance, not results: skipped).  A half-written line is refused
 * (results.h). */
static int next_line(merge_in *in, char **err)
{
	size_t len;
	int got;
	do {
		got = rl_results_read(&in->r, &len, err);
		if (got <= 0) {
			in->live = 0;
			return got;
		}
	} while (rl_results_is_manifest(in->r.line));
	if (rl_results_decode(&in->d, in->r.line, len, &in->v)) {
		rl_seterr(err, "%s:%llu: expected a batch line with %s, found %s", in->r.path,
		          in->r.lineno, in->d.want, in->d.found);
		return -1;
	}
	in->live = 1;
	return 0;
}

void rl_clause_stats_fold(rl_clause_stats *tot, rl_clause_stats *blk, size_t n)
{
	for (size_t c = 0; c < n; c++) {
		for (int v = 0; v < RL_NVERDICTS; v++)
			tot[c].counts[v] += blk[c].counts[v];
		tot[c].p_sum += blk[c].p_sum;
		tot[c].exposure_sum += blk[c].exposure_sum;
	}
	memset(blk, 0, n * sizeof *blk);
}

rl_status rl_batch_merge(const char *const *paths, size_t npaths, const rl_engine *e,
                         const rl_batch *b, FILE *json, FILE *text,
                         rl_manifest *manifest, char **err)
{
	merge_in *in = rl_xcalloc(npaths, sizeof *in);
	/* Sized by the first line's clauses. */
	char **ids = NULL;
	int *has = NULL;
	rl_clause_stats *tot = NULL, *blk = NULL;
	unsigned char *row = NULL, *rv = NULL;
	size_t nclauses = 0;
	unsigned long long count = 0, findings = 0, cur_block = 0;
	rl_flips fl;
	memset(&fl, 0, sizeof fl);
	rl_status st = RL_OK;
	/* With the batch: what would it take, from the reading verdicts. */
	rl_whatif *wi = NULL;
	size_t *slot = NULL;
	if (b) {
		size_t ns = 0;
		slot = rl_xcalloc(e->rules.nclauses + 1, sizeof *slot);
		for (size_t k = 0; k < e->rules.nclauses; k++) {
			slot[k] = ns;
			ns += e->rules.clauses[k].nreadings;
		}
		rv = rl_xcalloc(ns + 1, 1);
		wi = rl_whatif_new(e, (rl_batch *)b);
	}
	for (size_t i = 0; i < npaths && st == RL_OK; i++) {
		/* Regular files only: a FIFO would block the merge. */
		in[i].f = rl_open_regular(paths[i], 0, err);
		rl_results_reader_init(&in[i].r, in[i].f, paths[i], RL_RESULTS_HALF_REFUSE);
		if (!in[i].f) {
			st = RL_EINPUT;
		} else if (next_line(&in[i], err)) {
			st = RL_EINPUT;
		}
	}
	while (st == RL_OK) {
		merge_in *best = NULL;
		for (size_t i = 0; i < npaths; i++)
			if (in[i].live && (!best || in[i].v.index < best->v.index))
				best = &in[i];
		if (!best)
			break;
		if (best->v.index < count) {
			rl_seterr(err, "%s:%llu: expected variant %llu next, found %llu (a variant "
			          "appears twice: variant %llu is in more than one shard or line)",
			          best->r.path, best->r.lineno, count, best->v.index, best->v.index);
			st = RL_EINPUT;
			break;
		}
		if (best->v.index > count) {
			rl_seterr(err, "%s:%llu: expected variant %llu next, found %llu (a shard is "
			          "missing: variants %llu to %llu are in none of the files)",
			          best->r.path, best->r.lineno, count, best->v.index, count,
			          best->v.index - 1);
			st = RL_EINPUT;
			break;
		}
		const rl_result *ml = &best->v;
		if (count == 0) {
			nclauses = ml->nclauses;
			ids = rl_xcalloc(nclauses + 1, sizeof *ids);
			has = rl_xcalloc(nclauses + 1, sizeof *has);
			tot = rl_xcalloc(nclauses + 1, sizeof *tot);
			blk = rl_xcalloc(nclauses + 1, sizeof *blk);
			row = rl_xcalloc(nclauses + 1, 1);
			for (size_t c = 0; c < nclauses; c++) {
				ids[c] = rl_xstrdup(ml->clauses[c].id);
				has[c] = ml->clauses[c].has_exposure;
			}
		} else if (ml->nclauses != nclauses) {
			rl_seterr(err, "%s:%llu: expected %zu clauses as on the first line, found %zu",
			          best->r.path, best->r.lineno, nclauses, ml->nclauses);
			st = RL_EINPUT;
			break;
		}
		/* Sums per block of BLOCK variants, then into the total: the same
		 * arithmetic, in the same order, as a single run. */
		if (count / BLOCK != cur_block) {
			rl_clause_stats_fold(tot, blk, nclauses);
			cur_block = count / BLOCK;
		}
		for (size_t c = 0; c < nclauses; c++) {
			const rl_result_clause *rc = &ml->clauses[c];
			blk[c].counts[rc->verdict]++;
			blk[c].p_sum += rc->p_breach;
			blk[c].exposure_sum += rc->exposure;
		}
		findings += ml->verdict == RL_BREACH || ml->verdict == RL_CONTESTED;
		if (b) {
			if (count == 0)
				rl_flips_init(&fl, b, nclauses);
			for (size_t c = 0; c < nclauses; c++) {
				const rl_result_clause *rc = &ml->clauses[c];
				row[c] = (unsigned char)rc->verdict;
				long k = rl_engine_find_clause(e, rc->id);
				for (size_t j = 0; k >= 0 && j < e->rules.clauses[k].nreadings; j++) {
					int r = rl_result_reading_verdict(rc, e->rules.clauses[k].readings[j].name,
					                                  j);
					rv[slot[k] + j] = (unsigned char)(r < 0 ? RL_ERROR : r);
				}
			}
			rl_flips_feed(&fl, count, row);
			rl_whatif_feed(wi, count, row, rv);
		}
		count++;
		if (next_line(best, err))
			st = RL_EINPUT;
	}
	if (st == RL_OK && b && count < b->n) {
		rl_seterr(err, "%s:0: expected the batch's %llu variants, found %llu (a shard is "
		          "missing: variants %llu to %llu are in none of the files)",
		          npaths ? paths[npaths - 1] : "merge", b->n, count, count, b->n - 1);
		st = RL_EINPUT;
	}
	if (st == RL_OK && !tot) {     /* no variant lines at all */
		ids = rl_xcalloc(1, sizeof *ids);
		has = rl_xcalloc(1, sizeof *has);
		tot = rl_xcalloc(1, sizeof *tot);
		blk = rl_xcalloc(1, sizeof *blk);
	}
	if (st == RL_OK) {
		rl_clause_stats_fold(tot, blk, nclauses);
		rl_tips tp, th;
		memset(&tp, 0, sizeof tp);
		memset(&th, 0, sizeof th);
		if (b && rl_tipping_points(e, b, 1, &tp, err) != RL_OK)
			st = RL_EEVAL;
		if (b && st == RL_OK && rl_batch_thresholds(e, b, &th, err) != RL_OK)
			st = RL_EEVAL;
		if (st == RL_OK && text) {
			if (b)
				fprintf(text, "batch %s over %s: ", b->id, rl_scenario_id(b->base));
			rl_summary_text(text, nclauses, (const char *const *)ids, tot, count, findings);
			if (b && b->engine)
				rl_law_batch_claimants_text(text, &b->engine->rules, nclauses,
				                            (const char *const *)ids, has, tot, count);
			if (b)
				rl_flips_text(text, &fl, b, (const char *const *)ids);
			rl_tips_text(text, &tp);
			rl_thresholds_text(text, &th);
		}
		if (st == RL_OK && wi)
			rl_whatif_finish(wi);
		if (st == RL_OK && wi && text) {
			fprintf(text, "\nwhat would it take:\n");
			rl_whatif_text(wi, text, 1);
		}
		if (st == RL_OK && json)
			rl_summary_json(json, nclauses, (const char *const *)ids, has, tot, count, findings,
			             b ? &tp : NULL, b ? &fl : NULL, b ? &th : NULL, wi, b, manifest);
		rl_tips_free(&tp);
		rl_tips_free(&th);
	}
	for (size_t i = 0; i < npaths; i++) {
		if (in[i].f)
			fclose(in[i].f);
		rl_results_reader_free(&in[i].r);
		rl_results_decoder_free(&in[i].d);
	}
	for (size_t c = 0; ids && c < nclauses; c++)
		free(ids[c]);
	free(ids), free(has), free(tot), free(blk), free(in), free(row), free(rv);
	rl_flips_free(&fl);
	rl_whatif_free(wi);
	free(slot);
	return st == RL_OK && findings ? RL_FINDING : st;
}
