/* store.c - batch results in SQLite: one transaction per block of variants.
 *
 * The compact layout (docs/sqlite.md): a variant is one row of
 * variant_rows (its index, verdict, finding pattern and one column per axis
 * value); what its clauses and readings found is a pattern stored once in
 * patterns, pattern_findings and pattern_readings, however many variants
 * share it.  The documented tables variants, axis_values, findings and
 * readings are views over these. */
#include "store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "engine.h"
#include "report.h"
#include "util.h"

/* The layout this writer makes and resumes (manifest key "layout"). */
#define LAYOUT "2"

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS manifest (key TEXT PRIMARY KEY, value TEXT);\n"
	"CREATE TABLE IF NOT EXISTS axes (position INTEGER PRIMARY KEY, path TEXT NOT NULL);\n"
	/* A finding pattern: every clause's verdict, p_breach and exposure, and
	 * every reading's verdict, as one variant had them.  hash and key are
	 * the writer's: key is the pattern's bytes, hash a digest of them. */
	"CREATE TABLE IF NOT EXISTS patterns (id INTEGER PRIMARY KEY, hash INTEGER NOT NULL, "
	"key BLOB NOT NULL);\n"
	"CREATE INDEX IF NOT EXISTS patterns_hash ON patterns (hash);\n"
	"CREATE TABLE IF NOT EXISTS pattern_findings (pattern INTEGER NOT NULL, "
	"clause TEXT NOT NULL, verdict TEXT NOT NULL, p_breach REAL NOT NULL, "
	"expected_exposure_usd REAL, PRIMARY KEY (pattern, clause)) WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS pattern_readings (pattern INTEGER NOT NULL, "
	"clause TEXT NOT NULL, reading TEXT NOT NULL, verdict TEXT NOT NULL, "
	"PRIMARY KEY (pattern, clause, reading)) WITHOUT ROWID;\n"
	/* Texts of axis values, each stored once: a value column holds -id. */
	"CREATE TABLE IF NOT EXISTS value_texts (id INTEGER PRIMARY KEY, value TEXT NOT NULL);\n"
	/* One row per value column a<position> of variant_rows. */
	"CREATE TABLE IF NOT EXISTS value_columns (position INTEGER PRIMARY KEY);\n"
	"CREATE TABLE IF NOT EXISTS variant_rows (idx INTEGER PRIMARY KEY, verdict TEXT NOT NULL, "
	"pattern INTEGER NOT NULL, nvalues INTEGER NOT NULL);\n"
	/* The documented tables.  CROSS JOIN keeps variant_rows the outer loop,
	 * so that rows come in the order of the one-row-per-finding tables'
	 * keys (variant, then clause or axis) and a variant is found by idx. */
	"CREATE VIEW IF NOT EXISTS variants AS SELECT idx, verdict FROM variant_rows;\n"
	"CREATE VIEW IF NOT EXISTS findings AS SELECT r.idx AS variant, f.clause AS clause, "
	"f.verdict AS verdict, f.p_breach AS p_breach, "
	"f.expected_exposure_usd AS expected_exposure_usd "
	"FROM variant_rows r CROSS JOIN pattern_findings f ON f.pattern = r.pattern;\n"
	"CREATE VIEW IF NOT EXISTS readings AS SELECT r.idx AS variant, g.clause AS clause, "
	"g.reading AS reading, g.verdict AS verdict "
	"FROM variant_rows r CROSS JOIN pattern_readings g ON g.pattern = r.pattern;\n"
	"CREATE VIEW IF NOT EXISTS named_values AS SELECT v.variant AS variant, "
	"a.path AS axis, v.value AS value FROM axis_values v JOIN axes a ON a.position = v.axis;\n"
	/* Who may claim under each clause, and each claimant's exposure per
	 * variant: binding clauses only, never summed across claimants; NULL
	 * when nothing of that claimant's is quantified. */
	"CREATE TABLE IF NOT EXISTS clauses (clause TEXT PRIMARY KEY, contract TEXT NOT NULL, "
	"holder TEXT, obligor TEXT, binding INTEGER NOT NULL, exposure_usd REAL) WITHOUT ROWID;\n"
	"CREATE VIEW IF NOT EXISTS claimant_exposure AS SELECT f.variant AS variant, "
	"coalesce(c.holder, 'unstated') AS claimant, "
	"sum(f.expected_exposure_usd) AS expected_exposure_usd, "
	"sum(f.expected_exposure_usd IS NULL AND f.verdict IN ('breach', 'contested')) "
	"AS not_quantified FROM findings f JOIN clauses c ON c.clause = f.clause "
	"WHERE c.binding GROUP BY f.variant, claimant;\n";

/* The statements prepared once; the inserts of variant rows are made for
 * the number of value columns (prepare_variant). */
enum { S_PATTERN, S_FINDING, S_READING, S_LOOKUP, S_TEXT, S_NFIXED,
       S_VARIANT = S_NFIXED, S_VARIANTS, S_NSTMT };

