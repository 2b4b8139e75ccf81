/* loader.c - running scenario and rule files in the sandbox: the chunk,
 * include, json_file, a derived scenario's base, JSON scenarios and the
 * messages of every bad input.  The constructors they call are in
 * scenario.c and clauses.c. */
#include "loader_impl.h"

#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "manifest.h"
#include "sources.h"

#define LOAD_BUDGET_FACTOR 4    /* a file may run 4 check budgets */

const char *const loader_scenario_ctors[] = {"scenario", "party", "cloud",
	"model", "product", "deployment", "statement", NULL};
const char *const loader_rule_ctors[] = {"contract", "clause", "exception", NULL};

/* --- messages -------------------------------------------------------------- */

void rl_loader_describe(lua_State *L, int idx, char *out, size_t size)
{
	switch (lua_type(L, idx)) {
	case LUA_TNIL:
	case LUA_TNONE:
		snprintf(out, size, "nothing");
		break;
	case LUA_TBOOLEAN:
		snprintf(out, size, "a boolean (%s)", lua_toboolean(L, idx) ? "true" : "false");
		break;
	case LUA_TNUMBER: {
		char num[32];
		double x = lua_tonumber(L, idx);
		if (isnan(x))
			snprintf(num, sizeof num, "NaN");
		else if (isinf(x))
			snprintf(num, sizeof num, "%sinfinity", x < 0 ? "-" : "");
		else
			rl_format_number(x, num);
		snprintf(out, size, "a number (%s)", num);
		break;
	}
	case LUA_TSTRING: {
		size_t len;
		const char *s = lua_tolstring(L, idx, &len);
		snprintf(out, size, "'%.*s%s'", len > 60 ? 60 : (int)len, s, len > 60 ? "..." : "");
		break;
	}
	case LUA_TLIGHTUSERDATA:
		snprintf(out, size, "%s", rl_handle_tag(lua_touserdata(L, idx)) == RL_H_UNKNOWN
		                          ? "unknown" : "a handle");
		break;
	default:
		snprintf(out, size, "a %s", luaL_typename(L, idx));
	}
}

static const char *nearest_name(const char *name, const char *const *names)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1;
	for (; *names; names++) {
		size_t d = rl_edit_distance(name, *names);
		if (d < bestd)
			bestd = d, best = *names;
	}
	return bestd <= 3 || (best && bestd * 2 <= strlen(name)) ? best : NULL;
}

void loader_join_names(const char *const *names, char *out, size_t size)
{
	out[0] = '\0';
	for (; *names; names++) {
		if (out[0])
			strncat(out, ", ", size - strlen(out) - 1);
		strncat(out, *names, size - strlen(out) - 1);
	}
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* --- where am I ------------------------------------------------------------ */

loader *loader_get(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

/* The file and line of the Lua code calling the current C function. */
int loader_caller_line(lua_State *L, const char **file)
{
	lua_Debug ar;
	for (int level = 1; lua_getstack(L, level, &ar); level++) {
		lua_getinfo(L, "Sl", &ar);
		if (ar.currentline > 0) {
			*file = ar.source[0] == '@' ? ar.source + 1 : ar.short_src;
			return ar.currentline;
		}
	}
	*file = "?";
	return 0;
}

/* "file:line: what: MESSAGE" ("file:line: MESSAGE" without what), owned. */
static char *loc_vfmt(const loader_loc *at, const char *fmt, va_list ap)
{
	char *msg = rl_vfmt(fmt, ap);
	char *out = at->what ? rl_fmt("%s:%d: %s: %s", at->file, at->line, at->what, msg)
	                     : rl_fmt("%s:%d: %s", at->file, at->line, msg);
	free(msg);
	return out;
}

int loader_raise(lua_State *L, const loader_loc *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = loc_vfmt(at, fmt, ap);
	va_end(ap);
	lua_pushstring(L, msg);
	free(msg);
	return lua_error(L);
}

rl_status loader_seterr(char **err, rl_status st, const loader_loc *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rl_seterr_take(err, loc_vfmt(at, fmt, ap));
	va_end(ap);
	return st;
}

int loader_field_error(lua_State *L, const loader_loc *at, int idx, const char *field,
                       const char *expected)
{
	char found[100];
	rl_loader_describe(L, idx, found, sizeof found);
	return loader_raise(L, at, "expected %s to be %s, found %s", field, expected, found);
}

void loader_check_keys(lua_State *L, int idx, const char *const *names,
                       const loader_loc *at)
{
	const char *unknown = NULL;     /* stays alive as a key of the table */
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			char found[100];
			rl_loader_describe(L, -1, found, sizeof found);
			loader_raise(L, at, "expected named fields (name = value), found the key %s",
			             found);
		}
		const char *key = lua_tostring(L, -1);
		int ok = 0;
		for (const char *const *n = names; *n && !ok; n++)
			ok = strcmp(*n, key) == 0;
		/* Of several unknown keys, the first in byte order is named (the
		 * table's own order changes from run to run). */
		if (!ok && (!unknown || strcmp(key, unknown) < 0))
			unknown = key;
	}
	if (unknown) {
		const char *near = nearest_name(unknown, names);
		char all[400];
		loader_join_names(names, all, sizeof all);
		if (near)
			loader_raise(L, at, "expected a field of %s, found '%s' (did you mean "
			             "'%s'?)", all, unknown, near);
		loader_raise(L, at, "expected a field of %s, found '%s'", all, unknown);
	}
}

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **loader_sorted_keys(lua_State *L, int idx, const loader_loc *at,
                                const char *expected, int refuse_nul, size_t *n)
{
	size_t count = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING || (refuse_nul && loader_has_nul(L, -1))) {
			char found[100];
			rl_loader_describe(L, -1, found, sizeof found);
			loader_raise(L, at, "%s%s", expected, found);
		}
		count++;
	}
	/* The keys stay alive in the table; the list is collected with it. */
	const char **keys = lua_newuserdatauv(L, (count ? count : 1) * sizeof *keys, 0);
	size_t k = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		keys[k++] = lua_tostring(L, -1);
	}
	if (count > 1)
		qsort(keys, count, sizeof *keys, cmp_keys);
	*n = count;
	return keys;
}

