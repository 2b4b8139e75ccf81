/* engine.c - the engine handle: limits and the rule packs loaded into it. */
#include "engine.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "loader.h"
#include "world.h"

rl_engine *rl_engine_new(const rl_limits *limits)
{
	rl_engine *e = rl_xcalloc(1, sizeof *e);
	if (limits)
		e->limits = *limits;
	if (e->limits.instructions <= 0)
		e->limits.instructions = RL_DEFAULT_INSTRUCTIONS;
	if (e->limits.memory == 0)
		e->limits.memory = RL_DEFAULT_MEMORY;
	return e;
}

void rl_engine_free(rl_engine *e)
{
	if (!e)
		return;
	rl_rules_free(&e->rules);
	for (size_t i = 0; i < e->nfiles; i++) {
		free(e->files[i].path);
		free(e->files[i].real);
		free(e->files[i].text);
		free(e->files[i].code);
	}
	free(e->files);
	rl_include_files_free(&e->includes);
	if (e->sb)
		rl_sandbox_free(e->sb);
	rl_check_ctx_free(&e->ctx);
	free(e);
}

void rl_engine_manifest(const rl_engine *e, rl_manifest *m)
{
	for (size_t i = 0; e && i < e->nfiles; i++)
		rl_manifest_add_data(m, "rules", e->files[i].path, e->files[i].text,
		                     e->files[i].len);
	for (size_t i = 0; e && i < e->includes.n; i++)
		rl_manifest_add_hashed(m, "include", e->includes.v[i].path,
		                       e->includes.v[i].sha256);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static rl_status load_file(rl_engine *e, const char *path, char **err)
{
	char real[PATH_MAX];
	if (!realpath(path, real)) {
		rl_seterr(err, "%s:0: expected a rule file, found no such file", path);
		return RL_EINPUT;
	}
	for (size_t i = 0; i < e->nfiles; i++)
		if (strcmp(e->files[i].real, real) == 0)
			return RL_OK;   /* the same pack named twice */
	size_t len;
	char *text = rl_read_file(path, &len, err);
	if (!text)
		return RL_EINPUT;
	if (!e->sb) {
		e->sb = rl_sandbox_new(&e->limits);
		rl_world_api_install(e->sb, &e->ctx);
	}
	char *msg = NULL;       /* the loader always writes its message */
	char *code = NULL;
	size_t code_len = 0;
	rl_status st = rl_load_rules(e->sb, path, text, len, NULL, 0, &code, &code_len,
	                             (int)e->nfiles, &e->rules, &e->includes, &e->includes,
	                             &msg);
	if (st != RL_OK) {
		free(text);
		free(code);
		rl_seterr_take(err, msg);
		return st;
	}
	e->files = rl_xrealloc(e->files, e->nfiles + 1, sizeof *e->files);
	e->files[e->nfiles].path = rl_xstrdup(path);
	e->files[e->nfiles].real = rl_xstrdup(real);
	e->files[e->nfiles].text = text;
	e->files[e->nfiles].len = len;
	e->files[e->nfiles].code = code;
	e->files[e->nfiles].code_len = code_len;
	e->nfiles++;
	return RL_OK;
}

rl_status rl_engine_load_rules(rl_engine *e, const char *path, char **err)
{
	if (e->sealed) {
		rl_seterr(err, "%s:0: expected rule packs before the first evaluation, "
		          "found one after", path);
		return RL_EINPUT;
	}
	struct stat st;
	if (stat(path, &st) != 0) {
		rl_seterr(err, "%s:0: expected a rule file or directory, found nothing there",
		          path);
		return RL_EINPUT;
	}
	if (!S_ISDIR(st.st_mode))
		return load_file(e, path, err);
	DIR *d = opendir(path);
	if (!d) {
		rl_seterr(err, "%s:0: expected a readable directory, found one we cannot open",
		          path);
		return RL_EINPUT;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".lua") == 0 && de->d_name[0] != '.') {
			names = rl_xrealloc(names, n + 1, sizeof *names);
			names[n++] = rl_xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_str);
	rl_status rc = RL_OK;
	for (size_t i = 0; i < n; i++) {
		if (rc == RL_OK) {
			size_t pl = strlen(path);
			char *full = rl_fmt("%s%s%s", path, pl && path[pl - 1] == '/' ? "" : "/",
			                    names[i]);
			rc = load_file(e, full, err);
			free(full);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

rl_status rl_engine_seal(rl_engine *e, char **err)
{
	if (e->sealed)
		return RL_OK;
	rl_rules_sort(&e->rules);
	if (rl_rules_link(&e->rules, err))
		return RL_EINPUT;
	if (e->sb) {
		rl_sandbox_free(e->sb);
		e->sb = NULL;
	}
	e->sealed = 1;
	return RL_OK;
}

size_t rl_engine_clause_count(const rl_engine *e)
{
	return e->rules.nclauses;
}

const char *rl_engine_clause_id(const rl_engine *e, size_t i)
{
	return i < e->rules.nclauses ? e->rules.clauses[i].id : NULL;
}

size_t rl_engine_source_count(const rl_engine *e)
{
	return e->rules.nsources;
}

long rl_engine_find_clause(const rl_engine *e, const char *id)
{
	return rl_rules_find_clause(&e->rules, id);
}

int rl_engine_has_exception(const rl_engine *e, const char *id)
{
	for (size_t i = 0; i < e->rules.nexceptions; i++)
		if (strcmp(e->rules.exceptions[i].id, id) == 0)
			return 1;
	return 0;
}
