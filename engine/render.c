/* render.c - running a report renderer (see render.h). */
#include "render.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "engine.h"
#include "loader.h"
#include "report.h"
#include "results.h"
#include "sandbox.h"
#include "util.h"

/* Where out(s) writes. */
typedef struct sink {
	FILE *f;
	int failed;
	size_t written, max;    /* bytes written, and the most allowed */
	int closed;             /* the rendering ended: out() refuses */
} sink;

/* The batch results, read one line at a time while the renderer iterates. */
typedef struct lines_reader {
	FILE *f;
	const char *path;
	rl_results_reader rd;           /* a half-written line is refused */
	rl_results_decoder dec;         /* every variant line is checked */
	unsigned long long furthest;    /* lines that have earned an allowance */
	lua_Integer gen;                /* the iterator that may read */
	int bad;                        /* a bad line: an input error */
} lines_reader;

typedef struct render_job {
	const char *renderer;
	const char *fn;                 /* "check" or "batch" */
	const char *json;               /* check: the reports; batch: the summary */
	size_t json_len;
	lines_reader *lines;            /* batch only */
	const char *batch_file;
	const char *const *opts;
	sink *out;
	int bad_module;                 /* the module lacks what it must have */
	int bad_summary;
} render_job;

/* --- out(s) ----------------------------------------------------------------- */

static int l_out(lua_State *L)
{
	sink *s = lua_touserdata(L, lua_upvalueindex(1));
	if (s->closed)
		return luaL_error(L, "expected out() while rendering, found it called after");
	int n = lua_gettop(L);
	for (int i = 1; i <= n; i++) {
		size_t len;
		const char *p = luaL_checklstring(L, i, &len);
		if (len > s->max - s->written)
			return luaL_error(L, "expected at most %I bytes of output, found more "
			                  "(--max-output)", (lua_Integer)s->max);
		s->written += len;
		if (!s->failed && fwrite(p, 1, len, s->f) != len)
			s->failed = errno ? errno : -1;
	}
	if (s->failed)
		return luaL_error(L, "expected to write the output, found %s",
		                  s->failed > 0 ? strerror(s->failed) : "a write error");
	return 0;
}

/* --- doc.lines() ------------------------------------------------------------ */

static int l_next_line(lua_State *L)
{
	lines_reader *r = lua_touserdata(L, lua_upvalueindex(1));
	if (lua_tointeger(L, lua_upvalueindex(2)) != r->gen)
		return luaL_error(L, "expected the newest doc.lines() iterator, found an "
		                  "older one (each call of doc.lines() starts over)");
	for (;;) {
		size_t len;
		char *msg = NULL;
		int got = rl_results_read(&r->rd, &len, &msg);
		if (r->rd.lineno > r->furthest) {
			r->furthest = r->rd.lineno;
			rl_sandbox_extend_budget(rl_sandbox_of(L), RL_RENDER_LINE_ALLOWANCE);
		}
		if (got < 0) {
			r->bad = 1;
			lua_pushstring(L, msg);
			free(msg);
			return lua_error(L);
		}
		if (got == 0) {
			lua_pushnil(L);
			return 1;
		}
		char *line = r->rd.line;
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		/* Blank lines, and lines that cannot have an "index" (a manifest),
		 * are skipped without decoding. */
		if (!strstr(line, "\"index\""))
			continue;
		lua_pushvalue(L, lua_upvalueindex(3));  /* json.decode */
		lua_pushlstring(L, line, len);
		int rc = lua_pcall(L, 1, 1, 0);
		if (rc == LUA_ERRMEM)
			return lua_error(L);
		if (rc != LUA_OK || !lua_istable(L, -1)) {
			r->bad = 1;
			return luaL_error(L, "%s:%I: expected a JSON object per line, found %s",
			                  r->path, (lua_Integer)r->rd.lineno,
			                  rc != LUA_OK ? "invalid JSON" : luaL_typename(L, -1));
		}
		lua_pushliteral(L, "index");
		if (lua_rawget(L, -2) == LUA_TNIL) {
			lua_pop(L, 2);
			continue;
		}
		lua_pop(L, 1);
		/* The table is the renderer's to read; the line is checked as
		 * every reader of results checks it (results.h). */
		rl_result res;
		if (rl_results_decode(&r->dec, line, len, &res)) {
			r->bad = 1;
			return luaL_error(L, "%s:%I: expected a batch line with %s, found %s", r->path,
			                  (lua_Integer)r->rd.lineno, r->dec.want, r->dec.found);
		}
		return 1;
	}
}

