/* whatif.c - nearest compliant designs and conflicts between contracts. */
#include "whatif.h"

#include <stdlib.h>
#include <string.h>

#include "batch_impl.h"

#define NEAREST 5
#define PATTERNS_MAX 65536      /* distinct satisfaction patterns kept */
#define WITNESS_SCAN 64         /* patterns per side tried for close witnesses */

#define SET_MAX 3               /* the largest set of clauses checked */

/* The nearest designs found so far: the best rank (clauses short * 33 +
 * axes changed; -1: none yet) and the first NEAREST variants of that rank,
 * with their verdicts and readings. */
typedef struct near_list {
	int best;
	unsigned long long i[NEAREST];
	unsigned char *v, *r;
	size_t n;
} near_list;

typedef struct conflict {
	size_t cl[SET_MAX];     /* scenario clause positions */
	size_t n;
	int reading;            /* 0: clause verdicts; 1: readings only (a pair) */
	unsigned long long wit[SET_MAX];        /* wit[m] satisfies all but cl[m] */
	uint32_t axes;
	size_t *pairs;          /* reading pairs in conflict: j, l, j, l, ... */
	size_t npairs;
} conflict;

struct rl_whatif {
	const rl_engine *e;
	rl_batch *b;
	size_t nc, nslots, nbits, nbytes;
	uint32_t *k;            /* engine clause of each scenario clause */
	size_t *slot;           /* per engine clause: first reading slot */
	size_t *rbit;           /* per scenario clause: first reading bit */
	size_t *rslot;          /* per reading bit past the clauses': its slot */
	int *binding;
	unsigned char *tmp;
	/* distinct satisfaction patterns, each with the first variant showing it */
	unsigned char *pat;
	unsigned long long *first;
	size_t npat, cap;
	size_t *ht, htcap;      /* pattern index + 1; 0: empty */
	int overflow;
	unsigned long long seen;
	near_list nr;           /* nearest compliant */
	/* results */
	conflict *cf;
	size_t ncf;
	int done;
};

static int sat(int v)
{
	return v == RL_COMPLIANT || v == RL_NOT_APPLICABLE;
}

/* Nearest: fewest clauses short, then fewest axes changed (at most
 * MAX_AXES), in index order.  Whether a variant with shortn clauses short
 * can rank: one with more than the best need not have its axes compared
 * with the base scenario's. */
static int near_first(int best, int shortn)
{
	return best < 0 || shortn * (MAX_AXES + 1) <= best;
}

static void near_init(near_list *nr, const rl_whatif *w)
{
	nr->best = -1;
	nr->v = rl_xcalloc(NEAREST * (w->nc + 1), 1);
	nr->r = rl_xcalloc(NEAREST * (w->nslots + 1), 1);
}

static void near_add(near_list *nr, const rl_whatif *w, int rank, unsigned long long i,
                     const unsigned char *verdicts, const unsigned char *readings)
{
	if (nr->best < 0 || rank < nr->best) {
		nr->best = rank;
		nr->n = 0;
	}
	if (rank == nr->best && nr->n < NEAREST) {
		memcpy(nr->v + nr->n * (w->nc + 1), verdicts, w->nc);
		memcpy(nr->r + nr->n * (w->nslots + 1), readings, w->nslots);
		nr->i[nr->n++] = i;
	}
}

