/* memo.c - reading verdicts stored under the axis values they depend on.
 *
 * A reading's verdicts are kept per shape: the axes it depends on (mask)
 * and, of them, those it depends on only through comparisons with numbers
 * (sides).  Where every axis of the mask is a list of values and their
 * combinations are few (MEMO_DENSE_MAX), the verdicts sit in a dense table
 * indexed by the combination, so a lookup is a few multiply-adds and one
 * byte; otherwise in a small hash table of MEMO_CAP entries keyed by the
 * axis values.  An axis keyed by side has, per reading, the sorted numbers
 * its checks compared it with; its key is the place of its value among
 * them (below the first, equal to it, between the first two, ...), which
 * decides every comparison with every one of them.  When a check compares
 * with a number the reading had not met, the reading's stored verdicts are
 * dropped, as their keys were places among fewer numbers. */
#include "memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "world.h"

#define MEMO_CAP 256            /* entries per reading: a power of two */
#define MEMO_PROBES 4
#define MEMO_MASKS 8            /* distinct shapes per reading */
#define MEMO_DENSE_MAX (1u << 18)       /* combinations in one dense table */
#define MEMO_DENSE_BUDGET ((size_t)16 << 20)    /* bytes of dense tables per memo */

typedef struct entry {
	uint64_t hash;
	uint32_t mask, sides;
	signed char verdict;    /* -1: empty */
} entry;

typedef struct slot {
	entry *entries;         /* MEMO_CAP, allocated on first store */
	uint64_t *keys;         /* MEMO_CAP x naxes: the key, or the side */
	uint32_t masks[MEMO_MASKS], sides[MEMO_MASKS];
	/* by shape: verdict + 1 (0: none yet) by combination, or NULL: hashed */
	unsigned char *dense[MEMO_MASKS];
	size_t dense_n[MEMO_MASKS];
	size_t nmasks, next_mask;
	/* By axis: the numbers compared with it, sorted (allocated with the
	 * first shape keyed by side). */
	double (*thr)[RL_COMPARED_MAX];
	unsigned char *nthr;
} slot;

struct rl_memo {
	size_t nslots, naxes;
	rl_axis_deps deps[RL_MEMO_MAX_AXES];
	uint64_t nvals[RL_MEMO_MAX_AXES];       /* 0: the key is a number's bits */
	uint32_t numeric;                       /* axes that may be keyed by side */
	size_t dense_bytes;
	slot *slots;
	/* The current variant (rl_memo_begin): its key and, per axis, the
	 * hash of its value, worked out when a hashed lookup first needs it
	 * (stale: the axes whose hk[] is not yet that of key[]); have_key:
	 * key[] holds a variant. */
	uint64_t key[RL_MEMO_MAX_AXES], hk[RL_MEMO_MAX_AXES];
	uint32_t stale;
	int have_key;
};

rl_memo *rl_memo_new(size_t nslots, size_t naxes, const rl_axis_deps *deps,
                     const uint64_t *nvals)
{
	if (naxes > RL_MEMO_MAX_AXES)
		return NULL;
	rl_memo *m = rl_xcalloc(1, sizeof *m);
	m->nslots = nslots;
	m->naxes = naxes;
	if (naxes) {
		memcpy(m->deps, deps, naxes * sizeof *deps);
		memcpy(m->nvals, nvals, naxes * sizeof *nvals);
	}
	for (size_t a = 0; a < naxes; a++)
		if (deps[a].numeric && !nvals[a])
			m->numeric |= 1u << a;
	m->slots = rl_xcalloc(nslots ? nslots : 1, sizeof *m->slots);
	return m;
}

void rl_memo_free(rl_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nslots; i++) {
		free(m->slots[i].entries);
		free(m->slots[i].keys);
		for (size_t k = 0; k < MEMO_MASKS; k++)
			free(m->slots[i].dense[k]);
		free(m->slots[i].thr);
		free(m->slots[i].nthr);
	}
	free(m->slots);
	free(m);
}

static int touches(const rl_axis_deps *d, const uint32_t *fields, uint32_t paths)
{
	if (paths & d->paths)
		return 1;
	for (int k = 0; k < RL_NKINDS; k++)
		if (fields[k] & d->fields[k])
			return 1;
	return 0;
}

uint32_t rl_memo_axes(const rl_memo *m, const rl_reads *r, uint32_t *by_side)
{
	uint32_t mask = 0, sides = 0;
	for (size_t a = 0; a < m->naxes; a++) {
		const rl_axis_deps *d = &m->deps[a];
		if ((r->date && d->date) || (r->params && d->params) ||
		    touches(d, r->fields, r->paths)) {
			mask |= 1u << a;
		} else if (touches(d, r->cmp.fields, r->cmp.paths)) {
			mask |= 1u << a;
			if ((m->numeric >> a & 1) && !r->cmp.overflow)
				sides |= 1u << a;
		}
	}
	if (by_side)
		*by_side = sides;
	return mask;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 32);
}

