/*
 * batch.h - what-if batches: a base scenario plus ordered axes of
 * variation.  Variant i is a pure function of (batch, i): grid variants are
 * numbered in mixed radix (last axis fastest); sample variants draw each
 * axis from a counter-based generator keyed by (seed, i, axis).  Variants
 * are applied to a per-worker copy of the base world in C; the scenario
 * file is never re-run.  Workers (one evaluator each) fill blocks of lines
 * that the writer emits in index order, so output is the same for any -j.
 */
#ifndef RL_BATCH_H
#define RL_BATCH_H

#include <signal.h>
#include <stdio.h>

#include "redline/redline.h"
#include "util.h"

/* The most variants redline batch and search run unless --max-variants. */
#define RL_DEFAULT_MAX_VARIANTS 1000000000ULL

typedef struct rl_batch rl_batch;
struct rl_manifest;
struct rl_store;

rl_status rl_batch_load(const rl_engine *e, const char *path, rl_batch **out,
                        char **err);
/* The same, reading a rows table (csv_file) with up to jobs threads (the
 * batch is the same whatever jobs is), and taking the table's SHA-256 for
 * rl_batch_rows_sha256 only if hash_rows: a caller that shows no manifest
 * need not hash every byte. */
rl_status rl_batch_load_jobs(const rl_engine *e, const char *path, int jobs, int hash_rows,
                             rl_batch **out, char **err);
/* For tests: rl_batch_load_jobs (hashing the rows) with a plain CSV rows
 * table of any size streamed, each of its pieces read chunk bytes at a time,
 * where only one of 256 KiB or more is (in 256 KiB chunks).  The batch is
 * the same as rl_batch_load's, or the error. */
rl_status rl_batch_load_streamed(const rl_engine *e, const char *path, int jobs, size_t chunk,
                                 rl_batch **out, char **err);
void rl_batch_free(rl_batch *b);
unsigned long long rl_batch_count(const rl_batch *b);
const char *rl_batch_file(const rl_batch *b);
const rl_scenario *rl_batch_base(const rl_batch *b);
/* The table a rows batch reads its variants from, or NULL. */
const char *rl_batch_rows_file(const rl_batch *b);
/* The SHA-256 (hex) of that table's bytes as the batch read them, or NULL
 * (none, or loaded without hash_rows). */
const char *rl_batch_rows_sha256(const rl_batch *b);
/* The batch's id (its `batch "ID"`). */
const char *rl_batch_id(const rl_batch *b);
/* 1 and *seed set in sample mode; 0 in grid mode. */
int rl_batch_seed(const rl_batch *b, unsigned long long *seed);
/* Is this line of a batch output the manifest line ({"manifest":...})? */
int rl_batch_is_manifest_line(const char *line);
size_t rl_batch_axis_count(const rl_batch *b);
/* Exact tipping points are bisected to this (default 1e-6). */
void rl_batch_set_tolerance(rl_batch *b, double tol);
const char *rl_batch_axis_path(const rl_batch *b, size_t a);

/* A search (redline search): which variants to keep. */
#define RL_SEARCH_FIRST 20
#define RL_SEARCH_NEAREST 5
typedef struct rl_batch_select {
	unsigned wants;         /* the verdicts wanted: bit 1u << rl_verdict */
	long clause;            /* an engine clause index; -1: the scenario verdict */
	long reading;           /* a reading of that clause; -1: the clause verdict */
	int max_changes;        /* keep variants changing at most this many axes from
	                         * the base scenario; -1: any number */
	/* --minimize exposure[:CLAIMANT]: a variant's expected exposure is the
	 * sum over its binding clauses (those CLAIMANT holds, or every one). */
	int exposure;           /* compute it */
	const char *claimant;   /* NULL: every holder */
	double max_exposure;    /* keep variants at most this exposed; INFINITY: any */
	/* Filled by the run: */
	unsigned long long wanted;      /* variants with the verdict wanted */
	unsigned long long matched;     /* of those, the variants kept */
	int min_changes;        /* the fewest axes a kept variant changes; -1: none */
	double min_exposure;    /* the lowest exposure of a kept variant */
	unsigned long long first[RL_SEARCH_FIRST];      /* the first kept, in order */
	size_t nfirst;
	/* The variants fewest clauses short of the want (a clause is short when
	 * its verdict is not wanted: for the scenario verdict, a binding clause
	 * whose verdict is neither wanted nor not_applicable). */
	int min_short;          /* short * 33 + axes changed, the least; -1: none */
	unsigned long long nearest[RL_SEARCH_NEAREST];
	size_t nnearest;
} rl_batch_select;

/* Parses a want: VERDICT, V1,V2,... or not:V1[,V2...] into a mask of
 * verdicts.  0, or -1 with *err ("--want:0: expected ..."). */
int rl_batch_parse_want(const char *want, unsigned *mask, char **err);
/* "compliant", "compliant or not_applicable", "not breach" */
void rl_batch_want_text(unsigned mask, rl_buf *out);

