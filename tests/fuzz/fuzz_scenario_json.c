/* libFuzzer target: the JSON scenario loader (any bytes as a .json scenario). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("s.json", data, size);
	rl_engine *e = rl_engine_new(&fuzz_limits);
	rl_scenario *s = NULL;
	char *err = NULL;
	if (rl_scenario_load(e, path, &s, &err) == RL_OK) {
		if (!rl_scenario_id(s) || !rl_scenario_date(s))
			abort();
		rl_scenario_free(s);
	} else if (!err || !strchr(err, ':')) {
		abort();        /* every failure names file:line */
	}
	free(err);
	rl_engine_free(e);
	return 0;
}
