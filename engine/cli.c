/* cli.c - the `redline` command: argument parsing, one exit-code mapping. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "redline/redline.h"
#include "cli.h"

#define MAX_ARGS 4096

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
	const char *clauses[MAX_ARGS];  /* every --clause given (check) */
	int nclauses;
	const char *want, *reading;     /* search */
	const char *minimize;           /* search --minimize exposure[:CLAIMANT] */
	double tolerance;               /* exact tipping points (0: the default) */
	int minimal, max_changes;       /* search (max_changes -1: any) */
	const char *db;         /* batch --db */
	int rules_long;         /* how many -r were spelled --rules (diff) */
	rl_limits limits;
	unsigned long long max_variants;        /* batch, search: 0 for the default */
	size_t max_output;                      /* renderings: bytes, 0 for the default */
	int argc;               /* the whole command, for manifests */
	const char *const *argv;
} opts;

/* Every option of the program: how it is spelled, where a plain value or
 * flag goes or the function that checks and stores a special one, and its
 * help line.  parse() takes everything it knows about options from here. */
enum { OPT_VALUE, OPT_FLAG, OPT_SPECIAL };
typedef struct option_def {
	const char *name, *alias;
	int kind;
	size_t offset;          /* OPT_VALUE, OPT_FLAG: the field of opts */
	const char *arg;        /* the value's name, "" for a flag */
	const char *help;       /* lines joined by \n */
	/* OPT_SPECIAL: checks and stores the value val (NULL when the command
	 * line ends) of option a; clears *takes when val is not consumed.
	 * 0, or the usage error's exit code after printing it. */
	int (*set)(opts *o, const char *a, const char *val, int *takes);
} option_def;

static int usage_error(const char *fmt, const char *arg);

static int parse_count(const char *s, long long *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v <= 0)
		return -1;
	*out = v;
	return 0;
}

static int set_rules(opts *o, const char *a, const char *val, int *takes)
{
	if (val && o->nrules >= MAX_ARGS)
		return usage_error("-r: expected at most 4096 rule paths, found more%s", "");
	if (val)
		o->rules[o->nrules++] = val;
	o->rules_long += a[1] == '-';
	return 0;
}

static int set_clause(opts *o, const char *a, const char *val, int *takes)
{
	if (val && !o->clause)
		o->clause = val;
	if (val && o->nclauses < MAX_ARGS)
		o->clauses[o->nclauses++] = val;
	return 0;
}

static int set_progress(opts *o, const char *a, const char *val, int *takes)
{
	o->progress = a[2] == 'p' ? 1 : 0;
	return 0;
}

static int set_max_changes(opts *o, const char *a, const char *val, int *takes)
{
	char *end = NULL;
	long n = val ? strtol(val, &end, 10) : -1;
	if (!val || !*val || *end || n < 0 || n > 32)
		return usage_error("--max-changes: expected a count of axes from 0 to "
		                   "32, found '%s'", val ? val : "nothing");
	o->max_changes = (int)n;
	return 0;
}

static int set_tolerance(opts *o, const char *a, const char *val, int *takes)
{
	char *end = NULL;
	double t = val ? strtod(val, &end) : 0;
	if (!val || !*val || *end || !(t > 0) || t > 1)
		return usage_error("--tolerance: expected a number above 0 and at most "
		                   "1, found '%s'", val ? val : "nothing");
	o->tolerance = t;
	return 0;
}

static int set_shard(opts *o, const char *a, const char *val, int *takes)
{
	char *end = NULL;
	long k = val ? strtol(val, &end, 10) : 0, n = 0;
	if (end && *end == '/')
		n = strtol(end + 1, &end, 10);
	if (!val || !end || *end || k < 1 || n < 1 || k > n || n > 1000000)
		return usage_error("--shard: expected K/N with 1 <= K <= N, found '%s'",
		                   val ? val : "nothing");
	o->shard_k = (int)k;
	o->shard_n = (int)n;
	return 0;
}

/* -j N, --jobs N and -jN. */
static int set_jobs(opts *o, const char *a, const char *val, int *takes)
{
	long long j;
	if (strcmp(a, "-j") != 0 && strcmp(a, "--jobs") != 0) {
		*takes = 0;
		val = a + 2;
		if (parse_count(val, &j) || j > 256)
			return usage_error("-j: expected a worker count from 1 to 256, "
			                   "found '%s'", val);
	} else if (!val || parse_count(val, &j) || j > 256) {
		return usage_error("-j: expected a worker count from 1 to 256, "
		                   "found '%s'", val ? val : "nothing");
	}
	o->jobs = (int)j;
	return 0;
}

static int set_max_instructions(opts *o, const char *a, const char *val, int *takes)
{
	if (!val || parse_count(val, &o->limits.instructions))
		return usage_error("--max-instructions: expected a positive count, "
		                   "found '%s'", val ? val : "nothing");
	return 0;
}

static int set_max_memory(opts *o, const char *a, const char *val, int *takes)
{
	long long mib;
	if (!val || parse_count(val, &mib) || mib > 65536)
		return usage_error("--max-memory: expected MiB from 1 to 65536, "
		                   "found '%s'", val ? val : "nothing");
	o->limits.memory = (size_t)mib << 20;
	return 0;
}

static int set_max_seconds(opts *o, const char *a, const char *val, int *takes)
{
	char *end = NULL;
	double secs = val ? strtod(val, &end) : 0;
	if (!val || !*val || *end || !(secs > 0 && secs <= 1e6))
		return usage_error("--max-seconds: expected seconds from 0 to 1000000, "
		                   "found '%s'", val ? val : "nothing");
	o->limits.seconds = secs;
	return 0;
}

static int set_max_variants(opts *o, const char *a, const char *val, int *takes)
{
	long long n;
	if (!val || parse_count(val, &n))
		return usage_error("--max-variants: expected a positive count, found '%s'",
		                   val ? val : "nothing");
	o->max_variants = (unsigned long long)n;
	return 0;
}

static int set_max_output(opts *o, const char *a, const char *val, int *takes)
{
	long long mib;
	if (!val || parse_count(val, &mib) || mib > 1048576)
		return usage_error("--max-output: expected MiB from 1 to 1048576, "
		                   "found '%s'", val ? val : "nothing");
	o->max_output = (size_t)mib << 20;
	return 0;
}

static const option_def options[] = {
	{"-r", "--rules", OPT_SPECIAL, 0,
	 "RULES", "a rule file or directory of *.lua (repeatable); default:\n"
	 "$REDLINE_RULES (colon-separated), else ./rules, else the\n"
	 "rules/ beside the executable, else the installed ones", set_rules},
	{"--at", NULL, OPT_VALUE, offsetof(opts, at),
	 "DATE", "evaluate on DATE (YYYY-MM-DD), not the scenario's date", NULL},
	{"-f", "--format", OPT_VALUE, offsetof(opts, format),
	 "FORMAT", "the output format", NULL},
	{"-o", "--output", OPT_VALUE, offsetof(opts, output),
	 "FILE", "write to FILE (whole or not at all) instead of stdout", NULL},
	{"--template", NULL, OPT_VALUE, offsetof(opts, tmpl),
	 "FILE.lua", "a renderer instead of FORMAT.lua in $REDLINE_REPORTS,\n"
	 "else ./reports, else reports/ beside the executable,\n"
	 "else the installed ones", NULL},
	{"--clause", NULL, OPT_SPECIAL, 0,
	 "ID", "only this clause (check: repeatable)", set_clause},
	{"--summary", NULL, OPT_VALUE, offsetof(opts, summary),
	 "FILE", "the batch summary (JSON)", NULL},
	{"--db", NULL, OPT_VALUE, offsetof(opts, db),
	 "FILE", "also write every variant into SQLite (docs/sqlite.md)", NULL},
	{"--batch", NULL, OPT_VALUE, offsetof(opts, batch),
	 "BATCH", "the batch file (merge: default from the manifests)", NULL},
	{"--x", NULL, OPT_VALUE, offsetof(opts, x),
	 "AXIS", "the axis across the report's table", NULL},
	{"--y", NULL, OPT_VALUE, offsetof(opts, y),
	 "AXIS", "the axis down the report's table (with --x)", NULL},
	{"--want", NULL, OPT_VALUE, offsetof(opts, want),
	 "WANT", "the verdict searched for: V, a set V1,V2 or not:V", NULL},
	{"--reading", NULL, OPT_VALUE, offsetof(opts, reading),
	 "NAME", "the verdict under one reading of --clause", NULL},
	{"--minimal", NULL, OPT_FLAG, offsetof(opts, minimal),
	 "", "only the variants changing the fewest axes", NULL},
	{"--minimize", NULL, OPT_VALUE, offsetof(opts, minimize),
	 "WHAT", "exposure or exposure:CLAIMANT: keep the variants with the\n"
	 "lowest expected exposure", NULL},
	{"--tolerance", NULL, OPT_SPECIAL, 0,
	 "T", "exact tipping points are found by bisection to T\n(default 1e-6)",
	 set_tolerance},
	{"--max-changes", NULL, OPT_SPECIAL, 0,
	 "N", "only the variants changing at most N axes", set_max_changes},
	{"-j", "--jobs", OPT_SPECIAL, 0,
	 "N", "worker threads (default: 1)", set_jobs},
	{"--shard", NULL, OPT_SPECIAL, 0,
	 "K/N", "run the K-th of N shards of the variants", set_shard},
	{"--resume", NULL, OPT_FLAG, offsetof(opts, resume),
	 "", "finish an interrupted run (-o and/or --db)", NULL},
	{"--progress", NULL, OPT_SPECIAL, 0,
	 "", "progress on stderr (default: when stderr is a terminal)", set_progress},
	{"--no-progress", NULL, OPT_SPECIAL, 0,
	 "", "no progress on stderr", set_progress},
	{"--no-memo", NULL, OPT_FLAG, offsetof(opts, no_memo),
	 "", "run every reading of every variant (same output, slower)", NULL},
	{"--strict", NULL, OPT_FLAG, offsetof(opts, strict),
	 "", "modelling warnings are bad input (exit 2)", NULL},
	{"--max-instructions", NULL, OPT_SPECIAL, 0,
	 "N", "Lua instructions per check (default 50000000), and for\n"
	 "a whole rendering (default 1000000000)", set_max_instructions},
	{"--max-memory", NULL, OPT_SPECIAL, 0,
	 "MIB", "memory cap per Lua state in MiB (default 64)", set_max_memory},
	{"--max-seconds", NULL, OPT_SPECIAL, 0,
	 "S", "wall-clock seconds per check (default 10; a file load 4\n"
	 "times that) and for a whole rendering (default 300)", set_max_seconds},
	{"--max-variants", NULL, OPT_SPECIAL, 0,
	 "N", "refuse batches of more variants (default 1000000000)", set_max_variants},
	{"--max-output", NULL, OPT_SPECIAL, 0,
	 "MIB", "what one rendering may write (default 1024)", set_max_output},
	{NULL, NULL, 0, 0, NULL, NULL, NULL}};

