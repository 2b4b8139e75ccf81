/*
 * report.h - what an evaluation found (the struct behind rl_report) and
 * the writers: text for terminals, JSON with a fixed key order and number
 * format (docs/report.schema.json), and explain.
 *
 * A report points into its engine's rule packs (ids, texts, docs): free
 * the report before the engine.
 */
#ifndef RL_REPORT_H
#define RL_REPORT_H

#include "redline/redline.h"
#include "model.h"
#include "rules.h"

/* One exception a reading considered: in force, with a reading of this name
 * (or a single applies).  applies: 1, 0, or -1 when undecided (an unknown
 * fact or an error). */
typedef struct rl_exception_trace {
	const rl_exception *x;          /* the engine's */
	int applies;
	char *because;
} rl_exception_trace;

typedef struct rl_reading_result {
	int verdict;
	char *because;
	char **evidence;
	size_t nevidence;
	char **needs;
	size_t nneeds;
	const char *excused_by;         /* an exception id of the engine */
	char *error;                    /* message, then a traceback */
	char **consulted;               /* paths the check was given (trace) */
	size_t nconsulted;
	rl_exception_trace *exceptions; /* every exception considered, in order */
	size_t nexceptions;
} rl_reading_result;

typedef struct rl_clause_result {
	const rl_clause *clause;
	const rl_contract *contract;
	int verdict;
	double p_breach;
	double exposure;                /* expected; NAN when the clause has none */
	int binding, in_force;
	char *not_in_force;             /* why not, when !in_force */
	rl_reading_result *readings;    /* clause->nreadings */
} rl_clause_result;

/* One field of an access path, owned by the report (the scenario may be
 * freed first).  t is an rl_vtype: NIL, UNKNOWN, BOOL, NUM, STR (items[0])
 * or LIST (items; a NULL item is unknown). */
typedef struct rl_path_field {
	int t;
	int b;
	double num;
	char **items;
	size_t n;
} rl_path_field;

/* One hop of a path: the deployment's own facts, for the HTML diagram. */
enum { RL_HOP_CLOUD, RL_HOP_OPERATOR, RL_HOP_INTERFACE, RL_HOP_STATE, RL_HOP_N };
typedef struct rl_hop_result {
	char *id;
	rl_path_field f[RL_HOP_N];
} rl_hop_result;

typedef struct rl_path_result {
	char *id;                       /* the path's name: hops joined by "->" */
	rl_path_field f[RL_P_N];        /* indexed by RL_P_* */
	rl_hop_result *hops;
	size_t nhops;
} rl_path_result;

struct rl_report {
	char *scenario_id, *title, *date, *file;
	int verdict;
	double exposure;
	rl_clause_result *clauses;
	size_t nclauses;
	size_t counts[RL_NVERDICTS];
	/* Access paths of the world: one line each for explain, and the
	 * structured fields for the JSON report (and so the renderers). */
	char **paths;
	rl_path_result *path_data;
	size_t npaths;
	/* Provenance, written as the JSON report's last key (rl_evaluate sets
	 * it; batch workers' reports have none). */
	struct rl_manifest *manifest;
	/* For lawyers (law.h): the rule packs the clauses come from, the
	 * facts' citations, and whether the headline exposure is unquantified
	 * (something binding is at risk and no such clause states a figure). */
	const rl_rules *rules;
	struct rl_fact_cite *facts;
	size_t nfacts;
	int exposure_unquantified;
};

/* Fills r->paths and r->path_data from a world's derived paths. */
void rl_report_set_paths(rl_report *r, const rl_world *w);

void rl_report_json(const rl_report *r, FILE *out);
void rl_report_text(const rl_report *r, int colour, FILE *out);
/* Appends a fact as JSON: unknown and unset as null, lists as arrays. */
void rl_json_value(struct rl_buf *b, const rl_value *v);

/* Keeps only the clauses named in ids[0..n) (check --clause), in report
 * order, and recomputes the verdict, exposure and counts over them. */
void rl_report_keep_clauses(rl_report *r, const char *const *ids, size_t n);

#endif
