/* libFuzzer target: one results line (any bytes), as the decoder shared by
 * every reader of batch output decodes it (results.h), with one long-lived
 * decoder (the way a reader decodes millions of lines), then its shard
 * order helper.  A decoded line must hold what the decoder promises. */
#include "fuzz.h"

#include <limits.h>

#include "resume.h"
#include "results.h"

static rl_results_decoder dec;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rl_result rl;
	if (rl_results_decode(&dec, (const char *)data, size, &rl) == 0) {
		if (rl.index > 9000000000000000ULL || rl.verdict < 0 || rl.verdict >= RL_NVERDICTS)
			abort();
		for (size_t c = 0; c < rl.nclauses; c++) {
			const rl_result_clause *cl = &rl.clauses[c];
			if (!cl->id || !cl->id[0] || cl->verdict < 0 || cl->verdict >= RL_NVERDICTS ||
			    !(cl->p_breach >= 0 && cl->p_breach <= 1))
				abort();
			for (size_t k = 0; k < cl->nreadings; k++)
				if (cl->readings[k].verdict < 0 || cl->readings[k].verdict >= RL_NVERDICTS)
					abort();
		}
		for (size_t a = 0; a < rl.nvalues; a++)
			if ((rl.values[a].type == RL_RV_TEXT || rl.values[a].type == RL_RV_JSON) &&
			    rl.values[a].len && !rl.values[a].text)
				abort();
		unsigned long long next = rl_results_next_index(rl.index, 1 + (int)(rl.index % 5),
		                                                5, ULLONG_MAX);
		if (next <= rl.index)
			abort();
	} else if (!dec.want || !dec.found[0]) {
		abort();
	}
	return 0;
}
