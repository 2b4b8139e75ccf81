/*
 * allocs.c - no allocation per variant in the steady state of a batch.
 *
 * Linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc so that every
 * allocation of the engine and of its Lua states (the sandbox's allocator
 * calls realloc) is counted here.  The same batch (list axes only, so that
 * after warm-up every reading's verdict is reused) runs with 2,000 and
 * with 20,000 variants at -j1, summary and JSON lines written: the two runs
 * must make the same number of allocations, that is none for the 18,000
 * variants more.  With --no-memo every check runs in Lua; its allocations
 * per variant are printed, not bounded.
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

static unsigned long long run(const rl_engine *e, rl_batch *b, unsigned long long n,
                              int no_memo)
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
	 * this batch; from then on a run of any length allocates the same. */
	unsigned long long small = run(e, b, 20000, 0), large = run(e, b, 100000, 0);
	printf("allocations: %llu for 20,000 variants, %llu for 100,000: %.4f per variant "
	       "after warm-up\n", small, large, (double)(large - small) / 80000);
	if (large != small) {
		fprintf(stderr, "allocs.c: expected no allocation per variant after warm-up, "
		        "found %llu for 80,000 variants more\n", large - small);
		failures++;
	}
	small = run(e, b, 2000, 1);
	large = run(e, b, 20000, 1);
	printf("--no-memo: %.2f allocations per variant (Lua values of the checks)\n",
	       (double)(large - small) / 18000);
	rl_batch_free(b);
	rl_engine_free(e);
	printf("%d passed, %d failed\n", failures ? 0 : 1, failures);
	return failures ? 1 : 0;
}