rl_whatif *rl_whatif_new(const rl_engine *e, rl_batch *b)
{
	rl_whatif *w = rl_xcalloc(1, sizeof *w);
	size_t n = e->rules.nclauses ? e->rules.nclauses : 1;
	w->e = e;
	w->b = b;
	w->k = rl_xcalloc(n, sizeof *w->k);
	w->slot = rl_xcalloc(n, sizeof *w->slot);
	w->rbit = rl_xcalloc(n, sizeof *w->rbit);
	w->binding = rl_xcalloc(n, sizeof *w->binding);
	const rl_value *c = &b->base->m->ents[RL_K_SCENARIO][0].f[RL_SC_CONTRACTS];
	for (size_t k = 0; k < e->rules.nclauses; k++) {
		const rl_clause *cl = &e->rules.clauses[k];
		w->slot[k] = w->nslots;
		w->nslots += cl->nreadings;
		int keep = c->t != RL_V_LIST;
		for (uint32_t i = 0; c->t == RL_V_LIST && i < c->n; i++)
			keep |= strcmp(c->u.items[i].u.s, e->rules.contracts[cl->contract].id) == 0;
		if (keep) {
			w->binding[w->nc] = e->rules.contracts[cl->contract].binding;
			w->k[w->nc++] = (uint32_t)k;
		}
	}
	w->nbits = w->nc;
	for (size_t c2 = 0; c2 < w->nc; c2++) {
		w->rbit[c2] = w->nbits;
		w->nbits += e->rules.clauses[w->k[c2]].nreadings;
	}
	w->rslot = rl_xcalloc(w->nbits - w->nc + 1, sizeof *w->rslot);
	for (size_t c2 = 0; c2 < w->nc; c2++)
		for (size_t j = 0; j < e->rules.clauses[w->k[c2]].nreadings; j++)
			w->rslot[w->rbit[c2] - w->nc + j] = w->slot[w->k[c2]] + j;
	/* Whole 64-bit words (a pattern is built, hashed and compared a word
	 * at a time); most batches' patterns are one. */
	w->nbytes = (w->nbits / 64 + 1) * 8;
	w->tmp = rl_xcalloc(w->nbytes, 1);
	near_init(&w->nr, w);
	return w;
}

void rl_whatif_free(rl_whatif *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->ncf; i++)
		free(w->cf[i].pairs);
	free(w->cf);
	free(w->k), free(w->slot), free(w->rbit), free(w->rslot), free(w->binding), free(w->tmp);
	free(w->pat), free(w->first), free(w->ht);
	free(w->nr.v), free(w->nr.r);
	free(w);
}

static int bit(const unsigned char *p, size_t i)
{
	return (p[i / 8] >> (i % 8)) & 1;
}

/* Word k of a pattern, as the machine holds 8 bytes (for hashing and
 * comparing: the bits' order does not matter there). */
static uint64_t word_at(const unsigned char *bits, size_t k)
{
	uint64_t x;
	memcpy(&x, bits + 8 * k, sizeof x);
	return x;
}

/* A pattern's hash, and whether two are the same, a word at a time. */
static uint64_t pattern_hash(const rl_whatif *w, const unsigned char *bits)
{
	uint64_t h = 0;
	for (size_t k = 0; k < w->nbytes / 8; k++)
		h = (h ^ word_at(bits, k)) * 0x9e3779b97f4a7c15u;
	return h >> 32;
}

static int same_pattern(const rl_whatif *w, const unsigned char *a, const unsigned char *b)
{
	for (size_t k = 0; k < w->nbytes / 8; k++)
		if (word_at(a, k) != word_at(b, k))
			return 0;
	return 1;
}

static void pat_add(rl_whatif *w, unsigned long long i)
{
	if (w->npat * 2 >= w->htcap) {
		if (w->npat >= PATTERNS_MAX) {
			w->overflow = 1;
			return;
		}
		size_t cap = w->htcap ? w->htcap * 2 : 256;
		size_t *ht = rl_xcalloc(cap, sizeof *ht);
		for (size_t p = 0; p < w->npat; p++) {
			size_t h = (size_t)pattern_hash(w, w->pat + p * w->nbytes) & (cap - 1);
			while (ht[h])
				h = (h + 1) & (cap - 1);
			ht[h] = p + 1;
		}
		free(w->ht);
		w->ht = ht;
		w->htcap = cap;
	}
	size_t h = (size_t)pattern_hash(w, w->tmp) & (w->htcap - 1);
	for (; w->ht[h]; h = (h + 1) & (w->htcap - 1))
		if (same_pattern(w, w->pat + (w->ht[h] - 1) * w->nbytes, w->tmp))
			return;
	if (w->npat == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->pat = rl_xrealloc(w->pat, w->cap, w->nbytes);
		w->first = rl_xrealloc(w->first, w->cap, sizeof *w->first);
	}
	memcpy(w->pat + w->npat * w->nbytes, w->tmp, w->nbytes);
	w->first[w->npat] = i;
	w->ht[h] = ++w->npat;
}

static int popcount(uint32_t m)
{
	int n = 0;
	for (; m; m &= m - 1)
		n++;
	return n;
}