/* Ids name things in every output: no control characters (a terminal
 * escape or a newline in an id would forge text output). */
static int loader_has_control(lua_State *L, int idx)
{
	size_t len;
	const unsigned char *s = (const unsigned char *)lua_tolstring(L, idx, &len);
	for (size_t i = 0; s && i < len; i++)
		if (s[i] < 0x20 || s[i] == 0x7f)
			return 1;
	return 0;
}

/* Checks the id a constructor is called with (argument 1). */
static int loader_check_id(lua_State *L, const char *kname, const loader_loc *at)
{
	if (lua_type(L, 1) == LUA_TSTRING && lua_rawlen(L, 1) > 0 && lua_rawlen(L, 1) <= 200 &&
	    !loader_has_nul(L, 1) && !loader_has_control(L, 1))
		return 0;
	if (lua_type(L, 1) == LUA_TSTRING && loader_has_nul(L, 1))
		return loader_raise(L, at, "expected %s \"id\" with an id without NUL bytes, found "
		                    "a NUL byte", kname);
	if (lua_type(L, 1) == LUA_TSTRING && loader_has_control(L, 1))
		return loader_raise(L, at, "expected %s \"id\" with an id without control "
		                    "characters, found one", kname);
	char found[100];
	rl_loader_describe(L, 1, found, sizeof found);
	return loader_raise(L, at, "expected %s \"id\" { fields } with a non-empty id, found "
	                    "%s \"%s\"", kname, kname, found);
}

void loader_begin(lua_State *L, const char *kname, const loader_loc *at)
{
	loader *ld = loader_get(L);
	loader_loc plain = {at->file, at->line, NULL};
	loader_check_id(L, kname, &plain);
	if (ld->pending)
		loader_raise(L, &plain, "expected %s to be followed by { fields }, found another "
		             "constructor", ld->pending_what);
	ld->pending++;
	snprintf(ld->pending_what, sizeof ld->pending_what, "%s \"%s\"", kname,
	         lua_tostring(L, 1));
	free(ld->pending_file);
	ld->pending_file = rl_xstrdup(at->file);
	ld->pending_line = at->line;
}

int loader_open_body(lua_State *L, const char *kname, lua_Integer which,
                     lua_CFunction body)
{
	loader_loc at = {NULL, 0, NULL};
	at.line = loader_caller_line(L, &at.file);
	loader_begin(L, kname, &at);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushinteger(L, which);
	lua_pushvalue(L, 1);
	lua_pushinteger(L, at.line);
	lua_pushstring(L, at.file);
	lua_pushcclosure(L, body, 5);
	return 1;
}

void loader_expect_fields(lua_State *L, const loader_loc *at, const char *kname,
                          const char *id)
{
	if (lua_type(L, 1) != LUA_TTABLE) {
		char found[100];
		rl_loader_describe(L, 1, found, sizeof found);
		loader_raise(L, at, "expected %s \"%s\" { fields }, found %s", kname, id, found);
	}
}

static int wrong_mode(lua_State *L)
{
	loader_loc at = {NULL, 0, NULL};
	at.line = loader_caller_line(L, &at.file);
	const char *name = lua_tostring(L, lua_upvalueindex(2));
	int rules = lua_toboolean(L, lua_upvalueindex(3));
	return loader_raise(L, &at, "expected %s, found %s, which belongs in %s",
	                    rules ? "a rule-pack constructor (contract, clause, exception)"
	                          : "a scenario constructor (scenario, party, cloud, model, "
	                            "product, deployment, statement)",
	                    name, rules ? "a scenario file" : "a rule pack (-r)");
}

/* --- include and json_file ------------------------------------------------ */

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? rl_xstrndup(path, (size_t)(slash - path)) : rl_xstrdup(".");
}

/* Resolves rel, which fn names at `at`, against the running file; the
 * result must stay under the root.  Returns the display path (owned) and
 * sets *real (owned). */
