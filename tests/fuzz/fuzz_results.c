/* libFuzzer target: the results-line reader (any bytes as a batch output),
 * as --resume reads it (every line checked, the manifest's identity), as
 * merge reads it, and as report streams it (doc.lines() through md.lua). */
#include "fuzz.h"

#include <limits.h>

#include "batch.h"
#include "resume.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("out.jsonl", data, size);
	FILE *f = fopen(path, "r");
	if (!f)
		abort();
	rl_results_scan s;
	char *err = NULL;
	int shard = size ? data[0] % 4 : 0;
	rl_status st = rl_results_scan_file(f, path, shard, shard ? 3 : 0, 1000000,
	                                    ULLONG_MAX, &s, &err);
	fclose(f);
	if (st == RL_OK) {
		if (s.keep < 0 || (unsigned long long)s.keep > size)
			abort();
		if (s.manifest) {
			char *e2 = NULL;
			free(rl_manifest_identity_json(s.manifest, strlen(s.manifest), &e2));
			free(e2);
		}
		rl_results_scan_free(&s);
	} else if (!err || !strchr(err, ':')) {
		abort();
	}
	free(err);
	err = NULL;
	rl_engine *e = rl_engine_new(&fuzz_limits);
	FILE *sink = fopen("/dev/null", "w");
	const char *paths[1] = {path};
	st = rl_batch_merge(paths, 1, e, NULL, sink, sink, NULL, &err);
	if (st != RL_OK && st != RL_FINDING && (!err || !strchr(err, ':')))
		abort();
	fclose(sink);
	free(err);
	rl_engine_free(e);
	return 0;
}
