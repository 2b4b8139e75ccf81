/*
 * redline.h - the public interface of libredline.
 *
 * redline evaluates contract-exclusivity clauses (rule packs, in Lua)
 * against possible worlds of cloud deployments (scenarios, in Lua or JSON).
 *
 * Ownership, stated once and kept everywhere:
 *   - Every object returned through an out-parameter of an rl_*_new or
 *     rl_*_load function is owned by the caller and released with the
 *     matching rl_*_free.  rl_*_free(NULL) is a no-op.
 *   - Strings returned by accessors (const char *) belong to the object
 *     they came from and live as long as it does.
 *
 * Error messages, stated once for every function with a `char **err`
 * parameter (the library's internal functions keep the same rule):
 *   - If err is not NULL and the function fails, it writes into *err a
 *     message obtained from malloc().  The caller owns it and releases it
 *     with free() when done with it.  Its first line has the form
 *     "file:line: what was expected, what was found".
 *   - If err is NULL, the message is dropped; the status returned still
 *     says what kind of failure it was.
 *   - If the function succeeds, *err is not touched: it is written on
 *     failure only.  Point err at a NULL pointer; should it already hold a
 *     message, a failure frees that message and replaces it.
 *   - Failure is a status other than RL_OK and RL_FINDING (RL_EINPUT: bad
 *     input or usage; RL_EEVAL: an evaluation error or a limit).
 *
 * Threads: an rl_engine and an rl_scenario are read-only once loaded and
 * may be shared between threads.  An rl_evaluator owns one lua_State and
 * must be used by one thread at a time; make one per thread.
 *
 * The library keeps no mutable global state.
 */
#ifndef REDLINE_H
#define REDLINE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define REDLINE_VERSION "0.1.0"

/* Status codes.  They are also the command line's exit codes. */
typedef enum rl_status {
	RL_OK = 0,          /* evaluated; nothing binding in breach or contested */
	RL_FINDING = 1,     /* evaluated; a binding clause is in breach or contested */
	RL_EINPUT = 2,      /* usage error or bad input; nothing evaluated */
	RL_EEVAL = 3        /* an evaluation error or a limit was hit */
} rl_status;

/* Verdicts, in the order used to rank a scenario (worst last). */
typedef enum rl_verdict {
	RL_NOT_APPLICABLE = 0,
	RL_COMPLIANT,
	RL_UNKNOWN,
	RL_CONTESTED,       /* clause level only */
	RL_BREACH,
	RL_ERROR,
	RL_NVERDICTS
} rl_verdict;

const char *rl_verdict_name(rl_verdict v);
/* Returns the verdict named `name`, or -1. */
int rl_verdict_parse(const char *name);

typedef struct rl_limits {
	long long instructions;     /* Lua VM instructions per check; 0: default */
	size_t memory;              /* bytes per Lua state; 0: default */
	double seconds;             /* wall-clock seconds per check (a file load
	                               gets as many times more as its instruction
	                               budget; a rendering RL_RENDER_SECONDS
	                               unless set); 0: default */
	unsigned long fail_alloc_after; /* testing: in every Lua state, the
	                               allocations after this many made by
	                               scripts fail; 0: never */
} rl_limits;

#define RL_DEFAULT_INSTRUCTIONS 50000000LL
#define RL_DEFAULT_MEMORY ((size_t)64 << 20)
#define RL_DEFAULT_SECONDS 10.0
/* Files read whole (scenarios, rule packs, includes, JSON, batch files,
 * renderers) must be regular files of at most this many bytes. */
#define RL_MAX_FILE_BYTES ((size_t)64 << 20)

typedef struct rl_engine rl_engine;         /* options and rule packs */
typedef struct rl_scenario rl_scenario;     /* one loaded possible world */
typedef struct rl_evaluator rl_evaluator;   /* one Lua state with the rules */
typedef struct rl_report rl_report;         /* the verdicts for one scenario */

/* --- engine: limits and rule packs ------------------------------------- */

/* limits may be NULL for the defaults. */
rl_engine *rl_engine_new(const rl_limits *limits);
void rl_engine_free(rl_engine *e);

/* Loads a rule pack: a .lua file, or every *.lua file of a directory
 * (sorted by name).  Contracts, clauses and exceptions are checked as a
 * whole by rl_engine_seal (called implicitly by the first evaluation). */
rl_status rl_engine_load_rules(rl_engine *e, const char *path, char **err);
/* Checks references between everything loaded (clause -> contract,
 * exception -> clause, supersedes). No rule may be loaded afterwards. */
rl_status rl_engine_seal(rl_engine *e, char **err);

size_t rl_engine_clause_count(const rl_engine *e);
const char *rl_engine_clause_id(const rl_engine *e, size_t i);
/* Returns the index of a clause, or -1. */
long rl_engine_find_clause(const rl_engine *e, const char *id);
/* The `source` entities (cited articles and documents) loaded. */
size_t rl_engine_source_count(const rl_engine *e);

/* --- scenarios ----------------------------------------------------------- */