static const char *const stmt_sql[S_NFIXED] = {
	"INSERT INTO patterns (id, hash, key) VALUES (?, ?, ?)",
	"INSERT INTO pattern_findings (pattern, clause, verdict, p_breach, "
	"expected_exposure_usd) VALUES (?, ?, ?, ?, ?)",
	"INSERT INTO pattern_readings (pattern, clause, reading, verdict) VALUES (?, ?, ?, ?)",
	"SELECT id, key FROM patterns WHERE hash = ?",
	"INSERT INTO value_texts (id, value) VALUES (?, ?)",
};

/* The patterns the writer knows, by hash: the database's ids, the keys'
 * bytes in one arena.  Kept under CACHE_BYTES; past that it starts over
 * and a pattern it lacks is looked up in the database (patterns_hash). */
enum { CACHE_BYTES = 8 << 20 };

/* Variant rows wait for a multi-row insert (ROWS at a time: one statement
 * per ROWS rows costs much less than one per row); the rest go one by
 * one at the commit. */
enum { ROWS = 64 };

typedef struct pending_row {
	sqlite3_int64 idx, pattern, nvalues;
	int verdict;
} pending_row;

/* A value as it will be bound: type RL_RV_TEXT or RL_RV_JSON with off and
 * len (in the store's text buffer) for a text stored in the row, or
 * TEXT_ID with id for one of value_texts. */
enum { TEXT_ID = -1 };

typedef struct pending_value {
	int type;               /* rl_result_type or TEXT_ID */
	int b;
	double num;
	sqlite3_int64 id;
	size_t off, len;
} pending_value;

/* Byte strings by hash, each with its database id. */
typedef struct cache_entry {
	uint64_t hash;
	sqlite3_int64 id;       /* 0: an empty slot */
	size_t off, len;        /* the bytes in arena */
} cache_entry;

typedef struct intern {
	cache_entry *slots;
	size_t nslots, used;    /* nslots: a power of two, or 0 */
	rl_buf arena;
} intern;

/* Texts of axis values stored once in value_texts, while they take up to
 * TEXT_BYTES (a batch with more distinct texts keeps the rest in its rows). */
enum { TEXT_BYTES = 4 << 20 };

struct rl_store {
	char *path;
	sqlite3 *db;
	sqlite3_stmt *st[S_NSTMT];
	size_t naxes;
	size_t width;           /* value columns of variant_rows */
	unsigned long long next;
	const rl_engine *e;     /* reading names by position */
	sqlite3_int64 next_pattern;
	char *key;              /* the current variant's pattern: klen bytes */
	size_t klen, kcap;
	intern pat;             /* the patterns known (up to CACHE_BYTES) */
	int complete;           /* pat holds every pattern of the database */
	intern texts;           /* value_texts: every one of them */
	sqlite3_int64 next_text;
	pending_row rows[ROWS];
	pending_value *vals;    /* rows_per x width */
	size_t npending, rows_per, capvals;
	char *text;             /* the pending rows' text values */
	size_t tlen, tcap;
};

static void intern_clear(intern *t);

static rl_status db_fail(rl_store *s, const char *what, char **err)
{
	rl_seterr(err, "%s:0: expected to %s the results database, found: %s", s->path, what,
	          s->db ? sqlite3_errmsg(s->db) : "no database");
	return RL_EEVAL;
}

static int exec(rl_store *s, const char *sql)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

void rl_store_close(rl_store *s)
{
	if (!s)
		return;
	for (int i = 0; i < S_NSTMT; i++)
		sqlite3_finalize(s->st[i]);
	if (s->db)
		sqlite3_close(s->db);
	intern_clear(&s->pat);
	rl_buf_free(&s->pat.arena);
	intern_clear(&s->texts);
	rl_buf_free(&s->texts.arena);
	free(s->key);
	free(s->vals);
	free(s->text);
	free(s->path);
	free(s);
}

unsigned long long rl_store_next(const rl_store *s)
{
	return s->next;
}

static void remove_db(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		char *p = rl_fmt("%s%s", path, suffix[i]);
		unlink(p);
		free(p);
	}
}

static int put_kv(rl_store *s, const char *key, const char *value, int replace)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, replace
	                            ? "INSERT OR REPLACE INTO manifest (key, value) VALUES (?, ?)"
	                            : "INSERT OR IGNORE INTO manifest (key, value) VALUES (?, ?)",
	                            -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
		if (value)
			sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 2);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : -1;
}

