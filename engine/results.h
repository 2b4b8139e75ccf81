/*
 * results.h - batch result lines, written and read in one place.
 *
 * A batch writes one JSON object per variant, one per line (docs/batch.md,
 * "Lines"), after a {"manifest":{...}} line.  This module is the only one
 * that knows that format: the writer builds a line from a variant's
 * verdicts, the decoder turns a line back into an rl_result, and the reader
 * splits a file into lines under the one rule for a half-written line.
 * Everything that consumes results - the resume scan, `merge`, the SQLite
 * store, the renderers' doc.lines() - goes through it.
 *
 * The half-written line rule.  A line ends with its newline; a line
 * without one is half written (a run was killed while writing it) and can
 * only be the last line of a file.  A reader finishing an interrupted run
 * (--resume) reads in RL_RESULTS_HALF_DROP mode: the half line is dropped
 * and the run writes that variant again.  Every other reader (merge,
 * report) reads in RL_RESULTS_HALF_REFUSE mode: the half line is bad input,
 * "path:line: expected a complete line, found a half-written one".
 *
 * Decoding is strict JSON (RFC 8259) and has no limits beyond memory: any
 * number of clauses, values of any length, nesting up to
 * RL_RESULTS_MAX_DEPTH.  No Lua state is involved.
 */
#ifndef RL_RESULTS_H
#define RL_RESULTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "redline/redline.h"

struct rl_buf;
struct rl_value;
struct rl_verdicts;

/* How deep arrays and objects may nest in a line (values, unknown keys). */
#define RL_RESULTS_MAX_DEPTH 64

/* --- one variant, decoded ------------------------------------------------- */

/* An axis value: JSON null (unknown), a number, a string, true/false, or
 * a list (kept as its JSON text, as written). */
typedef enum { RL_RV_NULL, RL_RV_NUM, RL_RV_TEXT, RL_RV_BOOL, RL_RV_JSON } rl_result_type;

typedef struct rl_result_value {
	rl_result_type type;
	double num;             /* RL_RV_NUM */
	int b;                  /* RL_RV_BOOL */
	const char *text;       /* RL_RV_TEXT, RL_RV_JSON: len bytes */
	size_t len;
} rl_result_value;

typedef struct rl_result_reading {
	const char *name;       /* NULL: named by its position in the clause */
	size_t pos;             /* its position in a list of readings */
	int verdict;            /* rl_verdict */
} rl_result_reading;

typedef struct rl_result_clause {
	const char *id;
	int verdict;            /* rl_verdict */
	double p_breach;        /* 0 to 1 */
	int has_exposure;
	double exposure;        /* expected exposure, USD (0 when none) */
	const rl_result_reading *readings;
	size_t nreadings;
} rl_result_clause;

typedef struct rl_result {
	unsigned long long index;
	int verdict;            /* rl_verdict: the scenario verdict */
	int has_values;         /* the line has "values" */
	const rl_result_value *values;  /* one per axis, in axis order */
	size_t nvalues;
	const rl_result_clause *clauses;
	size_t nclauses;
} rl_result;

/* The reading verdict of a clause's reading `name` at position pos (from
 * 0), or -1 when the clause does not carry it. */
int rl_result_reading_verdict(const rl_result_clause *c, const char *name, size_t pos);

/* --- decoding -------------------------------------------------------------- */

/* Holds what decoded lines point into; reused from line to line, so that
 * decoding allocates nothing once it has seen the largest line. */
typedef struct rl_results_decoder {
	char *buf;
	size_t cap;
	rl_result_value *values;
	size_t capvalues;
	rl_result_clause *clauses;
	size_t capclauses;
	rl_result_reading *readings;
	size_t capreadings;
	/* What was wrong with the last line refused: "a known \"verdict\"", and
	 * what stood there instead ("\"bogus\"", "the end of the line"). */
	const char *want;
	char found[48];
} rl_results_decoder;

/* Decodes one line (without its newline): a JSON object with a whole
 * "index" from 0 to 9e15, a known "verdict", and "clauses", a list of
 * objects each with a non-empty string "id", a known "verdict", a
 * "p_breach" from 0 to 1 and an "expected_exposure_usd" that is a number
 * or null, and optionally "readings" (an object name -> verdict, a list of
 * {"name", "verdict"}, or a list of verdicts in the clause's reading
 * order); "values", when present, is a list.  Other keys are checked as
 * JSON and skipped.  Returns 0 with *out valid until the next call, or -1
 * with d->want and d->found set. */
int rl_results_decode(rl_results_decoder *d, const char *line, size_t len, rl_result *out);
void rl_results_decoder_free(rl_results_decoder *d);

