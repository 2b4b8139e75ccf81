/*
 * bench/peer/gen.c - the peer workload's variants as the rows of a table.
 *
 *   gen N > variants.csv
 *
 * Variant i = 1..N draws twelve numbers from a MINSTD Lehmer generator
 * (s = s * 48271 mod 2^31 - 1, starting from s = 42; each draw advances s
 * and takes the new s), in the field order of the table below, and maps
 * each to its value.  The CSV header names the axis paths of the peer
 * world (world.lua) that the fields set.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t s = 42;

static uint64_t next(void)
{
	s = s * 48271 % 2147483647;
	return s;
}

/* Days since 1970-01-01 to year, month, day (the proleptic Gregorian calendar). */
static void civil(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int main(int argc, char **argv)
{
	static const char *const kind[] = {"api", "platform", "application"};
	static const char *const state[] = {"stateless", "stateful"};
	static const char *const cloud3[] = {"azure", "aws", "gcp"};
	static const char *const cloud2[] = {"azure", "aws"};
	static const char *const seller[] = {"microsoft", "amazon", "openai"};
	static const char *const segment[] = {"enterprise", "government", "developer"};
	static const char *const phrase[] = {"powered by", "enabled by", "integrates with",
	                                     "enables access", "calls on"};
	static const char *const boolean[] = {"false", "true"};
	static const char *const tier[] = {"standard", "frontier"};
	char *end;
	long long n = argc == 2 ? strtoll(argv[1], &end, 10) : -1;
	if (argc != 2 || *end || n < 0) {
		fprintf(stderr, "usage: gen N > variants.csv\n");
		return 2;
	}
	printf("product.peer-product.kind,deployment.peer-host.state,deployment.peer-host.cloud,"
	       "deployment.peer-inference.cloud,deployment.peer-host.seller,"
	       "product.peer-product.api_share,date,deployment.peer-host.attrs.customer_segment,"
	       "statement.peer-pitch.text,model.peer-model.attrs.weights_location,"
	       "deployment.peer-host.attrs.exclusive_third_party,model.peer-model.tier\n");
	for (long long i = 1; i <= n; i++) {
		const char *k = kind[next() % 3], *st = state[next() % 2];
		const char *hc = cloud3[next() % 3], *mh = cloud2[next() % 2];
		const char *se = seller[next() % 3];
		unsigned share = (unsigned)(next() % 10001);
		int y, m, d;
		civil(17897 + (long)(next() % 2922), &y, &m, &d);
		const char *cs = segment[next() % 3], *ph = phrase[next() % 5];
		const char *wl = cloud2[next() % 2], *ex = boolean[next() % 2];
		const char *fr = tier[next() % 2];
		/* share / 10000 with four decimals: strtod gives the same double */
		printf("%s,%s,%s,%s,%s,%u.%04u,%04d-%02d-%02d,%s,%s,%s,%s,%s\n", k, st, hc, mh, se,
		       share / 10000, share % 10000, y, m, d, cs, ph, wl, ex, fr);
	}
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
