/* memo.c - reading verdicts stored under the axis values they depend on.
 *
 * A reading's verdicts are kept per dependency set (mask of axes).  Where
 * every axis of the mask is a list of values and their combinations are
 * few (MEMO_DENSE_MAX), the verdicts sit in a dense table indexed by the
 * combination, so a lookup is a few multiply-adds and one byte; otherwise
 * in a small hash table of MEMO_CAP entries keyed by the axis values. */
#include "memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "world.h"

#define MEMO_CAP 256            /* entries per reading: a power of two */
#define MEMO_PROBES 4
#define MEMO_MASKS 8            /* distinct dependency sets per reading */
#define MEMO_DENSE_MAX (1u << 18)       /* combinations in one dense table */
#define MEMO_DENSE_BUDGET ((size_t)16 << 20)    /* bytes of dense tables per memo */

typedef struct entry {
	uint64_t hash;
	uint32_t mask;
	signed char verdict;    /* -1: empty */
} entry;

typedef struct slot {
	entry *entries;         /* MEMO_CAP, allocated on first store */
	uint64_t *keys;         /* MEMO_CAP x naxes */
	uint32_t masks[MEMO_MASKS];
	/* by mask: verdict + 1 (0: none yet) by combination, or NULL: hashed */
	unsigned char *dense[MEMO_MASKS];
	size_t dense_n[MEMO_MASKS];
	size_t nmasks, next_mask;
} slot;

struct rl_memo {
	size_t nslots, naxes;
	rl_axis_deps deps[RL_MEMO_MAX_AXES];
	uint64_t nvals[RL_MEMO_MAX_AXES];       /* 0: the key is a number's bits */
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
	}
	free(m->slots);
	free(m);
}

uint32_t rl_memo_axes(const rl_memo *m, const rl_reads *r)
{
	uint32_t mask = 0;
	for (size_t a = 0; a < m->naxes; a++) {
		const rl_axis_deps *d = &m->deps[a];
		int hit = (r->paths & d->paths) || (r->date && d->date) ||
		          (r->params && d->params);
		for (int k = 0; k < RL_NKINDS && !hit; k++)
			hit = (r->fields[k] & d->fields[k]) != 0;
		if (hit)
			mask |= 1u << a;
	}
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

/* The hash of the current variant's values on the axes of mask: the sum
 * of their hashes, mixed with the mask. */
static uint64_t hash_of(rl_memo *m, uint32_t mask)
{
	for (uint32_t b = mask & m->stale; b; b &= b - 1) {
		int a = __builtin_ctz(b);
		m->hk[a] = mix(mix(0, (uint64_t)a + 1), m->key[a]);
	}
	m->stale &= ~mask;
	uint64_t h = 0;
	for (uint32_t b = mask; b; b &= b - 1)
		h += m->hk[__builtin_ctz(b)];
	return mix(h, mask);
}

static int same(uint32_t mask, const uint64_t *a, const uint64_t *b)
{
	for (uint32_t m = mask; m; m &= m - 1) {
		int i = __builtin_ctz(m);
		if (a[i] != b[i])
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
	for (size_t k = 0; k < s->nmasks; k++) {
		uint32_t mask = s->masks[k];
		if (s->dense[k]) {
			size_t at = dense_index(m, mask, key);
			if (at != SIZE_MAX && s->dense[k][at])
				return s->dense[k][at] - 1;
			continue;
		}
		if (!s->entries)
			continue;
		uint64_t h = hash_of(m, mask);
		for (size_t p = 0; p < MEMO_PROBES; p++) {
			size_t i = (size_t)(h + p) & (MEMO_CAP - 1);
			const entry *e = &s->entries[i];
			if (e->verdict >= 0 && e->hash == h && e->mask == mask &&
			    same(mask, &s->keys[i * m->naxes], key))
				return e->verdict;
		}
	}
	return -1;
}

void rl_memo_put(rl_memo *m, size_t si, const uint64_t *key, const rl_reads *r,
                 int verdict)
{
	slot *s = &m->slots[si];
	uint32_t mask = rl_memo_axes(m, r);
	size_t k = 0;
	while (k < s->nmasks && s->masks[k] != mask)
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
	uint64_t h = hash_of(m, mask);
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
	s->entries[at].verdict = (signed char)verdict;
	if (m->naxes)
		memcpy(&s->keys[at * m->naxes], key, m->naxes * sizeof *key);
}
