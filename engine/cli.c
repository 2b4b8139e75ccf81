/* cli.c - the `redline` command: argument parsing, one exit-code mapping. */
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "redline/redline.h"
#include "batch.h"
#include "diff.h"
#include "manifest.h"
#include "store.h"

#define MAX_ARGS 256

static const char usage_text[] =
	"usage:\n"
	"  redline check SCENARIO... [-r RULES]... [--at DATE] [-f text|json|md|html|csv]\n"
	"                [--template FILE.lua] [--clause ID] [-o FILE] [--strict]\n"
	"  redline explain SCENARIO CLAUSE|EXCEPTION [-r RULES]...\n"
	"  redline test [PATH...] [-r RULES]...\n"
	"  redline lint FILE... [-r RULES]... [--strict]  (modelling warnings on stderr;\n"
	"                --strict: they are bad input, exit 2)\n"
	"  redline batch BATCH [-j N] [-o OUT.jsonl] [--summary FILE] [--db FILE]\n"
	"                [--shard K/N] [--resume] [--progress|--no-progress] [--no-memo]\n"
	"                [-r RULES]...  (Ctrl-C stops cleanly; --db: results in SQLite,\n"
	"                docs/sqlite.md; --no-memo runs every reading of every variant\n"
	"                instead of reusing verdicts: the same output, slower)\n"
	"  redline merge OUT.jsonl... [--batch BATCH] [-o SUMMARY.json]   (--batch adds\n"
	"                tipping points, as in a single run's summary)\n"
	"  redline report RESULTS.jsonl [--summary S.json | --batch BATCH] [-f md|html|csv]\n"
	"                [--template FILE.lua] [--x AXIS --y AXIS] [--clause ID] [-o FILE]\n"
	"                (without --summary the summary is merged from RESULTS)\n"
	"  redline diff SCENARIO_A SCENARIO_B [-r RULES]... [-f text|json] [-o FILE]\n"
	"  redline diff --rules OLD --rules NEW SCENARIO... [-f text|json] [-o FILE]\n"
	"                (exit 0: no differences, 1: differences)\n"
	"  redline search BATCH --want VERDICT [--clause ID [--reading NAME]] [--minimal]\n"
	"                [--max-changes N] [-o OUT.jsonl] [-j N] [-r RULES]...  (variants\n"
	"                with that verdict; --minimal: those changing the fewest axes from\n"
	"                the base scenario; exit 0: found, 1: none)\n"
	"options:\n"
	"  -r RULES            a rule file or directory of *.lua (repeatable); default\n"
	"                      $REDLINE_RULES (colon-separated), else ./rules\n"
	"  --max-instructions N  Lua instructions per check (default 50000000), and\n"
	"                      for a whole rendering (default 1000000000)\n"
	"  --max-memory MIB    memory cap per Lua state in MiB (default 64)\n"
	"  --template FILE.lua a renderer module to use instead of reports/FORMAT.lua,\n"
	"                      found in $REDLINE_REPORTS, else ./reports, else the\n"
	"                      installed share directory\n"
	"  -h, --help          this text;  --version  the version\n"
	"exit codes: 0 no binding clause in breach or contested; 1 at least one is;\n"
	"            2 usage error or bad input; 3 an evaluation error or a limit\n";

typedef struct opts {
	const char *cmd;
	const char *args[MAX_ARGS];
	int nargs;
	const char *rules[MAX_ARGS];
	int nrules;
	const char *at, *format, *output, *summary;
	int jobs;
	int progress;           /* -1: when stderr is a terminal */
	int shard_k, shard_n;
	int resume;
	int no_memo;
	int strict;             /* check, lint: modelling warnings are bad input */
	const char *batch;      /* merge/report --batch */
	const char *tmpl;       /* --template */
	const char *x, *y, *clause;     /* report options for the renderer; search --clause */
	const char *want, *reading;     /* search */
	int minimal, max_changes;       /* search (max_changes -1: any) */
	const char *db;         /* batch --db */
	int rules_long;         /* how many -r were spelled --rules (diff) */
	rl_limits limits;
	int argc;               /* the whole command, for manifests */
	const char *const *argv;
} opts;

/* `redline CMD --help`: the usage lines of CMD (with their continuation
 * lines), then the options and exit codes; an unknown CMD gets them all. */
static void print_help(const char *cmd)
{
	char head[64];
	snprintf(head, sizeof head, "  redline %s ", cmd);
	const char *tail = strstr(usage_text, "options:\n");
	int found = 0, in = 0;
	for (const char *l = usage_text; l < tail;) {
		const char *nl = strchr(l, '\n');
		if (strncmp(l, "  redline ", 10) == 0)
			in = strncmp(l, head, strlen(head)) == 0;
		if (in) {
			if (!found++)
				fputs("usage:\n", stdout);
			fwrite(l, 1, (size_t)(nl - l) + 1, stdout);
		}
		l = nl + 1;
	}
	fputs(found ? tail : usage_text, stdout);
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "redline: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage_text);
	return RL_EINPUT;
}

static int parse_count(const char *s, long long *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v <= 0)
		return -1;
	*out = v;
	return 0;
}

/* Options that set one field of opts: a string value, or a flag (1). */
typedef struct option_field_def {
	const char *name, *alias;
	size_t offset;
} option_field_def;

static const option_field_def value_options[] = {
	{"--at", NULL, offsetof(opts, at)},
	{"-f", "--format", offsetof(opts, format)},
	{"-o", "--output", offsetof(opts, output)},
	{"--summary", NULL, offsetof(opts, summary)},
	{"--db", NULL, offsetof(opts, db)},
	{"--batch", NULL, offsetof(opts, batch)},
	{"--template", NULL, offsetof(opts, tmpl)},
	{"--x", NULL, offsetof(opts, x)},
	{"--y", NULL, offsetof(opts, y)},
	{"--clause", NULL, offsetof(opts, clause)},
	{"--want", NULL, offsetof(opts, want)},
	{"--reading", NULL, offsetof(opts, reading)},
	{NULL, NULL, 0}};