/* The manifest as rows: scalars as text, command and files as JSON. */
static int put_manifest(rl_store *s, const rl_manifest *m)
{
	rl_buf b = {0};
	int rc = put_kv(s, "redline", REDLINE_VERSION, 0);
	rl_buf_putc(&b, '[');
	for (size_t i = 0; i < m->ncommand; i++) {
		if (i)
			rl_buf_putc(&b, ',');
		rl_json_string(&b, m->command[i]);
	}
	rl_buf_putc(&b, ']');
	rc |= put_kv(s, "command", b.data, 0);
	b.len = 0;
	rl_buf_putc(&b, '[');
	for (size_t i = 0; i < m->nfiles; i++) {
		rl_buf_puts(&b, i ? ",{\"role\":" : "{\"role\":");
		rl_json_string(&b, m->files[i].role);
		rl_buf_puts(&b, ",\"path\":");
		rl_json_string(&b, m->files[i].path);
		rl_buf_puts(&b, ",\"sha256\":");
		rl_json_string(&b, m->files[i].sha256);
		rl_buf_putc(&b, '}');
	}
	rl_buf_putc(&b, ']');
	rc |= put_kv(s, "files", b.data, 0);
	b.len = 0;
	if (m->has_seed)
		rl_buf_printf(&b, "%llu", m->seed);
	rc |= put_kv(s, "seed", m->has_seed ? b.data : NULL, 0);
	if (m->timed) {
		rc |= put_kv(s, "started", m->started, 0);
		rc |= put_kv(s, "host", m->host, 0);
	}
	rl_buf_free(&b);
	return rc;
}

/* The clauses table: each clause's contract, holder, obligor, binding and
 * stated exposure, from the rule packs. */
static int put_clauses(rl_store *s)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO clauses (clause, contract, holder, "
	                       "obligor, binding, exposure_usd) VALUES (?, ?, ?, ?, ?, ?)", -1,
	                       &st, NULL) != SQLITE_OK)
		return 1;
	int rc = 0;
	const rl_rules *r = &s->e->rules;
	for (size_t k = 0; !rc && k < r->nclauses; k++) {
		const rl_clause *cl = &r->clauses[k];
		const rl_contract *ct = &r->contracts[cl->contract];
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, cl->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, ct->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, cl->holder, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, cl->obligor, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, ct->binding);
		if (cl->exposure == cl->exposure)
			sqlite3_bind_double(st, 6, cl->exposure);
		else
			sqlite3_bind_null(st, 6);
		rc = sqlite3_step(st) != SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc;
}

static char *get_kv(rl_store *s, const char *key, int *found)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;
	*found = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT value FROM manifest WHERE key = ?", -1, &st,
	                       NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			*found = 1;
			if (sqlite3_column_type(st, 0) != SQLITE_NULL)
				v = rl_xstrdup((const char *)sqlite3_column_text(st, 0));
		}
	}
	sqlite3_finalize(st);
	return v;
}

char *rl_store_manifest_json(rl_store *s)
{
	int ffound, sfound;
	char *files = get_kv(s, "files", &ffound), *seed = get_kv(s, "seed", &sfound);
	char *json = ffound && files ? rl_fmt("{\"files\":%s,\"seed\":%s}", files,
	                                     seed ? seed : "null") : NULL;
	free(files);
	free(seed);
	return json;
}

/* Whether the last error was the disk's (full, or an I/O error), not the
 * input's. */
static int io_failure(rl_store *s)
{
	int rc = s->db ? sqlite3_errcode(s->db) & 0xff : SQLITE_OK;
	return rc == SQLITE_FULL || rc == SQLITE_IOERR;
}

static const char *vname(int v)
{
	return v >= 0 && v < RL_NVERDICTS ? rl_verdict_name((rl_verdict)v) : "error";
}

