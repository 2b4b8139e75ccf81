/* batch_alike.h - what tests/unit.c and tests/fuzz/fuzz_rows.c both ask of
 * two loaded batches: the same variants, each setting the same values. */
#ifndef RL_TEST_BATCH_ALIKE_H
#define RL_TEST_BATCH_ALIKE_H

#include <string.h>

#include "batch.h"
#include "util.h"

/* Do a and b have as many variants, each described alike
 * (rl_batch_describe_changes)? */
static int batches_alike(const rl_batch *a, const rl_batch *b)
{
	if (rl_batch_count(a) != rl_batch_count(b))
		return 0;
	for (unsigned long long i = 0; i < rl_batch_count(a); i++) {
		rl_buf x = {0}, y = {0};
		rl_batch_describe_changes(a, i, &x);
		rl_batch_describe_changes(b, i, &y);
		int same = x.len == y.len && (!x.len || memcmp(x.data, y.data, x.len) == 0);
		rl_buf_free(&x);
		rl_buf_free(&y);
		if (!same)
			return 0;
	}
	return 1;
}

#endif