static const option_field_def flag_options[] = {
	{"--resume", NULL, offsetof(opts, resume)},
	{"--no-memo", NULL, offsetof(opts, no_memo)},
	{"--minimal", NULL, offsetof(opts, minimal)},
	{"--strict", NULL, offsetof(opts, strict)},
	{NULL, NULL, 0}};

static const option_field_def *option_field(const option_field_def *defs, const char *a)
{
	for (; defs->name; defs++)
		if (strcmp(a, defs->name) == 0 || (defs->alias && strcmp(a, defs->alias) == 0))
			return defs;
	return NULL;
}

static int parse(int argc, char **argv, opts *o)
{
	memset(o, 0, sizeof *o);
	o->progress = -1;
	o->max_changes = -1;
	o->argc = argc;
	o->argv = (const char *const *)argv;
	if (argc < 2)
		return usage_error("expected a command, found %s", "nothing");
	o->cmd = argv[1];
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		int takes = 1;
		const option_field_def *field;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			print_help(o->cmd);
			exit(0);
		} else if (strcmp(a, "-r") == 0 || strcmp(a, "--rules") == 0) {
			if (val && o->nrules < MAX_ARGS)
				o->rules[o->nrules++] = val;
			o->rules_long += a[1] == '-';
		} else if ((field = option_field(value_options, a))) {
			*(const char **)((char *)o + field->offset) = val;
		} else if ((field = option_field(flag_options, a))) {
			*(int *)((char *)o + field->offset) = 1;
			takes = 0;
		} else if (strcmp(a, "--progress") == 0 || strcmp(a, "--no-progress") == 0) {
			o->progress = a[2] == 'p' ? 1 : 0;
			takes = 0;
		} else if (strcmp(a, "--max-changes") == 0) {
			char *end = NULL;
			long n = val ? strtol(val, &end, 10) : -1;
			if (!val || !*val || *end || n < 0 || n > 32)
				return usage_error("--max-changes: expected a count of axes from 0 to "
				                   "32, found '%s'", val ? val : "nothing");
			o->max_changes = (int)n;
		} else if (strcmp(a, "--shard") == 0) {
			char *end = NULL;
			long k = val ? strtol(val, &end, 10) : 0, n = 0;
			if (end && *end == '/')
				n = strtol(end + 1, &end, 10);
			if (!val || !end || *end || k < 1 || n < 1 || k > n || n > 1000000)
				return usage_error("--shard: expected K/N with 1 <= K <= N, found '%s'",
				                   val ? val : "nothing");
			o->shard_k = (int)k;
			o->shard_n = (int)n;
		} else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
			long long j;
			if (!val || parse_count(val, &j) || j > 256)
				return usage_error("-j: expected a worker count from 1 to 256, "
				                   "found '%s'", val ? val : "nothing");
			o->jobs = (int)j;
		} else if (strcmp(a, "--max-instructions") == 0) {
			if (!val || parse_count(val, &o->limits.instructions))
				return usage_error("--max-instructions: expected a positive count, "
				                   "found '%s'", val ? val : "nothing");
		} else if (strcmp(a, "--max-memory") == 0) {
			long long mib;
			if (!val || parse_count(val, &mib) || mib > 65536)
				return usage_error("--max-memory: expected MiB from 1 to 65536, "
				                   "found '%s'", val ? val : "nothing");
			o->limits.memory = (size_t)mib << 20;
		} else if (strncmp(a, "-j", 2) == 0 && a[2]) {
			long long j;
			if (parse_count(a + 2, &j) || j > 256)
				return usage_error("-j: expected a worker count from 1 to 256, "
				                   "found '%s'", a + 2);
			o->jobs = (int)j;
			takes = 0;
		} else if (a[0] == '-' && a[1] != '\0') {
			return usage_error("expected an option, found unknown option '%s'", a);
		} else {
			takes = 0;
			if (o->nargs < MAX_ARGS)
				o->args[o->nargs++] = a;
		}
		if (takes) {
			if (!val)
				return usage_error("%s: expected a value, found nothing", a);
			i++;
		}
	}
	return 0;
}

static int fail(char *err, int code)
{
	fprintf(stderr, "%s\n", err ? err : "redline: failed");
	free(err);
	return code;
}