static int step(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* --- the patterns the writer knows ------------------------------------------ */

static void intern_clear(intern *t)
{
	free(t->slots);
	t->slots = NULL;
	t->nslots = t->used = 0;
	t->arena.len = 0;
}

/* The slot of the string k (n bytes), or the empty slot where it would
 * go; NULL when there is none yet. */
static cache_entry *intern_find(const intern *t, uint64_t h, const char *k, size_t n)
{
	if (!t->nslots)
		return NULL;
	for (size_t i = (size_t)h & (t->nslots - 1);; i = (i + 1) & (t->nslots - 1)) {
		cache_entry *c = &t->slots[i];
		if (!c->id || (c->hash == h && c->len == n &&
		               memcmp(t->arena.data + c->off, k, n) == 0))
			return c;
	}
}

/* What the strings take (a measure of their number, not of the table). */
static size_t intern_bytes(const intern *t)
{
	return t->arena.len + t->used * 2 * sizeof(cache_entry);
}

static void intern_add(intern *t, uint64_t h, const char *k, size_t n, sqlite3_int64 id)
{
	if ((t->used + 1) * 2 > t->nslots) {
		cache_entry *old = t->slots;
		size_t nold = t->nslots;
		t->nslots = nold ? nold * 2 : 256;
		t->slots = rl_xcalloc(t->nslots, sizeof *t->slots);
		for (size_t i = 0; i < nold; i++)
			if (old[i].id)
				*intern_find(t, old[i].hash, t->arena.data + old[i].off,
				             old[i].len) = old[i];
		free(old);
	}
	cache_entry *c = intern_find(t, h, k, n);
	c->hash = h;
	c->id = id;
	c->off = t->arena.len;
	c->len = n;
	rl_buf_add(&t->arena, k, n);
	t->used++;
}

/* A pattern the writer now knows; over CACHE_BYTES it starts over. */
static void cache_add(rl_store *s, uint64_t h, const char *k, size_t n, sqlite3_int64 id)
{
	if (intern_bytes(&s->pat) + n > CACHE_BYTES) {
		intern_clear(&s->pat);
		s->complete = 0;
	}
	intern_add(&s->pat, h, k, n, id);
}

/* Whether a text of n bytes may still go into value_texts.  A function of
 * the texts stored alone, so that a resumed run decides as the first did. */
static int text_fits(const rl_store *s, size_t n)
{
	return intern_bytes(&s->texts) + n + 2 * sizeof(cache_entry) <= TEXT_BYTES;
}

static sqlite3_int64 one_int64(rl_store *s, const char *sql, sqlite3_int64 none)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 v = none;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The cache filled with every pattern of the database (when they fit). */
static void cache_load(rl_store *s)
{
	sqlite3_stmt *st = NULL;
	intern_clear(&s->pat);
	s->complete = 0;
	s->next_pattern = one_int64(s, "SELECT max(id) FROM patterns", 0) + 1;
	if (sqlite3_prepare_v2(s->db, "SELECT id, hash, key FROM patterns ORDER BY id", -1, &st,
	                       NULL) != SQLITE_OK)
		return;
	s->complete = 1;
	int rc = SQLITE_DONE;
	while (s->complete && (rc = sqlite3_step(st)) == SQLITE_ROW)
		cache_add(s, (uint64_t)sqlite3_column_int64(st, 1),
		          sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2),
		          sqlite3_column_int64(st, 0));
	if (s->complete && rc != SQLITE_DONE)
		s->complete = 0;
	sqlite3_finalize(st);
}

/* The texts of value_texts, as far as they fit (all of them when this
 * writer stored them). */