/* Bits from .. from + 63 (those below w->nbits) of a variant's satisfaction
 * pattern as a word, bit b at b - from; the binding clauses among them that
 * it leaves short are added to *shortn. */
static uint64_t pattern_word(const rl_whatif *w, const unsigned char *verdicts,
                             const unsigned char *readings, size_t from, int *shortn)
{
	size_t to = from + 64 < w->nbits ? from + 64 : w->nbits;
	size_t mid = w->nc < from ? from : w->nc < to ? w->nc : to;     /* clauses end */
	uint64_t x = 0;
	for (size_t c = from; c < mid; c++) {
		if (sat(verdicts[c]))
			x |= (uint64_t)1 << (c - from);
		else
			*shortn += w->binding[c];
	}
	for (size_t b = mid; b < to; b++)       /* the clauses' readings, in order */
		x |= (uint64_t)sat(readings[w->rslot[b - w->nc]]) << (b - from);
	return x;
}

/* Variant i's satisfaction pattern into bits (w->nbytes: bit b is bit b % 8
 * of byte b / 8, zero past w->nbits), a word at a time; how many binding
 * clauses it leaves short. */
static int pattern_of(const rl_whatif *w, const unsigned char *verdicts,
                      const unsigned char *readings, unsigned char *bits)
{
	int shortn = 0;
	for (size_t k = 0; k < w->nbytes; k += 8) {
		uint64_t x = pattern_word(w, verdicts, readings, 8 * k, &shortn);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		memcpy(bits + k, &x, sizeof x);         /* byte j: bits 8j.. of x */
#else
		for (size_t j = 0; j < 8; j++)
			bits[k + j] = (unsigned char)(x >> (8 * j));
#endif
	}
	return shortn;
}

void rl_whatif_feed(rl_whatif *w, unsigned long long i, const unsigned char *verdicts,
                    const unsigned char *readings)
{
	int shortn = pattern_of(w, verdicts, readings, w->tmp);
	pat_add(w, i);
	w->seen++;
	if (near_first(w->nr.best, shortn))
		near_add(&w->nr, w, shortn * (MAX_AXES + 1) + popcount(rl_batch_changes(w->b, i)),
		         i, verdicts, readings);
}

/* --- a block of variants, digested on a worker ----------------------------- */

#define BLOCK_SLOTS 512         /* the block's pattern index: over twice BLOCK */

struct rl_whatif_block {
	size_t n;                       /* distinct patterns so far */
	unsigned char *pat;             /* BLOCK of them, w->nbytes each */
	unsigned long long first[BLOCK];
	uint16_t ht[BLOCK_SLOTS];       /* pattern index + 1; 0: empty */
	unsigned long long seen, last;  /* variants added; the last one's index */
	near_list nr;                   /* the block's nearest */
};

rl_whatif_block *rl_whatif_block_new(const rl_whatif *w)
{
	rl_whatif_block *wb = rl_xcalloc(1, sizeof *wb);
	wb->pat = rl_xcalloc(BLOCK, w->nbytes);
	near_init(&wb->nr, w);
	return wb;
}

void rl_whatif_block_free(rl_whatif_block *wb)
{
	if (!wb)
		return;
	free(wb->pat), free(wb->nr.v), free(wb->nr.r);
	free(wb);
}

void rl_whatif_block_reset(rl_whatif_block *wb)
{
	wb->n = 0;
	memset(wb->ht, 0, sizeof wb->ht);
	wb->seen = 0;
	wb->nr.best = -1;
	wb->nr.n = 0;
}

void rl_whatif_block_add(rl_whatif_block *wb, const rl_whatif *w, unsigned long long i,
                         const unsigned char *verdicts, const unsigned char *readings,
                         const size_t *pick, const double *draw)
{
	unsigned char *bits = wb->pat + wb->n * w->nbytes;
	int shortn = pattern_of(w, verdicts, readings, bits);
	wb->seen++;
	wb->last = i;
	size_t h = (size_t)pattern_hash(w, bits) & (BLOCK_SLOTS - 1);
	for (; wb->ht[h]; h = (h + 1) & (BLOCK_SLOTS - 1))
		if (same_pattern(w, wb->pat + (size_t)(wb->ht[h] - 1) * w->nbytes, bits))
			break;
	if (!wb->ht[h] && wb->n < BLOCK) {
		wb->first[wb->n] = i;
		wb->ht[h] = (uint16_t)++wb->n;
	}
	if (near_first(wb->nr.best, shortn))
		near_add(&wb->nr, w,
		         shortn * (MAX_AXES + 1) + popcount(rl_variant_changes(w->b, pick, draw)),
		         i, verdicts, readings);
}