/* Loads the rule packs: -r, else $REDLINE_RULES, else ./rules. */
static int load_rules(rl_engine *e, const opts *o)
{
	char *err = NULL;
	rl_status st = RL_OK;
	if (o->nrules) {
		for (int i = 0; i < o->nrules && st == RL_OK; i++)
			st = rl_engine_load_rules(e, o->rules[i], &err);
	} else if (getenv("REDLINE_RULES") && *getenv("REDLINE_RULES")) {
		char *list = strdup(getenv("REDLINE_RULES"));
		for (char *save = NULL, *p = strtok_r(list, ":", &save); p && st == RL_OK;
		     p = strtok_r(NULL, ":", &save))
			st = rl_engine_load_rules(e, p, &err);
		free(list);
	} else if (access("rules", F_OK) == 0) {
		st = rl_engine_load_rules(e, "rules", &err);
	}
#ifdef RL_SHAREDIR
	else if (access(RL_SHAREDIR "/rules", F_OK) == 0) {
		st = rl_engine_load_rules(e, RL_SHAREDIR "/rules", &err);
	}
#endif
	if (st == RL_OK)
		st = rl_engine_seal(e, &err);
	if (st != RL_OK)
		return fail(err, st);
	if (rl_engine_clause_count(e) == 0) {
		fprintf(stderr, "redline:0: expected rule packs with clauses (-r RULES), "
		        "found none\n");
		return RL_EINPUT;
	}
	return RL_OK;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Batch files are named *.batch.lua; every other .lua or .json file in a
 * scenario directory is a scenario. */
static int is_batch_file(const char *name)
{
	return ends_with(name, ".batch.lua");
}

/* Opens path.tmpPID for writing; the caller renames it on success. */
static FILE *open_tmp(const char *path, char **tmp)
{
	*tmp = malloc(strlen(path) + 32);
	sprintf(*tmp, "%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(*tmp, "w");
	if (!f) {
		fprintf(stderr, "%s:0: expected a writable output file, found it cannot "
		        "be created\n", path);
		free(*tmp);
		*tmp = NULL;
	}
	return f;
}

static int finish_tmp(FILE *f, char *tmp, const char *path, int ok)
{
	if (!f)
		return ok;
	if (fclose(f) != 0)
		ok = 0;
	if (ok)
		ok = rename(tmp, path) == 0;
	else
		remove(tmp);
	free(tmp);
	return ok;
}

/* The renderer for a format: --template, else FORMAT.lua in
 * $REDLINE_REPORTS, else in ./reports, else in the installed share
 * directory.  Returns an owned path, or NULL after printing the error. */
static char *find_renderer(const opts *o, const char *format)
{
	if (o->tmpl) {
		if (access(o->tmpl, R_OK) != 0) {
			fprintf(stderr, "%s:0: expected a readable renderer (--template), found "
			        "none\n", o->tmpl);
			return NULL;
		}
		return strdup(o->tmpl);
	}
	const char *env = getenv("REDLINE_REPORTS");
	const char *dirs[3];
	int n = 0;
	if (env && *env) {
		dirs[n++] = env;
	} else {
		dirs[n++] = "reports";
#ifdef RL_SHAREDIR
		dirs[n++] = RL_SHAREDIR "/reports";
#endif
	}
	for (int i = 0; i < n; i++) {
		char *path = malloc(strlen(dirs[i]) + strlen(format) + 8);
		sprintf(path, "%s/%s.lua", dirs[i], format);
		if (access(path, R_OK) == 0)
			return path;
		free(path);
	}
	fprintf(stderr, "%s/%s.lua:0: expected a renderer for -f %s, found none (set "
	        "$REDLINE_REPORTS or give --template FILE.lua)\n", dirs[0], format, format);
	return NULL;
}

static int is_render_format(const char *f)
{
	return strcmp(f, "md") == 0 || strcmp(f, "html") == 0 || strcmp(f, "csv") == 0;
}

/* The options a renderer sees (key, value, ..., NULL). */
static void render_opts(const opts *o, const char *format, const char *kv[12])
{
	int n = 0;
	kv[n++] = "format", kv[n++] = format;
	if (o->x)
		kv[n++] = "x", kv[n++] = o->x;
	if (o->y)
		kv[n++] = "y", kv[n++] = o->y;
	if (o->clause)
		kv[n++] = "clause", kv[n++] = o->clause;
	kv[n] = NULL;
}

static int cmd_check(const opts *o, rl_engine *e, int explain)
{
	if (o->nargs < (explain ? 2 : 1) || (explain && o->nargs != 2))
		return usage_error("%s", explain ? "explain: expected SCENARIO CLAUSE|EXCEPTION"
		                                 : "check: expected at least one SCENARIO");
	rl_format fmt = RL_FMT_TEXT;
	const char *format = o->format ? o->format : o->tmpl ? "md" : "text";
	char *renderer = NULL;
	int render = is_render_format(format);
	if (explain && (render || o->tmpl))
		return usage_error("%s", "explain: expected no -f md|html|csv or --template, "
		                   "found one");
	if (o->x || o->y)
		return usage_error("%s", "--x/--y: expected with redline report, found them "
		                   "with check");
	if (strcmp(format, "json") == 0)
		fmt = RL_FMT_JSON;
	else if (!render && strcmp(format, "text") != 0)
		return usage_error("-f: expected text, json, md, html or csv, found '%s'", format);
	if (o->tmpl && !render)
		return usage_error("--template: expected -f md, html or csv, found -f %s", format);
	if (render && !(renderer = find_renderer(o, format)))
		return RL_EINPUT;
	int rc = load_rules(e, o);
	if (rc) {
		free(renderer);
		return rc;
	}
	char *err = NULL;
	int nscen = explain ? 1 : o->nargs;
	if (nscen < 1)
		return RL_EINPUT;
	for (int i = 0; i < nscen; i++)
		if (is_batch_file(o->args[i])) {
			fprintf(stderr, "%s:1: expected a scenario, found a batch file (run it "
			        "with redline batch)\n", o->args[i]);
			free(renderer);
			return RL_EINPUT;
		}
	rl_scenario **sc = calloc((size_t)nscen, sizeof *sc);
	for (int i = 0; i < nscen; i++) {
		rl_status st = rl_scenario_load(e, o->args[i], &sc[i], &err);
		if (st != RL_OK) {
			for (int j = 0; j < i; j++)
				rl_scenario_free(sc[j]);
			free(sc);
			free(renderer);
			return fail(err, st);
		}
	}
	/* Modelling warnings on stderr; with --strict they are bad input. */
	size_t nwarn = 0;
	for (int i = 0; i < nscen; i++) {
		char **wv = NULL;
		size_t n = rl_scenario_lint(e, sc[i], &wv);
		for (size_t j = 0; j < n; j++)
			fprintf(stderr, "%s\n", wv[j]);
		rl_warnings_free(wv, n);
		nwarn += n;
	}
	if (o->strict && nwarn) {
		for (int i = 0; i < nscen; i++)
			rl_scenario_free(sc[i]);
		free(sc);
		free(renderer);
		return RL_EINPUT;
	}
	long clause = -1;
	int exception = explain && rl_engine_find_clause(e, o->args[1]) < 0 &&
	                rl_engine_has_exception(e, o->args[1]);
	if (explain && !exception && (clause = rl_engine_find_clause(e, o->args[1])) < 0) {
		fprintf(stderr, "%s:0: expected a clause or exception id of the loaded rule packs, "
		        "found '%s'\n",
		        o->args[0], o->args[1]);
		rl_scenario_free(sc[0]);
		free(sc);
		return RL_EINPUT;
	}
	rl_evaluator *ev = NULL;
	rl_status st = rl_evaluator_new(e, &ev, &err);
	if (st != RL_OK) {
		for (int i = 0; i < nscen; i++)
			rl_scenario_free(sc[i]);
		free(sc);
		free(renderer);
		return fail(err, st);
	}
	rl_report **reports = calloc((size_t)nscen, sizeof *reports);
	rl_eval_options eo = {o->at, explain};
	int worst = 0;
	for (int i = 0; i < nscen && st == RL_OK; i++)
		if ((st = rl_evaluate(ev, sc[i], &eo, &reports[i], &err)) == RL_OK)
			rl_report_set_command(reports[i], o->argc, o->argv);
	FILE *out = stdout;
	char *tmp = NULL;
	if (st == RL_OK && o->output) {
		/* Write beside the target, then rename: never a half-written file. */
		tmp = malloc(strlen(o->output) + 16);
		sprintf(tmp, "%s.tmp%ld", o->output, (long)getpid());
		out = fopen(tmp, "w");
		if (!out) {
			fprintf(stderr, "%s:0: expected a writable output file, found it "
			        "cannot be created\n", o->output);
			st = RL_EINPUT;
			out = stdout;
		}
	}
	int colour = !o->output && isatty(1) && !getenv("NO_COLOR");
	if (st == RL_OK && o->clause) {
		/* --clause names a clause of every report. */
		for (int i = 0; i < nscen && st == RL_OK; i++) {
			size_t k = 0, n = rl_report_clause_count(reports[i]);
			while (k < n && strcmp(rl_report_clause_id(reports[i], k), o->clause) != 0)
				k++;
			if (k == n) {
				fprintf(stderr, "%s:0: expected --clause to name a clause of the "
				        "report, found '%s'\n", o->args[i], o->clause);
				st = RL_EINPUT;
			}
		}
	}
	if (st == RL_OK && renderer) {
		const char *kv[12];
		render_opts(o, format, kv);
		rl_render_options ro = {renderer, kv, o->limits.instructions};
		st = rl_report_render(e, (const rl_report *const *)reports, (size_t)nscen,
		                      &ro, out, &err);
		for (int i = 0; i < nscen && st == RL_OK; i++) {
			int s = rl_report_status(reports[i]);
			if (s > worst)
				worst = s;
		}
	}
	for (int i = 0; i < nscen && st == RL_OK && !renderer; i++) {
		if (exception) {
			st = rl_report_explain_exception(reports[i], o->args[1], out, &err);
		} else if (explain) {
			size_t n = rl_report_clause_count(reports[i]);
			size_t at = n;
			for (size_t k = 0; k < n; k++)
				if (strcmp(rl_report_clause_id(reports[i], k), o->args[1]) == 0)
					at = k;
			if (at == n) {
				fprintf(stderr, "%s:0: expected %s among the scenario's contracts, "
				        "found it left out by `contracts`\n", o->args[0], o->args[1]);
				st = RL_EINPUT;
				break;
			}
			st = rl_report_explain(reports[i], at, out, &err);
		} else {
			if (fmt == RL_FMT_TEXT && i > 0)
				fputs("\n", out);
			st = rl_report_write(reports[i], fmt, colour, out, &err);
		}
		int s = rl_report_status(reports[i]);
		if (s > worst)
			worst = s;
	}
	if (out != stdout) {
		if (fclose(out) != 0 && st == RL_OK)
			st = RL_EEVAL;
		if (st == RL_OK)
			rename(tmp, o->output);
		else
			remove(tmp);
	}
	free(tmp);
	free(renderer);
	for (int i = 0; i < nscen; i++) {
		rl_report_free(reports[i]);
		rl_scenario_free(sc[i]);
	}
	free(reports);
	free(sc);
	rl_evaluator_free(ev);
	if (st != RL_OK)
		return err ? fail(err, st) : (int)st;
	return worst;
}

/* `redline test`: every scenario with expect, PASS/FAIL lines, a summary. */
static int is_scenario_file(const char *name)
{
	return name[0] != '.' && !is_batch_file(name) &&
	       (ends_with(name, ".lua") || ends_with(name, ".json"));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

#include <dirent.h>
#include <sys/stat.h>

static void collect(const char *path, char ***files, size_t *n)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (!d)
			return;
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!is_scenario_file(de->d_name))
				continue;
			char *full = malloc(strlen(path) + strlen(de->d_name) + 2);
			sprintf(full, "%s/%s", path, de->d_name);
			if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
				*files = realloc(*files, (*n + 1) * sizeof **files);
				(*files)[(*n)++] = full;
			} else {
				free(full);
			}
		}
		closedir(d);
	} else {
		*files = realloc(*files, (*n + 1) * sizeof **files);
		(*files)[(*n)++] = strdup(path);
	}
}

