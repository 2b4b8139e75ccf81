/*
 * law.h - what a lawyer needs beside the verdicts: the clause's own terms
 * (title, text, contract, parties, dates, holder and obligor), each
 * reading's reasoning (doc), the citations with their quoted passages, a
 * bibliography, the facts' citations, and exposure per claimant.
 *
 * The JSON helpers append keys (", \"key\": value") to a report object
 * being written, so report.c and show.c share one spelling of them.
 */
#ifndef RL_LAW_H
#define RL_LAW_H

#include "report.h"
#include "sources.h"

/* Checks the `source` of every fact of a scenario against the rule packs'
 * sources (r may be NULL) and the scenario's own.  0, or -1 with *err
 * "file:line: ...". */
int rl_law_check_sources(const rl_rules *r, const rl_model *m, char **err);

/* A fact of the scenario that cites a source (copied: the report outlives
 * the scenario). */
typedef struct rl_fact_cite {
	char *kind, *id, *cite;
	int resolved;           /* 1: src holds the source (the cited quote only) */
	rl_source src;
} rl_fact_cite;

/* Copies the citations of m's facts into r (resolved against the packs'
 * sources and the scenario's own). */
void rl_law_set_facts(rl_report *r, const rl_model *m, const rl_rules *rules);
void rl_law_free_facts(rl_report *r);

/* One claimant's exposure: the holder of binding clauses in breach or
 * contested on the date. */
typedef struct rl_claim {
	const char *holder;             /* "unstated" when a clause names none */
	double expected;                /* sum of the quantified clauses' figures */
	size_t nquantified, nunquantified;
} rl_claim;

/* The claimants of r, in order of first appearance; returns how many
 * (at most max). */
size_t rl_law_claims(const rl_report *r, rl_claim *out, size_t max);
/* Sets r->exposure (the largest claimant's quantified figure, never a sum
 * across claimants) and r->exposure_unquantified (something is at risk
 * and nothing at risk is quantified). */
void rl_law_headline(rl_report *r);
/* Is clause result c at risk (binding, in force, breach or contested)? */
int rl_law_at_risk(const rl_clause_result *c);

/* JSON pieces. */
void rl_law_cites_json(rl_buf *b, const rl_rules *rules, char *const *cites, size_t n);
/* ", \"title\": ..., \"text\": ..., ..." of a clause and its contract. */
void rl_law_clause_json(rl_buf *b, const rl_rules *rules, const rl_clause *cl);
/* ", \"doc\": ..., \"sources\": [...]" of a reading. */
void rl_law_reading_json(rl_buf *b, const rl_rules *rules, const rl_reading_def *rd);
/* ",\n  \"exposure_by_claimant\": {...}" */
void rl_law_claimants_json(rl_buf *b, const rl_report *r);
/* ",\n  \"facts\": [...],\n  \"sources\": [...]": the facts' citations and
 * the bibliography of everything the report cites. */
void rl_law_report_json(rl_buf *b, const rl_report *r);
/* ",\n  \"sources\": [...]": the bibliography of these clauses (their
 * contracts, readings and exceptions) and of the facts' citations. */
void rl_law_sources_json(rl_buf *b, const rl_rules *rules, const rl_clause *const *cls,
                         size_t ncls, const rl_fact_cite *facts, size_t nfacts);

/* The clause's conclusion in plain words: verdict, why, who may claim
 * against whom and for how much.  The caller frees it. */
char *rl_law_conclusion(const rl_clause_result *c, const char *date);
/* ", \"turns_on\": [...]": single changes of fact that would change a
 * reading, where the report makes them cheap to find (an unknown
 * reading's needs, an exception that excused a breach, the evidence a
 * breach rests on). */
void rl_law_turns_on_json(rl_buf *b, const rl_clause_result *c);

/* ",\n  \"exposure_by_claimant\": {...}" of a batch summary: per holder of
 * binding clauses, the mean over variants of its expected exposure (the sum
 * of its clauses' means), its clauses, and those at risk in some variant
 * with no stated exposure. */
struct rl_clause_stats;
void rl_law_batch_claimants_json(rl_buf *b, const rl_rules *rules, size_t n,
                                 const char *const *ids, const int *has_exposure,
                                 const struct rl_clause_stats *tot,
                                 unsigned long long variants);

/* The same, one line for the text summary of a run. */
void rl_law_batch_claimants_text(FILE *out, const rl_rules *rules, size_t n,
                                 const char *const *ids, const int *has_exposure,
                                 const struct rl_clause_stats *tot,
                                 unsigned long long variants);

/* "$20.0bn" (or "$0", "$1.5m") into out. */
void rl_law_money(double x, char *out, size_t size);

#endif