void rl_whatif_feed_block(rl_whatif *w, const rl_whatif_block *wb)
{
	for (size_t p = 0; p < wb->n; p++) {
		memcpy(w->tmp, wb->pat + p * w->nbytes, w->nbytes);
		pat_add(w, wb->first[p]);
	}
	/* Fed one by one, a variant after the last new pattern would have found
	 * the patterns full. */
	if (wb->n && wb->first[wb->n - 1] < wb->last && w->npat >= PATTERNS_MAX &&
	    w->npat * 2 >= w->htcap)
		w->overflow = 1;
	w->seen += wb->seen;
	for (size_t k = 0; k < wb->nr.n; k++)
		near_add(&w->nr, w, wb->nr.best, wb->nr.i[k], wb->nr.v + k * (w->nc + 1),
		         wb->nr.r + k * (w->nslots + 1));
}

void rl_whatif_observe(void *ctx, unsigned long long i, const unsigned char *verdicts,
                       const unsigned char *readings)
{
	rl_whatif_feed(ctx, i, verdicts, readings);
}

/* Is there a pattern with every bit of x[0..n) set (but x[skip])? */
static int joint(const rl_whatif *w, const size_t *x, size_t n, size_t skip, size_t from,
                 size_t *at)
{
	for (size_t p = from; p < w->npat; p++) {
		const unsigned char *q = w->pat + p * w->nbytes;
		size_t i = 0;
		for (; i < n; i++)
			if (i != skip && !bit(q, x[i]))
				break;
		if (i == n) {
			if (at)
				*at = p;
			return 1;
		}
	}
	return 0;
}

/* Bits x[0..n) are never set together though every n-1 of them are. */
static int conflicting(const rl_whatif *w, const size_t *x, size_t n)
{
	if (joint(w, x, n, SIZE_MAX, 0, NULL))
		return 0;
	for (size_t m = 0; m < n; m++)
		if (!joint(w, x, n, m, 0, NULL))
			return 0;
	return 1;
}

static int popcount_axes(uint32_t m)
{
	return popcount(m);
}

/* Witnesses: for each member, a variant satisfying the others, each as
 * close to the first witness as any. */
static void witnesses(rl_whatif *w, conflict *cf, const size_t *x)
{
	cf->axes = 0;
	for (size_t m = 0; m < cf->n; m++) {
		size_t p = 0, tried = 0;
		int best = -1;
		for (size_t from = 0; tried < WITNESS_SCAN && joint(w, x, cf->n, m, from, &p);
		     from = p + 1, tried++) {
			int d = m ? popcount_axes(rl_batch_differ(w->b, cf->wit[0], w->first[p])) : 0;
			if (best < 0 || d < best) {
				best = d;
				cf->wit[m] = w->first[p];
			}
			if (!m)
				break;
		}
		if (m)
			cf->axes |= rl_batch_differ(w->b, cf->wit[0], cf->wit[m]);
	}
}

static void add_conflict(rl_whatif *w, conflict *cf, const size_t *x)
{
	witnesses(w, cf, x);
	w->cf = rl_xrealloc(w->cf, w->ncf + 1, sizeof *w->cf);
	w->cf[w->ncf++] = *cf;
}

/* Is a subset of cl[0..n) (two or more, all binding) already a conflict? */
static int has_smaller(const rl_whatif *w, const size_t *cl, size_t n)
{
	for (size_t i = 0; i < w->ncf; i++) {
		const conflict *cf = &w->cf[i];
		if (cf->reading || cf->n >= n)
			continue;
		size_t hit = 0;
		for (size_t a = 0; a < cf->n; a++)
			for (size_t b2 = 0; b2 < n; b2++)
				hit += cf->cl[a] == cl[b2];
		if (hit == cf->n)
			return 1;
	}
	return 0;
}

size_t rl_whatif_patterns(const rl_whatif *w)
{
	return w->npat;
}