static int cmd_test(const opts *o, rl_engine *e)
{
	int rc = load_rules(e, o);
	if (rc)
		return rc;
	char **files = NULL;
	size_t n = 0;
	if (o->nargs == 0)
		collect("scenarios", &files, &n);
	for (int i = 0; i < o->nargs; i++)
		collect(o->args[i], &files, &n);
	if (n > 1)
		qsort(files, n, sizeof *files, cmp_str);
	char *err = NULL;
	rl_evaluator *ev = NULL;
	rl_status st = rl_evaluator_new(e, &ev, &err);
	if (st != RL_OK)
		return fail(err, st);
	int passed = 0, failed = 0;
	for (size_t i = 0; i < n; i++) {
		rl_scenario *sc = NULL;
		rl_report *r = NULL;
		st = rl_scenario_load(e, files[i], &sc, &err);
		if (st == RL_OK && rl_scenario_expect_count(sc) == 0) {
			rl_scenario_free(sc);
			continue;
		}
		if (st == RL_OK)
			st = rl_evaluate(ev, sc, NULL, &r, &err);
		if (st != RL_OK) {
			char *nl = err ? strchr(err, '\n') : NULL;
			if (nl)
				*nl = '\0';
			printf("FAIL %s\n     %s\n", files[i], err ? err : "?");
			free(err);
			err = NULL;
			failed++;
			rl_scenario_free(sc);
			continue;
		}
		int bad = 0;
		for (size_t k = 0; k < rl_scenario_expect_count(sc); k++) {
			const char *id = rl_scenario_expect_clause(sc, k);
			rl_verdict want = rl_scenario_expect_verdict(sc, k);
			const char *got = "absent (no such clause evaluated)";
			for (size_t c = 0; c < rl_report_clause_count(r); c++)
				if (strcmp(rl_report_clause_id(r, c), id) == 0)
					got = rl_verdict_name(rl_report_clause_verdict(r, c));
			if (strcmp(got, rl_verdict_name(want)) != 0) {
				if (!bad)
					printf("FAIL %s\n", files[i]);
				printf("     %s: expected %s, got %s\n", id, rl_verdict_name(want), got);
				bad = 1;
			}
		}
		if (bad)
			failed++;
		else
			printf("PASS %s\n", files[i]), passed++;
		rl_report_free(r);
		rl_scenario_free(sc);
	}
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	rl_evaluator_free(ev);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? RL_FINDING : RL_OK;
}