static void texts_load(rl_store *s)
{
	sqlite3_stmt *st = NULL;
	intern_clear(&s->texts);
	s->next_text = one_int64(s, "SELECT max(id) FROM value_texts", 0) + 1;
	if (sqlite3_prepare_v2(s->db, "SELECT id, value FROM value_texts ORDER BY id", -1, &st,
	                       NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *k = sqlite3_column_blob(st, 1);
		size_t n = (size_t)sqlite3_column_bytes(st, 1);
		if (!text_fits(s, n))
			break;
		intern_add(&s->texts, rl_hash_bytes(k ? k : "", n), k ? k : "", n,
		           sqlite3_column_int64(st, 0));
	}
	sqlite3_finalize(st);
}

/* --- the value columns ------------------------------------------------------ */

/* The inserts of one and of s->rows_per variant rows, for s->width value
 * columns. */
static int prepare_variant(rl_store *s)
{
	int limit = sqlite3_limit(s->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1);
	size_t per = (size_t)(limit > 0 ? limit : 999) / (s->width + 4);
	s->rows_per = per < 1 ? 1 : per > ROWS ? ROWS : per;
	int rc = 0;
	for (int i = S_VARIANT; i <= S_VARIANTS; i++) {
		sqlite3_finalize(s->st[i]);
		s->st[i] = NULL;
		size_t n = i == S_VARIANT ? 1 : s->rows_per;
		if (rc || (n < 2 && i == S_VARIANTS))
			continue;
		rl_buf b = {0};
		rl_buf_puts(&b, "INSERT INTO variant_rows VALUES ");
		for (size_t r = 0; r < n; r++) {
			rl_buf_puts(&b, r ? ", (?, ?, ?, ?" : "(?, ?, ?, ?");
			for (size_t a = 0; a < s->width; a++)
				rl_buf_puts(&b, ", ?");
			rl_buf_putc(&b, ')');
		}
		rc = sqlite3_prepare_v2(s->db, b.data, -1, &s->st[i], NULL) != SQLITE_OK;
		rl_buf_free(&b);
	}
	return rc;
}

/* Inserts the pending variant rows. */
static int flush_rows(rl_store *s)
{
	size_t n = s->npending, w = s->width;
	int rc = 0;
	for (size_t done = 0; !rc && done < n;) {
		size_t k = s->rows_per > 1 && n - done >= s->rows_per ? s->rows_per : 1;
		sqlite3_stmt *st = s->st[k > 1 ? S_VARIANTS : S_VARIANT];
		int i = 1;
		for (size_t r = done; r < done + k; r++) {
			const pending_row *row = &s->rows[r];
			sqlite3_bind_int64(st, i++, row->idx);
			sqlite3_bind_text(st, i++, vname(row->verdict), -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, i++, row->pattern);
			sqlite3_bind_int64(st, i++, row->nvalues);
			for (size_t a = 0; a < w; a++, i++) {
				const pending_value *x = &s->vals[r * w + a];
				switch (x->type) {
				case TEXT_ID: sqlite3_bind_int64(st, i, -x->id); break;
				case RL_RV_NUM: sqlite3_bind_double(st, i, x->num); break;
				case RL_RV_BOOL: sqlite3_bind_int(st, i, x->b); break;
				case RL_RV_TEXT:
				case RL_RV_JSON:
					sqlite3_bind_text64(st, i, s->text + x->off, x->len, SQLITE_STATIC,
					                    SQLITE_UTF8);
					break;
				default: sqlite3_bind_null(st, i); break;
				}
			}
		}
		rc = step(st);
		done += k;
	}
	s->npending = 0;
	s->tlen = 0;
	return rc;
}

/* The axis_values view over the value columns: one row per variant and
 * axis it has a value for, in the order (variant, axis). */
static int make_values_view(rl_store *s)
{
	rl_buf x = {0}, b = {0};
	if (s->width) {
		rl_buf_puts(&x, "CASE c.position");
		for (size_t a = 0; a < s->width; a++)
			rl_buf_printf(&x, " WHEN %zu THEN r.a%zu", a, a);
		rl_buf_puts(&x, " END");
	} else {
		rl_buf_puts(&x, "NULL");
	}
	/* x is the column's value; a negative integer stands for a text. */
	rl_buf_printf(&b, "DROP VIEW IF EXISTS axis_values; CREATE VIEW axis_values AS "
	              "SELECT r.idx AS variant, c.position AS axis, "
	              "CASE WHEN typeof(%s) = 'integer' AND %s < 0 "
	              "THEN (SELECT t.value FROM value_texts t WHERE t.id = -%s) ELSE %s END "
	              "AS value FROM variant_rows r CROSS JOIN value_columns c "
	              "WHERE c.position < r.nvalues", x.data, x.data, x.data, x.data);
	int rc = exec(s, b.data);
	rl_buf_free(&x);
	rl_buf_free(&b);
	return rc;
}

/* At least `want` value columns (a0, a1, ...), inside the transaction. */
static int widen(rl_store *s, size_t want)
{
	int rc = 0;
	for (size_t a = s->width; !rc && a < want; a++) {
		char *sql = rl_fmt("ALTER TABLE variant_rows ADD COLUMN a%zu; "
		                   "INSERT INTO value_columns (position) VALUES (%zu);", a, a);
		rc = exec(s, sql);
		free(sql);
	}
	if (!rc && want > s->width) {
		s->width = want;
		rc = make_values_view(s) || prepare_variant(s);
	}
	return rc;
}

/* After a rollback: what the database holds again (value columns, the
 * next pattern id, the cache). */
static void resync(rl_store *s)
{
	size_t w = (size_t)one_int64(s, "SELECT count(*) FROM value_columns", 0);
	if (w != s->width) {
		s->width = w;
		prepare_variant(s);
	}
	cache_load(s);
	texts_load(s);
}

/* The layout of the database: NULL for a new one, LAYOUT for this
 * writer's, "1" for one row per axis value, finding and reading.  Owned. */
static char *db_layout(rl_store *s)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT type FROM sqlite_master WHERE name = 'variants'",
	                       -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		v = rl_xstrdup(t && strcmp(t, "table") == 0 ? "1" : LAYOUT);
	}
	sqlite3_finalize(st);
	if (!v || strcmp(v, LAYOUT) != 0)
		return v;
	int found;
	char *l = get_kv(s, "layout", &found);
	if (l) {
		free(v);
		return l;
	}
	return v;
}