static int l_lines(lua_State *L)
{
	lines_reader *r = lua_touserdata(L, lua_upvalueindex(1));
	if (r->gen > 0 && fseek(r->f, 0, SEEK_SET) != 0)
		return luaL_error(L, "%s:0: expected a file that can be read again, found "
		                  "one that cannot be rewound", r->path);
	clearerr(r->f);
	r->gen++;
	r->rd.lineno = 0;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushinteger(L, r->gen);
	lua_pushvalue(L, lua_upvalueindex(2));  /* json.decode */
	lua_pushcclosure(L, l_next_line, 3);
	return 1;
}

/* --- preparing the call ----------------------------------------------------- */

/* Decodes JSON text with json.decode; pushes the value, or returns -1. */
static int decode(lua_State *L, int decode_fn, const char *text, size_t len)
{
	lua_pushvalue(L, decode_fn);
	lua_pushlstring(L, text, len);
	int rc = lua_pcall(L, 1, 1, 0);
	if (rc == LUA_ERRMEM)
		lua_error(L);
	if (rc != LUA_OK || !lua_istable(L, -1)) {
		lua_pop(L, 1);
		return -1;
	}
	return 0;
}

/* Pushes the manifest of the run that wrote the results (their first line,
 * {"manifest":{...}}), or nil; leaves the file where it was. */
static void push_run_manifest(lua_State *L, int decode_fn, lines_reader *r)
{
	long at = ftell(r->f);
	ssize_t n = getline(&r->rd.line, &r->rd.cap, r->f);
	if (at >= 0)
		fseek(r->f, at, SEEK_SET);
	clearerr(r->f);
	if (n <= 0 || r->rd.line[n - 1] != '\n' || !rl_results_is_manifest(r->rd.line) ||
	    decode(L, decode_fn, r->rd.line, (size_t)n)) {
		lua_pushnil(L);
		return;
	}
	lua_getfield(L, -1, "manifest");
	lua_remove(L, -2);
}

/* --- checking a batch summary ----------------------------------------------- *
 * Renderers read a summary's fields as the summary writer makes them; one
 * with other types is bad input, named here rather than failing inside a
 * renderer. */

typedef struct sum_check {
	lua_State *L;
	char what[160];         /* the field, when something is wrong */
	const char *want;
} sum_check;

static int is_json_null(lua_State *L, int idx)
{
	return lua_type(L, idx) == LUA_TLIGHTUSERDATA && lua_touserdata(L, idx) == NULL;
}

/* Checks t[key] (t at idx) with the test; sets what on a mismatch. */
enum { S_NUM, S_COUNT, S_PROB, S_NUM_OR_NULL, S_STR, S_VERDICT, S_TABLE, S_LIST,
       S_LIST_OR_NULL };

static int sum_field(sum_check *c, int t, const char *key, int kind, int optional,
                     const char *where)
{
	lua_State *L = c->L;
	lua_getfield(L, t, key);
	int ty = lua_type(L, -1), ok;
	double x = ty == LUA_TNUMBER ? lua_tonumber(L, -1) : NAN;
	if ((ty == LUA_TNIL && optional) || (optional == 2 && is_json_null(L, -1))) {
		lua_pop(L, 1);
		return 0;
	}
	switch (kind) {
	case S_NUM: ok = ty == LUA_TNUMBER; c->want = "a number"; break;
	case S_COUNT: ok = x >= 0 && x == floor(x); c->want = "a whole number"; break;
	case S_PROB: ok = x >= 0 && x <= 1; c->want = "a number from 0 to 1"; break;
	case S_NUM_OR_NULL:
		ok = ty == LUA_TNUMBER || is_json_null(L, -1);
		c->want = "a number or null";
		break;
	case S_STR: ok = ty == LUA_TSTRING; c->want = "a string"; break;
	case S_VERDICT:
		ok = ty == LUA_TSTRING && rl_verdict_parse(lua_tostring(L, -1)) >= 0;
		c->want = "a verdict";
		break;
	case S_TABLE: ok = ty == LUA_TTABLE; c->want = "an object"; break;
	default: ok = ty == LUA_TTABLE; c->want = "a list"; break;
	}
	if (!ok) {
		snprintf(c->what, sizeof c->what, "%s%s%s", where, *where ? "." : "", key);
		return -1;
	}
	if (kind != S_TABLE && kind != S_LIST && kind != S_LIST_OR_NULL)
		lua_pop(L, 1);
	return 1;       /* a table stays on the stack */
}