/* `redline lint`: load each file as a rule pack or a scenario. */
static int cmd_lint(const opts *o, rl_engine *e)
{
	if (o->nargs == 0)
		return usage_error("%s", "lint: expected at least one FILE");
	int worst = 0;
	int rules = -1;     /* not loaded yet */
	for (int i = 0; i < o->nargs; i++) {
		char *err = NULL;
		if (is_batch_file(o->args[i])) {
			/* A batch is checked against the rule packs and its base. */
			rl_batch *b = NULL;
			if (rules < 0)
				rules = load_rules(e, o);
			rl_status st = (rl_status)rules;
			if (st == RL_OK)
				st = rl_batch_load(e, o->args[i], &b, &err);
			if (st == RL_OK) {
				printf("%s: ok (batch, %llu variants)\n", o->args[i], rl_batch_count(b));
				rl_batch_free(b);
			} else {
				if (err)
					fprintf(stderr, "%s\n", err);
				if ((int)st > worst)
					worst = st;
			}
			free(err);
			continue;
		}
		rl_engine *probe = rl_engine_new(&o->limits);
		rl_status st = rl_engine_load_rules(probe, o->args[i], &err);
		if (st == RL_OK)
			st = rl_engine_seal(probe, &err);
		if (st == RL_OK && rl_engine_clause_count(probe) > 0) {
			printf("%s: ok (rule pack, %zu clauses)\n", o->args[i],
			       rl_engine_clause_count(probe));
		} else if (st == RL_OK && strstr(o->args[i], "lib/")) {
			/* Runs as a rule file and declares nothing: shared code
			 * that packs include (rules/lib/), never a pack itself. */
			printf("%s: ok (library for include, no clauses)\n", o->args[i]);
		} else {
			/* Not a rule pack: try it as a scenario. */
			free(err);
			err = NULL;
			rl_scenario *sc = NULL;
			st = rl_scenario_load(e, o->args[i], &sc, &err);
			if (st == RL_OK) {
				/* Modelling warnings, under the rule packs when they load. */
				if (rules < 0)
					rules = load_rules(e, o);
				char **wv = NULL;
				size_t n = rl_scenario_lint(rules == RL_OK ? e : NULL, sc, &wv);
				for (size_t j = 0; j < n; j++)
					fprintf(stderr, "%s\n", wv[j]);
				rl_warnings_free(wv, n);
				if (n && o->strict)
					worst = RL_EINPUT;
				printf("%s: ok (scenario %s%s)\n", o->args[i], rl_scenario_id(sc),
				       n ? ", with warnings" : "");
				rl_scenario_free(sc);
			} else if (err && strstr(err, "expected one scenario \"id\"") &&
			           strstr(err, "found 0")) {
				/* A fragment made for include(): its entities loaded, and
				 * only its references wait for the scenario that includes it. */
				printf("%s: ok (scenario fragment for include)\n", o->args[i]);
			} else {
				fprintf(stderr, "%s\n", err);
				if ((int)st > worst)
					worst = st;
			}
		}
		free(err);
		rl_engine_free(probe);
	}
	return worst;
}

/* The one mutable global of the program (never of the library): a signal
 * handler can only reach a static. */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Finds the last whole line of a batch output below variant `limit`, cuts
 * anything after it (a half-written line, or variants the results database
 * lacks), and sets *next to the variant that follows.  A first manifest
 * line is kept. */
static int resume_scan(FILE *f, const char *path, unsigned long long limit,
                       unsigned long long *next)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long keep = 0;
	unsigned long long lineno = 0;
	*next = 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] != '\n')
			break;          /* half-written: dropped */
		lineno++;
		if (lineno == 1 && rl_batch_is_manifest_line(line)) {
			keep += len;
			continue;
		}
		const char *idx = strstr(line, "\"index\":");
		if (!idx) {
			fprintf(stderr, "%s:%llu: expected a batch line with an index, found "
			        "none\n", path, lineno);
			free(line);
			return -1;
		}
		unsigned long long i = strtoull(idx + 8, NULL, 10);
		if (i >= limit)
			break;          /* the database stops before: redone */
		*next = i + 1;
		keep += len;
	}
	free(line);
	if (ftruncate(fileno(f), keep) != 0 || fseek(f, keep, SEEK_SET) != 0) {
		fprintf(stderr, "%s:0: expected to cut a half-written line, found the file "
		        "cannot be changed\n", path);
		return -1;
	}
	return 0;
}

/* Provenance of a batch run: command, rule, batch and scenario files, seed,
 * start time and host. */
static rl_manifest *batch_manifest(const opts *o, const rl_engine *e, const rl_batch *b)
{
	rl_manifest *m = rl_manifest_new();
	unsigned long long seed;
	rl_manifest_set_command(m, o->argc, o->argv);
	rl_manifest_add_engine(m, e);
	if (b) {
		rl_manifest_add_path(m, "batch", rl_batch_file(b));
		rl_manifest_add_scenario(m, rl_batch_base(b));
		if (rl_batch_seed(b, &seed))
			rl_manifest_set_seed(m, seed);
	}
	rl_manifest_start(m);
	return m;
}