static char *resolve(lua_State *L, loader *ld, const char *fn, const char *rel,
                     const loader_loc *at, char **real)
{
	if (rel[0] == '/' || rel[0] == '\0')
		loader_raise(L, at, "expected %s to name a relative path in the file's own tree, "
		             "found '%s'", fn, rel);
	char *dir = dir_of(ld->stack[ld->depth - 1]);
	char *display = strcmp(dir, ".") == 0 ? rl_xstrdup(rel) : rl_fmt("%s/%s", dir, rel);
	free(dir);
	char buf[PATH_MAX];
	if (!realpath(display, buf)) {
		const char *why = strerror(errno);
		free(display);
		loader_raise(L, at, "expected %s to name an existing file, found '%s' (%s)", fn, rel,
		             why);
	}
	size_t rn = strlen(ld->root);
	if (strncmp(buf, ld->root, rn) != 0 || (buf[rn] != '/' && buf[rn] != '\0')) {
		free(display);
		loader_raise(L, at, "expected %s to stay inside %s, found '%s' outside it", fn,
		             ld->root, rel);
	}
	*real = rl_xstrdup(buf);
	return display;
}

/* resolve, with both paths kept on the Lua stack (display, then real), so
 * that an error raised later frees them; they live until the stack pops. */
static void resolve_kept(lua_State *L, loader *ld, const char *fn, const char *rel,
                         const loader_loc *at, char **display, char **real)
{
	char *r = NULL;
	char *d = resolve(L, ld, fn, rel, at, &r);
	lua_pushstring(L, d);
	lua_pushstring(L, r);
	free(d);
	free(r);
	*display = (char *)lua_tostring(L, -2);
	*real = (char *)lua_tostring(L, -1);
}

void rl_include_files_free(rl_include_files *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].real);
		free(s->v[i].text);
		free(s->v[i].code);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}

static const rl_include_file *cached_source(const loader *ld, const char *real)
{
	for (size_t i = 0; ld->have && i < ld->have->n; i++)
		if (strcmp(ld->have->v[i].real, real) == 0)
			return &ld->have->v[i];
	return NULL;
}

/* Runs the chunk on the stack top (loaded from display, really real) as
 * one more running file; returns the number of values it returned. */
static int run_chunk(lua_State *L, loader *ld, const char *display, const char *real)
{
	/* The chunk shares its caller's _ENV. */
	lua_Debug ar;
	if (lua_getstack(L, 1, &ar)) {
		lua_getinfo(L, "f", &ar);
		if (lua_getupvalue(L, -1, 1)) {
			lua_setupvalue(L, -3, 1);
		}
		lua_pop(L, 1);
	}
	ld->stack[ld->depth] = rl_xstrdup(display);
	ld->real[ld->depth] = rl_xstrdup(real);
	ld->depth++;
	int saved = ld->fileseq;
	ld->fileseq = ld->depth * 1000 + saved + 1;
	int base = lua_gettop(L) - 1;   /* below the chunk */
	lua_call(L, 0, LUA_MULTRET);
	ld->fileseq = saved;
	ld->depth--;
	free(ld->stack[ld->depth]);
	free(ld->real[ld->depth]);
	/* What the chunk returns, as dofile returns it. */
	return lua_gettop(L) - base;
}

static int l_include(lua_State *L)
{
	loader *ld = loader_get(L);
	const char *rel = luaL_checkstring(L, 1);
	loader_loc at = {NULL, 0, NULL};
	at.line = loader_caller_line(L, &at.file);
	char *display, *real;
	resolve_kept(L, ld, "include", rel, &at, &display, &real);
	if (ld->depth >= MAX_INCLUDE_DEPTH)
		return loader_raise(L, &at, "expected includes nested at most %d deep, found deeper",
		                    MAX_INCLUDE_DEPTH);
	for (int i = 0; i < ld->depth; i++)
		if (strcmp(ld->real[i], real) == 0)
			return loader_raise(L, &at, "expected include to name a file not already "
			                    "running, found '%s' including itself", rel);
	char *err = NULL;
	size_t len;
	char *text = NULL;
	const rl_include_file *src = ld->rules_mode ? cached_source(ld, real) : NULL;
	if (src) {
		len = src->len;
		display = src->path;
	} else if (ld->rules_mode && !ld->fill) {
		return loader_raise(L, &at, "expected include to name a file the engine read when it "
		                    "loaded the packs, found '%s' new", rel);
	} else if (!(text = rl_read_file(real, &len, &err))) {
		lua_pushstring(L, err);
		free(err);
		return lua_error(L);
	}
	if (ld->m)
		rl_model_add_file(ld->m, display, 1, text, len);
	rl_include_file *fresh = NULL;
	if (text && ld->fill) {
		/* Kept for every other state of this engine, and hashed once. */
		ld->fill->v = rl_xrealloc(ld->fill->v, ld->fill->n + 1, sizeof *ld->fill->v);
		fresh = &ld->fill->v[ld->fill->n++];
		memset(fresh, 0, sizeof *fresh);
		fresh->path = rl_xstrdup(display);
		fresh->real = rl_xstrdup(real);
		fresh->text = text;
		fresh->len = len;
		rl_sha256_hex(text, len, fresh->sha256);
		src = fresh;
		text = NULL;
	}
	const char *name = lua_pushfstring(L, "@%s", display);
	int rc = src && src->code
	         ? luaL_loadbufferx(L, src->code, src->code_len, name, "b")
	         : luaL_loadbufferx(L, src ? src->text : text, len, name, "t");
	free(text);
	if (rc != LUA_OK)
		return lua_error(L);
	if (fresh)      /* compiled once: the other states load this */
		fresh->code = rl_sandbox_dump(L, &fresh->code_len);
	return run_chunk(L, ld, display, real);
}