/* Runs item(c, index of the item, "where[i]") over the list on the top. */
static int sum_items(sum_check *c, const char *name,
                     int (*item)(sum_check *, int, const char *))
{
	lua_State *L = c->L;
	int list = lua_gettop(L);
	size_t n = (size_t)lua_rawlen(L, list);
	for (size_t i = 1; i <= n; i++) {
		char where[64];
		snprintf(where, sizeof where, "%s[%zu]", name, i);
		if (lua_rawgeti(L, list, (lua_Integer)i) != LUA_TTABLE) {
			snprintf(c->what, sizeof c->what, "%s", where);
			c->want = "an object";
			return -1;
		}
		if (item(c, lua_gettop(L), where))
			return -1;
		lua_settop(L, list);
	}
	lua_pop(L, 1);
	return 0;
}

static int sum_clause(sum_check *c, int t, const char *where)
{
	static const char *const verdicts[] = {"breach", "contested", "compliant", "unknown",
		"not_applicable", "error", NULL};
	if (sum_field(c, t, "id", S_STR, 0, where) < 0 ||
	    sum_field(c, t, "mean_p_breach", S_PROB, 0, where) < 0 ||
	    sum_field(c, t, "mean_expected_exposure_usd", S_NUM_OR_NULL, 0, where) < 0 ||
	    sum_field(c, t, "counts", S_TABLE, 0, where) < 0)
		return -1;
	char w[96];
	snprintf(w, sizeof w, "%s.counts", where);
	int counts = lua_gettop(c->L);
	for (const char *const *v = verdicts; *v; v++)
		if (sum_field(c, counts, *v, S_COUNT, 0, w) < 0)
			return -1;
	return 0;
}

static int sum_axis(sum_check *c, int t, const char *where)
{
	if (sum_field(c, t, "path", S_STR, 0, where) < 0 ||
	    sum_field(c, t, "values", S_LIST, 1, where) < 0)
		return -1;
	return 0;
}

static int sum_flip(sum_check *c, int t, const char *where)
{
	if (sum_field(c, t, "axis", S_STR, 0, where) < 0 ||
	    sum_field(c, t, "pairs", S_COUNT, 0, where) < 0 ||
	    sum_field(c, t, "clauses", S_TABLE, 0, where) < 0)
		return -1;
	return 0;
}

static int sum_tip(sum_check *c, int t, const char *where)
{
	if (sum_field(c, t, "axis", S_STR, 0, where) < 0 ||
	    sum_field(c, t, "clause", S_STR, 0, where) < 0 ||
	    sum_field(c, t, "after", S_NUM, 0, where) < 0 ||
	    sum_field(c, t, "at", S_NUM, 0, where) < 0 ||
	    sum_field(c, t, "from", S_VERDICT, 0, where) < 0 ||
	    sum_field(c, t, "to", S_VERDICT, 0, where) < 0)
		return -1;
	return 0;
}

/* The summary at idx: NULL when it has the writer's types, else what. */
static int check_summary(lua_State *L, int idx, char *out, size_t size)
{
	sum_check c = {L, "", NULL};
	int top = lua_gettop(L), rc = 0;
	if (sum_field(&c, idx, "variants", S_COUNT, 0, "") < 0 ||
	    sum_field(&c, idx, "findings", S_COUNT, 0, "") < 0 ||
	    sum_field(&c, idx, "clauses", S_LIST, 0, "") < 0 ||
	    sum_items(&c, "clauses", sum_clause) < 0)
		rc = -1;
	else if (sum_field(&c, idx, "axes", S_LIST, 1, "") > 0 &&
	         sum_items(&c, "axes", sum_axis) < 0)
		rc = -1;
	else if (c.what[0] == '\0' && sum_field(&c, idx, "flips", S_LIST_OR_NULL, 2, "") > 0 &&
	         sum_items(&c, "flips", sum_flip) < 0)
		rc = -1;
	else if (c.what[0] == '\0' &&
	         sum_field(&c, idx, "tipping_points", S_LIST_OR_NULL, 2, "") > 0 &&
	         sum_items(&c, "tipping_points", sum_tip) < 0)
		rc = -1;
	if (c.what[0])
		rc = -1;
	if (rc) {
		char found[100];
		rl_loader_describe(L, -1, found, sizeof found);
		snprintf(out, size, "expected %s to be %s, found %s", c.what, c.want,
		         is_json_null(L, -1) ? "null" : found);
	}
	lua_settop(L, top);
	return rc;
}

