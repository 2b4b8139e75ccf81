/* resume.c - reading a batch output back with every line checked, and
 * comparing the identity of the run that wrote it (see resume.h). */
#include "resume.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "batch_impl.h"
#include "manifest.h"
#include "results.h"
#include "util.h"

/* --- a whole output ------------------------------------------------------- */

unsigned long long rl_results_next_index(unsigned long long i, int shard_k, int shard_n,
                                         unsigned long long variants)
{
	unsigned long long c = i == ULLONG_MAX ? 0 : i + 1, g = c / BLOCK;
	if (shard_k > 0 && shard_n > 0 && rl_shard_block(shard_k, shard_n, rl_shard_local(
	                                      shard_k, shard_n, g)) != g)
		c = rl_shard_block(shard_k, shard_n, rl_shard_local(shard_k, shard_n, g)) * BLOCK;
	return c < variants ? c : variants;
}

rl_status rl_results_scan_file(FILE *f, const char *path, int shard_k, int shard_n,
                               unsigned long long variants, unsigned long long limit,
                               rl_results_scan *out, char **err)
{
	memset(out, 0, sizeof *out);
	rl_results_reader rd;
	rl_results_decoder dec;
	memset(&dec, 0, sizeof dec);
	/* --resume redoes a half-written last line (results.h). */
	rl_results_reader_init(&rd, f, path, RL_RESULTS_HALF_DROP);
	size_t len, nclauses = 0;
	unsigned long long prev = ULLONG_MAX;
	rl_status st = RL_OK;
	int got;
	while ((got = rl_results_read(&rd, &len, err)) > 0) {
		const char *line = rd.line;
		unsigned long long lineno = rd.lineno;
		if (lineno == 1 && rl_results_is_manifest(line)) {
			out->manifest = rl_xstrndup(line, len);
			out->keep += (long)len + 1;
			continue;
		}
		if (rl_results_is_manifest(line)) {
			rl_seterr(err, "%s:%llu: expected a variant line, found a second manifest "
			          "(two runs in one file)", path, lineno);
			st = RL_EINPUT;
			break;
		}
		rl_result rl;
		if (rl_results_decode(&dec, line, len, &rl)) {
			rl_seterr(err, "%s:%llu: expected a batch line with %s, found %s", path, lineno,
			          dec.want, dec.found);
			st = RL_EINPUT;
			break;
		}
		unsigned long long want = rl_results_next_index(prev, shard_k, shard_n, variants);
		if (rl.index != want) {
			rl_seterr(err, "%s:%llu: expected variant %llu next, found %llu (%s)", path,
			          lineno, want, rl.index,
			          want == variants ? "more variants than the batch has"
			          : rl.index < want ? "a variant written twice, or out of order"
			                            : "a gap: variants are missing");
			st = RL_EINPUT;
			break;
		}
		if (out->lines == 0) {
			nclauses = rl.nclauses;
		} else if (rl.nclauses != nclauses) {
			rl_seterr(err, "%s:%llu: expected %zu clauses as on the first line, found %zu",
			          path, lineno, nclauses, rl.nclauses);
			st = RL_EINPUT;
			break;
		}
		if (rl.index >= limit)
			break;                  /* redone by the resumed run */
		prev = rl.index;
		out->next = rl.index + 1;
		out->keep += (long)len + 1;
		out->lines++;
	}
	if (got < 0)
		st = RL_EINPUT;
	out->half = rd.half;
	rl_results_reader_free(&rd);
	rl_results_decoder_free(&dec);
	if (st != RL_OK)
		rl_results_scan_free(out);
	return st;
}

void rl_results_scan_free(rl_results_scan *s)
{
	free(s->manifest);
	s->manifest = NULL;
}

/* --- identities ----------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "role sha256" lines sorted, then "seed S". */
static char *identity(char **files, size_t n, const char *seed)
{
	qsort(files, n, sizeof *files, cmp_str);
	rl_buf b = {0};
	for (size_t i = 0; i < n; i++) {
		rl_buf_puts(&b, files[i]);
		rl_buf_putc(&b, '\n');
	}
	rl_buf_printf(&b, "seed %s\n", seed);
	return rl_buf_take(&b);
}

char *rl_manifest_identity(const rl_manifest *m)
{
	char **files = rl_xcalloc(m->nfiles + 1, sizeof *files);
	for (size_t i = 0; i < m->nfiles; i++)
		files[i] = rl_fmt("%s %s", m->files[i].role, m->files[i].sha256);
	char seed[32] = "null";
	if (m->has_seed)
		snprintf(seed, sizeof seed, "%llu", m->seed);
	char *id = identity(files, m->nfiles, seed);
	for (size_t i = 0; i < m->nfiles; i++)
		free(files[i]);
	free(files);
	return id;
}

typedef struct ident_args {
	const char *json;
	size_t len;
	char **files;
	size_t n;
	int bad;
} ident_args;