void rl_memo_begin(rl_memo *m, const uint64_t *key)
{
	uint32_t changed = 0;   /* without a branch per axis: values change at random */
	for (size_t a = 0; a < m->naxes; a++) {
		changed |= (uint32_t)(key[a] != m->key[a]) << a;
		m->key[a] = key[a];
	}
	m->stale |= m->have_key ? changed : ~(uint32_t)0;
	m->have_key = 1;
}

/* The place of the number with bits `bits` among the n sorted numbers t:
 * 2i below t[i] (and above t[i-1]), 2i + 1 equal to t[i]; a NaN, which
 * compares false with every number, has a place of its own. */
static uint64_t side_of(const double *t, unsigned n, uint64_t bits)
{
	double x;
	memcpy(&x, &bits, sizeof x);
	if (x != x)
		return UINT64_MAX;
	unsigned i = 0;
	while (i < n && t[i] < x)
		i++;
	return 2u * (uint64_t)i + (i < n && t[i] == x);
}

/* The current variant's key for slot s in a shape whose side axes are
 * `sides`: key[] with the side of each of those axes in its place (only
 * those are written to out). */
static void sides_of(const slot *s, uint32_t sides, const uint64_t *key, uint64_t *out)
{
	for (uint32_t b = sides; b; b &= b - 1) {
		int a = __builtin_ctz(b);
		out[a] = side_of(s->thr[a], s->nthr[a], key[a]);
	}
}

/* The hash of the current variant's values on the axes of mask (sides:
 * those keyed by side, whose values are sv[]): the sum of their hashes,
 * mixed with the shape. */
static uint64_t hash_of(rl_memo *m, uint32_t mask, uint32_t sides, const uint64_t *sv)
{
	uint32_t exact = mask & ~sides;
	for (uint32_t b = exact & m->stale; b; b &= b - 1) {
		int a = __builtin_ctz(b);
		m->hk[a] = mix(mix(0, (uint64_t)a + 1), m->key[a]);
	}
	m->stale &= ~exact;
	uint64_t h = 0;
	for (uint32_t b = exact; b; b &= b - 1)
		h += m->hk[__builtin_ctz(b)];
	for (uint32_t b = sides; b; b &= b - 1) {
		int a = __builtin_ctz(b);
		h += mix(mix(0, (uint64_t)a + 1 + RL_MEMO_MAX_AXES), sv[a]);
	}
	return mix(h, mask | (uint64_t)sides << 32);
}

static int same(uint32_t mask, uint32_t sides, const uint64_t *stored, const uint64_t *key,
                const uint64_t *sv)
{
	for (uint32_t m = mask; m; m &= m - 1) {
		int i = __builtin_ctz(m);
		if (stored[i] != (sides >> i & 1 ? sv[i] : key[i]))
			return 0;
	}
	return 1;
}

/* The combination of key's values on the axes of mask, each a list index:
 * its place in the mask's dense table. */
static size_t dense_index(const rl_memo *m, uint32_t mask, const uint64_t *key)
{
	size_t at = 0;
	for (uint32_t b = mask; b; b &= b - 1) {
		int a = __builtin_ctz(b);
		if (key[a] >= m->nvals[a])
			return SIZE_MAX;        /* not one of the list's: never stored */
		at = at * (size_t)m->nvals[a] + (size_t)key[a];
	}
	return at;
}

/* How many combinations the axes of mask have, if they are all lists and
 * a dense table of them fits what is left of the budget; else 0. */
static size_t dense_size(const rl_memo *m, uint32_t mask)
{
	uint64_t n = 1;
	for (uint32_t b = mask; b; b &= b - 1) {
		uint64_t k = m->nvals[__builtin_ctz(b)];
		if (!k || n * k > MEMO_DENSE_MAX)
			return 0;
		n *= k;
	}
	return m->dense_bytes + n <= MEMO_DENSE_BUDGET ? (size_t)n : 0;
}

int rl_memo_get(rl_memo *m, size_t si, const uint64_t *key)
{
	slot *s = &m->slots[si];
	uint64_t sv[RL_MEMO_MAX_AXES];
	for (size_t k = 0; k < s->nmasks; k++) {
		uint32_t mask = s->masks[k], sides = s->sides[k];
		if (s->dense[k]) {
			size_t at = dense_index(m, mask, key);
			if (at != SIZE_MAX && s->dense[k][at])
				return s->dense[k][at] - 1;
			continue;
		}
		if (!s->entries)
			continue;
		sides_of(s, sides, key, sv);
		uint64_t h = hash_of(m, mask, sides, sv);
		for (size_t p = 0; p < MEMO_PROBES; p++) {
			size_t i = (size_t)(h + p) & (MEMO_CAP - 1);
			const entry *e = &s->entries[i];
			if (e->verdict >= 0 && e->hash == h && e->mask == mask && e->sides == sides &&
			    same(mask, sides, &s->keys[i * m->naxes], key, sv))
				return e->verdict;
		}
	}
	return -1;
}