/* --- base and set (a scenario derived from another) ------------------------ */

/* scenario "ID" { base = "FILE", ... }: runs FILE, a scenario file of the
 * same tree, as include runs a file, and makes its scenario this one
 * (renamed ID, defined here); NULL, with *dup, when ID is taken. */
rl_entity *loader_derive(lua_State *L, loader *ld, const char *id, const loader_loc *at)
{
	loader_loc plain = {at->file, at->line, NULL};
	char found[100];
	lua_getfield(L, 1, "base");
	if (lua_type(L, -1) != LUA_TSTRING || loader_has_nul(L, -1) ||
	    !ends_with(lua_tostring(L, -1), ".lua")) {
		rl_loader_describe(L, -1, found, sizeof found);
		loader_raise(L, at, "expected base to name a .lua scenario file, found %s", found);
	}
	const char *rel = lua_tostring(L, -1);
	char *display, *real;
	resolve_kept(L, ld, "base", rel, &plain, &display, &real);
	if (ld->depth >= MAX_INCLUDE_DEPTH)
		loader_raise(L, at, "expected bases and includes nested at most %d deep, found "
		             "deeper", MAX_INCLUDE_DEPTH);
	for (int i = 0; i < ld->depth; i++)
		if (strcmp(ld->real[i], real) == 0)
			loader_raise(L, at, "expected base to name a scenario not already loading, "
			             "found '%s' (a cycle)", rel);
	char *err = NULL;
	size_t len;
	char *text = rl_read_file(real, &len, &err);
	if (!text) {
		lua_pushstring(L, err);
		free(err);
		lua_error(L);
	}
	rl_model_add_file(ld->m, display, 1, text, len);
	int rc = luaL_loadbufferx(L, text, len, lua_pushfstring(L, "@%s", display), "t");
	free(text);
	if (rc != LUA_OK)
		lua_error(L);
	size_t before = ld->m->n[RL_K_SCENARIO];
	int top = lua_gettop(L) - 1;    /* below the chunk */
	run_chunk(L, ld, display, real);
	lua_settop(L, top);     /* what the base returns is not used */
	if (ld->m->n[RL_K_SCENARIO] != before + 1)
		loader_raise(L, at, "expected base '%s' to define one scenario, found %zu", rel,
		             ld->m->n[RL_K_SCENARIO] - before);
	rl_entity *e = &ld->m->ents[RL_K_SCENARIO][before];
	long taken = rl_model_find(ld->m, RL_K_SCENARIO, id);
	if (taken >= 0 && (size_t)taken != before) {
		rl_entity *dup = &ld->m->ents[RL_K_SCENARIO][taken];
		loader_raise(L, &plain, "expected a new scenario id, found '%s' already defined at "
		             "%s:%d", id, dup->file, dup->line);
	}
	e->id = rl_model_intern(ld->m, id);
	e->file = rl_model_intern(ld->m, at->file);
	e->line = at->line;
	return e;
}

/* Replaces lua-cjson's null by `unknown`, recursively, in place. */
static void nulls_to_unknown(lua_State *L, int idx, int depth)
{
	if (depth > 200 || lua_type(L, idx) != LUA_TTABLE)
		return;
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -1) == LUA_TLIGHTUSERDATA && lua_touserdata(L, -1) == NULL) {
			lua_pushvalue(L, -2);
			lua_pushlightuserdata(L, rl_handle(RL_H_UNKNOWN, 0, 0, 0));
			lua_rawset(L, idx);
		} else if (lua_type(L, -1) == LUA_TTABLE) {
			nulls_to_unknown(L, -1, depth + 1);
		}
		lua_pop(L, 1);
	}
}

/* Decodes JSON text on the stack top into a table (replacing it);
 * errors name file:line. */
static void decode_json(lua_State *L, const char *display, const char *text)
{
	lua_getglobal(L, "json");
	lua_getfield(L, -1, "decode");
	lua_remove(L, -2);
	lua_pushstring(L, text);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
		const char *msg = lua_tostring(L, -1);
		loader_loc at = {display, 1, NULL};
		const char *where = msg ? strstr(msg, "character ") : NULL;
		if (where) {
			long pos = strtol(where + 10, NULL, 10);
			for (long i = 0; i < pos - 1 && text[i]; i++)
				at.line += text[i] == '\n';
		}
		loader_raise(L, &at, "expected valid JSON, found: %s", msg ? msg : "?");
	}
	nulls_to_unknown(L, -1, 0);
}