rl_status rl_store_open(const char *path, int resume, const rl_engine *e,
                        const rl_batch *b, const rl_manifest *m, rl_store **out,
                        char **err)
{
	rl_store *s = rl_xcalloc(1, sizeof *s);
	s->e = e;
	s->path = rl_xstrdup(path);
	s->naxes = rl_batch_axis_count(b);
	if (!resume)
		remove_db(path);
	/* NOMUTEX: a store is used by one thread at a time (the batch writer),
	 * so SQLite need not lock around every call. */
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rl_seterr(err, "%s:0: expected a writable results database, found: %s", path,
		          s->db ? sqlite3_errmsg(s->db) : "it cannot be opened");
		rl_status why = io_failure(s) ? RL_EEVAL : RL_EINPUT;
		rl_store_close(s);
		return why;
	}
	sqlite3_busy_timeout(s->db, 5000);
	/* A database of another layout is not continued in this one, nor
	 * changed (not even to WAL): the check only reads. */
	char *layout = resume ? db_layout(s) : NULL;
	if (layout && strcmp(layout, LAYOUT) != 0) {
		if (strcmp(layout, "1") == 0)
			rl_seterr(err, "%s:0: expected a results database in layout " LAYOUT
			          " (one row per variant), found one in layout 1 (one row per axis "
			          "value, finding and reading, from an older redline): run without "
			          "--resume to write it anew", path);
		else
			rl_seterr(err, "%s:0: expected a results database in layout " LAYOUT
			          ", found one in layout %s", path, layout);
		free(layout);
		rl_status why = io_failure(s) ? RL_EEVAL : RL_EINPUT;
		rl_store_close(s);
		return why;
	}
	free(layout);
	/* WAL: a commit is whole or absent after a kill; NORMAL sync keeps
	 * that (durability across power loss is traded for speed). */
	if (exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;") || exec(s, "BEGIN")) {
		rl_seterr(err, "%s:0: expected a results database (SQLite), found: %s", path,
		          sqlite3_errmsg(s->db));
		rl_status why = io_failure(s) ? RL_EEVAL : RL_EINPUT;
		rl_store_close(s);
		return why;
	}
	if (exec(s, schema)) {
		rl_seterr(err, "%s:0: expected a results database (SQLite), found: %s", path,
		          sqlite3_errmsg(s->db));
		rl_status why = io_failure(s) ? RL_EEVAL : RL_EINPUT;
		exec(s, "ROLLBACK");
		rl_store_close(s);
		return why;
	}
	/* A resumed database must be this batch's: the same axes. */
	sqlite3_stmt *st = NULL;
	size_t have = 0;
	int same = 1;
	if (sqlite3_prepare_v2(s->db, "SELECT position, path FROM axes ORDER BY position",
	                       -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *p = (const char *)sqlite3_column_text(st, 1);
			if (have >= s->naxes || sqlite3_column_int64(st, 0) != (sqlite3_int64)have ||
			    !p || strcmp(p, rl_batch_axis_path(b, have)) != 0)
				same = 0;
			have++;
		}
	}
	sqlite3_finalize(st);
	if (have && (!same || have != s->naxes)) {
		exec(s, "ROLLBACK");
		rl_seterr(err, "%s:0: expected a results database of batch %s (the same axes), "
		          "found one with other axes", path, rl_batch_file(b));
		rl_status why = io_failure(s) ? RL_EEVAL : RL_EINPUT;
		rl_store_close(s);
		return why;
	}
	int rc = 0;
	if (!have) {
		rc = sqlite3_prepare_v2(s->db, "INSERT INTO axes (position, path) VALUES (?, ?)",
		                        -1, &st, NULL) != SQLITE_OK;
		for (size_t a = 0; !rc && a < s->naxes; a++) {
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, (sqlite3_int64)a);
			sqlite3_bind_text(st, 2, rl_batch_axis_path(b, a), -1, SQLITE_STATIC);
			rc = sqlite3_step(st) != SQLITE_DONE;
		}
		sqlite3_finalize(st);
	}
	s->width = (size_t)one_int64(s, "SELECT count(*) FROM value_columns", 0);
	if (!rc)
		rc = s->width < s->naxes ? widen(s, s->naxes)
		                         : make_values_view(s) || prepare_variant(s);
	if (!rc)
		rc = put_kv(s, "layout", LAYOUT, 0);
	if (!rc && m)
		rc = put_manifest(s, m);
	if (!rc && s->e)
		rc = put_clauses(s);
	if (!rc)
		s->next = (unsigned long long)(one_int64(s, "SELECT max(idx) FROM variant_rows",
		                                         -1) + 1);
	for (int i = 0; !rc && i < S_NFIXED; i++)
		rc = sqlite3_prepare_v2(s->db, stmt_sql[i], -1, &s->st[i], NULL) != SQLITE_OK;
	if (!rc) {
		cache_load(s);
		texts_load(s);
	}
	if (rc || exec(s, "COMMIT")) {
		rl_seterr(err, "%s:0: expected a writable results database, found: %s", path,
		          sqlite3_errmsg(s->db));
		exec(s, "ROLLBACK");
		rl_status why = io_failure(s) ? RL_EEVAL : RL_EINPUT;
		rl_store_close(s);
		return why;
	}
	*out = s;
	return RL_OK;
}

/* Deletes the variants from `from` on, and the patterns no variant left
 * has: the database is then what a run that stopped there wrote, pattern
 * ids included (they are numbered in the order variants first have them). */
rl_status rl_store_truncate(rl_store *s, unsigned long long from, char **err)
{
	char *sql = rl_fmt("BEGIN; DELETE FROM variant_rows WHERE idx >= %llu; "
	                   "DELETE FROM patterns WHERE id NOT IN "
	                   "(SELECT DISTINCT pattern FROM variant_rows); "
	                   "DELETE FROM pattern_findings WHERE pattern NOT IN "
	                   "(SELECT id FROM patterns); "
	                   "DELETE FROM pattern_readings WHERE pattern NOT IN "
	                   "(SELECT id FROM patterns); COMMIT;", from);
	int rc = exec(s, sql);
	free(sql);
	if (rc) {
		rl_status st = db_fail(s, "cut back", err);
		rl_store_rollback(s);
		return st;
	}
	cache_load(s);
	if (s->next > from)
		s->next = from;
	return RL_OK;
}

rl_status rl_store_begin(rl_store *s, char **err)
{
	return exec(s, "BEGIN") ? db_fail(s, "write", err) : RL_OK;
}

