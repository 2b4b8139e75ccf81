/*
 * model.h - the world model: kinds of entity, their fields (one schema
 * table drives validation, defaults, the Lua accessors and batch axes),
 * typed values with an explicit `unknown`, and the world view that checks
 * read.
 *
 * An rl_model is built once by the loader and is read-only afterwards; it
 * owns every string (interned) and list.  An rl_world is a mutable view
 * of a model: its own copy of the field values (sharing the model's
 * strings and lists), the evaluation date and the derived access paths.
 * Batches give each worker its own world and change values in place.
 */
#ifndef RL_MODEL_H
#define RL_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef enum rl_kind {
	RL_K_SCENARIO,
	RL_K_PARTY,
	RL_K_CLOUD,
	RL_K_MODEL,
	RL_K_PRODUCT,
	RL_K_DEPLOYMENT,
	RL_K_STATEMENT,
	RL_NKINDS
} rl_kind;

typedef enum rl_vtype {
	RL_V_NIL,       /* not set */
	RL_V_UNKNOWN,   /* set to `unknown` by the analyst */
	RL_V_BOOL,
	RL_V_NUM,
	RL_V_STR,       /* interned; enums and references are strings too */
	RL_V_LIST,      /* items */
	RL_V_TABLE      /* pairs: attrs, params, expect */
} rl_vtype;

typedef struct rl_value rl_value;
typedef struct rl_pair rl_pair;

struct rl_value {
	uint8_t t;
	uint32_t n;             /* LIST/TABLE: number of items or pairs */
	int32_t ref;            /* STR of a reference field: entity index, else -1 */
	union {
		int b;
		double num;
		const char *s;
		rl_value *items;
		rl_pair *pairs;
	} u;
};

/* A resolved reference: (kind << 24 | index). */
#define RL_REF_KIND(r) ((int)((r) >> 24))
#define RL_REF_INDEX(r) ((size_t)((r) & 0xffffff))

struct rl_pair {
	const char *key;        /* interned */
	rl_value v;
};

/* Field types of the schema. */
typedef enum rl_ftype {
	RL_F_STR,
	RL_F_NUM,
	RL_F_SHARE,     /* a number in [0, 1] */
	RL_F_BOOL,
	RL_F_DATE,      /* "YYYY-MM-DD", kept as an interned string */
	RL_F_ENUM,
	RL_F_REF,       /* an entity id of one of `refs` kinds */
	RL_F_TABLE,     /* string keys -> scalars (attrs, params) */
	RL_F_EXPECT,    /* clause id -> verdict name */
	RL_F_EXPECT_AT  /* date -> (clause id -> verdict name); kept in rl_model.expect */
} rl_ftype;

enum { RL_FF_REQUIRED = 1, RL_FF_LIST = 2 };

typedef struct rl_field_def {
	const char *name;
	rl_ftype type;
	unsigned flags;
	unsigned refs;                  /* RL_F_REF: bitmask of 1u << kind */
	const char *const *enums;       /* RL_F_ENUM: NULL-terminated */
} rl_field_def;

/* Field indices.  The common fields come first in every kind. */
enum { RL_F_NAME, RL_F_SOURCE, RL_F_NOTE, RL_F_ATTRS, RL_F_SOURCES, RL_NCOMMON };
enum { RL_SC_DATE = RL_NCOMMON, RL_SC_TITLE, RL_SC_DESCRIPTION, RL_SC_CONTRACTS,
       RL_SC_EXPECT, RL_SC_PARAMS, RL_SC_EXPECT_AT, RL_SC_N };
enum { RL_PA_KIND = RL_NCOMMON, RL_PA_N };
enum { RL_CL_OWNER = RL_NCOMMON, RL_CL_N };
enum { RL_MO_OWNER = RL_NCOMMON, RL_MO_TIER, RL_MO_WEIGHTS, RL_MO_N };
enum { RL_PR_OWNER = RL_NCOMMON, RL_PR_KIND, RL_PR_STATE, RL_PR_MODELS,
       RL_PR_API_SHARE, RL_PR_N };
enum { RL_DE_RUNS = RL_NCOMMON, RL_DE_CLOUD, RL_DE_OPERATOR, RL_DE_SELLER,
       RL_DE_INTERFACE, RL_DE_STATE, RL_DE_AUDIENCE, RL_DE_CALLS, RL_DE_N };
enum { RL_ST_BY = RL_NCOMMON, RL_ST_TEXT, RL_ST_ABOUT, RL_ST_AUDIENCE,
       RL_ST_DATE, RL_ST_CLAIMS, RL_ST_N };

const char *rl_kind_name(rl_kind k);
const char *rl_kind_plural(rl_kind k);
/* Accepts singular and plural names ("deployment", "deployments");
 * returns -1 when none fits. */
int rl_kind_parse(const char *name);
size_t rl_kind_nfields(rl_kind k);
const rl_field_def *rl_kind_field(rl_kind k, size_t f);
/* Returns the field index, or -1. */
int rl_kind_find_field(rl_kind k, const char *name);

typedef struct rl_entity {
	rl_kind kind;
	const char *id;         /* interned */
	const char *file;       /* interned */
	int line;
	int fileseq;            /* the order its file was first loaded */
	uint32_t defaulted;     /* bit f: field f holds a default, not a fact */
	rl_value *f;            /* rl_kind_nfields(kind) values */
} rl_entity;