static int l_json_file(lua_State *L)
{
	loader *ld = loader_get(L);
	const char *rel = luaL_checkstring(L, 1);
	loader_loc at = {NULL, 0, NULL};
	at.line = loader_caller_line(L, &at.file);
	char *real = NULL;
	char *display = resolve(L, ld, "json_file", rel, &at, &real);
	char *err = NULL;
	size_t len = 0;
	char *text = rl_read_file(real, &len, &err);
	free(real);
	lua_pushstring(L, display);
	if (text && ld->m)
		rl_model_add_file(ld->m, display, 1, text, len);
	free(display);
	if (!text) {
		lua_pushstring(L, err);
		free(err);
		return lua_error(L);
	}
	lua_pushstring(L, text);
	free(text);
	const char *t = lua_tostring(L, -1);
	decode_json(L, lua_tostring(L, -2), t);
	return 1;
}

/* --- sources (both kinds of file) ------------------------------------------ */

static int source_body(lua_State *L)
{
	loader *ld = loader_get(L);
	const char *id = lua_tostring(L, lua_upvalueindex(2));
	int line = (int)lua_tointeger(L, lua_upvalueindex(3));
	const char *file = lua_tostring(L, lua_upvalueindex(4));
	char what[260];
	snprintf(what, sizeof what, "source %s", id);
	loader_loc at = {file, line, what}, plain = {file, line, NULL};
	ld->pending--;
	char found[100];
	if (lua_type(L, 1) != LUA_TTABLE) {
		rl_loader_describe(L, 1, found, sizeof found);
		return loader_raise(L, &at, "expected source \"%s\" { title, outlet, date, url, "
		                    "quotes }, found %s", id, found);
	}
	lua_settop(L, 1);
	rl_source src;
	char *why = NULL;
	if (rl_source_read(L, 1, id, &src, &why)) {
		lua_pushstring(L, why);
		free(why);
		return loader_raise(L, &at, "%s", lua_tostring(L, -1));
	}
	struct rl_source **v = ld->rules_mode ? &ld->rules->sources : &ld->m->sources;
	size_t *n = ld->rules_mode ? &ld->rules->nsources : &ld->m->nsources;
	for (size_t i = 0; i < *n; i++) {
		rl_source *o = &(*v)[i];
		if (strcmp(o->id, id) != 0)
			continue;
		/* The same shared file included twice (by a pack and by the
		 * directory load) defines the same source: keep one. */
		int same = strcmp(o->title, src.title) == 0 && strcmp(o->date, src.date) == 0 &&
		           strcmp(o->outlet, src.outlet) == 0 && o->nquotes == src.nquotes;
		rl_source_free(&src);
		if (!same)
			return loader_raise(L, &plain, "expected a new source id, found '%s' already "
			                    "defined at %s:%d", id, o->file, o->line);
		return 0;
	}
	src.file = rl_xstrdup(file);
	src.line = line;
	*v = rl_xrealloc(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = src;
	return 0;
}

static int source_ctor(lua_State *L)
{
	loader_loc at = {NULL, 0, NULL};
	at.line = loader_caller_line(L, &at.file);
	loader_begin(L, "source", &at);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	lua_pushinteger(L, at.line);
	lua_pushstring(L, at.file);
	lua_pushcclosure(L, source_body, 4);
	return 1;
}

/* --- running files -------------------------------------------------------- */

static void register_ctors(rl_sandbox *sb, loader *ld)
{
	lua_State *L = rl_sandbox_state(sb);
	for (int k = 0; loader_scenario_ctors[k]; k++) {
		if (ld->rules_mode) {
			lua_pushlightuserdata(L, ld);
			lua_pushstring(L, loader_scenario_ctors[k]);
			lua_pushboolean(L, 1);
			lua_pushcclosure(L, wrong_mode, 3);
		} else {
			lua_pushlightuserdata(L, ld);
			lua_pushinteger(L, rl_kind_parse(loader_scenario_ctors[k]));
			lua_pushcclosure(L, loader_entity_ctor, 2);
		}
		rl_sandbox_export(sb, loader_scenario_ctors[k]);
	}
	for (int k = 0; loader_rule_ctors[k]; k++) {
		if (ld->rules_mode) {
			lua_pushlightuserdata(L, ld);
			lua_pushinteger(L, k);
			lua_pushcclosure(L, loader_rule_ctor, 2);
		} else {
			lua_pushlightuserdata(L, ld);
			lua_pushstring(L, loader_rule_ctors[k]);
			lua_pushboolean(L, 0);
			lua_pushcclosure(L, wrong_mode, 3);
		}
		rl_sandbox_export(sb, loader_rule_ctors[k]);
	}
	lua_pushlightuserdata(L, ld);
	if (ld->rules_mode) {
		lua_pushcclosure(L, loader_relies, 1);
	} else {
		lua_pushstring(L, "relies");
		lua_pushboolean(L, 0);
		lua_pushcclosure(L, wrong_mode, 3);
	}
	rl_sandbox_export(sb, "relies");
	lua_pushlightuserdata(L, ld);
	lua_pushcclosure(L, source_ctor, 1);
	rl_sandbox_export(sb, "source");
	lua_pushlightuserdata(L, ld);
	lua_pushcclosure(L, l_include, 1);
	rl_sandbox_export(sb, "include");
	lua_pushlightuserdata(L, ld);
	lua_pushcclosure(L, l_json_file, 1);
	rl_sandbox_export(sb, "json_file");
}

/* Keeps only the first line of a load error, and turns "attempt to call a
 * nil value (global 'x')" into a constructor suggestion. */
static char *tidy_error(loader *ld, char *msg)
{
	char *nl = strchr(msg, '\n');
	if (nl)
		*nl = '\0';
	const char *ipat = "attempt to index a nil value (global '";
	char *iat = strstr(msg, ipat);
	if (iat) {
		char *name = iat + strlen(ipat);
		char *end = strchr(name, '\'');
		if (end) {
			*end = '\0';
			char *out = rl_fmt("%.*sexpected a global of the sandbox, found '%s', "
			                   "which scripts cannot use (no io, os, package, debug)",
			                   (int)(iat - msg), msg, name);
			free(msg);
			return out;
		}
	}
	const char *pat = "attempt to call a nil value (global '";
	char *at = strstr(msg, pat);
	if (at) {
		char *name = at + strlen(pat);
		char *end = strchr(name, '\'');
		if (end) {
			*end = '\0';
			const char *const *names = ld->rules_mode ? loader_rule_ctors : loader_scenario_ctors;
			const char *near = nearest_name(name, names);
			char all[300];
			loader_join_names(names, all, sizeof all);
			char *out = rl_fmt("%.*sexpected a constructor (%s%s), found unknown "
			                   "name '%s'%s%s%s", (int)(at - msg), msg, all,
			                   ld->rules_mode ? "" : ", include, json_file", name,
			                   near ? " (did you mean '" : "", near ? near : "",
			                   near ? "'?)" : "");
			free(msg);
			return out;
		}
	}
	return msg;
}

static rl_status run_file(loader *ld, const char *path, const char *text,
                          size_t len, char **err)
{
	loader_loc whole = {path, 0, NULL};
	char buf[PATH_MAX];
	if (!realpath(path, buf))
		return loader_seterr(err, RL_EINPUT, &whole, "expected an existing file, found %s",
		                     strerror(errno));
	ld->stack[0] = rl_xstrdup(path);
	ld->real[0] = rl_xstrdup(buf);
	ld->depth = 1;
	char *dir = dir_of(buf);
	free(ld->root);
	ld->root = dir;
	char *msg = NULL;
	rl_status st = RL_OK;
	rl_run run = ld->code ? rl_sandbox_load_code(ld->sb, path, ld->code, ld->code_len, &msg)
	                      : rl_sandbox_load(ld->sb, path, text, len, &msg);
	if (run == RL_RUN_OK && !ld->code && ld->dump)
		*ld->dump = rl_sandbox_dump(rl_sandbox_state(ld->sb), ld->dump_len);
	if (run == RL_RUN_ERROR) {
		/* "path:line: msg" -> "path:line: expected valid Lua, found msg" */
		size_t pl = strlen(path);
		char *colon = strncmp(msg, path, pl) == 0 && msg[pl] == ':'
		              ? strchr(msg + pl + 1, ':') : NULL;
		if (colon) {
			char *m = rl_fmt("%.*s: expected valid Lua, found%s", (int)(colon - msg), msg,
			                 colon + 1);
			free(msg);
			msg = m;
		}
	}
	if (run == RL_RUN_OK)
		run = rl_sandbox_call(ld->sb, 0, 0,
		                      rl_sandbox_budget(ld->sb) * LOAD_BUDGET_FACTOR, &msg);
	if (run != RL_RUN_OK) {
		st = run == RL_RUN_ERROR ? RL_EINPUT : RL_EEVAL;
		msg = tidy_error(ld, msg);
		if (run != RL_RUN_ERROR && strncmp(msg, path, strlen(path)) != 0) {
			loader_seterr(err, st, &whole, "expected the file to load within its limits, "
			              "found %s", msg);
			free(msg);
		} else {
			rl_seterr_take(err, msg);
		}
	} else if (ld->pending) {
		loader_loc at = {ld->pending_file, ld->pending_line, NULL};
		st = loader_seterr(err, RL_EINPUT, &at, "expected %s to be followed by { fields }, "
		                   "found nothing", ld->pending_what);
	}
	for (int i = 0; i < ld->depth; i++) {
		free(ld->stack[i]);
		free(ld->real[i]);
	}
	ld->depth = 0;
	free(ld->pending_file);
	ld->pending_file = NULL;
	return st;
}

/* Canonical entity order: (file, line, id). */
static int cmp_entities(const void *a, const void *b)
{
	const rl_entity *x = a, *y = b;
	if (x->fileseq != y->fileseq)
		return x->fileseq < y->fileseq ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* --- JSON scenarios ------------------------------------------------------- */

/* The line of each JSON string's first occurrence, found in one pass over
 * the text (looking each id up with strstr made loading quadratic). */
typedef struct line_index {
	struct line_slot {
		const char *s;
		size_t len;
		int line;
	} *slots;
	size_t cap;
} line_index;

static size_t hash_bytes(const char *s, size_t n)
{
	size_t h = 1469598103934665603ULL & SIZE_MAX;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static struct line_slot *line_slot(const line_index *ix, const char *s, size_t n)
{
	size_t i = hash_bytes(s, n) & (ix->cap - 1);
	while (ix->slots[i].s && !(ix->slots[i].len == n && memcmp(ix->slots[i].s, s, n) == 0))
		i = (i + 1) & (ix->cap - 1);
	return &ix->slots[i];
}

static void line_index_build(line_index *ix, const char *text)
{
	size_t strings = 0;
	for (const char *p = text; *p; p++)
		strings += *p == '"';
	ix->cap = 16;
	while (ix->cap < strings + 16)
		ix->cap *= 2;
	ix->slots = rl_xcalloc(ix->cap, sizeof *ix->slots);
	int line = 1;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			line++;
		} else if (*p == '"') {
			const char *start = ++p;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				line += *p == '\n';
				p++;
			}
			struct line_slot *sl = line_slot(ix, start, (size_t)(p - start));
			if (!sl->s) {
				sl->s = start;
				sl->len = (size_t)(p - start);
				sl->line = line;
			}
			if (!*p)
				break;
		}
	}
}

