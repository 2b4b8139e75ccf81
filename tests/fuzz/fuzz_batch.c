/* libFuzzer target: the batch-file parser, against a fixed base scenario
 * and rule pack (any bytes as a .batch.lua file). */
#include "fuzz.h"

#include "batch.h"

static rl_engine *engine;

static const char base[] =
	"scenario \"base\" { date = \"2026-01-01\", params = { x = 1 } }\n" FUZZ_WORLD;
static const char rules[] =
	"contract \"k\" { effective = \"2000-01-01\" }\n"
	"clause \"k/c\" { contract = \"k\", text = \"t\", exposure_usd = 10,\n"
	"  check = function(w) return compliant(\"ok\") end }\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!engine)
		engine = fuzz_engine(base, rules);
	const char *path = fuzz_file("b.batch.lua", data, size);
	rl_batch *b = NULL;
	char *err = NULL;
	if (rl_batch_load(engine, path, &b, &err) == RL_OK) {
		if (rl_batch_count(b) == 0)
			abort();
		rl_batch_free(b);
	} else if (!err || !strchr(err, ':')) {
		abort();
	}
	free(err);
	return 0;
}
