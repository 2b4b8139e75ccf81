/* libFuzzer target: a batch's CSV rows table (any bytes after a fixed
 * header of three columns that take any text).  The table is read in
 * pieces (lines and commas, two words of a cell at a time); a table with no
 * quote, carriage return or NUL byte is also written with every cell
 * quoted, which libcsv reads, and the two readings must agree: the same
 * variants with the same values, or the same first error.  The table is
 * also streamed (each piece reading its range a few bytes at a time), which
 * must read it as it is read whole.  The same bytes are also read as a JSON
 * Lines table: loaded, or an error that says where. */
#include "fuzz.h"

#include "../batch_alike.h"
#include "batch.h"
#include "util.h"

static rl_engine *engine;

static const char base[] =
	"scenario \"base\" { date = \"2026-01-01\", params = { x = 1, y = 2 } }\n" FUZZ_WORLD;
static const char rules[] =
	"contract \"k\" { effective = \"2000-01-01\" }\n"
	"clause \"k/c\" { contract = \"k\", text = \"t\",\n"
	"  check = function(w) return compliant(\"ok\") end }\n";
static const char header[] = "param.x,deployment.d.attrs.note,param.y\n";

/* The batch over table (a file name in fuzz_dir, read as CSV or as JSON
 * Lines): loaded, or NULL with *err; the error without the table's path. */
static rl_batch *load_with(const char *batch_name, const char *table_name,
                           const char *format, int jobs, size_t chunk, char **err)
{
	char text[256];
	int n = snprintf(text, sizeof text,
	                 "batch \"rows\" { base = \"base.lua\", rows = %s_file(\"%s\") }\n",
	                 format, table_name);
	const char *path = fuzz_file(batch_name, (const uint8_t *)text, (size_t)n);
	rl_batch *b = NULL;
	*err = NULL;
	rl_status st = chunk ? rl_batch_load_streamed(engine, path, jobs, chunk, &b, err)
	                     : rl_batch_load(engine, path, &b, err);
	if (st == RL_OK)
		return b;
	if (!*err || !strchr(*err, ':'))
		abort();        /* every failure says where */
	const char *at = strstr(*err, table_name);
	if (at) {
		char *rest = rl_xstrdup(at + strlen(table_name));
		free(*err);
		*err = rest;
	}
	return NULL;
}

static rl_batch *load(const char *batch_name, const char *table_name, const char *format,
                      char **err)
{
	return load_with(batch_name, table_name, format, 1, 0, err);
}

/* Do a and b (either NULL, with its error) read the same: the same
 * variants with the same values, or the same first error? */
static int same_reading(const rl_batch *a, const char *aerr, const rl_batch *b,
                        const char *berr)
{
	if (!a != !b)
		return 0;
	if (!a)
		return strcmp(aerr, berr) == 0;
	return batches_alike(a, b);
}

/* The table with every cell of every non-empty line quoted. */
static uint8_t *quoted(const uint8_t *data, size_t size, size_t *len)
{
	rl_buf q = {0};
	int start = 1;  /* at the start of a line */
	for (size_t i = 0; i < size; i++) {
		char c = (char)data[i];
		if (c == '\n') {
			if (!start)
				rl_buf_add(&q, "\"", 1);
			rl_buf_add(&q, "\n", 1);
			start = 1;
			continue;
		}
		if (start)
			rl_buf_add(&q, "\"", 1);
		start = 0;
		if (c == ',')
			rl_buf_add(&q, "\",\"", 3);
		else
			rl_buf_add(&q, &c, 1);
	}
	if (!start)
		rl_buf_add(&q, "\"", 1);
	*len = q.len;
	return (uint8_t *)rl_buf_take(&q);
}

static void put_table(const char *name, const uint8_t *data, size_t size)
{
	uint8_t *t = malloc(sizeof header - 1 + size + 1);
	if (!t)
		abort();
	memcpy(t, header, sizeof header - 1);
	if (size)
		memcpy(t + sizeof header - 1, data, size);
	fuzz_file(name, t, sizeof header - 1 + size);
	free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!engine)
		engine = fuzz_engine(base, rules);
	put_table("t.csv", data, size);
	char *err = NULL;
	rl_batch *b = load("t.batch.lua", "t.csv", "csv", &err);
	if (!memchr(data, '"', size) && !memchr(data, '\r', size) && !memchr(data, '\0', size)) {
		size_t qlen;
		uint8_t *q = quoted(data, size, &qlen);
		put_table("q.csv", q, qlen);
		free(q);
		char *qerr = NULL;
		rl_batch *qb = load("q.batch.lua", "q.csv", "csv", &qerr);
		if (!same_reading(b, err, qb, qerr))
			abort();        /* not the same variants, or not the same error */
		rl_batch_free(qb);
		free(qerr);
	}
	/* Streamed, each piece a few bytes at a time (lines cut by every
	 * chunk, long ones growing the buffer), in one piece and in three. */
	for (int k = 0; k < 2; k++) {
		char *serr = NULL;
		rl_batch *sb = load_with("t.batch.lua", "t.csv", "csv", k ? 3 : 1, k ? 5 : 16, &serr);
		if (!same_reading(b, err, sb, serr))
			abort();        /* streamed, not the same reading */
		rl_batch_free(sb);
		free(serr);
	}
	if (b)
		rl_batch_free(b);
	free(err);
	fuzz_file("t.jsonl", data, size);
	b = load("j.batch.lua", "t.jsonl", "jsonl", &err);
	if (b)
		rl_batch_free(b);
	free(err);
	return 0;
}
