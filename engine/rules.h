/*
 * rules.h - rule packs in C: contracts, clauses with readings, exceptions,
 * and when a clause is in force.  The Lua functions (checks, applies) stay
 * in each evaluator's own Lua state, referenced by index in the same order.
 */
#ifndef RL_RULES_H
#define RL_RULES_H

#include <stddef.h>
#include <stdint.h>

#define RL_NO_DATE INT32_MIN
/* The largest exposure_usd a clause may state (sums stay finite). */
#define RL_MAX_EXPOSURE 1e15

typedef struct rl_reading_def {
	char *name;
	double raw_weight;      /* as written */
	double weight;          /* normalised within the clause */
	char *doc;
	int line;
	int ref;                /* the check, in the loading Lua state */
	char **cites;           /* its `source` and `sources` (sources.h) */
	size_t ncites;
} rl_reading_def;

typedef struct rl_contract {
	char *id, *title, *source, *file;
	int line;
	int32_t effective, ends, signed_on;     /* RL_NO_DATE when unset */
	int binding;
	char **supersedes;
	size_t nsupersedes;
	char **parties;
	size_t nparties;
	char **cites;           /* its `source` and `sources` (sources.h) */
	size_t ncites;
} rl_contract;

typedef struct rl_clause {
	char *id, *contract_id, *text, *title, *holder, *obligor, *source, *file;
	int line;
	size_t contract;
	int32_t effective, ends;
	double exposure;        /* NAN when unknown */
	rl_reading_def *readings;
	size_t nreadings;
	size_t *exceptions;
	size_t nexceptions;
	char **cites;           /* its `source` and `sources` (sources.h) */
	size_t ncites;
} rl_clause;

typedef struct rl_exception {
	char *id, *to, *text, *contract_id, *source, *file;
	int line;
	size_t clause, contract;
	char **readings;        /* reading names; nreadings == 0: one `applies` */
	size_t nreadings;
	int *refs;              /* applies functions (max(nreadings, 1)) */
	char **docs;
	char **cites;           /* its `source` and `sources` (sources.h) */
	size_t ncites;
} rl_exception;

/* One id or value a rule pack relies on a scenario to use: `relies { party =
 * { "microsoft" } }` gives what "party", value "microsoft". */
typedef struct rl_reliance {
	char *what;             /* an entity kind, "claims" or "params" */
	char *value;
	char *file;
	int line;
} rl_reliance;

typedef struct rl_rules {
	rl_contract *contracts;
	size_t ncontracts;
	rl_clause *clauses;
	size_t nclauses;
	rl_exception *exceptions;
	size_t nexceptions;
	rl_reliance *relies;
	size_t nrelies;
	struct rl_source *sources;      /* `source` entities of the packs */
	size_t nsources;
} rl_rules;

void rl_rules_free(rl_rules *r);        /* frees the contents, not r */
long rl_rules_find_contract(const rl_rules *r, const char *id);
long rl_rules_find_clause(const rl_rules *r, const char *id);
/* Links clauses to contracts and exceptions to clauses, checks every id
 * named in supersedes, normalises weights.  0, or -1 with *err set. */
int rl_rules_link(rl_rules *r, char **err);

/* Is contract c in force on day d (binding or not)? */
int rl_contract_in_force(const rl_rules *r, size_t c, int32_t day);
/* Is clause k in force on day d?  If not, writes the reason into why. */
int rl_clause_in_force(const rl_rules *r, size_t k, int32_t day, char *why,
                       size_t size);
int rl_exception_in_force(const rl_rules *r, size_t x, int32_t day);

/* Puts clauses and exceptions in their canonical order (file, line, id),
 * so that every state that loads the same files agrees on indices. */
void rl_rules_sort(rl_rules *r);

#endif