/* Fills sel for a search: want (rl_batch_parse_want); clause (or NULL: the
 * scenario verdict) a clause of the batch's scenario; reading (or NULL) one
 * of its readings.  RL_EINPUT with *err on a bad name. */
rl_status rl_batch_select_init(const rl_engine *e, const rl_batch *b, rl_batch_select *sel,
                               const char *want, const char *clause, const char *reading,
                               char **err);
/* Is variant v's verdict (as rl_verdicts gives it) one sel wants, and how
 * many clauses is it short (blocking, see rl_batch_select)? */
struct rl_verdicts;
int rl_batch_wanted(const rl_engine *e, const rl_batch_select *sel,
                    const struct rl_verdicts *v, int *short_by);
/* --minimize WHAT: "exposure" or "exposure:CLAIMANT" (a holder of a clause
 * of the batch's scenario).  RL_EINPUT with *err otherwise. */
rl_status rl_batch_select_minimize(const rl_engine *e, const rl_batch *b,
                                   rl_batch_select *sel, const char *what, char **err);
/* One line per clause that keeps v from the want: "    CLAUSE is VERDICT:
 * blocked under READING (VERDICT), ..." (the readings giving an unwanted
 * verdict). */
void rl_batch_explain_short(const rl_engine *e, const rl_batch_select *sel,
                            const struct rl_verdicts *v, rl_buf *out);
/* Which axes variant i sets to a value other than the base scenario's. */
uint32_t rl_batch_changes(rl_batch *b, unsigned long long i);
/* Which axes variants i and j set to different values (bit a). */
uint32_t rl_batch_differ(const rl_batch *b, unsigned long long i, unsigned long long j);
/* A variant's expected exposure under sel (its claimant). */
double rl_batch_exposure(const rl_engine *e, const rl_batch_select *sel,
                         const struct rl_verdicts *v);
/* Evaluates variant i alone into out (initialised here; the caller frees
 * it with rl_verdicts_free).  RL_OK, or an error with *err. */
rl_status rl_batch_variant(const rl_engine *e, const rl_batch *b, unsigned long long i,
                           struct rl_verdicts *out, char **err);
/* Appends "AXIS = VALUE; ..." for the axes variant i changes from the base
 * scenario (after rl_batch_run with a search), or "no axis" when none. */
void rl_batch_describe_changes(const rl_batch *b, unsigned long long i, rl_buf *out);

typedef struct rl_batch_options {
	int jobs;               /* worker threads; <= 0: online CPUs */
	FILE *lines;            /* JSON Lines output, or NULL */
	FILE *summary_text;     /* the readable summary, or NULL */
	FILE *summary_json;     /* the JSON summary, or NULL */
	FILE *progress;         /* done/total, rate and ETA go here, or NULL */
	/* When *cancel becomes non-zero (a SIGINT handler), the run stops after
	 * the last complete block: every line written is whole, in index order. */
	volatile sig_atomic_t *cancel;
	int shard_k, shard_n;   /* --shard K/N (0/0: every variant) */
	unsigned long long resume_from; /* variants below this are already written */
	/* Run every reading of every variant, reusing no verdict (memo.h);
	 * the output is the same either way. */
	int no_memo;
	/* Provenance for the JSON summary's last key (stopped when it is
	 * written), or NULL. */
	struct rl_manifest *manifest;
	/* Results database (store.h): each block the writer emits goes into it
	 * in one transaction, or NULL. */
	struct rl_store *store;
	/* A search: only the variants it keeps are written to lines, each with
	 * "changes" (the axes whose value differs from the base scenario's);
	 * NULL: every variant. */
	rl_batch_select *select;
	/* Called by the writer for each variant, in index order: its clause
	 * verdicts (the scenario's clauses, in engine order) and reading
	 * verdicts (by reading slot, rl_verdicts.slot); NULL: not called. */
	void (*observe)(void *ctx, unsigned long long i, const unsigned char *verdicts,
	                const unsigned char *readings);
	void *observe_ctx;
	/* The name of lines, for the message when a write to it fails (the run
	 * stops at once); NULL: "output". */
	const char *lines_path;
} rl_batch_options;

/* Runs every variant.  RL_OK, RL_FINDING (some variant has a binding
 * breach or contested clause), or an error with *err set (RL_EEVAL and
 * *interrupted set when cancelled). */
rl_status rl_batch_run(const rl_engine *e, rl_batch *b, const rl_batch_options *opt,
                       int *interrupted, char **err);

/* Combines batch outputs (shards, in any order) into the summary a single
 * run would have written, byte for byte (outside its manifest, which is
 * `manifest`'s, or none).  Every variant must appear once; manifest lines
 * (`{"manifest":...}`) are skipped.
 * Tipping points depend on the batch, not the lines: with b (and its
 * engine e) they are included, as in a single run's summary.  Returns
 * RL_FINDING when some variant has a binding breach or contested clause,
 * as the run would have. */
rl_status rl_batch_merge(const char *const *paths, size_t npaths, const rl_engine *e,
                         const rl_batch *b, FILE *json, FILE *text,
                         struct rl_manifest *manifest, char **err);

#endif
