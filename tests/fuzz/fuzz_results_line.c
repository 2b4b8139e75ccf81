/* libFuzzer target: one results line (any bytes), as the line check shared
 * by --resume and merge reads it, in one long-lived Lua state (the way a
 * reader checks millions of lines), then its shard order helper. */
#include "fuzz.h"

#include <limits.h>

#include <lua.h>

#include "resume.h"

static rl_sandbox *sb;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!sb && !(sb = rl_sandbox_new(&fuzz_limits)))
		abort();
	rl_results_line rl;
	const char *why = NULL;
	if (rl_results_line_check(sb, (const char *)data, size, &rl, &why) == 0) {
		if (rl.index > 9000000000000000ULL || rl.nclauses > 4096 || rl.verdict < 0 ||
		    rl.verdict >= RL_NVERDICTS)
			abort();
		unsigned long long next = rl_results_next_index(rl.index, 1 + (int)(rl.index % 5),
		                                                5, ULLONG_MAX);
		if (next <= rl.index)
			abort();
	} else if (!why) {
		abort();
	}
	/* Give back what the line made, so that every input frees what it
	 * allocates (the leak check runs only when the counts differ). */
	lua_gc(rl_sandbox_state(sb), LUA_GCCOLLECT);
	return 0;
}
