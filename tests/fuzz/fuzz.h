/* fuzz.h - what the libFuzzer targets share: a private temporary
 * directory, writing an input into a file there, and small limits so that
 * a slow input ends quickly. */
#ifndef RL_FUZZ_H
#define RL_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "redline/redline.h"

static char fuzz_dir[64];

static const rl_limits fuzz_limits = {
	.instructions = 1000000, .memory = (size_t)16 << 20, .seconds = 2};

static void fuzz_cleanup(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir);
	if (fuzz_dir[0] && system(cmd) != 0)
		fprintf(stderr, "fuzz: cannot remove %s\n", fuzz_dir);
}

static void fuzz_init_dir(void)
{
	if (fuzz_dir[0])
		return;
	snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/redline-fuzz.XXXXXX");
	if (!mkdtemp(fuzz_dir))
		abort();
	atexit(fuzz_cleanup);
}

/* Writes data into fuzz_dir/name; returns the path (static storage). */
static const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[4][160];
	static int next;
	char *p = path[next++ % 4];
	fuzz_init_dir();
	snprintf(p, sizeof path[0], "%s/%s", fuzz_dir, name);
	FILE *f = fopen(p, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		abort();
	return p;
}

/* The world the batch targets vary, after their scenario line: a party, its
 * cloud, a frontier model with weights there, and an API deployment of it. */
#define FUZZ_WORLD \
	"party \"p\" { kind = \"model_provider\" }\n" \
	"cloud \"c\" { owner = \"p\" }\n" \
	"model \"m\" { owner = \"p\", tier = \"frontier\", weights = { \"c\" } }\n" \
	"deployment \"d\" { runs = \"m\", cloud = \"c\", operator = \"p\", interface = \"api\" }\n"

/* An engine, sealed, over rules (a rule pack's text), with base (a
 * scenario's text) written as base.lua beside it for batches to name. */
static rl_engine *fuzz_engine(const char *base, const char *rules)
{
	char *err = NULL;
	fuzz_file("base.lua", (const uint8_t *)base, strlen(base));
	const char *r = fuzz_file("rules.lua", (const uint8_t *)rules, strlen(rules));
	rl_engine *e = rl_engine_new(&fuzz_limits);
	if (rl_engine_load_rules(e, r, &err) != RL_OK || rl_engine_seal(e, &err) != RL_OK)
		abort();
	return e;
}

#endif