/* Loads a scenario file (.lua or .json). */
rl_status rl_scenario_load(const rl_engine *e, const char *path,
                           rl_scenario **out, char **err);
void rl_scenario_free(rl_scenario *s);
const char *rl_scenario_id(const rl_scenario *s);
const char *rl_scenario_file(const rl_scenario *s);
/* The evaluation date, "YYYY-MM-DD". */
const char *rl_scenario_date(const rl_scenario *s);
/* The scenario's `expect` table: clause id -> verdict.  Count and entries. */
size_t rl_scenario_expect_count(const rl_scenario *s);
const char *rl_scenario_expect_clause(const rl_scenario *s, size_t i);
rl_verdict rl_scenario_expect_verdict(const rl_scenario *s, size_t i);
/* The date an expectation is for (expect_at), or NULL for the scenario's
 * own date (expect); and the line of the scenario that states it. */
const char *rl_scenario_expect_date(const rl_scenario *s, size_t i);
int rl_scenario_expect_line(const rl_scenario *s, size_t i);

/* Modelling warnings: facts that load and evaluate but are likely not what
 * the analyst meant — a deployment no customer reaches, a model or product
 * no path reaches, an id the rule packs rely on (their `relies`) missing
 * while a near one exists ("ms" for "microsoft"), a stateless platform, an
 * API product with api_share 0, a statement about nothing, a cloud owned by
 * a party no pack knows.  e may be NULL (no pack's ids are checked).  Sets
 * *out to the warnings, one line each, "file:line: warning: ..." (free with
 * rl_warnings_free) and returns how many. */
size_t rl_scenario_lint(const rl_engine *e, const rl_scenario *s, char ***out);
void rl_warnings_free(char **warnings, size_t n);

/* --- evaluation ---------------------------------------------------------- */

/* One evaluator per thread.  It loads the engine's rule packs into its own
 * Lua state. */
rl_status rl_evaluator_new(const rl_engine *e, rl_evaluator **out, char **err);
void rl_evaluator_free(rl_evaluator *ev);

typedef struct rl_eval_options {
	const char *date;       /* override the scenario's date; NULL: keep */
	int trace;              /* record the paths each reading consulted */
} rl_eval_options;

/* Evaluates every clause of the rule packs against the scenario.
 * Returns RL_OK with *out set (even if clauses are in breach: read the
 * report's verdict), or RL_EINPUT on a bad option (an unparsable date). */
rl_status rl_evaluate(rl_evaluator *ev, const rl_scenario *s,
                      const rl_eval_options *opt, rl_report **out, char **err);
void rl_report_free(rl_report *r);

/* The scenario verdict: the worst binding clause verdict. */
rl_verdict rl_report_verdict(const rl_report *r);
/* The exit status the command line gives this report (0, 1 or 3). */
rl_status rl_report_status(const rl_report *r);
double rl_report_exposure(const rl_report *r);

size_t rl_report_clause_count(const rl_report *r);
const char *rl_report_clause_id(const rl_report *r, size_t i);
rl_verdict rl_report_clause_verdict(const rl_report *r, size_t i);
double rl_report_clause_p_breach(const rl_report *r, size_t i);
/* The clause's expected exposure (p_breach x exposure_usd), USD; NAN when
 * the clause states no exposure. */
double rl_report_clause_exposure(const rl_report *r, size_t i);
int rl_report_clause_binding(const rl_report *r, size_t i);
int rl_report_clause_in_force(const rl_report *r, size_t i);

size_t rl_report_reading_count(const rl_report *r, size_t clause);
const char *rl_report_reading_name(const rl_report *r, size_t clause, size_t k);
rl_verdict rl_report_reading_verdict(const rl_report *r, size_t clause, size_t k);
double rl_report_reading_weight(const rl_report *r, size_t clause, size_t k);
const char *rl_report_reading_because(const rl_report *r, size_t clause, size_t k);
/* NULL when no exception excused the reading. */
const char *rl_report_reading_excused_by(const rl_report *r, size_t clause, size_t k);
/* The exceptions a reading considered (in force, with a reading of its
 * name), whether each applies (1, 0, or -1 undecided: an unknown fact or an
 * error), and why.  An exception that applies excuses a breach; for a
 * reading that is no breach the trace still says why. */
size_t rl_report_reading_exception_count(const rl_report *r, size_t clause, size_t k);
const char *rl_report_reading_exception_id(const rl_report *r, size_t clause, size_t k,
                                           size_t j);
int rl_report_reading_exception_applies(const rl_report *r, size_t clause, size_t k,
                                        size_t j);
const char *rl_report_reading_exception_because(const rl_report *r, size_t clause,
                                                size_t k, size_t j);
/* Facts that would decide an unknown reading, as field paths. */
size_t rl_report_reading_needs_count(const rl_report *r, size_t clause, size_t k);
const char *rl_report_reading_need(const rl_report *r, size_t clause, size_t k, size_t j);
size_t rl_report_reading_evidence_count(const rl_report *r, size_t clause, size_t k);
const char *rl_report_reading_evidence(const rl_report *r, size_t clause, size_t k, size_t j);