static int cmd_check(const opts *o, rl_engine *e);
static int cmd_explain(const opts *o, rl_engine *e);
static int cmd_test(const opts *o, rl_engine *e);
static int cmd_lint(const opts *o, rl_engine *e);
static int cmd_batch(const opts *o, rl_engine *e);
static int cmd_merge(const opts *o, rl_engine *e);
static int cmd_report(const opts *o, rl_engine *e);
static int cmd_diff(const opts *o, rl_engine *e);
static int cmd_search(const opts *o, rl_engine *e);
static int cmd_conflicts(const opts *o, rl_engine *e);
static int cmd_show(const opts *o, rl_engine *e);

/* The command table: a command is one entry, with the options it takes
 * (space-separated, as in options[]; -h/--help always) and its usage
 * lines.  Parsing, `--help`, and usage errors all come from it.  To add a
 * command: write cmd_NAME (prototype above), add its entry here, and a new
 * option (if any) to options[] (with a set_ function when its value needs
 * checking). */
typedef struct command_def {
	const char *name;
	int (*run)(const opts *o, rl_engine *e);
	const char *options;
	const char *usage;
} command_def;

#define LIMITS " --max-instructions --max-memory --max-seconds"
static const command_def commands[] = {
	{"check", cmd_check, "-r --at -f -o --template --clause --strict --max-output" LIMITS,
	 "  redline check SCENARIO... [-r RULES]... [--at DATE] [-f text|json|md|html|csv]\n"
	 "                [--template FILE.lua] [--clause ID]... [-o FILE] [--strict]\n"},
	{"explain", cmd_explain, "-r --at -f -o --max-output" LIMITS,
	 "  redline explain SCENARIO CLAUSE|EXCEPTION [-r RULES]... [--at DATE]\n"
	 "                [-f text|md|html] [-o FILE]\n"},
	{"show", cmd_show, "-r -f -o" LIMITS,
	 "  redline show [ID...] [-r RULES]... [-f text|json|md] [-o FILE]   (contracts,\n"
	 "                clauses, sources: texts, readings, quotes; no scenario)\n"},
	{"test", cmd_test, "-r" LIMITS,
	 "  redline test [PATH...] [-r RULES]...   (scenario files and directories;\n"
	 "                default scenarios/)\n"},
	{"lint", cmd_lint, "-r --strict" LIMITS,
	 "  redline lint FILE... [-r RULES]... [--strict]  (modelling warnings on\n"
	 "                stderr; --strict: they are bad input, exit 2)\n"},
	{"batch", cmd_batch,
	 "-r -j -o --summary --db --shard --resume --progress --no-progress --no-memo "
	 "--tolerance --max-variants" LIMITS,
	 "  redline batch BATCH [-j N] [-o OUT.jsonl] [--summary FILE] [--db FILE]\n"
	 "                [--shard K/N] [--resume] [--progress|--no-progress] [--no-memo]\n"
	 "                [--tolerance T] [-r RULES]...  (Ctrl-C stops cleanly;\n"
	 "                docs/batch.md)\n"},
	{"merge", cmd_merge, "-r -o --batch --tolerance" LIMITS,
	 "  redline merge OUT.jsonl... [-o SUMMARY.json] [--batch BATCH] [-r RULES]...\n"
	 "                [--tolerance T]\n"
	 "                (the batch and rule files come from the shards' manifests,\n"
	 "                checked by SHA-256; --batch and -r name them elsewhere)\n"},
	{"report", cmd_report,
	 "-r -f -o --summary --batch --template --x --y --clause --tolerance --max-output"
	 LIMITS,
	 "  redline report RESULTS.jsonl [--summary S.json | --batch BATCH]\n"
	 "                [-f md|html|csv] [--template FILE.lua] [--x AXIS --y AXIS]\n"
	 "                [--clause ID] [-o FILE] [--tolerance T]\n"
	 "                (without --summary the summary is merged from RESULTS)\n"},
	{"diff", cmd_diff, "-r --at -f -o" LIMITS,
	 "  redline diff SCENARIO_A SCENARIO_B [-r RULES]... [-f text|json] [-o FILE]\n"
	 "  redline diff --rules OLD --rules NEW SCENARIO... [-f text|json] [-o FILE]\n"
	 "                (exit 0: no differences, 1: differences)\n"},
	{"search", cmd_search,
	 "-r --want --clause --reading --minimal --max-changes --minimize -o -j --progress "
	 "--no-progress --no-memo --max-variants" LIMITS,
	 "  redline search BATCH --want WANT [--clause ID [--reading NAME]] [--minimal]\n"
	 "                [--max-changes N] [--minimize exposure[:CLAIMANT]] [-o OUT.jsonl]\n"
	 "                [-j N] [-r RULES]...  (variants with a verdict: WANT is VERDICT,\n"
	 "                V1,V2 or not:V; --minimal: those changing the fewest axes from\n"
	 "                the base scenario; --minimize: the lowest expected exposure; none:\n"
	 "                the nearest variants and what blocks them; exit 0: found, 1: none)\n"},
	{"conflicts", cmd_conflicts,
	 "-r -f -o -j --progress --no-progress --no-memo --max-variants" LIMITS,
	 "  redline conflicts BATCH [-f text|json] [-o FILE] [-j N] [-r RULES]...\n"
	 "                (binding clauses some variant satisfies alone but none together;\n"
	 "                exit 0: none, 1: some)\n"},
	{NULL, NULL, NULL, NULL}};

static const char exit_text[] =
	"exit codes: 0 no binding clause in breach or contested; 1 at least one is;\n"
	"            2 usage error or bad input; 3 an evaluation error or a limit\n";