static int cmd_batch(const opts *o, rl_engine *e)
{
	if (o->nargs != 1)
		return usage_error("%s", "batch: expected one BATCH file");
	if (o->resume && !o->output && !o->db)
		return usage_error("%s", "--resume: expected -o OUT.jsonl or --db FILE to resume");
	if (o->resume && o->shard_k && o->summary)
		return usage_error("%s", "--resume with --shard: expected no --summary "
		                   "(merge the shards with redline merge)");
	if (o->resume && !o->output && o->summary)
		return usage_error("%s", "--resume --db without -o: expected no --summary (a "
		                   "resumed run's summary is merged from OUT.jsonl)");
	int rc = load_rules(e, o);
	if (rc)
		return rc;
	char *err = NULL;
	rl_batch *b = NULL;
	rl_status st = rl_batch_load(e, o->args[0], &b, &err);
	if (st != RL_OK)
		return fail(err, st);
	rl_manifest *man = batch_manifest(o, e, b);
	rl_store *store = NULL;
	char *tmp_sum = NULL;
	FILE *lines = NULL, *sum = NULL;
	unsigned long long resume_from = 0, limit = ~0ULL;
	if (o->db) {
		st = rl_store_open(o->db, o->resume, e, b, man, &store, &err);
		if (st != RL_OK) {
			rl_manifest_free(man);
			rl_batch_free(b);
			return fail(err, st);
		}
		if (o->resume)
			resume_from = limit = rl_store_next(store);
	}
	/* Lines stream straight into OUT, so that a killed run leaves every
	 * whole line it wrote; --resume cuts a half-written last line, and
	 * resumes from the lower of OUT's and the database's next variant. */
	if (o->output && o->resume && (lines = fopen(o->output, "r+"))) {
		if (resume_scan(lines, o->output, limit, &resume_from)) {
			fclose(lines);
			rl_store_close(store);
			rl_manifest_free(man);
			rl_batch_free(b);
			return RL_EINPUT;
		}
	} else if (o->output && !(lines = fopen(o->output, "w"))) {
		fprintf(stderr, "%s:0: expected a writable output file, found it cannot be "
		        "created\n", o->output);
		rl_store_close(store);
		rl_manifest_free(man);
		rl_batch_free(b);
		return RL_EINPUT;
	} else if (o->output) {
		resume_from = 0;        /* no OUT to resume: start over */
	}
	if (lines && ftell(lines) == 0) {
		rl_buf mb = {0};
		rl_buf_puts(&mb, "{\"manifest\":");
		rl_manifest_json(man, &mb);
		rl_buf_puts(&mb, "}\n");
		fwrite(mb.data, 1, mb.len, lines);
		rl_buf_free(&mb);
	}
	if (store && (st = rl_store_truncate(store, resume_from, &err)) != RL_OK) {
		if (lines)
			fclose(lines);
		rl_store_close(store);
		rl_manifest_free(man);
		rl_batch_free(b);
		return fail(err, st);
	}
	if (o->summary && !(sum = open_tmp(o->summary, &tmp_sum))) {
		if (lines)
			fclose(lines);
		rl_store_close(store);
		rl_manifest_free(man);
		rl_batch_free(b);
		return RL_EINPUT;
	}
	int show = o->progress < 0 ? isatty(2) : o->progress;
	int merged_summary = resume_from > 0 && !o->shard_k;
	rl_batch_options bo = {
		.jobs = o->jobs, .lines = lines,
		.summary_text = merged_summary ? NULL : stdout,
		.summary_json = merged_summary ? NULL : sum,
		.progress = show ? stderr : NULL, .cancel = &interrupted,
		.shard_k = o->shard_k, .shard_n = o->shard_n, .resume_from = resume_from,
		.no_memo = o->no_memo, .manifest = man, .store = store};
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	int stopped = 0;
	st = rl_batch_run(e, b, &bo, &stopped, &err);
	sigaction(SIGINT, &old, NULL);
	/* An interrupted run keeps its complete lines; its summary is dropped. */
	int ok = st == RL_OK || st == RL_FINDING;
	if (lines && fclose(lines) != 0 && ok) {
		fprintf(stderr, "%s:0: expected to write the output, found a write error\n",
		        o->output);
		st = RL_EEVAL;
		ok = 0;
	}
	if (ok && store) {
		rl_status fs = rl_store_finish(store, man, &err);
		if (fs != RL_OK) {
			st = fs;
			ok = 0;
		}
	}
	rl_store_close(store);
	if (ok && merged_summary && o->output) {
		/* A resumed run's summary covers the lines of every run: merge OUT. */
		const char *paths[1] = {o->output};
		rl_status ms = rl_batch_merge(paths, 1, e, b, sum, stdout, man, &err);
		st = ms;        /* findings over every run's lines, not only this one's */
		ok = ms == RL_OK || ms == RL_FINDING;
	}
	if (!finish_tmp(sum, tmp_sum, o->summary, ok) && ok)
		st = RL_EEVAL;
	rl_manifest_free(man);
	rl_batch_free(b);
	if (err)
		return fail(err, st);
	return st;
}

/* `redline search BATCH --want VERDICT [--clause ID [--reading NAME]]
 * [--minimal] [--max-changes N] [-o OUT.jsonl]`: the variants of a batch
 * with the verdict wanted, and how far each is from the base scenario (the
 * axes it changes).  --minimal keeps only those that change the fewest axes:
 * the smallest changes to the world that give that verdict.  Exit 0: some
 * variant has it; 1: none; 2: bad input; 3: an evaluation error. */
