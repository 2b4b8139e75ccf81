/* manifest.c - provenance: version, command, input files with SHA-256. */
#include "manifest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>

#include "sandbox.h"

rl_manifest *rl_manifest_new(void)
{
	return rl_xcalloc(1, sizeof(rl_manifest));
}

void rl_manifest_free(rl_manifest *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->ncommand; i++)
		free(m->command[i]);
	free(m->command);
	for (size_t i = 0; i < m->nfiles; i++) {
		free(m->files[i].role);
		free(m->files[i].path);
	}
	free(m->files);
	free(m);
}

rl_manifest *rl_manifest_copy(const rl_manifest *m)
{
	if (!m)
		return NULL;
	rl_manifest *c = rl_manifest_new();
	*c = *m;
	c->command = c->ncommand ? rl_xcalloc(c->ncommand, sizeof *c->command) : NULL;
	for (size_t i = 0; i < c->ncommand; i++)
		c->command[i] = rl_xstrdup(m->command[i]);
	c->files = c->nfiles ? rl_xcalloc(c->nfiles, sizeof *c->files) : NULL;
	for (size_t i = 0; i < c->nfiles; i++) {
		c->files[i] = m->files[i];
		c->files[i].role = rl_xstrdup(m->files[i].role);
		c->files[i].path = rl_xstrdup(m->files[i].path);
	}
	return c;
}

void rl_manifest_set_command(rl_manifest *m, int argc, const char *const *argv)
{
	for (size_t i = 0; i < m->ncommand; i++)
		free(m->command[i]);
	free(m->command);
	m->ncommand = argc > 0 ? (size_t)argc : 0;
	m->command = m->ncommand ? rl_xcalloc(m->ncommand, sizeof *m->command) : NULL;
	for (size_t i = 0; i < m->ncommand; i++)
		m->command[i] = rl_xstrdup(argv[i] ? argv[i] : "");
}

void rl_manifest_add_hashed(rl_manifest *m, const char *role, const char *path,
                            const char *sha256)
{
	for (size_t i = 0; i < m->nfiles; i++)
		if (strcmp(m->files[i].role, role) == 0 && strcmp(m->files[i].path, path) == 0)
			return;
	m->files = rl_xrealloc(m->files, m->nfiles + 1, sizeof *m->files);
	rl_manifest_file *f = &m->files[m->nfiles++];
	f->role = rl_xstrdup(role);
	f->path = rl_xstrdup(path);
	snprintf(f->sha256, sizeof f->sha256, "%s", sha256 ? sha256 : "");
}

void rl_manifest_add_data(rl_manifest *m, const char *role, const char *path,
                          const void *data, size_t len)
{
	char hex[65];
	rl_sha256_hex(data, len, hex);
	rl_manifest_add_hashed(m, role, path, hex);
}

int rl_manifest_add_path(rl_manifest *m, const char *role, const char *path)
{
	/* Streamed: a rows table may be larger than the files read whole. */
	char *err = NULL, hex[65];
	FILE *f = rl_open_regular(path, 0, &err);
	free(err);
	if (!f)
		return -1;
	int bad = rl_sha256_stream(f, hex);
	fclose(f);
	if (bad)
		return -1;
	rl_manifest_add_hashed(m, role, path, hex);
	return 0;
}