/* Forgets every verdict of slot s (its numbers compared changed). */
static void slot_clear(rl_memo *m, slot *s)
{
	for (size_t k = 0; k < s->nmasks; k++) {
		m->dense_bytes -= s->dense_n[k];
		free(s->dense[k]);
		s->dense[k] = NULL;
		s->dense_n[k] = 0;
	}
	s->nmasks = s->next_mask = 0;
	if (s->entries)
		for (size_t i = 0; i < MEMO_CAP; i++)
			s->entries[i].verdict = -1;
}

/* Adds the numbers r compared to those of slot s for the axes of *sides;
 * an axis they would take past RL_COMPARED_MAX is keyed by its value
 * instead (its bit leaves *sides).  Returns whether any axis's numbers
 * changed. */
static int add_numbers(rl_memo *m, slot *s, const rl_reads *r, uint32_t *sides)
{
	if (!*sides)
		return 0;
	if (!s->thr) {
		s->thr = rl_xcalloc(m->naxes, sizeof *s->thr);
		s->nthr = rl_xcalloc(m->naxes, 1);
	}
	int changed = 0;
	for (uint32_t b = *sides; b; b &= b - 1) {
		int a = __builtin_ctz(b);
		/* the axis's numbers and r's, merged in order without repeats */
		double t[2 * RL_COMPARED_MAX];
		unsigned n = s->nthr[a];
		memcpy(t, s->thr[a], n * sizeof *t);
		for (uint32_t j = 0; j < r->cmp.n; j++) {
			double x = r->cmp.t[j];
			unsigned i = 0;
			while (i < n && t[i] < x)
				i++;
			if (i < n && t[i] == x)
				continue;
			memmove(&t[i + 1], &t[i], (n - i) * sizeof *t);
			t[i] = x;
			n++;
		}
		if (n == s->nthr[a])
			continue;
		if (n > RL_COMPARED_MAX) {
			*sides &= ~(1u << a);
			continue;
		}
		memcpy(s->thr[a], t, n * sizeof *t);
		s->nthr[a] = (unsigned char)n;
		changed = 1;
	}
	return changed;
}

void rl_memo_put(rl_memo *m, size_t si, const uint64_t *key, const rl_reads *r,
                 int verdict)
{
	slot *s = &m->slots[si];
	uint32_t sides;
	uint32_t mask = rl_memo_axes(m, r, &sides);
	if (add_numbers(m, s, r, &sides))
		slot_clear(m, s);
	size_t k = 0;
	while (k < s->nmasks && (s->masks[k] != mask || s->sides[k] != sides))
		k++;
	if (k == s->nmasks) {
		if (s->nmasks < MEMO_MASKS) {
			s->nmasks++;
		} else {
			/* Too many shapes: the oldest stops being looked up. */
			k = s->next_mask;
			s->next_mask = (s->next_mask + 1) % MEMO_MASKS;
			m->dense_bytes -= s->dense_n[k];
			free(s->dense[k]);
		}
		s->masks[k] = mask;
		s->sides[k] = sides;
		s->dense_n[k] = dense_size(m, mask);
		s->dense[k] = s->dense_n[k] ? rl_xcalloc(s->dense_n[k], 1) : NULL;
		m->dense_bytes += s->dense_n[k];
	}
	if (s->dense[k]) {
		size_t at = dense_index(m, mask, key);
		if (at != SIZE_MAX)
			s->dense[k][at] = (unsigned char)(verdict + 1);
		return;
	}
	if (!s->entries) {
		s->entries = rl_xcalloc(MEMO_CAP, sizeof *s->entries);
		s->keys = rl_xcalloc((size_t)MEMO_CAP * (m->naxes ? m->naxes : 1), sizeof *s->keys);
		for (size_t i = 0; i < MEMO_CAP; i++)
			s->entries[i].verdict = -1;
	}
	uint64_t sv[RL_MEMO_MAX_AXES];
	sides_of(s, sides, key, sv);
	uint64_t h = hash_of(m, mask, sides, sv);
	size_t at = (size_t)h & (MEMO_CAP - 1);
	for (size_t p = 0; p < MEMO_PROBES; p++) {
		size_t i = (size_t)(h + p) & (MEMO_CAP - 1);
		if (s->entries[i].verdict < 0) {
			at = i;
			break;
		}
	}
	s->entries[at].hash = h;
	s->entries[at].mask = mask;
	s->entries[at].sides = sides;
	s->entries[at].verdict = (signed char)verdict;
	uint64_t *stored = &s->keys[at * m->naxes];
	if (m->naxes)
		memcpy(stored, key, m->naxes * sizeof *key);
	for (uint32_t b = sides; b; b &= b - 1)
		stored[__builtin_ctz(b)] = sv[__builtin_ctz(b)];
}