size_t rl_whatif_finish(rl_whatif *w)
{
	if (w->done)
		return w->ncf;
	w->done = 1;
	const rl_rules *r = &w->e->rules;
	/* Pairs: clause verdicts, and readings where they differ. */
	for (size_t c = 0; c < w->nc; c++) {
		if (!w->binding[c])
			continue;
		for (size_t d = c + 1; d < w->nc; d++) {
			if (!w->binding[d])
				continue;
			conflict cf;
			memset(&cf, 0, sizeof cf);
			cf.cl[0] = c;
			cf.cl[1] = d;
			cf.n = 2;
			size_t x[2] = {c, d};
			int clause_level = conflicting(w, x, 2);
			size_t nj = r->clauses[w->k[c]].nreadings, nl = r->clauses[w->k[d]].nreadings;
			for (size_t j = 0; j < nj; j++)
				for (size_t l = 0; l < nl; l++) {
					size_t y[2] = {w->rbit[c] + j, w->rbit[d] + l};
					if (!conflicting(w, y, 2))
						continue;
					cf.pairs = rl_xrealloc(cf.pairs, 2 * (cf.npairs + 1), sizeof *cf.pairs);
					cf.pairs[2 * cf.npairs] = j;
					cf.pairs[2 * cf.npairs + 1] = l;
					cf.npairs++;
				}
			if (!clause_level && !cf.npairs)
				continue;
			cf.reading = !clause_level;
			if (clause_level) {
				add_conflict(w, &cf, x);
			} else {
				size_t y[2] = {w->rbit[c] + cf.pairs[0], w->rbit[d] + cf.pairs[1]};
				add_conflict(w, &cf, y);
			}
		}
	}
	/* Sets of three whose every two go together. */
	for (size_t c = 0; SET_MAX >= 3 && c < w->nc; c++)
		for (size_t d = c + 1; w->binding[c] && d < w->nc; d++)
			for (size_t f = d + 1; w->binding[d] && f < w->nc; f++) {
				size_t x[3] = {c, d, f};
				if (!w->binding[f] || has_smaller(w, x, 3) || !conflicting(w, x, 3))
					continue;
				conflict cf;
				memset(&cf, 0, sizeof cf);
				memcpy(cf.cl, x, sizeof x);
				cf.n = 3;
				add_conflict(w, &cf, x);
			}
	return w->ncf;
}

static const char *cid(const rl_whatif *w, size_t c)
{
	return w->e->rules.clauses[w->k[c]].id;
}

static const char *rname(const rl_whatif *w, size_t c, size_t j)
{
	return w->e->rules.clauses[w->k[c]].readings[j].name;
}

/* The scenario's verdict wanted: compliant (or not_applicable). */
static void nearest_select(rl_batch_select *sel)
{
	memset(sel, 0, sizeof *sel);
	sel->wants = (1u << RL_COMPLIANT) | (1u << RL_NOT_APPLICABLE);
	sel->clause = sel->reading = -1;
}

static void near_verdicts(const rl_whatif *w, size_t n, rl_verdicts *v)
{
	memset(v, 0, sizeof *v);
	v->nclauses = w->nc;
	v->clause = w->k;
	v->verdict = w->nr.v + n * (w->nc + 1);
	v->reading = w->nr.r + n * (w->nslots + 1);
	v->slot = w->slot;
	v->nslots = w->nslots;
}

static size_t unsatisfiable(const rl_whatif *w, size_t c)
{
	return w->binding[c] && w->seen && !joint(w, &c, 1, SIZE_MAX, 0, NULL);
}