void rl_manifest_set_seed(rl_manifest *m, unsigned long long seed)
{
	m->has_seed = 1;
	m->seed = seed;
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void rl_manifest_start(rl_manifest *m)
{
	time_t t = time(NULL);
	struct tm tm;
	m->timed = 1;
	m->t0 = mono();
	if (gmtime_r(&t, &tm))
		strftime(m->started, sizeof m->started, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (gethostname(m->host, sizeof m->host - 1) != 0)
		m->host[0] = '\0';
	m->host[sizeof m->host - 1] = '\0';
}

void rl_manifest_stop(rl_manifest *m)
{
	if (!m->timed)
		return;
	m->elapsed = round((mono() - m->t0) * 1000.0) / 1000.0;
	m->has_elapsed = 1;
}

void rl_manifest_json(const rl_manifest *m, rl_buf *o)
{
	rl_buf_printf(o, "{\"redline\":\"%s\",\"command\":[", REDLINE_VERSION);
	for (size_t i = 0; i < m->ncommand; i++) {
		if (i)
			rl_buf_putc(o, ',');
		rl_json_string(o, m->command[i]);
	}
	rl_buf_puts(o, "],\"files\":[");
	for (size_t i = 0; i < m->nfiles; i++) {
		rl_buf_puts(o, i ? ",{\"role\":" : "{\"role\":");
		rl_json_string(o, m->files[i].role);
		rl_buf_puts(o, ",\"path\":");
		rl_json_string(o, m->files[i].path);
		rl_buf_puts(o, ",\"sha256\":");
		rl_json_string(o, m->files[i].sha256);
		rl_buf_putc(o, '}');
	}
	rl_buf_puts(o, "],\"seed\":");
	if (m->has_seed)
		rl_buf_printf(o, "%llu", m->seed);
	else
		rl_buf_puts(o, "null");
	if (m->timed) {
		rl_buf_puts(o, ",\"started\":");
		rl_json_string(o, m->started);
		if (m->has_elapsed) {
			char num[32];
			rl_format_number(m->elapsed, num);
			rl_buf_printf(o, ",\"elapsed_s\":%s", num);
		}
		rl_buf_puts(o, ",\"host\":");
		rl_json_string(o, m->host);
	}
	rl_buf_putc(o, '}');
}

typedef struct read_ctx {
	const char *line;
	rl_manifest *m;
	const char *bad;
} read_ctx;

static int decode_manifest(lua_State *L)
{
	read_ctx *c = lua_touserdata(L, 1);
	lua_getglobal(L, "json");
	lua_getfield(L, -1, "decode");
	lua_pushstring(L, c->line);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK || !lua_istable(L, -1)) {
		c->bad = "valid JSON";
		return 0;
	}
	lua_getfield(L, -1, "manifest");
	int mt = lua_gettop(L);
	lua_getfield(L, mt, "files");
	if (!lua_istable(L, mt) || !lua_istable(L, -1)) {
		c->bad = "a manifest with files";
		return 0;
	}
	int ft = lua_gettop(L);
	rl_manifest *m = rl_manifest_new();
	c->m = m;
	for (lua_Integer i = 1; lua_rawgeti(L, ft, i) == LUA_TTABLE; i++) {
		lua_getfield(L, -1, "role");
		lua_getfield(L, -2, "path");
		lua_getfield(L, -3, "sha256");
		if (lua_type(L, -3) != LUA_TSTRING || lua_type(L, -2) != LUA_TSTRING ||
		    lua_type(L, -1) != LUA_TSTRING || lua_rawlen(L, -1) != 64) {
			c->bad = "files of {role, path, sha256}";
			return 0;
		}
		rl_manifest_add_hashed(m, lua_tostring(L, -3), lua_tostring(L, -2),
		                       lua_tostring(L, -1));
		lua_pop(L, 4);
	}
	lua_getfield(L, mt, "seed");
	if (lua_isinteger(L, -1)) {
		m->has_seed = 1;
		m->seed = (unsigned long long)lua_tointeger(L, -1);
	}
	lua_getfield(L, mt, "command");
	for (lua_Integer i = 1; lua_istable(L, -1) && lua_rawgeti(L, -1, i) == LUA_TSTRING; i++) {
		m->command = rl_xrealloc(m->command, m->ncommand + 1, sizeof *m->command);
		m->command[m->ncommand++] = rl_xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	return 0;
}

rl_status rl_manifest_read(const char *path, rl_manifest **out, char **err)
{
	*out = NULL;
	FILE *f = rl_open_regular(path, 0, err);      /* never waits on a FIFO */
	if (!f)
		return RL_EINPUT;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len = getline(&line, &cap, f);
	fclose(f);
	if (len <= 0 || strncmp(line, "{\"manifest\":", 12) != 0) {
		free(line);
		return RL_OK;
	}
	rl_status st = RL_OK;
	if (line[len - 1] != '\n') {
		rl_seterr(err, "%s:1: expected a complete line, found a half-written one", path);
		st = RL_EINPUT;
	} else {
		rl_sandbox *sb = rl_sandbox_new(NULL);
		read_ctx c = {line, NULL, NULL};
		char *msg = NULL;
		if (rl_sandbox_cpcall(sb, decode_manifest, &c, &msg) != RL_RUN_OK && !c.bad)
			c.bad = "a manifest";
		free(msg);
		rl_sandbox_free(sb);
		if (c.bad) {
			rl_seterr(err, "%s:1: expected %s, found something else", path, c.bad);
			rl_manifest_free(c.m);
			st = RL_EINPUT;
		} else {
			*out = c.m;
		}
	}
	free(line);
	return st;
}