static int cmd_search(const opts *o, rl_engine *e)
{
	if (o->nargs != 1)
		return usage_error("%s", "search: expected one BATCH file");
	int rc = load_rules(e, o);
	if (rc)
		return rc;
	char *err = NULL;
	rl_batch *b = NULL;
	rl_status st = rl_batch_load(e, o->args[0], &b, &err);
	if (st != RL_OK)
		return fail(err, st);
	rl_batch_select sel;
	st = rl_batch_select_init(e, b, &sel, o->want, o->clause, o->reading, &err);
	if (st != RL_OK) {
		rl_batch_free(b);
		return fail(err, st);
	}
	sel.max_changes = o->max_changes;
	int show = o->progress < 0 ? isatty(2) : o->progress;
	rl_batch_options bo = {.jobs = o->jobs, .progress = show ? stderr : NULL,
	                       .cancel = &interrupted, .no_memo = o->no_memo, .select = &sel};
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	int stopped = 0, ok = 1;
	if (o->minimal) {
		/* First the fewest axes any match changes, then the matches at it. */
		st = rl_batch_run(e, b, &bo, &stopped, &err);
		ok = st == RL_OK || st == RL_FINDING;
		if (ok && sel.matched)
			sel.max_changes = sel.min_changes;
	}
	FILE *lines = NULL;
	char *tmp = NULL;
	rl_manifest *man = NULL;
	if (ok && o->output && !(lines = open_tmp(o->output, &tmp)))
		ok = 0, st = RL_EINPUT;
	if (ok && lines) {
		man = batch_manifest(o, e, b);
		rl_buf mb = {0};
		rl_buf_puts(&mb, "{\"manifest\":");
		rl_manifest_json(man, &mb);
		rl_buf_puts(&mb, "}\n");
		fwrite(mb.data, 1, mb.len, lines);
		rl_buf_free(&mb);
	}
	if (ok && (!o->minimal || sel.matched)) {
		bo.lines = lines;
		st = rl_batch_run(e, b, &bo, &stopped, &err);
		ok = st == RL_OK || st == RL_FINDING;
	}
	sigaction(SIGINT, &old, NULL);
	if (!finish_tmp(lines, tmp, o->output, ok) && ok) {
		ok = 0;
		st = RL_EEVAL;
	}
	rl_manifest_free(man);
	if (!ok) {
		rl_batch_free(b);
		return err ? fail(err, st) : (int)st;
	}
	printf("search %s over %s: %llu of %llu variants have ", rl_batch_id(b),
	       rl_scenario_id(rl_batch_base(b)), sel.matched, rl_batch_count(b));
	if (!o->clause)
		printf("the scenario verdict %s%s", rl_verdict_name((rl_verdict)sel.want),
		       sel.want == RL_COMPLIANT ? " (or not_applicable)" : "");
	else if (o->reading)
		printf("%s %s under its %s reading", o->clause,
		       rl_verdict_name((rl_verdict)sel.want), o->reading);
	else
		printf("%s %s", o->clause, rl_verdict_name((rl_verdict)sel.want));
	if (sel.max_changes >= 0)
		printf(", changing at most %d ax%s from the base scenario", sel.max_changes,
		       sel.max_changes == 1 ? "is" : "es");
	printf("\n");
	if (sel.matched)
		printf("fewest axes changed from the base scenario: %d\n", sel.min_changes);
	for (size_t i = 0; i < sel.nfirst; i++) {
		rl_buf d = {0};
		rl_batch_describe_changes(b, sel.first[i], &d);
		printf("  variant %llu: %s\n", sel.first[i], d.data ? d.data : "");
		rl_buf_free(&d);
	}
	if (sel.matched > sel.nfirst)
		printf("  ... and %llu more%s\n", sel.matched - sel.nfirst,
		       o->output ? "" : " (-o FILE writes every one as JSON Lines)");
	rl_batch_free(b);
	return sel.matched ? 0 : 1;
}

/* `redline diff A B [-r RULES]...` or `redline diff --rules OLD --rules NEW
 * SCENARIO...`: 0 no differences, 1 some, 2 bad input, 3 an error. */
static int cmd_diff(const opts *o, rl_engine *e)
{
	rl_format fmt = RL_FMT_TEXT;
	if (o->format && strcmp(o->format, "json") == 0)
		fmt = RL_FMT_JSON;
	else if (o->format && strcmp(o->format, "text") != 0)
		return usage_error("-f: expected text or json, found '%s'", o->format);
	int by_rules = o->rules_long > 0;
	if (by_rules && (o->rules_long != 2 || o->nrules != 2))
		return usage_error("%s", "diff: expected exactly two --rules (OLD and NEW) and "
		                   "no -r");
	if (by_rules ? o->nargs < 1 : o->nargs != 2)
		return usage_error("%s", by_rules ? "diff --rules OLD --rules NEW: expected at "
		                   "least one SCENARIO" : "diff: expected SCENARIO_A SCENARIO_B");
	char *err = NULL, *tmp = NULL;
	rl_engine *neu = NULL;
	rl_status st = RL_OK;
	if (by_rules) {
		neu = rl_engine_new(&o->limits);
		const rl_engine *eng[2] = {e, neu};
		for (int i = 0; i < 2 && st == RL_OK; i++) {
			st = rl_engine_load_rules((rl_engine *)eng[i], o->rules[i], &err);
			if (st == RL_OK)
				st = rl_engine_seal((rl_engine *)eng[i], &err);
		}
	} else {
		int rc = load_rules(e, o);
		if (rc)
			return rc;
	}
	FILE *out = stdout;
	if (st == RL_OK && o->output && !(out = open_tmp(o->output, &tmp)))
		st = RL_EINPUT;
	rl_manifest *m = rl_manifest_new();
	rl_manifest_set_command(m, o->argc, o->argv);
	if (st == RL_OK && by_rules)
		st = rl_diff_rules(e, &o->rules[0], 1, neu, &o->rules[1], 1,
		                   (const char *const *)o->args, (size_t)o->nargs, o->at, fmt, m,
		                   out, &err);
	else if (st == RL_OK)
		st = rl_diff_scenarios(e, o->args[0], o->args[1], o->at, fmt, m, out, &err);
	rl_manifest_free(m);
	rl_engine_free(neu);
	int ok = st == RL_OK || st == RL_FINDING || st == RL_EEVAL;
	if (out != stdout && !finish_tmp(out, tmp, o->output, ok && !err) && ok)
		st = RL_EEVAL;
	if (err)
		return fail(err, st);
	return st;
}

static int cmd_merge(const opts *o, rl_engine *e)
{
	if (o->nargs < 1)
		return usage_error("%s", "merge: expected at least one OUT.jsonl");
	char *err = NULL, *tmp = NULL;
	FILE *json = NULL;
	rl_batch *b = NULL;
	if (o->batch) {
		int rc = load_rules(e, o);
		if (rc)
			return rc;
		rl_status st = rl_batch_load(e, o->batch, &b, &err);
		if (st != RL_OK)
			return fail(err, st);
	}
	if (o->output && !(json = open_tmp(o->output, &tmp))) {
		rl_batch_free(b);
		return RL_EINPUT;
	}
	rl_manifest *man = batch_manifest(o, e, b);
	rl_status st = rl_batch_merge(o->args, (size_t)o->nargs, e, b, json, stdout, man, &err);
	if (st == RL_FINDING)
		st = RL_OK;     /* merge evaluates nothing: 0 once the summary is written */
	rl_manifest_free(man);
	rl_batch_free(b);
	if (!finish_tmp(json, tmp, o->output, st == RL_OK) && st == RL_OK)
		st = RL_EEVAL;
	if (err)
		return fail(err, st);
	return st;
}