void rl_whatif_text(const rl_whatif *w, FILE *f, int nearest)
{
	if (nearest && w->nr.best >= 0) {
		int shortn = w->nr.best / (MAX_AXES + 1), moved = w->nr.best % (MAX_AXES + 1);
		rl_batch_select sel;
		nearest_select(&sel);
		if (!shortn)
			fprintf(f, "nearest compliant designs (changing %d ax%s from the base "
			        "scenario):\n", moved, moved == 1 ? "is" : "es");
		else
			fprintf(f, "no variant is compliant; nearest, %d binding clause%s short "
			        "(changing %d ax%s):\n", shortn, shortn == 1 ? "" : "s", moved,
			        moved == 1 ? "is" : "es");
		for (size_t n = 0; n < w->nr.n; n++) {
			rl_buf d = {0};
			rl_batch_describe_changes(w->b, w->nr.i[n], &d);
			fprintf(f, "  variant %llu: %s\n", w->nr.i[n], d.data);
			d.len = 0;
			rl_verdicts v;
			near_verdicts(w, n, &v);
			rl_batch_explain_short(w->e, &sel, &v, &d);
			if (d.len)
				fputs(d.data, f);
			rl_buf_free(&d);
		}
	}
	if (!w->ncf)
		fprintf(f, "no conflicts: every two binding clauses that variants satisfy "
		        "alone, some variant satisfies together (%llu variants)\n", w->seen);
	else
		fprintf(f, "%zu conflict%s: sets of binding clauses that variants satisfy "
		        "apart but never all together (%llu variants)\n", w->ncf,
		        w->ncf == 1 ? "" : "s", w->seen);
	for (size_t i = 0; i < w->ncf; i++) {
		const conflict *cf = &w->cf[i];
		rl_buf d = {0};
		if (cf->reading)
			fprintf(f, "  %s under its %s reading and %s under its %s reading\n",
			        cid(w, cf->cl[0]), rname(w, cf->cl[0], cf->pairs[0]), cid(w, cf->cl[1]),
			        rname(w, cf->cl[1], cf->pairs[1]));
		else
			fprintf(f, "  %s%s%s%s%s\n", cid(w, cf->cl[0]), cf->n > 2 ? ", " : " and ",
			        cid(w, cf->cl[1]), cf->n > 2 ? " and " : "",
			        cf->n > 2 ? cid(w, cf->cl[2]) : "");
		for (size_t m = 0; m < cf->n; m++) {
			d.len = 0;
			rl_batch_describe_changes(w->b, cf->wit[m], &d);
			fprintf(f, "    ");
			for (size_t o = 0, k = 0; o < cf->n; o++)
				if (o != m)
					fprintf(f, "%s%s", k++ ? " and " : "", cid(w, cf->cl[o]));
			fprintf(f, " satisfied in variant %llu: %s\n", cf->wit[m], d.data);
		}
		fprintf(f, "    they pull apart along:");
		for (size_t a = 0, n = 0; a < w->b->naxes; a++)
			if (cf->axes & (1u << a))
				fprintf(f, "%s %s", n++ ? "," : "", w->b->axes[a].path);
		fprintf(f, "%s\n", cf->axes ? "" : " no axis (the same variant)");
		if (cf->npairs) {
			fprintf(f, "    readings never satisfied together:");
			for (size_t p = 0; p < cf->npairs; p++)
				fprintf(f, "%s %s/%s", p ? ";" : "", rname(w, cf->cl[0], cf->pairs[2 * p]),
				        rname(w, cf->cl[1], cf->pairs[2 * p + 1]));
			fprintf(f, "\n");
		}
		rl_buf_free(&d);
	}
	int any = 0;
	for (size_t c = 0; c < w->nc; c++)
		if (unsatisfiable(w, c))
			fprintf(f, "%s %s", any++ ? "," : "binding clauses no variant satisfies:",
			        cid(w, c));
	if (any)
		fprintf(f, "\n");
	if (w->overflow)
		fprintf(f, "(more than %d distinct patterns of satisfied clauses: the first "
		        "%d were compared)\n", PATTERNS_MAX, PATTERNS_MAX);
}

static void witness_json(const rl_whatif *w, rl_buf *o, const conflict *cf, size_t m)
{
	rl_buf d = {0};
	unsigned long long i = cf->wit[m];
	rl_batch_describe_changes(w->b, i, &d);
	rl_buf_puts(o, "{ \"satisfies\": [");
	for (size_t x = 0, k = 0; x < cf->n; x++)
		if (x != m) {
			if (k++)
				rl_buf_puts(o, ", ");
			rl_json_string(o, cid(w, cf->cl[x]));
		}
	rl_buf_printf(o, "], \"variant\": %llu, \"changes\": ", i);
	rl_json_string(o, d.data);
	rl_buf_puts(o, " }");
	rl_buf_free(&d);
}