/* Provenance.  Every report from rl_evaluate carries a manifest (the JSON
 * report's last key): the redline version, the command, every rule and
 * scenario file read (include and json_file too) with its SHA-256, and the
 * seed (null).  This sets the command recorded there (argv[0..argc-1]). */
void rl_report_set_command(rl_report *r, int argc, const char *const *argv);

/* Compares report b against baseline a, clause by clause (matched by id).
 * A clause differs when its verdict, p_breach or expected exposure differ,
 * or when only one report holds it.  Returns how many differ; with pairs,
 * the first npairs of them as {index in a, index in b}, -1 where absent
 * (a's clauses in order, then those only b holds). */
size_t rl_report_diff(const rl_report *a, const rl_report *b, long (*pairs)[2],
                      size_t npairs);

/* --- output -------------------------------------------------------------- */

typedef enum rl_format { RL_FMT_TEXT, RL_FMT_JSON, RL_FMT_MD } rl_format;

/* Writes the report.  colour: use ANSI colours (text format only). */
rl_status rl_report_write(const rl_report *r, rl_format fmt, int colour,
                          FILE *out, char **err);
/* Writes the rule packs without a scenario (`redline show`): contracts
 * (parties, dates, supersession, binding), clauses (text, readings with
 * weights and reasoning, exceptions, stated exposure, holder, obligor) and
 * the sources they cite, as RL_FMT_TEXT, RL_FMT_JSON or RL_FMT_MD.  ids
 * (nids of them, or none for everything) name contracts (with their
 * clauses) or clauses; an unknown id is RL_EINPUT naming the nearest.
 * Seals the engine. */
rl_status rl_engine_show(rl_engine *e, const char *const *ids, size_t nids,
                         rl_format fmt, FILE *out, char **err);
/* Writes what `redline explain` prints for one clause. */
rl_status rl_report_explain(const rl_report *r, size_t clause, FILE *out,
                            char **err);
/* Writes what `redline explain SCENARIO EXCEPTION` prints: the exception,
 * and for each reading of its clause whether it applied and why.
 * RL_EINPUT when no reading considered it. */
rl_status rl_report_explain_exception(const rl_report *r, const char *exception,
                                      FILE *out, char **err);
/* Returns 1 when `id` names an exception of the engine's rule packs. */
int rl_engine_has_exception(const rl_engine *e, const char *id);

/* --- rendering through Lua report modules -------------------------------- *
 *
 * A renderer is a Lua file (reports/md.lua, reports/csv.lua, a user's
 * --template) returning { check = function(doc, out, opts), batch =
 * function(doc, out, opts) }.  It runs in the sandbox rule files run in,
 * under the engine's memory cap and its own instruction budget.  out(s)
 * appends s to the output; opts maps option names to strings.
 *   check: doc = { reports = { r1, ... } }, each the JSON report (-f json)
 *          decoded by lua-cjson (JSON null is json.null).
 *   batch: doc = { summary = the batch summary JSON decoded, lines = a
 *          function returning an iterator over the JSON Lines records
 *          (decoded one at a time; lines without "index" are skipped),
 *          results = RESULTS path, batch = the batch file or nil }.
 * Errors: RL_EINPUT for a renderer that cannot be read, does not compile,
 * or does not return a table with the needed function, and for a bad
 * results file; RL_EEVAL for an error while rendering (a limit included).
 * *err is one line, "file:line: ...".  Output written before an error
 * stays written: render into a temporary file to keep nothing half done. */

#define RL_RENDER_INSTRUCTIONS 1000000000LL
#define RL_RENDER_SECONDS 300.0
/* What one rendering may write; past it the renderer stops with an error. */
#define RL_RENDER_MAX_OUTPUT ((size_t)1 << 30)

typedef struct rl_render_options {
	const char *renderer;           /* path of the renderer .lua file */
	const char *const *opts;        /* key, value, key, value, ..., NULL; or NULL */
	long long instructions;         /* budget; 0: RL_RENDER_INSTRUCTIONS, plus an
	                                   allowance per batch line streamed */
	size_t max_output;              /* bytes out(s) may write; 0:
	                                   RL_RENDER_MAX_OUTPUT */
} rl_render_options;

/* Renders n reports (of one engine; e gives the memory cap) with ro. */
rl_status rl_report_render(const rl_engine *e, const rl_report *const *reports,
                           size_t n, const rl_render_options *ro, FILE *out,
                           char **err);
/* Renders a batch's results: the JSON Lines file `results` (streamed) and
 * its summary (the JSON text summary/summary_len, as redline batch
 * --summary or redline merge write it).  batch_file: shown to the
 * renderer as doc.batch, or NULL. e may be NULL for the default limits. */
rl_status rl_results_render(const rl_engine *e, const char *results,
                            const char *summary, size_t summary_len,
                            const char *batch_file, const rl_render_options *ro,
                            FILE *out, char **err);

#ifdef __cplusplus
}
#endif

#endif /* REDLINE_H */