static int read_files(lua_State *L)
{
	ident_args *a = lua_touserdata(L, 1);
	lua_getglobal(L, "json");
	lua_getfield(L, -1, "decode");
	lua_pushlstring(L, a->json, a->len);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK || !lua_istable(L, -1)) {
		a->bad = 1;
		return 0;
	}
	if (lua_getfield(L, -1, "manifest") == LUA_TTABLE)
		lua_remove(L, -2);
	else
		lua_pop(L, 1);
	if (lua_getfield(L, -1, "files") != LUA_TTABLE) {
		a->bad = 1;
		return 0;
	}
	int t = lua_gettop(L);
	size_t n = (size_t)lua_rawlen(L, t);
	if (n > 100000) {
		a->bad = 1;
		return 0;
	}
	a->files = rl_xcalloc(n + 1, sizeof *a->files);
	for (size_t i = 1; i <= n; i++) {
		lua_settop(L, t);
		lua_rawgeti(L, t, (lua_Integer)i);
		if (!lua_istable(L, -1) || lua_getfield(L, -1, "role") != LUA_TSTRING ||
		    lua_getfield(L, -2, "sha256") != LUA_TSTRING) {
			a->bad = 1;
			return 0;
		}
		a->files[a->n++] = rl_fmt("%s %s", lua_tostring(L, -2), lua_tostring(L, -1));
	}
	return 0;
}

char *rl_manifest_identity_json(const char *json, size_t len, char **err)
{
	/* The seed as written (digits or null): a decoded number would round
	 * seeds above 2^53. */
	char seed[32] = "";
	const char *at = NULL;
	for (const char *p = json; (p = strstr(p, "\"seed\"")) && p < json + len; p++)
		at = p;
	if (at) {
		at += 6;
		while (*at == ' ' || *at == ':')
			at++;
		size_t n = strspn(at, "0123456789");
		if (n && n < sizeof seed)
			memcpy(seed, at, n), seed[n] = '\0';
		else if (strncmp(at, "null", 4) == 0)
			strcpy(seed, "null");
	}
	rl_sandbox *sb = rl_sandbox_new(NULL);
	ident_args a = {json, len, NULL, 0, 0};
	char *msg = NULL;
	int ok = sb && rl_sandbox_cpcall(sb, read_files, &a, &msg) == RL_RUN_OK && !a.bad &&
	         seed[0];
	free(msg);
	rl_sandbox_free(sb);
	char *id = ok ? identity(a.files, a.n, seed) : NULL;
	for (size_t i = 0; i < a.n; i++)
		free(a.files[i]);
	free(a.files);
	if (!id)
		rl_seterr(err, "expected a manifest with files and seed, found something else");
	return id;
}

/* Which roles' files differ between two identities, as text. */
static void what_differs(const char *a, const char *b, char *out, size_t size)
{
	static const char *const roles[] = {"batch", "scenario", "include", "rules", NULL};
	out[0] = '\0';
	for (const char *const *r = roles; *r; r++) {
		rl_buf x = {0}, y = {0};
		size_t rl = strlen(*r);
		for (int k = 0; k < 2; k++) {
			rl_buf *into = k ? &y : &x;
			for (const char *p = k ? b : a; *p;) {
				const char *nl = strchr(p, '\n');
				size_t n = nl ? (size_t)(nl - p) : strlen(p);
				if (n > rl && strncmp(p, *r, rl) == 0 && p[rl] == ' ')
					rl_buf_add(into, p, n + 1);
				p += n + (nl != NULL);
			}
		}
		if (strcmp(x.data ? x.data : "", y.data ? y.data : "") != 0) {
			if (out[0])
				strncat(out, ", ", size - strlen(out) - 1);
			strncat(out, *r, size - strlen(out) - 1);
			strncat(out, strcmp(*r, "rules") == 0 ? " files" : " file",
			        size - strlen(out) - 1);
		}
		rl_buf_free(&x);
		rl_buf_free(&y);
	}
	const char *sa = strstr(a, "seed "), *sb = strstr(b, "seed ");
	if (sa && sb && strcmp(sa, sb) != 0) {
		if (out[0])
			strncat(out, ", ", size - strlen(out) - 1);
		strncat(out, "seed", size - strlen(out) - 1);
	}
	if (!out[0])
		snprintf(out, size, "inputs");
}

rl_status rl_resume_check_manifest(const char *path, const char *json, size_t len,
                                   const rl_manifest *now, char **err)
{
	if (!json) {
		rl_seterr(err, "%s:1: expected the manifest line of the run that wrote the "
		          "output (to resume the same batch), found none", path);
		return RL_EINPUT;
	}
	char *why = NULL;
	char *then = rl_manifest_identity_json(json, len, &why);
	if (!then) {
		rl_seterr(err, "%s:1: %s", path, why);
		free(why);
		return RL_EINPUT;
	}
	char *cur = rl_manifest_identity(now);
	rl_status st = RL_OK;
	if (strcmp(then, cur) != 0) {
		char diff[200];
		what_differs(then, cur, diff, sizeof diff);
		rl_seterr(err, "%s:1: expected the output of this batch run (the same batch, "
		          "scenario, rules and seed) to resume, found one written by another "
		          "run (its %s differ%s)", path, diff,
		          strchr(diff, ',') || strstr(diff, "files") || strcmp(diff, "inputs") == 0
		          ? "" : "s");
		st = RL_EINPUT;
	}
	free(then);
	free(cur);
	return st;
}
