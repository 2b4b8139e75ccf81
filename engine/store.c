/* store.c - batch results in SQLite: one transaction per block of variants. */
#include "store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "engine.h"
#include "report.h"
#include "util.h"

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS manifest (key TEXT PRIMARY KEY, value TEXT);\n"
	"CREATE TABLE IF NOT EXISTS axes (position INTEGER PRIMARY KEY, path TEXT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS variants (idx INTEGER PRIMARY KEY, verdict TEXT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS axis_values (variant INTEGER NOT NULL, "
	"axis INTEGER NOT NULL, value, PRIMARY KEY (variant, axis)) WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS findings (variant INTEGER NOT NULL, clause TEXT NOT NULL, "
	"verdict TEXT NOT NULL, p_breach REAL NOT NULL, expected_exposure_usd REAL, "
	"PRIMARY KEY (variant, clause)) WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS readings (variant INTEGER NOT NULL, clause TEXT NOT NULL, "
	"reading TEXT NOT NULL, verdict TEXT NOT NULL, "
	"PRIMARY KEY (variant, clause, reading)) WITHOUT ROWID;\n"
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

enum { S_VARIANT, S_VALUE, S_FINDING, S_READING, S_NSTMT };

static const char *const stmt_sql[S_NSTMT] = {
	"INSERT INTO variants (idx, verdict) VALUES (?, ?)",
	"INSERT INTO axis_values (variant, axis, value) VALUES (?, ?, ?)",
	"INSERT INTO findings (variant, clause, verdict, p_breach, expected_exposure_usd) "
	"VALUES (?, ?, ?, ?, ?)",
	"INSERT INTO readings (variant, clause, reading, verdict) VALUES (?, ?, ?, ?)",
};

struct rl_store {
	char *path;
	sqlite3 *db;
	sqlite3_stmt *st[S_NSTMT];
	size_t naxes;
	unsigned long long next;
	const rl_engine *e;     /* reading names by position */
};

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
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	                    NULL) != SQLITE_OK) {
		rl_seterr(err, "%s:0: expected a writable results database, found: %s", path,
		          s->db ? sqlite3_errmsg(s->db) : "it cannot be opened");
		rl_status why = io_failure(s) ? RL_EEVAL : RL_EINPUT;
		rl_store_close(s);
		return why;
	}
	sqlite3_busy_timeout(s->db, 5000);
	/* WAL: a commit is whole or absent after a kill; NORMAL sync keeps
	 * that (durability across power loss is traded for speed). */
	if (exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;") ||
	    exec(s, "BEGIN") || exec(s, schema)) {
		rl_seterr(err, "%s:0: expected a results database (SQLite), found: %s", path,
		          sqlite3_errmsg(s->db));
		rl_status why = io_failure(s) ? RL_EEVAL : RL_EINPUT;
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
	if (!rc && m)
		rc = put_manifest(s, m);
	if (!rc && s->e)
		rc = put_clauses(s);
	if (!rc && sqlite3_prepare_v2(s->db, "SELECT max(idx) FROM variants", -1, &st,
	                              NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
			s->next = (unsigned long long)sqlite3_column_int64(st, 0) + 1;
		sqlite3_finalize(st);
	}
	for (int i = 0; !rc && i < S_NSTMT; i++)
		rc = sqlite3_prepare_v2(s->db, stmt_sql[i], -1, &s->st[i], NULL) != SQLITE_OK;
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

rl_status rl_store_truncate(rl_store *s, unsigned long long from, char **err)
{
	char *sql = rl_fmt("BEGIN; DELETE FROM variants WHERE idx >= %llu; "
	                   "DELETE FROM axis_values WHERE variant >= %llu; "
	                   "DELETE FROM findings WHERE variant >= %llu; "
	                   "DELETE FROM readings WHERE variant >= %llu; COMMIT;",
	                   from, from, from, from);
	int rc = exec(s, sql);
	free(sql);
	if (rc) {
		rl_status st = db_fail(s, "cut back", err);
		exec(s, "ROLLBACK");
		return st;
	}
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
	exec(s, "ROLLBACK");
}

rl_status rl_store_commit(rl_store *s, char **err)
{
	if (exec(s, "COMMIT")) {
		rl_status st = db_fail(s, "commit to", err);   /* before ROLLBACK's message */
		exec(s, "ROLLBACK");
		return st;
	}
	return RL_OK;
}

static int step(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static const char *vname(int v)
{
	return v >= 0 && v < RL_NVERDICTS ? rl_verdict_name((rl_verdict)v) : "error";
}

rl_status rl_store_put(rl_store *s, const rl_result *v, char **err)
{
	sqlite3_int64 idx = (sqlite3_int64)v->index;
	sqlite3_stmt *st = s->st[S_VARIANT];
	sqlite3_bind_int64(st, 1, idx);
	sqlite3_bind_text(st, 2, vname(v->verdict), -1, SQLITE_STATIC);
	int rc = step(st);
	st = s->st[S_VALUE];
	for (size_t a = 0; !rc && a < v->nvalues; a++) {
		const rl_result_value *x = &v->values[a];
		sqlite3_bind_int64(st, 1, idx);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)a);
		switch (x->type) {
		case RL_RV_NUM: sqlite3_bind_double(st, 3, x->num); break;
		case RL_RV_BOOL: sqlite3_bind_int(st, 3, x->b); break;
		case RL_RV_TEXT:
		case RL_RV_JSON:
			sqlite3_bind_text64(st, 3, x->text, x->len, SQLITE_TRANSIENT, SQLITE_UTF8);
			break;
		default: sqlite3_bind_null(st, 3); break;
		}
		rc = step(st);
	}
	for (size_t c = 0; !rc && c < v->nclauses; c++) {
		const rl_result_clause *cl = &v->clauses[c];
		st = s->st[S_FINDING];
		sqlite3_bind_int64(st, 1, idx);
		sqlite3_bind_text(st, 2, cl->id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, vname(cl->verdict), -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 4, cl->p_breach);
		if (cl->has_exposure)
			sqlite3_bind_double(st, 5, cl->exposure);
		else
			sqlite3_bind_null(st, 5);
		rc = step(st);
		/* A reading named by its position takes the rule packs' name. */
		long k = -1;
		st = s->st[S_READING];
		for (size_t j = 0; !rc && j < cl->nreadings; j++) {
			const rl_result_reading *r = &cl->readings[j];
			const char *name = r->name;
			if (!name) {
				if (k < 0 && s->e)
					k = rl_engine_find_clause(s->e, cl->id);
				if (k < 0 || r->pos >= s->e->rules.clauses[k].nreadings)
					continue;
				name = s->e->rules.clauses[k].readings[r->pos].name;
			}
			sqlite3_bind_int64(st, 1, idx);
			sqlite3_bind_text(st, 2, cl->id, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, name, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 4, vname(r->verdict), -1, SQLITE_STATIC);
			rc = step(st);
		}
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
		exec(s, "ROLLBACK");
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