static int line_of(const line_index *ix, const char *key)
{
	const struct line_slot *sl = line_slot(ix, key, strlen(key));
	return sl->s ? sl->line : 1;
}

typedef struct json_args {
	loader *ld;
	const char *path, *text;
	line_index lines;
} json_args;

static int add_json_entity(lua_State *L, loader *ld, const char *path,
                           const line_index *lines, rl_kind kind, const char *id, int body)
{
	int line = line_of(lines, id);
	lua_pushlightuserdata(L, ld);
	lua_pushinteger(L, kind);
	lua_pushstring(L, id);
	lua_pushinteger(L, line);
	lua_pushstring(L, path);
	lua_pushcclosure(L, loader_entity_body, 5);
	lua_pushvalue(L, body);
	ld->pending++;
	lua_call(L, 1, 0);
	return 0;
}

static int json_scenario(lua_State *L)
{
	json_args *a = lua_touserdata(L, 1);
	loader *ld = a->ld;
	if (!a->lines.slots)
		line_index_build(&a->lines, a->text);
	lua_pushstring(L, a->text);
	decode_json(L, a->path, a->text);
	int top = lua_gettop(L);
	loader_loc at = {a->path, 1, NULL}, object = {a->path, 1, "JSON scenario"};
	if (lua_type(L, top) != LUA_TTABLE)
		return loader_raise(L, &at, "expected a JSON object of kinds, found something else");
	const char *kinds[RL_NKINDS + 1];
	for (int k = 0; k < RL_NKINDS; k++)
		kinds[k] = rl_kind_name((rl_kind)k);
	kinds[RL_NKINDS] = NULL;
	loader_check_keys(L, top, kinds, &object);
	for (int k = 0; k < RL_NKINDS; k++) {
		lua_getfield(L, top, kinds[k]);
		int t = lua_gettop(L);
		if (lua_isnil(L, t)) {
			lua_pop(L, 1);
			continue;
		}
		at.line = line_of(&a->lines, kinds[k]);
		if (lua_type(L, t) != LUA_TTABLE)
			return loader_raise(L, &at, "expected \"%s\" to be an object, found something "
			                    "else", kinds[k]);
		if (k == RL_K_SCENARIO) {
			/* {"id": ..., fields} or {"id": {fields}} */
			lua_getfield(L, t, "date");
			int direct = !lua_isnil(L, -1);
			lua_pop(L, 1);
			if (direct) {
				lua_getfield(L, t, "id");
				char *id;
				if (lua_type(L, -1) == LUA_TSTRING) {
					id = rl_xstrdup(lua_tostring(L, -1));
				} else {
					const char *base = strrchr(a->path, '/');
					base = base ? base + 1 : a->path;
					const char *dot = strrchr(base, '.');
					id = rl_xstrndup(base, dot ? (size_t)(dot - base) : strlen(base));
				}
				lua_pop(L, 1);
				lua_pushnil(L);
				lua_setfield(L, t, "id");
				lua_pushstring(L, id);
				free(id);
				add_json_entity(L, ld, a->path, &a->lines, RL_K_SCENARIO,
				                lua_tostring(L, -1), t);
				lua_pop(L, 1);
				lua_pop(L, 1);
				continue;
			}
		}
		lua_pushnil(L);
		while (lua_next(L, t)) {
			if (lua_type(L, -2) != LUA_TSTRING)
				return loader_raise(L, &at, "expected \"%s\" to map ids to objects",
				                    kinds[k]);
			const char *id = lua_tostring(L, -2);
			if (loader_has_nul(L, -2) || loader_has_control(L, -2) || lua_rawlen(L, -2) == 0 ||
			    lua_rawlen(L, -2) > 200)
				return loader_raise(L, &at, "expected \"%s\" to map non-empty ids of at most "
				                    "200 bytes without NUL bytes or control characters to "
				                    "objects", kinds[k]);
			if (lua_type(L, -1) != LUA_TTABLE) {
				loader_loc entry = {a->path, line_of(&a->lines, id), NULL};
				return loader_raise(L, &entry, "%s %s: expected an object of fields, found "
				                    "something else", kinds[k], id);
			}
			add_json_entity(L, ld, a->path, &a->lines, (rl_kind)k, id, lua_gettop(L));
			lua_pop(L, 1);
		}
		lua_pop(L, 1);
	}
	return 0;
}

