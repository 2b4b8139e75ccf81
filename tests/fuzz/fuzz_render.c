/* libFuzzer target: the renderers' input.  The first byte picks the
 * renderer (reports/md.lua, html.lua or csv.lua); the rest is a batch
 * summary (JSON), a NUL byte, and the results file (JSON Lines). */
#include "fuzz.h"

#ifndef FUZZ_REPORTS
#define FUZZ_REPORTS "reports"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fmts[] = {"md", "html", "csv"};
	if (size < 1)
		return 0;
	const char *fmt = fmts[data[0] % 3];
	const uint8_t *nul = memchr(data + 1, 0, size - 1);
	const char *summary = (const char *)data + 1;
	size_t slen = nul ? (size_t)(nul - data) - 1 : size - 1;
	const uint8_t *rest = nul ? nul + 1 : data + size;
	const char *results = fuzz_file("r.jsonl", rest, (size_t)(data + size - rest));
	char renderer[256];
	snprintf(renderer, sizeof renderer, "%s/%s.lua", FUZZ_REPORTS, fmt);
	const char *kv[] = {"format", fmt, NULL};
	rl_render_options ro = {renderer, kv, 2000000, (size_t)1 << 20};
	rl_engine *e = rl_engine_new(&fuzz_limits);
	FILE *out = fopen("/dev/null", "w");
	char *err = NULL;
	rl_status st = rl_results_render(e, results, summary, slen, NULL, &ro, out, &err);
	if (st != RL_OK && (!err || !strchr(err, ':')))
		abort();
	fclose(out);
	free(err);
	rl_engine_free(e);
	return 0;
}