static const command_def *find_command(const char *name)
{
	for (const command_def *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* The option a word names (-jN counts as -j), or NULL. */
static const option_def *find_option(const char *a)
{
	if (strncmp(a, "-j", 2) == 0 && a[2] >= '0' && a[2] <= '9')
		a = "-j";
	for (const option_def *d = options; d->name; d++)
		if (strcmp(a, d->name) == 0 || (d->alias && strcmp(a, d->alias) == 0))
			return d;
	return NULL;
}

/* Whether the space-separated list names the option. */
static int list_has(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

static void print_options(FILE *out, const char *list)
{
	fputs("options:\n", out);
	for (const option_def *d = options; d->name; d++)
		if (!list || list_has(list, d->name)) {
			char left[64];
			snprintf(left, sizeof left, "%s%s%s%s%s", d->name, d->alias ? ", " : "",
			         d->alias ? d->alias : "", *d->arg ? " " : "", d->arg);
			/* The help's lines in a column; a long left side gets its own line. */
			fprintf(out, strlen(left) > 20 ? "  %s\n%24s" : "  %-22s", left, "");
			for (const char *h = d->help; *h;) {
				size_t n = strcspn(h, "\n");
				fprintf(out, "%*s%.*s\n", h == d->help ? 0 : 24, "", (int)n, h);
				h += n + (h[n] == '\n');
			}
		}
	fputs("  -h, --help            this text", out);
	fputs(list ? "\n" : ";  --version  the version\n", out);
}

/* `redline --help` (cmd NULL): every command; `redline CMD --help`: CMD's
 * usage and options. */
static void print_usage(FILE *out, const command_def *cmd)
{
	fputs("usage:\n", out);
	for (const command_def *c = commands; c->name; c++)
		if (!cmd || c == cmd)
			fputs(c->usage, out);
	print_options(out, cmd ? cmd->options : NULL);
	fputs(exit_text, out);
}

/* The command being parsed, for usage errors (set by parse; cli.c is the
 * program, not the library). */
static const command_def *current;

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "redline: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	print_usage(stderr, current);
	return RL_EINPUT;
}

/* An option the command does not take: one line naming the ones it does
 * and the commands that take this one. */
static int foreign_option(const command_def *c, const char *a, const option_def *d)
{
	fprintf(stderr, "redline %s: expected one of its options (", c->name);
	int first = 1;
	for (const option_def *od = options; od->name; od++)
		if (list_has(c->options, od->name)) {
			fprintf(stderr, "%s%s", first ? "" : ", ", od->name);
			first = 0;
		}
	fprintf(stderr, ", -h), found %s, an option of", a);
	first = 1;
	for (const command_def *k = commands; k->name; k++)
		if (list_has(k->options, d->name)) {
			fprintf(stderr, "%s%s", first ? " " : ", ", k->name);
			first = 0;
		}
	fprintf(stderr, "\n");
	print_usage(stderr, c);
	return RL_EINPUT;
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
	if (!(current = find_command(o->cmd))) {
		fprintf(stderr, "redline: expected a command (");
		for (const command_def *c = commands; c->name; c++)
			fprintf(stderr, "%s%s", c == commands ? "" : ", ", c->name);
		fprintf(stderr, "), found '%s'", o->cmd);
		const char *names[32];
		size_t n = 0;
		for (const command_def *c = commands; c->name && n < 32; c++)
			names[n++] = c->name;
		const char *near = rl_nearest(o->cmd, names, n);
		if (near)
			fprintf(stderr, " (did you mean %s?)", near);
		fprintf(stderr, "\n");
		print_usage(stderr, NULL);
		return RL_EINPUT;
	}
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		int takes = 1;
		const option_def *field;
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			print_usage(stdout, current);
			exit(0);
		}
		if (a[0] != '-' || a[1] == '\0') {
			if (o->nargs >= MAX_ARGS)
				return usage_error("expected at most 4096 file arguments, found more "
				                   "(from '%s' on)", a);
			o->args[o->nargs++] = a;
			continue;
		}
		if (!(field = find_option(a)))
			return usage_error("expected an option, found unknown option '%s'", a);
		if (!list_has(current->options, field->name))
			return foreign_option(current, a, field);
		if (field->kind == OPT_VALUE) {
			*(const char **)((char *)o + field->offset) = val;
		} else if (field->kind == OPT_FLAG) {
			*(int *)((char *)o + field->offset) = 1;
			takes = 0;
		} else {
			takes = *field->arg != '\0';
			int rc = field->set(o, a, val, &takes);
			if (rc)
				return rc;
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

/* DIR beside the running executable (/proc/self/exe), when it exists:
 * an uninstalled build finds the rules/ and reports/ of its checkout from
 * any directory.  An owned path, or NULL. */
static char *beside_exe(const char *dir)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	char *path = rl_fmt("%s/%s", exe, dir);
	if (access(path, F_OK) != 0) {
		free(path);
		return NULL;
	}
	return path;
}

/* Loads the rule packs: -r, else $REDLINE_RULES, else ./rules, else the
 * rules/ beside the executable, else the installed share directory's. */
static int load_rules(rl_engine *e, const opts *o)
{
	char *err = NULL, *exe_rules = NULL;
	rl_status st = RL_OK;
	if (o->nrules) {
		for (int i = 0; i < o->nrules && st == RL_OK; i++)
			st = rl_engine_load_rules(e, o->rules[i], &err);
	} else if (getenv("REDLINE_RULES") && *getenv("REDLINE_RULES")) {
		char *list = rl_xstrdup(getenv("REDLINE_RULES"));
		for (char *save = NULL, *p = strtok_r(list, ":", &save); p && st == RL_OK;
		     p = strtok_r(NULL, ":", &save))
			st = rl_engine_load_rules(e, p, &err);
		free(list);
	} else if (access("rules", F_OK) == 0) {
		st = rl_engine_load_rules(e, "rules", &err);
	} else if ((exe_rules = beside_exe("rules"))) {
		st = rl_engine_load_rules(e, exe_rules, &err);
		free(exe_rules);
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

/* Scenario arguments as a shell glob gives them: batch files among them
 * are dropped from f->args with one note; only batch files is bad input
 * naming `redline batch`.  0, or RL_EINPUT after printing. */
static int drop_batch_files(opts *f, int from)
{
	int kept = from, dropped = 0;
	const char *first = NULL;
	for (int i = from; i < f->nargs; i++) {
		if (!is_batch_file(f->args[i])) {
			f->args[kept++] = f->args[i];
		} else if (!dropped++) {
			first = f->args[i];
		}
	}
	if (dropped && kept == from) {
		fprintf(stderr, "%s:1: expected a scenario, found a batch file (run it with "
		        "redline batch %s)\n", first, first);
		return RL_EINPUT;
	}
	if (dropped)
		fprintf(stderr, "redline %s: skipped %d batch file%s (%s%s): run a batch with "
		        "redline batch\n", f->cmd, dropped, dropped == 1 ? "" : "s", first,
		        dropped > 1 ? ", ..." : "");
	f->nargs = kept;
	return 0;
}

/* Temporaries being written, removed if a signal ends the program (a
 * kill -9 leaves its mkstemp-named temporary beside the target). */
static char *volatile live_tmp[4];

static void drop_tmps(int sig)
{
	for (size_t i = 0; i < sizeof live_tmp / sizeof live_tmp[0]; i++)
		if (live_tmp[i])
			unlink(live_tmp[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void track_tmp(char *tmp, int on)
{
	for (size_t i = 0; i < sizeof live_tmp / sizeof live_tmp[0]; i++)
		if (on ? !live_tmp[i] : live_tmp[i] == tmp) {
			live_tmp[i] = on ? tmp : NULL;
			break;
		}
}

/* Opens an output (output.h: a temporary beside it, renamed on success);
 * prints the error and returns NULL when it cannot. */
static FILE *open_tmp(const char *path, rl_out **tmp)
{
	char *err = NULL;
	*tmp = rl_xcalloc(1, sizeof **tmp);
	if (rl_out_open(*tmp, path, &err) != 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	if ((*tmp)->tmp)
		track_tmp((*tmp)->tmp, 1);
	return (*tmp)->f;
}

/* Finishes an output: renamed into place when ok and every write
 * succeeded; else removed.  Prints the error; returns whether written. */
static int finish_tmp(FILE *f, rl_out *tmp, const char *path, int ok)
{
	(void)f, (void)path;
	if (!tmp)
		return ok;
	char *err = NULL;
	if (tmp->tmp)
		track_tmp(tmp->tmp, 0);
	if (rl_out_close(tmp, ok, &err) != 0) {
		fprintf(stderr, "%s\n", err);
		ok = 0;
	}
	free(err);
	free(tmp);
	return ok;
}

/* The renderer for a format: --template, else FORMAT.lua in
 * $REDLINE_REPORTS, else in ./reports, else in the reports/ beside the
 * executable, else in the installed share directory.  Returns an owned
 * path, or NULL after printing the error. */
static char *find_renderer(const opts *o, const char *format)
{
	if (o->tmpl) {
		if (access(o->tmpl, R_OK) != 0) {
			fprintf(stderr, "%s:0: expected a readable renderer (--template), found "
			        "none\n", o->tmpl);
			return NULL;
		}
		return rl_xstrdup(o->tmpl);
	}
	const char *env = getenv("REDLINE_REPORTS");
	const char *dirs[4];
	int n = 0;
	char *exe_reports = NULL;
	if (env && *env) {
		dirs[n++] = env;
	} else {
		dirs[n++] = "reports";
		if ((exe_reports = beside_exe("reports")))
			dirs[n++] = exe_reports;
#ifdef RL_SHAREDIR
		dirs[n++] = RL_SHAREDIR "/reports";
#endif
	}
	for (int i = 0; i < n; i++) {
		char *path = rl_fmt("%s/%s.lua", dirs[i], format);
		if (access(path, R_OK) == 0) {
			free(exe_reports);
			return path;
		}
		free(path);
	}
	free(exe_reports);
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

/* check and explain; modelling warnings go into warn, which the caller
 * prints after everything else, so that an error's line comes first. */
static int check_or_explain_run(const opts *o, rl_engine *e, int explain, rl_buf *warn)
{
	if (o->nargs < (explain ? 2 : 1) || (explain && o->nargs != 2))
		return usage_error("%s", explain ? "explain: expected SCENARIO CLAUSE|EXCEPTION"
		                                 : "check: expected at least one SCENARIO");
	rl_format fmt = RL_FMT_TEXT;
	const char *format = o->format ? o->format : o->tmpl ? "md" : "text";
	int render = is_render_format(format);
	if (explain && (strcmp(format, "csv") == 0 || strcmp(format, "json") == 0 || o->tmpl))
		return usage_error("explain: expected -f text, md or html, found %s",
		                   o->tmpl ? "--template" : format);
	if (strcmp(format, "json") == 0)
		fmt = RL_FMT_JSON;
	else if (!render && strcmp(format, "text") != 0)
		return usage_error("-f: expected text, json, md, html or csv, found '%s'", format);
	if (o->tmpl && !render)
		return usage_error("--template: expected -f md, html or csv, found -f %s", format);
	/* Nothing is held above; from here on every exit goes through out. */
	opts scen = *o;         /* o with the batch files dropped */
	char *renderer = NULL, *err = NULL;
	int nscen = 0, worst = 0;
	rl_scenario **sc = NULL;
	rl_report **reports = NULL;
	rl_evaluator *ev = NULL;
	FILE *out = stdout;
	rl_out *tmp = NULL;
	rl_status st = RL_OK;
	if (explain && is_batch_file(o->args[0])) {
		fprintf(stderr, "%s:1: expected a scenario, found a batch file (run it with "
		        "redline batch %s)\n", o->args[0], o->args[0]);
		st = RL_EINPUT;
		goto out;
	} else if (!explain) {
		if ((st = (rl_status)drop_batch_files(&scen, 0)) != RL_OK)
			goto out;
		o = &scen;
	}
	if (render && !(renderer = find_renderer(o, format))) {
		st = RL_EINPUT;
		goto out;
	}
	if ((st = (rl_status)load_rules(e, o)) != RL_OK)
		goto out;
	nscen = explain ? 1 : o->nargs;
	sc = rl_xcalloc((size_t)nscen, sizeof *sc);
	reports = rl_xcalloc((size_t)nscen, sizeof *reports);
	for (int i = 0; i < nscen; i++)
		if ((st = rl_scenario_load(e, o->args[i], &sc[i], &err)) != RL_OK)
			goto out;
	/* Modelling warnings on stderr; with --strict they are bad input. */
	size_t nwarn = 0;
	for (int i = 0; i < nscen; i++) {
		char **wv = NULL;
		size_t n = rl_scenario_lint(e, sc[i], &wv);
		for (size_t j = 0; j < n; j++)
			rl_buf_printf(warn, "%s\n", wv[j]);
		rl_warnings_free(wv, n);
		nwarn += n;
	}
	if (o->strict && nwarn) {
		st = RL_EINPUT;
		goto out;
	}
	long clause = -1;
	int exception = explain && rl_engine_find_clause(e, o->args[1]) < 0 &&
	                rl_engine_has_exception(e, o->args[1]);
	if (exception && renderer) {
		st = (rl_status)usage_error("explain: expected -f text for an exception, found -f %s",
		                            format);
		goto out;
	}
	if (explain && !exception && (clause = rl_engine_find_clause(e, o->args[1])) < 0) {
		size_t n = rl_engine_clause_count(e);
		const char **ids = rl_xcalloc(n + 1, sizeof *ids);
		for (size_t i = 0; i < n; i++)
			ids[i] = rl_engine_clause_id(e, i);
		fprintf(stderr, "%s:0: expected a clause or exception id of the loaded rule packs, "
		        "found '%s' (nearest: '%s')\n", o->args[0], o->args[1],
		        rl_nearest(o->args[1], ids, n));
		free(ids);
		st = RL_EINPUT;
		goto out;
	}
	if ((st = rl_evaluator_new(e, &ev, &err)) != RL_OK)
		goto out;
	rl_eval_options eo = {o->at, explain};
	for (int i = 0; i < nscen && st == RL_OK; i++)
		if ((st = rl_evaluate(ev, sc[i], &eo, &reports[i], &err)) == RL_OK)
			rl_report_set_command(reports[i], o->argc, o->argv);
	/* Written beside the target, then renamed: never a half-written file. */
	if (st == RL_OK && o->output && !(out = open_tmp(o->output, &tmp))) {
		st = RL_EINPUT;
		out = stdout;
	}
	int colour = !o->output && isatty(1) && !getenv("NO_COLOR");
	if (st == RL_OK && o->nclauses) {
		/* Each --clause names a clause of every report; the reports then
		 * hold only those. */
		for (int i = 0; i < nscen && st == RL_OK; i++) {
			for (int c = 0; c < o->nclauses && st == RL_OK; c++) {
				size_t k = 0, n = rl_report_clause_count(reports[i]);
				while (k < n && strcmp(rl_report_clause_id(reports[i], k),
				                       o->clauses[c]) != 0)
					k++;
				if (k < n)
					continue;
				const char *ids[1024];
				size_t m = 0;
				for (size_t j = 0; j < n && m < 1024; j++)
					ids[m++] = rl_report_clause_id(reports[i], j);
				const char *near = rl_nearest(o->clauses[c], ids, m);
				fprintf(stderr, "%s:0: expected --clause to name a clause of the "
				        "report, found '%s'%s%s%s\n", o->args[i], o->clauses[c],
				        near ? " (nearest: '" : "", near ? near : "", near ? "')" : "");
				st = RL_EINPUT;
			}
			if (st == RL_OK)
				rl_report_keep_clauses(reports[i], o->clauses, (size_t)o->nclauses);
		}
	}
	if (st == RL_OK && renderer && explain) {
		size_t k = 0, n = rl_report_clause_count(reports[0]);
		while (k < n && strcmp(rl_report_clause_id(reports[0], k), o->args[1]) != 0)
			k++;
		if (k == n) {
			fprintf(stderr, "%s:0: expected CLAUSE to name a clause of the report, found "
			        "'%s' (its contract is left out by `contracts`)\n", o->args[0],
			        o->args[1]);
			st = RL_EINPUT;
		}
	}
	if (st == RL_OK && renderer) {
		const char *kv[16];
		render_opts(o, format, kv);
		if (explain) {     /* one clause, in full */
			int n = 0;
			while (kv[n])
				n++;
			kv[n++] = "clause", kv[n++] = o->args[1];
			kv[n++] = "explain", kv[n++] = "1";
			kv[n] = NULL;
		}
		rl_render_options ro = {renderer, kv, o->limits.instructions, o->max_output};
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
out:
	if (out != stdout && !finish_tmp(out, tmp, o->output, st == RL_OK) && st == RL_OK)
		st = RL_EEVAL;
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


/* `redline show`: the rule packs as a lawyer reads them, no scenario. */
static int cmd_show(const opts *o, rl_engine *e)
{
	const char *format = o->format ? o->format : "text";
	rl_format fmt = RL_FMT_TEXT;
	if (strcmp(format, "json") == 0)
		fmt = RL_FMT_JSON;
	else if (strcmp(format, "md") == 0)
		fmt = RL_FMT_MD;
	else if (strcmp(format, "text") != 0)
		return usage_error("show: -f expected text, json or md, found '%s'", format);
	int rc = load_rules(e, o);
	if (rc)
		return rc;
	FILE *out = stdout;
	rl_out *tmp = NULL;
	char *err = NULL;
	if (o->output && !(out = open_tmp(o->output, &tmp)))
		return RL_EINPUT;
	rl_status st = rl_engine_show(e, (const char *const *)o->args, (size_t)o->nargs, fmt,
	                              out, &err);
	if (out != stdout && !finish_tmp(out, tmp, o->output, st == RL_OK) && st == RL_OK)
		st = RL_EEVAL;
	return st == RL_OK ? 0 : err ? fail(err, st) : (int)st;
}

static int check_or_explain(const opts *o, rl_engine *e, int explain)
{
	rl_buf warn = {0};
	int rc = check_or_explain_run(o, e, explain, &warn);
	if (warn.len)
		fputs(warn.data, stderr);
	rl_buf_free(&warn);
	return rc;
}

static int cmd_check(const opts *o, rl_engine *e)
{
	return check_or_explain(o, e, 0);
}

static int cmd_explain(const opts *o, rl_engine *e)
{
	return check_or_explain(o, e, 1);
}

/* `redline test`: every scenario of the paths given, PASS/FAIL lines, a
 * summary. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}


/* Why a file of a directory is not a scenario, or NULL when it is one: a
 * batch file; a JSON file whose top-level object has no "scenario" key (a
 * batch summary, a report, data for json_file); a Lua file that declares
 * no scenario (a fragment for include). */
static const char *not_a_scenario(const char *path)
{
	if (is_batch_file(path))
		return "a batch file: redline batch runs it";
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;    /* loading it says why */
	char *text = NULL;
	size_t cap = 0;
	ssize_t n = getdelim(&text, &cap, '\0', f);
	fclose(f);
	const char *why = NULL;
	if (n >= 0 && ends_with(path, ".json")) {
		/* "scenario" as a key (a manifest has it only as a value) */
		const char *p = text;
		why = "JSON without a \"scenario\" key";
		while ((p = strstr(p, "\"scenario\""))) {
			p += 10;
			while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
				p++;
			if (*p == ':') {
				why = NULL;
				break;
			}
		}
	} else if (n >= 0) {
		/* a line that starts with the scenario constructor */
		why = "no scenario declared (a fragment for include?)";
		for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (strncmp(p, "scenario", 8) == 0 && strchr(" \t\"'({[", p[8])) {
				why = NULL;
				break;
			}
		}
	}
	free(text);
	return why;
}

typedef struct test_files {
	char **files;           /* to test */
	size_t n;
	char **skipped;         /* "path (why)" */
	size_t nskipped;
} test_files;

static void add_file(char ***list, size_t *n, char *s)
{
	*list = rl_xrealloc(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = s;
}

/* A directory's *.lua and *.json files that are scenarios (the others go
 * to skipped, with why); a file given by name is taken, unless it is a
 * batch file. */
static void collect(const char *path, test_files *t)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (!d)
			return;
		struct dirent *de;
		while ((de = readdir(d))) {
			const char *name = de->d_name;
			if (name[0] == '.' || !(ends_with(name, ".lua") || ends_with(name, ".json")))
				continue;
			char *full = rl_fmt("%s/%s", path, name);
			const char *why = NULL;
			if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
				free(full);
			} else if ((why = not_a_scenario(full))) {
				char *s = rl_fmt("%s (%s)", full, why);
				free(full);
				add_file(&t->skipped, &t->nskipped, s);
			} else {
				add_file(&t->files, &t->n, full);
			}
		}
		closedir(d);
	} else if (is_batch_file(path)) {
		char *s = rl_fmt("%s (%s)", path, "a batch file: redline batch runs it");
		add_file(&t->skipped, &t->nskipped, s);
	} else {
		add_file(&t->files, &t->n, rl_xstrdup(path));
	}
}

/* Checks the expectations of one scenario for one date (NULL: its own).
 * Prints FAIL lines; returns how many failed. */
static int check_expectations(rl_evaluator *ev, rl_scenario *sc, const char *date,
                              const char *file, int *failed_before, char **err,
                              rl_status *st)
{
	rl_report *r = NULL;
	rl_eval_options eo = {date, 0};
	int bad = 0;
	*st = rl_evaluate(ev, sc, &eo, &r, err);
	if (*st != RL_OK)
		return 0;
	for (size_t k = 0; k < rl_scenario_expect_count(sc); k++) {
		const char *at = rl_scenario_expect_date(sc, k);
		if (!(date ? at && strcmp(at, date) == 0 : !at))
			continue;
		const char *id = rl_scenario_expect_clause(sc, k);
		rl_verdict want = rl_scenario_expect_verdict(sc, k);
		const char *got = "absent (not in the scenario's contracts)";
		for (size_t c = 0; c < rl_report_clause_count(r); c++)
			if (strcmp(rl_report_clause_id(r, c), id) == 0)
				got = rl_verdict_name(rl_report_clause_verdict(r, c));
		if (strcmp(got, rl_verdict_name(want)) != 0) {
			if (!*failed_before)
				printf("FAIL %s\n", file);
			*failed_before = 1;
			printf("     %s%s%s: expected %s, got %s\n", id, date ? " at " : "",
			       date ? date : "", rl_verdict_name(want), got);
			bad++;
		}
	}
	rl_report_free(r);
	return bad;
}

/* An expectation naming no clause of the rule packs: bad input, with the
 * nearest clause id.  Returns 1 after printing, else 0. */
static int unknown_expect_clause(const rl_engine *e, const rl_scenario *sc)
{
	for (size_t k = 0; k < rl_scenario_expect_count(sc); k++) {
		const char *id = rl_scenario_expect_clause(sc, k);
		if (rl_engine_find_clause(e, id) >= 0)
			continue;
		size_t n = rl_engine_clause_count(e);
		const char **ids = rl_xcalloc(n ? n : 1, sizeof *ids);
		for (size_t i = 0; i < n; i++)
			ids[i] = rl_engine_clause_id(e, i);
		const char *near = rl_nearest(id, ids, n);
		const char *at = rl_scenario_expect_date(sc, k);
		fprintf(stderr, "%s:%d: expected %s%s%s to name a clause of the rule packs, "
		        "found '%s'%s%s%s\n", rl_scenario_file(sc), rl_scenario_expect_line(sc, k),
		        at ? "expect_at[\"" : "expect", at ? at : "", at ? "\"]" : "", id,
		        near ? " (nearest: '" : "", near ? near : "", near ? "')" : "");
		free(ids);
		return 1;
	}
	return 0;
}

static int cmd_test(const opts *o, rl_engine *e)
{
	int rc = load_rules(e, o);
	if (rc)
		return rc;
	for (int i = 0; i < o->nargs; i++) {
		struct stat sst;
		if (stat(o->args[i], &sst) != 0) {
			fprintf(stderr, "%s:0: expected a scenario file or directory, found %s\n",
			        o->args[i], strerror(errno));
			return RL_EINPUT;
		}
	}
	test_files t = {0};
	if (o->nargs == 0)
		collect("scenarios", &t);
	for (int i = 0; i < o->nargs; i++)
		collect(o->args[i], &t);
	if (t.n > 1)
		qsort(t.files, t.n, sizeof *t.files, cmp_str);
	if (t.nskipped > 1)
		qsort(t.skipped, t.nskipped, sizeof *t.skipped, cmp_str);
	char *err = NULL;
	rl_evaluator *ev = NULL;
	rl_status st = rl_evaluator_new(e, &ev, &err);
	if (st != RL_OK) {
		rc = fail(err, st);
		goto out;
	}
	int passed = 0, failed = 0, none = 0, bad_input = 0;
	for (size_t i = 0; i < t.nskipped; i++)
		printf("SKIP %s\n", t.skipped[i]);
	for (size_t i = 0; i < t.n; i++) {
		rl_scenario *sc = NULL;
		st = rl_scenario_load(e, t.files[i], &sc, &err);
		if (st == RL_OK && rl_scenario_expect_count(sc) == 0) {
			printf("NONE %s (no expect or expect_at)\n", t.files[i]);
			none++;
			rl_scenario_free(sc);
			continue;
		}
		if (st == RL_OK && unknown_expect_clause(e, sc)) {
			printf("FAIL %s\n     bad input: an expectation names no clause\n",
			       t.files[i]);
			failed++;
			bad_input = 1;
			rl_scenario_free(sc);
			continue;
		}
		/* Each date once: the scenario's own, then each expect_at date. */
		int shown = 0, bad = 0;
		for (size_t k = 0; st == RL_OK && k <= rl_scenario_expect_count(sc); k++) {
			const char *date = k ? rl_scenario_expect_date(sc, k - 1) : NULL;
			int seen = k > 0 && !date;
			for (size_t j = 0; k && date && j + 1 < k && !seen; j++) {
				const char *dj = rl_scenario_expect_date(sc, j);
				seen = dj && strcmp(dj, date) == 0;
			}
			if (!seen)
				bad += check_expectations(ev, sc, date, t.files[i], &shown, &err, &st);
		}
		if (st != RL_OK) {
			char *nl = err ? strchr(err, '\n') : NULL;
			if (nl)
				*nl = '\0';
			if (st == RL_EINPUT) {
				bad_input = 1;
				fprintf(stderr, "%s\n", err ? err : "?");
			}
			if (!shown)
				printf("FAIL %s\n", t.files[i]);
			printf("     %s\n", err ? err : "?");
			free(err);
			err = NULL;
			failed++;
		} else if (bad) {
			failed++;
		} else {
			printf("PASS %s\n", t.files[i]);
			passed++;
		}
		rl_scenario_free(sc);
	}
	printf("%d passed, %d failed, %d without expectations", passed, failed, none);
	if (t.nskipped)
		printf(", %zu skipped (not scenarios)", t.nskipped);
	printf("\n");
	rc = bad_input ? RL_EINPUT : failed ? RL_FINDING : RL_OK;
out:
	for (size_t i = 0; i < t.n; i++)
		free(t.files[i]);
	for (size_t i = 0; i < t.nskipped; i++)
		free(t.skipped[i]);
	free(t.files);
	free(t.skipped);
	rl_evaluator_free(ev);
	return rc;
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
		} else if (st == RL_OK && rl_engine_source_count(probe) > 0) {
			printf("%s: ok (sources, %zu)\n", o->args[i], rl_engine_source_count(probe));
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

/* Provenance of a batch run: command, rule, batch and scenario files, seed,
 * start time and host. */
static rl_manifest *batch_manifest(const opts *o, const rl_engine *e, const rl_batch *b)
{
	rl_manifest *m = rl_manifest_new();
	unsigned long long seed;
	rl_manifest_set_command(m, o->argc, o->argv);
	rl_engine_manifest(e, m);
	if (b) {
		rl_manifest_add_path(m, "batch", rl_batch_file(b));
		if (rl_batch_rows_sha256(b))
			rl_manifest_add_hashed(m, "rows", rl_batch_rows_file(b), rl_batch_rows_sha256(b));
		rl_scenario_manifest(rl_batch_base(b), m);
		if (rl_batch_seed(b, &seed))
			rl_manifest_set_seed(m, seed);
	}
	rl_manifest_start(m);
	return m;
}

/* Loads a batch with the command's --tolerance, reading a rows table with
 * the command's -j threads; hash: take the table's SHA-256 for a manifest
 * that will be shown. */
static rl_status load_batch(const opts *o, const rl_engine *e, const char *path, int hash,
                            rl_batch **b, char **err)
{
	rl_status st = rl_batch_load_jobs(e, path, o->jobs, hash, b, err);
	if (st == RL_OK && o->tolerance > 0)
		rl_batch_set_tolerance(*b, o->tolerance);
	return st;
}

/* Finishes a results database built beside its target (rl_out_reserve):
 * renamed over it when ok, else removed; its WAL files go either way.
 * 0, or -1 after printing why the rename failed. */
static int db_finish(rl_out *db, int ok)
{
	if (!db->tmp)
		return 0;
	track_tmp(db->tmp, 0);
	char *wal = rl_fmt("%s-wal", db->tmp), *shm = rl_fmt("%s-shm", db->tmp), *err = NULL;
	unlink(wal);
	unlink(shm);
	free(wal);
	free(shm);
	int rc = rl_out_close(db, ok, &err);
	if (rc)
		fprintf(stderr, "%s\n", err);
	free(err);
	return rc;
}

/* A message naming the temporary database names its target instead. */
static char *db_named(char *err, const char *tmp, const char *db)
{
	size_t n = tmp ? strlen(tmp) : 0;
	if (!err || !n || strncmp(err, tmp, n) != 0)
		return err;
	char *m = rl_fmt("%s%s", db, err + n);
	free(err);
	return m;
}

/* Batches beyond --max-variants are refused before anything runs. */
static int too_many_variants(const opts *o, const rl_batch *b)
{
	unsigned long long max = o->max_variants ? o->max_variants : RL_DEFAULT_MAX_VARIANTS;
	if (rl_batch_count(b) <= max)
		return 0;
	fprintf(stderr, "%s:1: expected at most %llu variants (--max-variants), found %llu\n",
	        rl_batch_file(b), max, rl_batch_count(b));
	return 1;
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
	/* Nothing is held above; from here on every exit goes through out. */
	char *err = NULL;
	rl_batch *b = NULL;
	rl_manifest *man = NULL;
	rl_store *store = NULL;
	rl_out *tmp_sum = NULL, *tmp_lines = NULL;
	FILE *lines = NULL, *sum = NULL;
	rl_out db = {0};        /* --db without --resume: the database being built */
	unsigned long long resume_from = 0, limit = ~0ULL;
	long start_len = 0;
	int created = 0;
	/* The manifest (and in it the rows table's hash) is shown by -o, --db
	 * and --summary, not by the text summary alone. */
	rl_status st = load_batch(o, e, o->args[0], o->output || o->db || o->summary, &b, &err);
	if (st != RL_OK)
		goto out;
	if (too_many_variants(o, b)) {
		st = RL_EINPUT;
		goto out;
	}
	man = batch_manifest(o, e, b);
	/* --db without --resume: the database is built beside its target and
	 * renamed over it at the end (a failure leaves the previous one). */
	if (o->db && !o->resume) {
		if (rl_out_reserve(&db, o->db, "results database", &err) != 0) {
			st = RL_EINPUT;
			goto out;
		}
		track_tmp(db.tmp, 1);
	}
	if (o->db) {
		st = rl_store_open(db.tmp ? db.tmp : o->db, o->resume, e, b, man, &store, &err);
		if (st != RL_OK)
			goto out;
		if (o->resume) {
			/* The database must hold a run of this very batch. */
			char *mj = rl_store_manifest_json(store);
			st = rl_resume_check_manifest(o->db, mj, mj ? strlen(mj) : 0, man, &err);
			free(mj);
			if (st != RL_OK)
				goto out;
			resume_from = limit = rl_store_next(store);
		}
	}
	/* Without --resume, lines go to a temporary beside OUT, renamed into
	 * place at the end (or when Ctrl-C stops the run: its lines are whole).
	 * With --resume they stream straight into OUT, so that a killed run
	 * leaves every whole line it wrote, and OUT must hold a run of this very
	 * batch: every line is checked, and the manifest compared.  A
	 * half-written last line is cut; resuming starts from the lower of
	 * OUT's and the database's next variant.  On a failure OUT is cut back
	 * to what it held before. */
	if (o->output && o->resume) {
		struct stat lst;
		int exists = lstat(o->output, &lst) == 0;
		rl_results_scan scan = {0};
		if (exists && !S_ISREG(lst.st_mode)) {
			err = rl_fmt("%s:0: expected a regular file to resume, found %s", o->output,
			             S_ISLNK(lst.st_mode) ? "a symbolic link" : "a special file");
			st = RL_EINPUT;
		} else if (!(lines = fopen(o->output, exists ? "r+" : "w"))) {
			err = rl_fmt("%s:0: expected a writable output file, found %s", o->output,
			             strerror(errno));
			st = RL_EINPUT;
		} else if (exists && (st = rl_results_scan_file(lines, o->output, o->shard_k,
		                                              o->shard_n, rl_batch_count(b),
		                                              limit, &scan, &err)) == RL_OK) {
			if (scan.lines || scan.manifest)
				st = rl_resume_check_manifest(o->output, scan.manifest,
				                              scan.manifest ? strlen(scan.manifest) : 0,
				                              man, &err);
			if (st == RL_OK && (ftruncate(fileno(lines), scan.keep) != 0 ||
			                    fseek(lines, scan.keep, SEEK_SET) != 0)) {
				err = rl_fmt("%s:0: expected to cut a half-written line, found the file "
				             "cannot be changed", o->output);
				st = RL_EINPUT;
			}
			resume_from = scan.next;
			start_len = scan.keep;
			rl_results_scan_free(&scan);
		} else if (!exists) {
			created = 1;
			resume_from = 0;        /* no OUT to resume: start over */
		}
		if (st != RL_OK)
			goto out;
	} else if (o->output && !(lines = open_tmp(o->output, &tmp_lines))) {
		st = RL_EINPUT;
		goto out;
	}
	if (lines && ftell(lines) == 0) {
		rl_buf mb = {0};
		rl_buf_puts(&mb, "{\"manifest\":");
		rl_manifest_json(man, &mb);
		rl_buf_puts(&mb, "}\n");
		fwrite(mb.data, 1, mb.len, lines);
		rl_buf_free(&mb);
	}
	if (store && (st = rl_store_truncate(store, resume_from, &err)) != RL_OK)
		goto out;
	if (o->summary && !(sum = open_tmp(o->summary, &tmp_sum))) {
		st = RL_EINPUT;
		goto out;
	}
	int show = o->progress < 0 ? isatty(2) : o->progress;
	int merged_summary = resume_from > 0 && !o->shard_k;
	rl_batch_options bo = {
		.jobs = o->jobs, .lines = lines,
		.summary_text = merged_summary ? NULL : stdout,
		.summary_json = merged_summary ? NULL : sum,
		.progress = show ? stderr : NULL, .cancel = &interrupted,
		.shard_k = o->shard_k, .shard_n = o->shard_n, .resume_from = resume_from,
		.no_memo = o->no_memo, .manifest = man, .store = store,
		.lines_path = o->output};
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
	if (tmp_lines) {
		if (!finish_tmp(lines, tmp_lines, o->output, ok || stopped) && (ok || stopped)) {
			st = RL_EEVAL;
			ok = 0;
		}
		tmp_lines = NULL;
	} else if (lines) {
		int wrote = fflush(lines) == 0 && !ferror(lines);
		int why = errno;
		if (!wrote || !(ok || stopped)) {
			/* Back to what OUT held before this run. */
			if (created)
				unlink(o->output);
			else if (ftruncate(fileno(lines), start_len) != 0)
				fprintf(stderr, "%s:0: expected to cut the output back to its %ld "
				        "bytes, found it cannot be changed\n", o->output, start_len);
		}
		if ((fclose(lines) != 0 || !wrote) && (ok || stopped)) {
			char *m = rl_out_error(o->output, why);
			fprintf(stderr, "%s\n", m);
			free(m);
			st = RL_EEVAL;
			ok = 0;
		}
	}
	lines = NULL;
	if (ok && store) {
		rl_status fs = rl_store_finish(store, man, &err);
		if (fs != RL_OK) {
			st = fs;
			ok = 0;
		}
	}
	rl_store_close(store);
	store = NULL;
	if (db.tmp && (ok || stopped)) {
		/* The target's WAL files belong to the database being replaced. */
		char *wal = rl_fmt("%s-wal", o->db), *shm = rl_fmt("%s-shm", o->db);
		unlink(wal);
		unlink(shm);
		free(wal);
		free(shm);
		if (db_finish(&db, 1) != 0) {
			st = RL_EEVAL;
			ok = 0;
		}
	}
	if (ok && merged_summary && o->output) {
		/* A resumed run's summary covers the lines of every run: merge OUT. */
		const char *paths[1] = {o->output};
		rl_status ms = rl_batch_merge(paths, 1, e, b, sum, stdout, man, &err);
		st = ms;        /* findings over every run's lines, not only this one's */
		ok = ms == RL_OK || ms == RL_FINDING;
	}
	if (!finish_tmp(sum, tmp_sum, o->summary, ok) && ok)
		st = RL_EEVAL;
	tmp_sum = NULL;
out:
	/* What an early exit leaves: a temporary goes, OUT is left as it was. */
	if (tmp_lines)
		finish_tmp(lines, tmp_lines, o->output, 0);
	else if (lines)
		fclose(lines);
	if (tmp_sum)
		finish_tmp(sum, tmp_sum, o->summary, 0);
	rl_store_close(store);
	if (db.tmp) {
		err = db_named(err, db.tmp, o->db);
		db_finish(&db, 0);
	}
	rl_manifest_free(man);
	rl_batch_free(b);
	if (err)
		return fail(err, st);
	return st;
}

/* `redline search BATCH --want WANT [--clause ID [--reading NAME]]
 * [--minimal] [--max-changes N] [--minimize exposure[:CLAIMANT]]
 * [-o OUT.jsonl]`: the variants of a batch with a verdict wanted (one, a
 * set V1,V2 or not:V), and how far each is from the base scenario (the axes
 * it changes).  --minimal keeps only those that change the fewest axes: the
 * smallest changes to the world that give that verdict; --minimize keeps
 * those with the lowest expected exposure.  When none has it, the nearest
 * variants and the clauses (and readings) that block each.  Exit 0: some
 * variant has it; 1: none; 2: bad input; 3: an evaluation error. */
static int cmd_search(const opts *o, rl_engine *e)
{
	if (o->nargs != 1)
		return usage_error("%s", "search: expected one BATCH file");
	if (!o->want && !o->minimize)
		return usage_error("%s", "search: expected --want VERDICT or --minimize exposure, "
		                   "found neither");
	int rc = load_rules(e, o);
	if (rc)
		return rc;
	/* Nothing is held above; from here on every exit goes through out. */
	char *err = NULL;
	rl_batch *b = NULL;
	FILE *lines = NULL;
	rl_out *tmp = NULL;
	rl_manifest *man = NULL;
	rl_buf want = {0};
	rl_status st = load_batch(o, e, o->args[0], 1, &b, &err);
	if (st != RL_OK) {
		rc = fail(err, st);
		goto out;
	}
	if (too_many_variants(o, b)) {
		rc = RL_EINPUT;
		goto out;
	}
	rl_batch_select sel;
	st = rl_batch_select_init(e, b, &sel, o->want, o->clause, o->reading, &err);
	if (st == RL_OK && o->minimize)
		st = rl_batch_select_minimize(e, b, &sel, o->minimize, &err);
	if (st != RL_OK) {
		rc = fail(err, st);
		goto out;
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
	/* Narrowing passes: first the fewest axes any match changes, then the
	 * lowest exposure among those; the last pass writes the lines. */
	for (int pass = 0; ok && pass < 2; pass++) {
		if (pass == 0 ? !o->minimal : !o->minimize)
			continue;
		st = rl_batch_run(e, b, &bo, &stopped, &err);
		ok = st == RL_OK || st == RL_FINDING;
		if (ok && sel.matched && pass == 0)
			sel.max_changes = sel.min_changes;
		if (ok && sel.matched && pass == 1)
			sel.max_exposure = sel.min_exposure;
	}
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
	if (ok) {
		bo.lines = lines;
		st = rl_batch_run(e, b, &bo, &stopped, &err);
		ok = st == RL_OK || st == RL_FINDING;
	}
	sigaction(SIGINT, &old, NULL);
	if (!finish_tmp(lines, tmp, o->output, ok) && ok) {
		ok = 0;
		st = RL_EEVAL;
	}
	if (!ok) {
		rc = err ? fail(err, st) : (int)st;
		goto out;
	}
	if (!o->want)
		rl_buf_puts(&want, "any verdict");
	else if (!o->clause && strcmp(o->want, "compliant") == 0)
		rl_buf_puts(&want, "the scenario verdict compliant (or not_applicable)");
	else if (!o->clause)
		rl_buf_puts(&want, "the scenario verdict "), rl_batch_want_text(sel.wants, &want);
	else
		rl_buf_printf(&want, "%s ", o->clause), rl_batch_want_text(sel.wants, &want);
	if (o->reading)
		rl_buf_printf(&want, " under its %s reading", o->reading);
	printf("search %s over %s: %llu of %llu variants have %s\n", rl_batch_id(b),
	       rl_scenario_id(rl_batch_base(b)), sel.wanted, rl_batch_count(b), want.data);
	if (sel.wanted && (sel.max_changes >= 0 || o->minimize)) {
		printf("%llu of them kept:", sel.matched);
		if (sel.max_changes >= 0)
			printf(" changing at most %d ax%s from the base scenario%s", sel.max_changes,
			       sel.max_changes == 1 ? "is" : "es",
			       o->minimal ? " (the fewest any of them changes)" : "");
		if (o->minimize && sel.matched)
			printf("%s with the lowest expected exposure%s%s, %.0f USD",
			       sel.max_changes >= 0 ? "," : "", sel.claimant ? " to " : "",
			       sel.claimant ? sel.claimant : "", sel.min_exposure);
		printf("\n");
	}
	if (sel.matched)
		printf("fewest axes changed from the base scenario: %d\n", sel.min_changes);
	if (sel.matched)
		printf("shown: %zu of %llu%s\n", sel.nfirst, sel.matched,
		       sel.matched > sel.nfirst && !o->output
		       ? " (-o FILE writes every one as JSON Lines)" : "");
	for (size_t i = 0; i < sel.nfirst; i++) {
		rl_buf d = {0};
		rl_batch_describe_changes(b, sel.first[i], &d);
		printf("  variant %llu: %s\n", sel.first[i], d.data ? d.data : "");
		rl_buf_free(&d);
	}
	if (sel.matched > sel.nfirst)
		printf("  ... and %llu more\n", sel.matched - sel.nfirst);
	if (!sel.wanted && sel.nnearest) {
		/* Say why: the variants fewest clauses short, and what blocks each. */
		int shortn = sel.min_short / 33, moved = sel.min_short % 33;
		printf("no variant has it; nearest: %d clause%s short, changing %d ax%s "
		       "(first %zu shown):\n", shortn, shortn == 1 ? "" : "s", moved,
		       moved == 1 ? "is" : "es", sel.nnearest);
		for (size_t i = 0; i < sel.nnearest && ok; i++) {
			rl_buf d = {0};
			rl_verdicts v;
			memset(&v, 0, sizeof v);
			rl_batch_describe_changes(b, sel.nearest[i], &d);
			printf("  variant %llu: %s\n", sel.nearest[i], d.data ? d.data : "");
			d.len = 0;
			if (rl_batch_variant(e, b, sel.nearest[i], &v, &err) == RL_OK) {
				rl_batch_explain_short(e, &sel, &v, &d);
				fputs(d.data ? d.data : "", stdout);
			} else {
				ok = 0;
			}
			rl_verdicts_free(&v);
			rl_buf_free(&d);
		}
	}
	rc = !ok ? fail(err, RL_EEVAL) : sel.matched ? 0 : 1;
out:
	rl_manifest_free(man);
	rl_buf_free(&want);
	rl_batch_free(b);
	return rc;
}

/* `redline conflicts BATCH [-f text|json] [-o FILE] [-j N]`: pairs of
 * binding clauses that some variant satisfies each of but none satisfies
 * together (whatif.h), each with a witness per side and the axes they pull
 * apart along.  Exit 0: none; 1: some; 2: bad input; 3: an error. */
static int cmd_conflicts(const opts *o, rl_engine *e)
{
	if (o->nargs != 1)
		return usage_error("%s", "conflicts: expected one BATCH file");
	const char *format = o->format ? o->format : "text";
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return usage_error("-f: expected text or json, found '%s'", format);
	int rc = load_rules(e, o);
	if (rc)
		return rc;
	/* Nothing is held above; from here on every exit goes through out. */
	char *err = NULL;
	rl_out *tmp = NULL;
	rl_batch *b = NULL;
	rl_whatif *w = NULL;
	rl_status st = load_batch(o, e, o->args[0], 1, &b, &err);
	if (st != RL_OK) {
		rc = fail(err, st);
		goto out;
	}
	if (too_many_variants(o, b)) {
		rc = RL_EINPUT;
		goto out;
	}
	w = rl_whatif_new(e, b);
	int show = o->progress < 0 ? isatty(2) : o->progress;
	rl_batch_options bo = {.jobs = o->jobs, .progress = show ? stderr : NULL,
	                       .cancel = &interrupted, .no_memo = o->no_memo,
	                       .observe = rl_whatif_observe, .observe_ctx = w};
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	int stopped = 0;
	st = rl_batch_run(e, b, &bo, &stopped, &err);
	sigaction(SIGINT, &old, NULL);
	int ok = st == RL_OK || st == RL_FINDING;
	FILE *out = stdout;
	if (ok && o->output && !(out = open_tmp(o->output, &tmp)))
		ok = 0, st = RL_EINPUT;
	size_t n = ok ? rl_whatif_finish(w) : 0;
	if (ok && strcmp(format, "json") == 0) {
		rl_buf j = {0};
		rl_buf_puts(&j, "{ \"batch\": ");
		rl_json_string(&j, rl_batch_id(b));
		rl_buf_puts(&j, ", \"scenario\": ");
		rl_json_string(&j, rl_scenario_id(rl_batch_base(b)));
		rl_buf_printf(&j, ", \"variants\": %llu", rl_batch_count(b));
		rl_whatif_conflicts_json(w, &j, "  ");
		rl_manifest *man = batch_manifest(o, e, b);
		rl_manifest_stop(man);
		rl_buf_puts(&j, ",\n  \"manifest\": ");
		rl_manifest_json(man, &j);
		rl_buf_puts(&j, " }\n");
		fwrite(j.data, 1, j.len, out);
		rl_buf_free(&j);
		rl_manifest_free(man);
	} else if (ok) {
		fprintf(out, "conflicts in batch %s over %s: ", rl_batch_id(b),
		        rl_scenario_id(rl_batch_base(b)));
		rl_whatif_text(w, out, 0);
	}
	if (out != stdout && !finish_tmp(out, tmp, o->output, ok) && ok)
		ok = 0, st = RL_EEVAL;
	rc = !ok ? (err ? fail(err, st) : (int)st) : n ? 1 : 0;
out:
	rl_whatif_free(w);
	rl_batch_free(b);
	return rc;
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
	opts scen = *o;         /* o with the batch files dropped */
	if (by_rules) {
		int rc = drop_batch_files(&scen, 0);
		if (rc)
			return rc;
		o = &scen;
	}
	/* Nothing is held above; from here on every exit goes through out. */
	char *err = NULL;
	rl_out *tmp = NULL;
	rl_engine *neu = NULL;
	rl_manifest *m = NULL;
	FILE *out = stdout;
	rl_status st = RL_OK;
	if (by_rules) {
		neu = rl_engine_new(&o->limits);
		const rl_engine *eng[2] = {e, neu};
		for (int i = 0; i < 2 && st == RL_OK; i++) {
			st = rl_engine_load_rules((rl_engine *)eng[i], o->rules[i], &err);
			if (st == RL_OK)
				st = rl_engine_seal((rl_engine *)eng[i], &err);
		}
	} else if ((st = (rl_status)load_rules(e, o)) != RL_OK) {
		goto out;
	}
	if (st == RL_OK && o->output && !(out = open_tmp(o->output, &tmp)))
		st = RL_EINPUT;
	m = rl_manifest_new();
	rl_manifest_set_command(m, o->argc, o->argv);
	if (st == RL_OK && by_rules)
		st = rl_diff_rules(e, &o->rules[0], 1, neu, &o->rules[1], 1,
		                   (const char *const *)o->args, (size_t)o->nargs, o->at, fmt, m,
		                   out, &err);
	else if (st == RL_OK)
		st = rl_diff_scenarios(e, o->args[0], o->args[1], o->at, fmt, m, out, &err);
out:
	rl_manifest_free(m);
	rl_engine_free(neu);
	if (out != stdout) {
		int ok = st == RL_OK || st == RL_FINDING || st == RL_EEVAL;
		if (!finish_tmp(out, tmp, o->output, ok && !err) && ok)
			st = RL_EEVAL;
	}
	if (err)
		return fail(err, st);
	return st;
}

/* What a role's files have in common across shards, for the message
 * when two shards differ. */
static const char *role_whole(const char *role)
{
	if (strcmp(role, "batch") == 0)
		return "of one batch";
	if (strcmp(role, "rules") == 0)
		return "run with the same rule files";
	return "of one base scenario";
}

/* Two shards' manifests name the same files (by role and SHA-256, in
 * order) and seed: else one line, and RL_EINPUT. */
static int same_run(const char *pa, const rl_manifest *a, const char *pb,
                    const rl_manifest *b)
{
	size_t n = a->nfiles > b->nfiles ? a->nfiles : b->nfiles;
	for (size_t i = 0; i < n; i++) {
		const rl_manifest_file *fa = i < a->nfiles ? &a->files[i] : NULL;
		const rl_manifest_file *fb = i < b->nfiles ? &b->files[i] : NULL;
		if (fa && fb && strcmp(fa->role, fb->role) == 0 &&
		    strcmp(fa->sha256, fb->sha256) == 0)
			continue;
		const rl_manifest_file *f = fb ? fb : fa;
		fprintf(stderr, "%s:1: expected shards %s, found %s %s (sha256 %.12s) where "
		        "%s:1 has %s%s%.12s%s\n", pb, role_whole(f->role), fb ? fb->role : "no",
		        fb ? fb->path : "such file", fb ? fb->sha256 : "", pa,
		        fa ? fa->path : "no such file", fa ? " (sha256 " : "",
		        fa ? fa->sha256 : "", fa ? ")" : "");
		return RL_EINPUT;
	}
	if (a->has_seed != b->has_seed || a->seed != b->seed) {
		fprintf(stderr, "%s:1: expected shards of one batch, found seed %llu where %s:1 "
		        "has seed %llu\n", pb, b->seed, pa, a->seed);
		return RL_EINPUT;
	}
	return 0;
}

/* `redline merge SHARDS... [-o SUMMARY]`: the summary of the shards'
 * lines, as a single run would have written it.  The batch and rule files
 * come from the shards' manifests (--batch and -r name others); every
 * file a manifest names and the merge reads must still have its SHA-256. */
static int cmd_merge(const opts *o, rl_engine *e)
{
	if (o->nargs < 1)
		return usage_error("%s", "merge: expected at least one OUT.jsonl");
	/* From here on every exit goes through out. */
	char *err = NULL;
	rl_out *tmp = NULL;
	FILE *json = NULL;
	rl_batch *b = NULL;
	rl_manifest *first = NULL, *man = NULL;
	const char *first_path = NULL;
	int rc = 0;
	for (int i = 0; i < o->nargs && !rc; i++) {
		rl_manifest *m = NULL;
		if (rl_manifest_read(o->args[i], &m, &err) != RL_OK) {
			rc = fail(err, RL_EINPUT);
			goto out;
		}
		if (m && !first) {
			first = m, first_path = o->args[i];
			continue;
		}
		if (m)
			rc = same_run(first_path, first, o->args[i], m);
		rl_manifest_free(m);
	}
	const char *batch = o->batch;
	for (size_t i = 0; first && !batch && i < first->nfiles; i++)
		if (strcmp(first->files[i].role, "batch") == 0)
			batch = first->files[i].path;
	if (!rc && !batch)
		fprintf(stderr, "redline merge: no manifest names the batch: the summary has no "
		        "flips, axes or tipping points (give --batch BATCH)\n");
	if (!rc && batch && access(batch, R_OK) != 0) {
		fprintf(stderr, "%s:1: expected the batch file its manifest names, found no %s "
		        "(merge from the directory the run started in, or give --batch and -r)\n",
		        first_path, batch);
		rc = RL_EINPUT;
	}
	if (!rc && batch && !o->nrules && first) {
		/* The rule files of the run, in the order it loaded them. */
		rl_status st = RL_OK;
		for (size_t i = 0; i < first->nfiles && st == RL_OK; i++)
			if (strcmp(first->files[i].role, "rules") == 0)
				st = rl_engine_load_rules(e, first->files[i].path, &err);
		if (st == RL_OK)
			st = rl_engine_seal(e, &err);
		if (st != RL_OK)
			rc = fail(err, st), err = NULL;
		else if (rl_engine_clause_count(e) == 0)
			rc = load_rules(e, o);  /* names the problem */
	} else if (!rc && batch) {
		rc = load_rules(e, o);
	}
	if (!rc && batch) {
		rl_status st = load_batch(o, e, batch, 1, &b, &err);
		if (st != RL_OK)
			rc = fail(err, st), err = NULL;
	}
	man = rc ? NULL : batch_manifest(o, e, b);
	/* Every file both the shards' run and this merge read is unchanged. */
	for (size_t i = 0; !rc && first && i < first->nfiles; i++) {
		const rl_manifest_file *f = &first->files[i];
		for (size_t j = 0; j < man->nfiles && !rc; j++) {
			const rl_manifest_file *g = &man->files[j];
			if (strcmp(f->role, g->role) == 0 && strcmp(f->path, g->path) == 0 &&
			    strcmp(f->sha256, g->sha256) != 0) {
				fprintf(stderr, "%s:0: expected the %s file the shards were run with "
				        "(sha256 %.12s, %s:1), found it changed since (sha256 %.12s)\n",
				        g->path, f->role, f->sha256, first_path, g->sha256);
				rc = RL_EINPUT;
			}
		}
	}
	if (!rc && o->output && !(json = open_tmp(o->output, &tmp)))
		rc = RL_EINPUT;
	if (rc)
		goto out;
	rl_status st = rl_batch_merge(o->args, (size_t)o->nargs, e, b, json, stdout, man, &err);
	if (st == RL_FINDING)
		st = RL_OK;     /* merge evaluates nothing: 0 once the summary is written */
	if (!finish_tmp(json, tmp, o->output, st == RL_OK) && st == RL_OK)
		st = RL_EEVAL;
	rc = err ? fail(err, st) : (int)st;
out:
	rl_manifest_free(first);
	rl_manifest_free(man);
	rl_batch_free(b);
	return rc;
}

/* Reads a whole file as text; NULL after printing the error. */
static char *slurp(const char *path, size_t *len)
{
	char *why = NULL;
	FILE *f = rl_open_regular(path, RL_MAX_FILE_BYTES, &why);
	char *text = NULL;
	size_t cap = 0;
	ssize_t n = f ? getdelim(&text, &cap, '\0', f) : -1;
	if (!f && why && !strstr(why, "No such file")) {
		fprintf(stderr, "%s\n", why);     /* a FIFO, a device, too big */
		free(why);
		return NULL;
	}
	free(why);
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
	char *want = rl_fmt("\"%s\": \"%s\"", key, value);
	int found = strstr(summary, want) != NULL;
	free(want);
	return found;
}

/* The value of `"key": "..."` in the summary nearest to value, as
 * " (nearest: '...')", or "" (owned either way). */
static char *summary_nearest(const char *summary, const char *key, const char *value)
{
	char want[64], *best = NULL;
	size_t bestd = (size_t)-1, n;
	snprintf(want, sizeof want, "\"%s\": \"", key);
	n = strlen(want);
	for (const char *p = summary; (p = strstr(p, want)); ) {
		p += n;
		const char *q = strchr(p, '"');
		if (!q)
			break;
		char *s = rl_xstrndup(p, (size_t)(q - p));
		size_t d = rl_edit_distance(value, s);
		if (!best || d < bestd) {
			free(best);
			best = s, bestd = d;
		} else {
			free(s);
		}
		p = q;
	}
	char *out = best ? rl_fmt(" (nearest: '%s')", best) : rl_xstrdup("");
	free(best);
	return out;
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
				st = load_batch(o, e, o->batch, 1, &b, &err);
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
		char *near = summary_nearest(summary, "id", o->clause);
		fprintf(stderr, "%s:0: expected --clause to name a clause of the batch, found "
		        "'%s'%s\n", where, o->clause, near);
		free(near);
		st = RL_EINPUT;
	}
	for (int i = 0; i < 2 && st == RL_OK; i++) {
		const char *axis = i ? o->y : o->x;
		if (axis && !summary_has(summary, "path", axis)) {
			char *near = summary_nearest(summary, "path", axis);
			fprintf(stderr, "%s:0: expected --%s to name an axis of the batch, found "
			        "'%s'%s\n", where, i ? "y" : "x", axis,
			        strstr(summary, "\"axes\"") ? near
			        : " (this summary names no axes: give --batch BATCH)");
			free(near);
			st = RL_EINPUT;
		}
	}
	FILE *out = stdout;
	rl_out *tmp = NULL;
	if (st == RL_OK && o->output && !(out = open_tmp(o->output, &tmp)))
		st = RL_EINPUT;
	if (st == RL_OK) {
		const char *kv[12];
		render_opts(o, format, kv);
		rl_render_options ro = {renderer, kv, o->limits.instructions, o->max_output};
		st = rl_results_render(e, results, summary, len, o->batch, &ro, out, &err);
		if (err && o->summary && strncmp(err, "summary:0:", 10) == 0) {
			char *m = rl_fmt("%s%s", o->summary, err + 7);
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
		const command_def *c = argc >= 3 ? find_command(argv[2]) : NULL;
		print_usage(stdout, c);
		return 0;
	}
	opts o;
	int rc = parse(argc, argv, &o);
	if (rc)
		return rc;
	/* Testing only: make the Lua allocations of scripts fail after N. */
	const char *fa = getenv("REDLINE_FAIL_ALLOC_AFTER");
	if (fa && *fa)
		o.limits.fail_alloc_after = strtoul(fa, NULL, 10);
	signal(SIGTERM, drop_tmps);
	signal(SIGHUP, drop_tmps);
	signal(SIGINT, drop_tmps);
	rl_engine *e = rl_engine_new(&o.limits);
	rc = current->run(&o, e);
	rl_engine_free(e);
	/* What went to standard output must have been written (a full disk,
	 * a closed pipe): one line and a non-zero exit, whatever the command. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		char *m = rl_out_error("<stdout>", errno);
		fprintf(stderr, "%s\n", m);
		free(m);
		if (rc < RL_EEVAL)
			rc = RL_EEVAL;
	}
	return rc;
}