/* Reads a whole file as text; NULL after printing the error. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t cap = 0;
	ssize_t n = f ? getdelim(&text, &cap, '\0', f) : -1;
	if (f)
		fclose(f);
	if (n < 0) {
		fprintf(stderr, "%s:0: expected a readable batch summary (JSON), found %s\n",
		        path, f ? "an empty file" : "none");
		free(text);
		return NULL;
	}
	*len = (size_t)n;
	return text;
}

/* Whether the summary JSON has `"key": "value"` (ids and axis paths are
 * written as such by the summary writer; neither needs escaping). */
static int summary_has(const char *summary, const char *key, const char *value)
{
	size_t n = strlen(key) + strlen(value) + 8;
	char *want = malloc(n);
	snprintf(want, n, "\"%s\": \"%s\"", key, value);
	int found = strstr(summary, want) != NULL;
	free(want);
	return found;
}

/* `redline report`: a batch's results through a renderer. */
static int cmd_report(const opts *o, rl_engine *e)
{
	if (o->nargs != 1)
		return usage_error("%s", "report: expected one RESULTS.jsonl");
	const char *format = o->format ? o->format : "md";
	if (!is_render_format(format))
		return usage_error("-f: expected md, html or csv, found '%s'", format);
	if (o->y && !o->x)
		return usage_error("%s", "--y: expected with --x AXIS, found it alone");
	const char *results = o->args[0];
	if (access(results, R_OK) != 0) {
		fprintf(stderr, "%s:0: expected a readable batch results file (JSON Lines), "
		        "found none\n", results);
		return RL_EINPUT;
	}
	char *renderer = find_renderer(o, format);
	if (!renderer)
		return RL_EINPUT;
	char *summary = NULL, *err = NULL;
	size_t len = 0;
	rl_status st = RL_OK;
	const char *where = o->summary ? o->summary : results;
	if (o->summary) {
		if (!(summary = slurp(o->summary, &len)))
			st = RL_EINPUT;
	} else {
		/* The summary a run would have written, merged from the lines
		 * (with --batch: flips, tipping points and axes too). */
		rl_batch *b = NULL;
		if (o->batch) {
			st = (rl_status)load_rules(e, o);
			if (st == RL_OK)
				st = rl_batch_load(e, o->batch, &b, &err);
		}
		if (st == RL_OK) {
			FILE *mem = open_memstream(&summary, &len);
			const char *paths[1] = {results};
			rl_manifest *man = batch_manifest(o, e, b);
			st = mem ? rl_batch_merge(paths, 1, e, b, mem, NULL, man, &err) : RL_EEVAL;
			if (st == RL_FINDING)
				st = RL_OK;
			rl_manifest_free(man);
			if (mem)
				fclose(mem);
		}
		rl_batch_free(b);
	}
	if (st == RL_OK && o->clause && !summary_has(summary, "id", o->clause)) {
		fprintf(stderr, "%s:0: expected --clause to name a clause of the batch, found "
		        "'%s'\n", where, o->clause);
		st = RL_EINPUT;
	}
	for (int i = 0; i < 2 && st == RL_OK; i++) {
		const char *axis = i ? o->y : o->x;
		if (axis && !summary_has(summary, "path", axis)) {
			fprintf(stderr, "%s:0: expected --%s to name an axis of the batch, found "
			        "'%s'%s\n", where, i ? "y" : "x", axis,
			        strstr(summary, "\"axes\"") ? ""
			        : " (this summary names no axes: give --batch BATCH)");
			st = RL_EINPUT;
		}
	}
	FILE *out = stdout;
	char *tmp = NULL;
	if (st == RL_OK && o->output && !(out = open_tmp(o->output, &tmp)))
		st = RL_EINPUT;
	if (st == RL_OK) {
		const char *kv[12];
		render_opts(o, format, kv);
		rl_render_options ro = {renderer, kv, o->limits.instructions};
		st = rl_results_render(e, results, summary, len, o->batch, &ro, out, &err);
		if (err && o->summary && strncmp(err, "summary:0:", 10) == 0) {
			char *m = malloc(strlen(err) + strlen(o->summary) + 1);
			sprintf(m, "%s%s", o->summary, err + 7);
			free(err);
			err = m;
		}
	}
	if (out && out != stdout && !finish_tmp(out, tmp, o->output, st == RL_OK) &&
	    st == RL_OK)
		st = RL_EEVAL;
	free(summary);
	free(renderer);
	if (err)
		return fail(err, st);
	return st;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0)) {
		printf("redline %s\n", REDLINE_VERSION);
		return 0;
	}
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	                  strcmp(argv[1], "help") == 0)) {
		fputs(usage_text, stdout);
		return 0;
	}
	opts o;
	int rc = parse(argc, argv, &o);
	if (rc)
		return rc;
	rl_engine *e = rl_engine_new(&o.limits);
	if (strcmp(o.cmd, "check") == 0)
		rc = cmd_check(&o, e, 0);
	else if (strcmp(o.cmd, "explain") == 0)
		rc = cmd_check(&o, e, 1);
	else if (strcmp(o.cmd, "test") == 0)
		rc = cmd_test(&o, e);
	else if (strcmp(o.cmd, "lint") == 0)
		rc = cmd_lint(&o, e);
	else if (strcmp(o.cmd, "batch") == 0)
		rc = cmd_batch(&o, e);
	else if (strcmp(o.cmd, "merge") == 0)
		rc = cmd_merge(&o, e);
	else if (strcmp(o.cmd, "report") == 0)
		rc = cmd_report(&o, e);
	else if (strcmp(o.cmd, "diff") == 0)
		rc = cmd_diff(&o, e);
	else if (strcmp(o.cmd, "search") == 0)
		rc = cmd_search(&o, e);
	else
		rc = usage_error("expected a command (check, explain, test, lint, batch, merge, "
		                 "report, diff, search), found '%s'",
		                 o.cmd);
	rl_engine_free(e);
	return rc;
}