void rl_store_rollback(rl_store *s)
{
	s->npending = 0;
	s->tlen = 0;
	exec(s, "ROLLBACK");
	resync(s);
}

rl_status rl_store_commit(rl_store *s, char **err)
{
	if (flush_rows(s)) {
		rl_status st = db_fail(s, "insert into", err);
		rl_store_rollback(s);
		return st;
	}
	if (exec(s, "COMMIT")) {
		rl_status st = db_fail(s, "commit to", err);   /* before ROLLBACK's message */
		rl_store_rollback(s);
		return st;
	}
	return RL_OK;
}

/* The name of a clause's reading: its own, or for one named by its
 * position the rule packs' (NULL when they have none; *k caches the
 * clause's engine index, -2 before the first look). */
static const char *reading_name(const rl_store *s, const rl_result_clause *cl,
                                const rl_result_reading *r, long *k)
{
	if (r->name)
		return r->name;
	if (*k == -2)
		*k = s->e ? rl_engine_find_clause(s->e, cl->id) : -1;
	if (*k < 0 || r->pos >= s->e->rules.clauses[*k].nreadings)
		return NULL;
	return s->e->rules.clauses[*k].readings[r->pos].name;
}

static inline void key_add(rl_store *s, const void *p, size_t n)
{
	if (s->klen + n > s->kcap) {
		s->kcap = s->kcap ? s->kcap : 256;
		while (s->klen + n > s->kcap)
			s->kcap *= 2;
		s->key = rl_xrealloc(s->key, s->kcap, 1);
	}
	memcpy(s->key + s->klen, p, n);
	s->klen += n;
}

/* The variant's finding pattern as bytes, in s->key: per clause its id,
 * verdict, p_breach and exposure, then its named readings' verdicts. */
static void build_key(rl_store *s, const rl_result *v)
{
	s->klen = 0;
	uint32_t n = (uint32_t)v->nclauses;
	key_add(s, &n, sizeof n);
	for (size_t c = 0; c < v->nclauses; c++) {
		const rl_result_clause *cl = &v->clauses[c];
		struct {
			double p, x;
			int32_t verdict;
			uint32_t has;
		} f = {cl->p_breach, cl->has_exposure ? cl->exposure : 0, cl->verdict,
		       cl->has_exposure != 0};
		key_add(s, cl->id, strlen(cl->id) + 1);
		key_add(s, &f, sizeof f);
		size_t at = s->klen;
		uint32_t nr = 0;
		key_add(s, &nr, sizeof nr);
		long k = -2;
		for (size_t j = 0; j < cl->nreadings; j++) {
			const char *name = reading_name(s, cl, &cl->readings[j], &k);
			if (!name)
				continue;
			int32_t verdict = cl->readings[j].verdict;
			key_add(s, name, strlen(name) + 1);
			key_add(s, &verdict, sizeof verdict);
			nr++;
		}
		memcpy(s->key + at, &nr, sizeof nr);
	}
}

/* The id of the pattern in s->key when the database has it, else 0. */
static int lookup_pattern(rl_store *s, uint64_t h, sqlite3_int64 *id)
{
	sqlite3_stmt *st = s->st[S_LOOKUP];
	int rc;
	*id = 0;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)h);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((size_t)sqlite3_column_bytes(st, 1) == s->klen &&
		    memcmp(sqlite3_column_blob(st, 1), s->key, s->klen) == 0) {
			*id = sqlite3_column_int64(st, 0);
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Inserts v's pattern (in s->key) with the next id. */
static int insert_pattern(rl_store *s, const rl_result *v, uint64_t h, sqlite3_int64 *id)
{
	sqlite3_int64 p = s->next_pattern;
	sqlite3_stmt *st = s->st[S_PATTERN];
	sqlite3_bind_int64(st, 1, p);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)h);
	sqlite3_bind_blob(st, 3, s->key, (int)s->klen, SQLITE_STATIC);
	int rc = step(st);
	for (size_t c = 0; !rc && c < v->nclauses; c++) {
		const rl_result_clause *cl = &v->clauses[c];
		st = s->st[S_FINDING];
		sqlite3_bind_int64(st, 1, p);
		sqlite3_bind_text(st, 2, cl->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, vname(cl->verdict), -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 4, cl->p_breach);
		if (cl->has_exposure)
			sqlite3_bind_double(st, 5, cl->exposure);
		else
			sqlite3_bind_null(st, 5);
		rc = step(st);
		long k = -2;
		st = s->st[S_READING];
		for (size_t j = 0; !rc && j < cl->nreadings; j++) {
			const char *name = reading_name(s, cl, &cl->readings[j], &k);
			if (!name)
				continue;
			sqlite3_bind_int64(st, 1, p);
			sqlite3_bind_text(st, 2, cl->id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, vname(cl->readings[j].verdict), -1, SQLITE_STATIC);
			rc = step(st);
		}
	}
	if (!rc) {
		s->next_pattern++;
		*id = p;
	}
	return rc;
}