/* --- reading a file -------------------------------------------------------- */

typedef enum { RL_RESULTS_HALF_REFUSE, RL_RESULTS_HALF_DROP } rl_results_half;

typedef struct rl_results_reader {
	FILE *f;
	const char *path;
	rl_results_half half_mode;
	char *line;             /* the current line, NUL-terminated, no newline */
	size_t cap;
	unsigned long long lineno;
	int half;               /* HALF_DROP: a half-written last line was dropped */
} rl_results_reader;

/* Starts reading f (at its current position) as path. */
void rl_results_reader_init(rl_results_reader *r, FILE *f, const char *path,
                            rl_results_half mode);
/* The next line into r->line (*len bytes, its newline removed): 1; at the
 * end of the file (or a dropped half line): 0; -1 with *err set
 * ("path:line: expected ..., found ...") on a refused half line or a read
 * error. */
int rl_results_read(rl_results_reader *r, size_t *len, char **err);
void rl_results_reader_free(rl_results_reader *r);

/* Whether a line is the manifest line ({"manifest":...}), not a variant. */
int rl_results_is_manifest(const char *line);

/* --- writing ---------------------------------------------------------------- */

/* The text of a line that does not change between variants, made once per
 * run and read-only after: per clause `{"id":"...","verdict":"`, per
 * reading `"name":"`, the verdict names, and (rl_results_writer_axes) each
 * axis value's JSON text and each axis path's.  Workers share one writer. */
typedef struct rl_results_writer {
	const rl_engine *e;
	char **clause;          /* per engine clause */
	size_t *clause_len;
	char **reading;         /* per reading slot (rl_verdicts.slot) */
	size_t *reading_len;
	size_t nslots;
	const char *vname[RL_NVERDICTS + 1];    /* the last: an unknown verdict */
	size_t vlen[RL_NVERDICTS + 1];
	/* The axes (rl_results_writer_axes; naxes 0 until then). */
	size_t naxes;
	const struct rl_value **vals;   /* per axis: its values, NULL when uniform */
	size_t **at;            /* per axis: value j's text is text[at[j]..at[j+1]), or NULL */
	char *text;
	char **path;            /* per axis: its path as a JSON string */
	size_t *path_len;
} rl_results_writer;

/* How many axis values (over all axes) rl_results_writer_axes makes the
 * text of: an axis past this is formatted line by line instead. */
#define RL_RESULTS_AXIS_TEXT ((size_t)1 << 18)

void rl_results_writer_init(rl_results_writer *w, const rl_engine *e);
/* The run's axes: axis a takes value pick from vals[a][0..nvals[a]), or
 * with vals[a] NULL (uniform) a number drawn; paths[a] names it in
 * "changes".  The JSON text of the values of each axis is made here while
 * the values made stay within max (RL_RESULTS_AXIS_TEXT; 0: none). */
void rl_results_writer_axes(rl_results_writer *w, size_t naxes,
                            const struct rl_value *const *vals, const size_t *nvals,
                            const char *const *paths, size_t max);
void rl_results_writer_free(rl_results_writer *w);

/* One worker's lines repeat: the part from the scenario "verdict" to the
 * end of "clauses" is kept by verdict pattern (every clause's verdict,
 * p_breach, exposure and reading verdicts) and copied when it comes again.
 * At most max patterns (0: RL_RESULTS_CACHE_MAX) and RL_RESULTS_CACHE_BYTES
 * of text; when full it starts over empty.  Owned by one thread. */
#define RL_RESULTS_CACHE_MAX 512
#define RL_RESULTS_CACHE_BYTES ((size_t)1 << 19)
typedef struct rl_results_cache rl_results_cache;
rl_results_cache *rl_results_cache_new(const rl_results_writer *w, size_t max);
void rl_results_cache_free(rl_results_cache *c);
/* Lines written from the cache, and patterns it took, so far. */
void rl_results_cache_counts(const rl_results_cache *c, unsigned long long *hits,
                             unsigned long long *misses);

/* Appends variant `index`'s line (with its newline) to o: its axis values
 * (axis a's value pick[a], or where the axis is uniform the number num[a]),
 * its verdicts v, and with `changes` set, "changes": the path of each axis
 * a whose bit is set in changed.  cache (NULL: none) is the calling
 * thread's own; the bytes are the same with or without it. */
void rl_results_write(const rl_results_writer *w, rl_results_cache *cache, struct rl_buf *o,
                      unsigned long long index, const size_t *pick, const double *num,
                      const struct rl_verdicts *v, int changes, uint32_t changed);

#endif