/* Arguments: the renderer's module, the job.  Returns the renderer's
 * function and its arguments: doc, out, opts. */
static int prepare(lua_State *L)
{
	render_job *job = lua_touserdata(L, 2);
	if (!lua_istable(L, 1)) {
		job->bad_module = 1;
		return luaL_error(L, "%s:1: expected the renderer to return a table "
		                  "{ check = function, batch = function }, found %s",
		                  job->renderer, luaL_typename(L, 1));
	}
	lua_pushstring(L, job->fn);
	if (lua_rawget(L, 1) != LUA_TFUNCTION) {
		job->bad_module = 1;
		return luaL_error(L, "%s:1: expected the renderer's table to have a %s "
		                  "function, found %s", job->renderer, job->fn,
		                  luaL_typename(L, -1));
	}
	lua_getglobal(L, "json");
	lua_getfield(L, -1, "decode");
	int decode_fn = lua_gettop(L);

	lua_newtable(L);                        /* doc */
	int doc = lua_gettop(L);
	if (job->lines) {
		if (decode(L, decode_fn, job->json, job->json_len)) {
			job->bad_summary = 1;
			return luaL_error(L, "summary:0: expected the batch summary as a JSON "
			                  "object, found something else");
		}
		char why[300];
		if (check_summary(L, lua_gettop(L), why, sizeof why)) {
			job->bad_summary = 1;
			return luaL_error(L, "summary:0: %s", why);
		}
		lua_setfield(L, doc, "summary");
		lua_pushlightuserdata(L, job->lines);
		lua_pushvalue(L, decode_fn);
		lua_pushcclosure(L, l_lines, 2);
		lua_setfield(L, doc, "lines");
		lua_pushstring(L, job->lines->path);
		lua_setfield(L, doc, "results");
		push_run_manifest(L, decode_fn, job->lines);
		lua_setfield(L, doc, "manifest");
		if (job->batch_file) {
			lua_pushstring(L, job->batch_file);
			lua_setfield(L, doc, "batch");
		}
	} else {
		if (decode(L, decode_fn, job->json, job->json_len))
			return luaL_error(L, "report: expected the JSON report to decode");
		lua_getfield(L, -1, "reports");
		lua_setfield(L, doc, "reports");
		lua_pop(L, 1);
	}

	lua_pushlightuserdata(L, job->out);
	lua_pushcclosure(L, l_out, 1);

	lua_newtable(L);                        /* opts */
	for (const char *const *kv = job->opts; kv && kv[0] && kv[1]; kv += 2) {
		lua_pushstring(L, kv[1]);
		lua_setfield(L, -2, kv[0]);
	}

	lua_pushstring(L, job->fn);
	lua_rawget(L, 1);
	lua_pushvalue(L, doc);
	lua_rotate(L, -4, 2);                   /* out, opts, fn, doc -> fn, doc, out, opts */
	return 4;
}

/* --- include(path) ------------------------------------------------------------ *
 * A renderer shares code with the files of its own directory tree
 * (reports/lib/): include("lib/x.lua") runs that file with the renderer's
 * _ENV and returns what it returns, as dofile does.  The path is relative to
 * the including file and must stay inside the renderer's directory.
 * Upvalues: the renderer's directory (a real path), the renderer's _ENV. */

#define RENDER_INCLUDE_DEPTH 16