void rl_whatif_conflicts_json(const rl_whatif *w, rl_buf *o, const char *ind)
{
	rl_buf_printf(o, ",\n%s\"conflicts\": [", ind);
	for (size_t i = 0; i < w->ncf; i++) {
		const conflict *cf = &w->cf[i];
		rl_buf_printf(o, "%s\n%s  { \"clauses\": [", i ? "," : "", ind);
		for (size_t m = 0; m < cf->n; m++) {
			if (m)
				rl_buf_puts(o, ", ");
			rl_json_string(o, cid(w, cf->cl[m]));
		}
		rl_buf_printf(o, "], \"level\": \"%s\",\n%s    \"witnesses\": [",
		              cf->reading ? "reading" : "clause", ind);
		for (size_t m = 0; m < cf->n; m++) {
			if (m)
				rl_buf_puts(o, ", ");
			witness_json(w, o, cf, m);
		}
		rl_buf_printf(o, "],\n%s    \"axes\": [", ind);
		for (size_t a = 0, n = 0; a < w->b->naxes; a++)
			if (cf->axes & (1u << a)) {
				if (n++)
					rl_buf_puts(o, ", ");
				rl_json_string(o, w->b->axes[a].path);
			}
		rl_buf_puts(o, "], \"readings\": [");
		for (size_t p = 0; p < cf->npairs; p++) {
			rl_buf_puts(o, p ? ", [" : "[");
			rl_json_string(o, rname(w, cf->cl[0], cf->pairs[2 * p]));
			rl_buf_puts(o, ", ");
			rl_json_string(o, rname(w, cf->cl[1], cf->pairs[2 * p + 1]));
			rl_buf_puts(o, "]");
		}
		rl_buf_puts(o, "] }");
	}
	rl_buf_puts(o, w->ncf ? " ]" : "]");
	rl_buf_printf(o, ",\n%s\"unsatisfiable\": [", ind);
	for (size_t c = 0, n = 0; c < w->nc; c++)
		if (unsatisfiable(w, c)) {
			if (n++)
				rl_buf_puts(o, ", ");
			rl_json_string(o, cid(w, c));
		}
	rl_buf_puts(o, "]");
}

void rl_whatif_json(const rl_whatif *w, rl_buf *o, const char *ind)
{
	int shortn = w->nr.best < 0 ? 0 : w->nr.best / (MAX_AXES + 1);
	rl_buf_printf(o, "{ \"compliant\": %s, \"short\": %d,\n%s  \"nearest\": [",
	              w->nr.best >= 0 && !shortn ? "true" : "false", shortn, ind);
	rl_batch_select sel;
	nearest_select(&sel);
	for (size_t n = 0; n < w->nr.n; n++) {
		rl_buf d = {0};
		rl_batch_describe_changes(w->b, w->nr.i[n], &d);
		rl_buf_printf(o, "%s\n%s    { \"variant\": %llu, \"changes\": ", n ? "," : "", ind,
		              w->nr.i[n]);
		rl_json_string(o, d.data);
		rl_buf_puts(o, ", \"blocking\": [");
		rl_verdicts v;
		near_verdicts(w, n, &v);
		size_t nb = 0;
		for (size_t c = 0; c < w->nc; c++) {
			if (!w->binding[c] || sat(v.verdict[c]))
				continue;
			const rl_clause *cl = &w->e->rules.clauses[w->k[c]];
			rl_buf_puts(o, nb++ ? ", { \"clause\": " : "{ \"clause\": ");
			rl_json_string(o, cl->id);
			rl_buf_printf(o, ", \"verdict\": \"%s\", \"readings\": [",
			              rl_verdict_name((rl_verdict)v.verdict[c]));
			for (size_t j = 0, nr = 0; j < cl->nreadings; j++)
				if (!sat(v.reading[w->slot[w->k[c]] + j])) {
					if (nr++)
						rl_buf_puts(o, ", ");
					rl_json_string(o, cl->readings[j].name);
				}
			rl_buf_puts(o, "] }");
		}
		rl_buf_puts(o, "] }");
		rl_buf_free(&d);
	}
	rl_buf_puts(o, w->nr.n ? " ]" : "]");
	char in2[64];
	snprintf(in2, sizeof in2, "%s  ", ind);
	rl_whatif_conflicts_json(w, o, in2);
	rl_buf_puts(o, " }");
}