rl_status rl_load_scenario(const rl_limits *limits, const char *path,
                           rl_model **out, char **err)
{
	size_t len;
	char *text = rl_read_file(path, &len, err);
	if (!text)
		return RL_EINPUT;
	loader_loc whole = {path, 0, NULL}, first = {path, 1, NULL};
	if (memchr(text, '\0', len)) {
		free(text);
		return loader_seterr(err, RL_EINPUT, &first, "expected a text file, found binary "
		                     "data");
	}
	rl_sandbox *sb = rl_sandbox_new(limits);
	if (!sb) {
		free(text);
		return loader_seterr(err, RL_EEVAL, &whole, "expected memory for a Lua state, found "
		                     "none");
	}
	loader ld = {0};
	ld.sb = sb;
	ld.m = rl_model_new();
	ld.m->file = rl_model_intern(ld.m, path);
	rl_model_add_file(ld.m, path, 0, text, len);
	register_ctors(sb, &ld);
	rl_status st;
	if (ends_with(path, ".json")) {
		char buf[PATH_MAX];
		json_args a = {&ld, path, text, {NULL, 0}};
		st = RL_OK;
		if (!realpath(path, buf)) {
			st = loader_seterr(err, RL_EINPUT, &whole, "expected an existing file, found %s",
			                   strerror(errno));
		} else {
			char *msg = NULL;
			if (rl_sandbox_cpcall(sb, json_scenario, &a, &msg) != RL_RUN_OK) {
				rl_seterr_take(err, tidy_error(&ld, msg));
				st = RL_EINPUT;
			}
		}
		free(a.lines.slots);
	} else {
		st = run_file(&ld, path, text, len, err);
	}
	free(text);
	free(ld.root);
	free(ld.pending_file);
	rl_sandbox_free(sb);
	if (st == RL_OK) {
		for (int k = 0; k < RL_NKINDS; k++)
			if (ld.m->n[k] > 1)
				qsort(ld.m->ents[k], ld.m->n[k], sizeof(rl_entity), cmp_entities);
		if (rl_model_finish(ld.m, err))
			st = RL_EINPUT;
	}
	if (st != RL_OK) {
		rl_model_free(ld.m);
		return st;
	}
	*out = ld.m;
	return RL_OK;
}