static int render_include(lua_State *L)
{
	const char *rel = luaL_checkstring(L, 1);
	const char *root = lua_tostring(L, lua_upvalueindex(1));
	lua_Debug ar;
	int depth = 0;
	for (int level = 0; lua_getstack(L, level, &ar); level++) {
		lua_getinfo(L, "f", &ar);
		depth += lua_tocfunction(L, -1) == render_include;
		lua_pop(L, 1);
	}
	if (depth > RENDER_INCLUDE_DEPTH)
		return luaL_error(L, "expected includes nested at most %d deep, found deeper",
		                  RENDER_INCLUDE_DEPTH);
	if (rel[0] == '/' || rel[0] == '\0')
		return luaL_error(L, "expected include to name a relative path in the "
		                  "renderer's tree, found '%s'", rel);
	/* The including file: its chunk name is "@path". */
	const char *from = "";
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "S", &ar) && ar.source[0] == '@')
		from = ar.source + 1;
	const char *slash = strrchr(from, '/');
	const char *path = slash ? lua_pushfstring(L, "%s/%s",
	                                           lua_pushlstring(L, from, (size_t)(slash - from)),
	                                           rel)
	                         : lua_pushstring(L, rel);
	char buf[PATH_MAX];
	if (!realpath(path, buf))
		return luaL_error(L, "expected include to name an existing file, found '%s' (%s)",
		                  rel, strerror(errno));
	size_t rn = strlen(root);
	if (strncmp(buf, root, rn) != 0 || buf[rn] != '/')
		return luaL_error(L, "expected include to stay inside %s, found '%s' outside it",
		                  root, rel);
	const char *name = lua_pushfstring(L, "@%s", path);
	size_t len = 0;
	char *msg = NULL;
	char *text = rl_read_file(path, &len, &msg);
	if (!text) {
		char m[512];            /* freed before Lua may raise a memory error */
		snprintf(m, sizeof m, "%s", msg ? msg : "expected a readable file");
		free(msg);
		lua_pushstring(L, m);
		return lua_error(L);
	}
	int rc = luaL_loadbufferx(L, text, len, name, "t");
	if (rc != LUA_OK && rc != LUA_ERRMEM) {
		/* Named by the included file, not the line that includes it. */
		char m[512];            /* freed before Lua may raise a memory error */
		const char *why = lua_tostring(L, -1);
		msg = rl_sandbox_place_load_error(path, text, len, why ? why : "a load error");
		snprintf(m, sizeof m, "%s", msg);
		free(msg);
		free(text);
		lua_pushstring(L, m);
		return lua_error(L);
	}
	free(text);
	if (rc != LUA_OK)
		return lua_error(L);
	lua_pushvalue(L, lua_upvalueindex(2));
	lua_setupvalue(L, -2, 1);
	int base = lua_gettop(L) - 1;
	lua_call(L, 0, LUA_MULTRET);
	return lua_gettop(L) - base;
}

/* Arguments: the renderer's chunk, the job.  Gives the chunk's _ENV an
 * include() for the renderer's tree, then runs it; returns the module. */
static int run_renderer(lua_State *L)
{
	render_job *job = lua_touserdata(L, 2);
	char buf[PATH_MAX];
	if (!realpath(job->renderer, buf))
		return luaL_error(L, "%s:0: expected a readable renderer, found none (%s)",
		                  job->renderer, strerror(errno));
	char *slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	lua_settop(L, 1);
	lua_getupvalue(L, 1, 1);                /* the chunk's _ENV */
	lua_pushstring(L, slash == buf ? "" : buf);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, render_include, 2);
	lua_setfield(L, 2, "include");
	lua_settop(L, 1);
	lua_call(L, 0, 1);
	return 1;
}

/* --- running ---------------------------------------------------------------- */

/* Keeps the first line of a message and makes sure it starts "file:line:". */
static char *one_line(const char *renderer, const char *msg)
{
	if (!msg)
		msg = "failed";
	size_t n = strcspn(msg, "\n");
	const char *p = msg;
	while (p < msg + n && *p != ':' && *p != ' ')
		p++;
	int located = p > msg && *p == ':' && isdigit((unsigned char)p[1]);
	if (located) {
		p++;
		while (isdigit((unsigned char)*p))
			p++;
		located = *p == ':';
	}
	if (located)
		return rl_xstrndup(msg, n);
	return rl_fmt("%s:0: %.*s", renderer, (int)n, msg);
}

