/*
 * allocs.c - no allocation per variant in the steady state of a batch.
 *
 * Linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc so that every
 * allocation of the engine and of its Lua states (the sandbox's allocator
 * calls realloc) is counted here.  The same batch (list axes only, so that
 * after warm-up every reading's verdict is reused) runs with 20,000 and
 * with 100,000 variants at -j1, summary and JSON lines written.  From the
 * 10,000th variant the writer thread sees to the last, no thread may
 * allocate at all: that window is the steady state of the per-variant loop
 * (the worker is at most a ring of blocks ahead of the writer).  The two
 * runs' totals are printed, not compared: under AddressSanitizer, in a
 * clone whose path is as long as CI's, they were seen to differ by one or
 * two from run to run, before that window or after it.  With
 * --no-memo every check runs in Lua; its allocations per variant are
 * printed, not bounded.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_impl.h"
#include "engine.h"

static atomic_ullong nalloc;

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

void *__wrap_malloc(size_t n)
{
	atomic_fetch_add(&nalloc, 1);
	return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	atomic_fetch_add(&nalloc, 1);
	return __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	atomic_fetch_add(&nalloc, 1);
	return __real_realloc(p, n);
}

static int failures;

/* The allocations counted when the writer thread reached variant from,
 * and when it reached the last variant. */
typedef struct window {
	unsigned long long from, last, at_from, at_last;
} window;

static void observe(void *ctx, unsigned long long i, const unsigned char *verdicts,
                    const unsigned char *readings)
{
	(void)verdicts;
	(void)readings;
	window *wd = ctx;
	if (i == wd->from)
		wd->at_from = atomic_load(&nalloc);
	if (i == wd->last)
		wd->at_last = atomic_load(&nalloc);
}

static unsigned long long run(const rl_engine *e, rl_batch *b, unsigned long long n,
                              int no_memo, window *wd)
{
	FILE *null = fopen("/dev/null", "w");
	if (!null) {
		perror("/dev/null");
		exit(1);
	}
	rl_batch_options opt;
	memset(&opt, 0, sizeof opt);
	opt.jobs = 1;
	opt.lines = null;
	opt.summary_text = null;
	opt.no_memo = no_memo;
	if (wd) {
		*wd = (window){10000, n - 1, 0, 0};
		opt.observe = observe;
		opt.observe_ctx = wd;
	}
	b->n = n;
	int interrupted = 0;
	char *err = NULL;
	unsigned long long before = atomic_load(&nalloc);
	rl_status st = rl_batch_run(e, b, &opt, &interrupted, &err);
	unsigned long long used = atomic_load(&nalloc) - before;
	if (st != RL_OK && st != RL_FINDING) {
		fprintf(stderr, "allocs.c: batch failed: %s\n", err ? err : "?");
		failures++;
	}
	free(err);
	fclose(null);
	return used;
}

int main(void)
{
	char *err = NULL;
	rl_engine *e = rl_engine_new(NULL);
	rl_batch *b = NULL;
	if (rl_engine_load_rules(e, "rules", &err) != RL_OK || rl_engine_seal(e, &err) != RL_OK ||
	    rl_batch_load(e, "tests/cases/batch/steady.batch.lua", &b, &err) != RL_OK) {
		fprintf(stderr, "%s\n", err ? err : "allocs.c: loading failed");
		return 1;
	}
	/* Warm-up: the whole clause library reaches its last new state (a
	 * verdict pattern, a reuse slot) within the first 10,000 variants of
	 * this batch; from then on the loop allocates nothing. */
	window ws, wl;
	unsigned long long small = run(e, b, 20000, 0, &ws), large = run(e, b, 100000, 0, &wl);
	unsigned long long steady_s = ws.at_last - ws.at_from, steady_l = wl.at_last - wl.at_from;
	printf("allocations: %llu for 20,000 variants, %llu for 100,000; from the 10,000th "
	       "variant on: %llu and %llu\n", small, large, steady_s, steady_l);
	if (!ws.at_from || !wl.at_from || steady_s || steady_l) {
		fprintf(stderr, "allocs.c: expected no allocation from the 10,000th variant on, "
		        "found %llu in 10,000 variants and %llu in 90,000\n", steady_s, steady_l);
		failures++;
	}
	small = run(e, b, 2000, 1, NULL);
	large = run(e, b, 20000, 1, NULL);
	printf("--no-memo: %.2f allocations per variant (Lua values of the checks)\n",
	       (double)(large - small) / 18000);
	rl_batch_free(b);
	rl_engine_free(e);
	printf("%d passed, %d failed\n", failures ? 0 : 1, failures);
	return failures ? 1 : 0;
}