/* *id: the value_texts id of the text (stored now if it is new and
 * fits), or 0 when it is to be kept in the row. */
static int put_text(rl_store *s, const char *text, size_t len, sqlite3_int64 *id)
{
	if (!text)
		text = "";
	uint64_t h = rl_hash_bytes(text, len);
	const cache_entry *c = intern_find(&s->texts, h, text, len);
	*id = c ? c->id : 0;
	if (*id || !text_fits(s, len))
		return 0;
	sqlite3_stmt *st = s->st[S_TEXT];
	sqlite3_bind_int64(st, 1, s->next_text);
	sqlite3_bind_text64(st, 2, text, len, SQLITE_STATIC, SQLITE_UTF8);
	if (step(st))
		return -1;
	*id = s->next_text++;
	intern_add(&s->texts, h, text, len, *id);
	return 0;
}

rl_status rl_store_put(rl_store *s, const rl_result *v, char **err)
{
	build_key(s, v);
	uint64_t h = rl_hash_bytes(s->key, s->klen);
	const cache_entry *c = intern_find(&s->pat, h, s->key, s->klen);
	sqlite3_int64 pattern = c ? c->id : 0;
	int rc = 0;
	if (!pattern) {
		if (!s->complete)
			rc = lookup_pattern(s, h, &pattern);
		if (!rc && !pattern)
			rc = insert_pattern(s, v, h, &pattern);
		if (!rc)
			cache_add(s, h, s->key, s->klen, pattern);
	}
	if (!rc && v->nvalues > s->width)
		rc = flush_rows(s) || widen(s, v->nvalues);
	if (!rc) {
		size_t w = s->width;
		if (s->capvals < s->rows_per * w) {
			s->capvals = s->rows_per * w;
			s->vals = rl_xrealloc(s->vals, s->capvals, sizeof *s->vals);
		}
		pending_row *row = &s->rows[s->npending];
		pending_value *x = s->vals + s->npending * w;
		row->idx = (sqlite3_int64)v->index;
		row->verdict = v->verdict;
		row->pattern = pattern;
		row->nvalues = (sqlite3_int64)v->nvalues;
		for (size_t a = 0; a < w; a++, x++) {
			if (a >= v->nvalues) {
				x->type = RL_RV_NULL;
				continue;
			}
			const rl_result_value *y = &v->values[a];
			x->type = y->type;
			x->num = y->num;
			x->b = y->b;
			if ((x->type == RL_RV_TEXT || x->type == RL_RV_JSON) &&
			    (rc = put_text(s, y->text, y->len, &x->id)) == 0 && x->id) {
				x->type = TEXT_ID;
			} else if (rc) {
				break;
			} else if (x->type == RL_RV_TEXT || x->type == RL_RV_JSON) {
				if (s->tlen + y->len > s->tcap) {
					s->tcap = s->tcap ? s->tcap : 4096;
					while (s->tlen + y->len > s->tcap)
						s->tcap *= 2;
					s->text = rl_xrealloc(s->text, s->tcap, 1);
				}
				memcpy(s->text + s->tlen, y->text, y->len);
				x->off = s->tlen;
				x->len = y->len;
				s->tlen += y->len;
			}
		}
		if (!rc && ++s->npending == s->rows_per)
			rc = flush_rows(s);
	}
	if (rc)
		return db_fail(s, "insert into", err);
	if (v->index >= s->next)
		s->next = v->index + 1;
	return RL_OK;
}

rl_status rl_store_put_lines(rl_store *s, const char *text, size_t len, char **err)
{
	rl_status st = rl_store_begin(s, err);
	if (st != RL_OK)
		return st;
	rl_results_decoder d;
	memset(&d, 0, sizeof d);
	const char *p = text, *end = text + len;
	unsigned long long lineno = 0;
	char *why = NULL;
	while (p < end && st == RL_OK) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		rl_result v;
		lineno++;
		if (rl_results_decode(&d, p, n, &v) != 0) {
			why = rl_fmt("line %llu of a block: expected a batch line with %s, found %s",
			             lineno, d.want, d.found);
			st = RL_EEVAL;
		} else if (!v.has_values) {
			why = rl_fmt("line %llu of a block: expected a batch line with \"values\", "
			             "found none", lineno);
			st = RL_EEVAL;
		} else {
			st = rl_store_put(s, &v, err);
		}
		p += n + 1;
	}
	rl_results_decoder_free(&d);
	if (st != RL_OK) {
		rl_store_rollback(s);
		if (why)
			rl_seterr(err, "%s:0: expected to store batch results, found: %s", s->path, why);
		free(why);
		return st;
	}
	return rl_store_commit(s, err);
}

rl_status rl_store_finish(rl_store *s, rl_manifest *m, char **err)
{
	if (!m || !m->timed)
		return RL_OK;
	rl_manifest_stop(m);
	char num[32];
	rl_format_number(m->elapsed, num);
	if (put_kv(s, "elapsed_s", num, 1))
		return db_fail(s, "finish", err);
	return RL_OK;
}