rl_status rl_load_rules(rl_sandbox *sb, const char *path, const char *text,
                        size_t len, const char *code, size_t code_len, char **dump,
                        size_t *dump_len, int fileseq, rl_rules *into,
                        rl_include_files *fill, const rl_include_files *have, char **err)
{
	loader_loc first = {path, 1, NULL};
	if (memchr(text, '\0', len))
		return loader_seterr(err, RL_EINPUT, &first, "expected a text file, found binary data");
	loader ld = {0};
	ld.sb = sb;
	ld.rules_mode = 1;
	ld.rules = into;
	ld.fill = fill;
	ld.have = have;
	ld.code = code;
	ld.code_len = code_len;
	ld.dump = dump;
	ld.dump_len = dump_len;
	ld.fileseq = fileseq;
	register_ctors(sb, &ld);
	rl_status st = run_file(&ld, path, text, len, err);
	free(ld.root);
	free(ld.pending_file);
	/* Constructors must not outlive the loader they point to. */
	lua_State *L = rl_sandbox_state(sb);
	for (int k = 0; loader_scenario_ctors[k]; k++) {
		lua_pushnil(L);
		rl_sandbox_export(sb, loader_scenario_ctors[k]);
	}
	for (int k = 0; loader_rule_ctors[k]; k++) {
		lua_pushnil(L);
		rl_sandbox_export(sb, loader_rule_ctors[k]);
	}
	lua_pushnil(L);
	rl_sandbox_export(sb, "include");
	lua_pushnil(L);
	rl_sandbox_export(sb, "json_file");
	lua_pushnil(L);
	rl_sandbox_export(sb, "relies");
	lua_pushnil(L);
	rl_sandbox_export(sb, "source");
	return st;
}