typedef struct rl_expect {
	const char *clause;     /* interned */
	int verdict;            /* rl_verdict */
	int line;
	const char *date;       /* interned; NULL: the scenario's date (expect) */
} rl_expect;

/* A file the scenario loader read, for the manifest. */
typedef struct rl_model_file {
	const char *path;       /* interned, as displayed in messages */
	int include;            /* read by include() or json_file() */
	char sha256[65];
} rl_model_file;

typedef struct rl_model {
	rl_pool *pool;
	const char *file;       /* the scenario file, as given */
	rl_entity *ents[RL_NKINDS];
	size_t n[RL_NKINDS], cap[RL_NKINDS];
	rl_expect *expect;
	size_t nexpect;
	rl_model_file *files;   /* every file read, in reading order */
	size_t nfiles;
	struct rl_source *sources;      /* the scenario's own `source` entities */
	size_t nsources;
	/* Lists and tables allocated for values, freed with the model. */
	void **blocks;
	size_t nblocks, capblocks;
	/* Interned values that defaults and paths compare by address. */
	const char *s_api, *s_standard, *s_stateless, *s_stateful;
} rl_model;

rl_model *rl_model_new(void);
void rl_model_free(rl_model *m);
const char *rl_model_intern(rl_model *m, const char *s);
/* Records a file the loader read (its text hashed for the manifest). */
void rl_model_add_file(rl_model *m, const char *path, int include, const char *text,
                       size_t len);
/* Memory for a list/table owned by the model. */
void *rl_model_alloc(rl_model *m, size_t n, size_t size);
/* Adds an entity with every field nil; NULL if the id is taken (then
 * *dup is the existing one). */
rl_entity *rl_model_add(rl_model *m, rl_kind k, const char *id,
                        const char *file, int line, rl_entity **dup);
/* Index of the entity, or -1. */
long rl_model_find(const rl_model *m, rl_kind k, const char *id);
/* Resolves references, applies defaults, checks enumerations that depend
 * on other entities, and rejects cycles in `calls`.  Returns 0, or -1 with
 * *err set to "file:line: ...". */
int rl_model_finish(rl_model *m, char **err);

/* Fills an entity's defaulted fields from the facts they derive from
 * (seller from operator, interface/state from what it runs, ...). */
void rl_entity_defaults(const rl_model *m, rl_entity *const ents[RL_NKINDS],
                        rl_entity *e);

/* A reference to one field of one entity: what `needs` names. */
typedef struct rl_fref {
	int8_t kind;            /* rl_kind, or -1 for the scenario date */
	int8_t field;
	int32_t index;
} rl_fref;

/* "deployment.sre-inference.cloud" into out. */
void rl_fref_format(const rl_entity *const ents[RL_NKINDS], rl_fref r,
                    char *out, size_t size);

/* Access paths (derived facts).  Field order is fixed. */
enum {
	RL_P_ENTRY, RL_P_ENTRY_CLOUD, RL_P_SELLER, RL_P_OPERATOR, RL_P_INTERFACE,
	RL_P_STATE, RL_P_AUDIENCE, RL_P_PRODUCT, RL_P_API_SHARE, RL_P_MODEL,
	RL_P_MODEL_OWNER, RL_P_MODEL_TIER, RL_P_MODEL_CLOUD, RL_P_MODEL_DEPLOYMENT,
	RL_P_HOPS, RL_P_STATEFUL, RL_P_DIRECT_API, RL_P_N
};
const char *rl_path_field_name(size_t f);
int rl_path_find_field(const char *name);

typedef struct rl_path {
	rl_value v[RL_P_N];
	rl_fref why[RL_P_N];    /* for unknown values: the fact that decides */
	int32_t *hops;          /* deployment indices, entry first */
	uint32_t nhops;
	long model;             /* the model served (an index), or -1: unknown */
	rl_fref model_why;      /* ... because of this fact */
	char *name;             /* "bedrock-sre->sre-inference" */
	/* Kept for the next tracing (paths.c): hops, the items of v[RL_P_HOPS]
	 * and name have room for caphops hops and a name of capname bytes. */
	rl_value *hop_items;
	uint32_t caphops;
	size_t capname;
} rl_path;

typedef struct rl_world {
	const rl_model *m;
	rl_entity *ents[RL_NKINDS];     /* own copies of the field arrays */
	int32_t date;           /* day number; its text is made where it is read */
	rl_path *paths;         /* cappaths slots, zeroed until first used */
	size_t npaths, cappaths;
	int paths_valid;
	int32_t *trace_hops;    /* paths.c: the hops of the path being traced */
} rl_world;

/* A world over the model on its own date.  Free with rl_world_free. */
rl_world *rl_world_new(const rl_model *m);
void rl_world_free(rl_world *w);
void rl_world_set_date(rl_world *w, int32_t days);
/* Value of a field of an entity in this world. */
static inline const rl_value *rl_world_get(const rl_world *w, rl_kind k,
                                           size_t i, size_t f)
{
	return &w->ents[k][i].f[f];
}

/* Equality of scalar values (strings are interned: compared by address). */
int rl_value_eq(const rl_value *a, const rl_value *b);
/* Appends a human-readable rendering of v (lists as "a, b"). */
void rl_value_format(const rl_value *v, rl_buf *out);

#endif