static rl_status run_job(const rl_engine *e, render_job *job, long long budget,
                         char **err)
{
	rl_limits lim = {0};
	if (e)
		lim.memory = e->limits.memory;
	lim.instructions = budget > 0 ? budget : RL_RENDER_INSTRUCTIONS;
	lim.seconds = e && e->limits.seconds > 0 ? e->limits.seconds : RL_RENDER_SECONDS;
	lim.fail_alloc_after = e ? e->limits.fail_alloc_after : 0;
	rl_sandbox *sb = rl_sandbox_new(&lim);
	if (!sb) {
		rl_seterr(err, "%s:0: expected memory for a Lua state, found none",
		          job->renderer);
		return RL_EEVAL;
	}
	lua_State *L = rl_sandbox_state(sb);
	char *msg = NULL;
	rl_status st = RL_OK;
	size_t len = 0;
	char *text = rl_read_file(job->renderer, &len, &msg);
	if (!text) {
		rl_seterr_take(err, one_line(job->renderer, msg));
		st = RL_EINPUT;
		goto done;
	}
	rl_run run = rl_sandbox_load(sb, job->renderer, text, len, &msg);
	free(text);
	if (run != RL_RUN_OK) {
		rl_seterr_take(err, one_line(job->renderer, msg));
		st = run == RL_RUN_ERROR ? RL_EINPUT : RL_EEVAL;
		goto done;
	}
	/* Running the chunk yields the module table. */
	lua_pushcfunction(L, run_renderer);
	lua_insert(L, -2);
	lua_pushlightuserdata(L, job);
	if (rl_sandbox_call(sb, 2, 1, 0, &msg) != RL_RUN_OK) {
		rl_seterr_take(err, one_line(job->renderer, msg));
		st = RL_EEVAL;
		goto done;
	}
	lua_pushcfunction(L, prepare);
	lua_insert(L, -2);
	lua_pushlightuserdata(L, job);
	int rc = lua_pcall(L, 2, 4, 0);
	if (rc != LUA_OK) {
		if (rc == LUA_ERRMEM)
			rl_seterr(err, "%s:0: memory cap of %zu MiB exceeded while building "
			          "the document", job->renderer, rl_sandbox_memory_cap(sb) >> 20);
		else
			rl_seterr_take(err, one_line(job->renderer, lua_tostring(L, -1)));
		st = job->bad_module || job->bad_summary ? RL_EINPUT : RL_EEVAL;
		goto done;
	}
	run = rl_sandbox_call(sb, 3, 0, 0, &msg);
	if (run != RL_RUN_OK) {
		rl_seterr_take(err, one_line(job->renderer, msg));
		st = job->lines && job->lines->bad ? RL_EINPUT : RL_EEVAL;
		goto done;
	}
	if (job->out->failed || fflush(job->out->f) != 0 || ferror(job->out->f)) {
		int why = job->out->failed > 0 ? job->out->failed : errno;
		rl_seterr(err, "%s:0: expected to write the output, found %s", job->renderer,
		          why ? strerror(why) : "a write error");
		st = RL_EEVAL;
	}
done:
	job->out->closed = 1;
	free(msg);
	rl_sandbox_free(sb);
	return st;
}

rl_status rl_report_render(const rl_engine *e, const rl_report *const *reports,
                           size_t n, const rl_render_options *ro, FILE *out,
                           char **err)
{
	char *json = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&json, &len);
	if (!mem) {
		rl_seterr(err, "%s:0: expected memory for the report, found none", ro->renderer);
		return RL_EEVAL;
	}
	fputs("{ \"reports\": [\n", mem);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(",\n", mem);
		rl_report_json(reports[i], mem);
	}
	fputs("] }\n", mem);
	if (fclose(mem) != 0) {
		free(json);
		rl_seterr(err, "%s:0: expected memory for the report, found none", ro->renderer);
		return RL_EEVAL;
	}
	sink s = {out, 0, 0, ro->max_output ? ro->max_output : RL_RENDER_MAX_OUTPUT, 0};
	render_job job = {ro->renderer, "check", json, len, NULL, NULL, ro->opts, &s, 0, 0};
	rl_status st = run_job(e, &job, ro->instructions, err);
	free(json);
	return st;
}

rl_status rl_results_render(const rl_engine *e, const char *results,
                            const char *summary, size_t summary_len,
                            const char *batch_file, const rl_render_options *ro,
                            FILE *out, char **err)
{
	lines_reader r;
	memset(&r, 0, sizeof r);
	r.path = results;
	r.f = rl_open_regular(results, 0, err);
	if (!r.f)
		return RL_EINPUT;
	rl_results_reader_init(&r.rd, r.f, results, RL_RESULTS_HALF_REFUSE);
	if (!summary) {
		summary = "{}";
		summary_len = 2;
	}
	sink s = {out, 0, 0, ro->max_output ? ro->max_output : RL_RENDER_MAX_OUTPUT, 0};
	render_job job = {ro->renderer, "batch", summary, summary_len, &r, batch_file,
	                  ro->opts, &s, 0, 0};
	rl_status st = run_job(e, &job, ro->instructions, err);
	fclose(r.f);
	rl_results_reader_free(&r.rd);
	rl_results_decoder_free(&r.dec);
	return st;
}
