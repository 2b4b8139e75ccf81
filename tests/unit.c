/* unit.c - unit tests of the engine's modules (cmocka). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>

#include "batch.h"
#include "batch_alike.h"
#include "engine.h"
#include "eval.h"
#include "loader.h"
#include "paths.h"
#include "report.h"
#include "rules.h"
#include "manifest.h"
#include "results.h"
#include "memo.h"
#include "store.h"
#include "summary.h"
#include "util.h"
#include "whatif.h"
#include "batch_impl.h"

#include <sqlite3.h>
#include <unistd.h>

/* An engine with the rule packs of dir loaded and sealed (the test fails
 * with the loader's message if they do not load). */
static rl_engine *rules_engine(const char *dir)
{
	rl_engine *e = rl_engine_new(NULL);
	char *err = NULL;
	if (rl_engine_load_rules(e, dir, &err) != RL_OK || rl_engine_seal(e, &err) != RL_OK)
		fail_msg("%s", err);
	return e;
}

static void dates_round_trip(void **state)
{
	(void)state;
	int32_t d;
	char out[11];
	assert_int_equal(rl_date_parse("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(rl_date_parse("2025-10-28", &d), 0);
	rl_date_format(d, out);
	assert_string_equal(out, "2025-10-28");
	assert_int_equal(rl_date_parse("2024-02-29", &d), 0);
	assert_int_equal(rl_date_parse("2026-02-29", &d), -1);
	assert_int_equal(rl_date_parse("2026-13-01", &d), -1);
	assert_int_equal(rl_date_parse("2026-1-01", &d), -1);
	assert_int_equal(rl_date_parse("20260101xx", &d), -1);
}

static void pool_interns(void **state)
{
	(void)state;
	rl_pool *p = rl_pool_new();
	const char *a = rl_pool_intern(p, "azure", 5);
	for (int i = 0; i < 1000; i++) {
		char name[16];
		snprintf(name, sizeof name, "id%d", i);
		rl_pool_intern(p, name, strlen(name));
	}
	assert_ptr_equal(rl_pool_intern(p, "azure", 5), a);
	assert_ptr_equal(rl_pool_find(p, "azure", 5), a);
	assert_null(rl_pool_find(p, "aws", 3));
	rl_pool_free(p);
}

static void numbers_have_one_format(void **state)
{
	(void)state;
	char out[32];
	rl_format_number(0.4, out);
	assert_string_equal(out, "0.4");
	rl_format_number(2e10, out);
	assert_string_equal(out, "20000000000");
	rl_format_number(0.1 + 0.2, out);
	assert_string_equal(out, "0.30000000000000004");
	rl_format_number(NAN, out);
	assert_string_equal(out, "null");
}

static void nearest_names_and_kept_clauses(void **state)
{
	(void)state;
	const char *names[] = {"letter", "spirit", "broad"};
	assert_string_equal(rl_nearest("sprit", names, 3), "spirit");
	assert_string_equal(rl_nearest("bogus", names, 3), "broad");
	assert_null(rl_nearest("x", names, 0));
	/* check --clause: the report keeps those clauses, its verdict theirs */
	rl_engine *e = rl_engine_new(NULL);
	char *err = NULL;
	assert_int_equal(rl_engine_load_rules(e, "rules", &err), RL_OK);
	assert_int_equal(rl_engine_seal(e, &err), RL_OK);
	rl_scenario *sc = NULL;
	if (rl_scenario_load(e, "scenarios/frontier_bedrock_sre.lua", &sc, &err) != RL_OK)
		fail_msg("%s", err);
	rl_evaluator *ev = NULL;
	assert_int_equal(rl_evaluator_new(e, &ev, &err), RL_OK);
	rl_report *r = NULL;
	assert_int_equal(rl_evaluate(ev, sc, NULL, &r, &err), RL_OK);
	assert_int_equal(rl_report_verdict(r), RL_CONTESTED);
	const char *keep[] = {"amazon-openai-2026/government-resale",
	                      "msft-openai-2019/exclusive-cloud"};
	rl_report_keep_clauses(r, keep, 2);
	assert_int_equal(rl_report_clause_count(r), 2);
	assert_string_equal(rl_report_clause_id(r, 0), keep[0]);
	assert_int_equal(rl_report_verdict(r), RL_COMPLIANT);
	assert_true(rl_report_exposure(r) == 0);
	rl_report_free(r);
	rl_evaluator_free(ev);
	rl_scenario_free(sc);
	rl_engine_free(e);
}

static rl_model *load(const char *path)
{
	rl_model *m = NULL;
	char *err = NULL;
	rl_status st = rl_load_scenario(NULL, path, &m, &err);
	if (st != RL_OK)
		fail_msg("%s", err);
	return m;
}

static const rl_path *find_path(const rl_world *w, const char *name)
{
	for (size_t i = 0; i < w->npaths; i++)
		if (strcmp(w->paths[i].name, name) == 0)
			return &w->paths[i];
	return NULL;
}

static void paths_follow_calls(void **state)
{
	(void)state;
	rl_model *m = load("tests/unit_cases/paths.lua");
	rl_world *w = rl_world_new(m);
	char *err = NULL;
	assert_int_equal(rl_paths_compute(w, &err), 0);
	/* entry->inf, entry->inf2, onazure[m] (implicit), raw */
	assert_int_equal(w->npaths, 4);
	const rl_path *p = find_path(w, "entry->inf");
	assert_non_null(p);
	assert_string_equal(p->v[RL_P_MODEL_CLOUD].u.s, "aws");
	assert_string_equal(p->v[RL_P_SELLER].u.s, "amazon");   /* defaulted */
	assert_true(p->v[RL_P_STATEFUL].u.b);
	assert_false(p->v[RL_P_DIRECT_API].u.b);
	assert_string_equal(p->v[RL_P_MODEL_OWNER].u.s, "openai");

	p = find_path(w, "entry->inf2");
	assert_non_null(p);
	assert_int_equal(p->v[RL_P_MODEL_CLOUD].t, RL_V_UNKNOWN);
	char need[128];
	rl_fref_format((const rl_entity *const *)w->ents, p->why[RL_P_MODEL_CLOUD], need,
	               sizeof need);
	assert_string_equal(need, "deployment.inf2.cloud");

	p = find_path(w, "onazure[m]");
	assert_non_null(p);
	assert_string_equal(p->v[RL_P_MODEL_CLOUD].u.s, "azure");

	p = find_path(w, "raw");
	assert_non_null(p);
	assert_true(p->v[RL_P_DIRECT_API].u.b);
	assert_int_equal(p->v[RL_P_API_SHARE].u.num, 1);
	rl_world_free(w);
	rl_model_free(m);
}

static void supersession_and_dates(void **state)
{
	(void)state;
	rl_rules r = {0};
	r.ncontracts = 2;
	r.contracts = calloc(2, sizeof *r.contracts);
	r.contracts[0] = (rl_contract){.id = strdup("old"), .file = strdup("t"),
		.binding = 1, .ends = RL_NO_DATE, .signed_on = RL_NO_DATE};
	rl_date_parse("2019-07-22", &r.contracts[0].effective);
	r.contracts[1] = (rl_contract){.id = strdup("new"), .file = strdup("t"),
		.binding = 1, .ends = RL_NO_DATE, .signed_on = RL_NO_DATE};
	rl_date_parse("2025-10-28", &r.contracts[1].effective);
	r.contracts[1].supersedes = calloc(1, sizeof(char *));
	r.contracts[1].supersedes[0] = strdup("old/c");
	r.contracts[1].nsupersedes = 1;
	r.nclauses = 1;
	r.clauses = calloc(1, sizeof *r.clauses);
	r.clauses[0] = (rl_clause){.id = strdup("old/c"), .contract_id = strdup("old"),
		.file = strdup("t"), .effective = RL_NO_DATE, .ends = RL_NO_DATE};
	r.clauses[0].nreadings = 2;
	r.clauses[0].readings = calloc(2, sizeof(rl_reading_def));
	r.clauses[0].readings[0] = (rl_reading_def){.name = strdup("a"), .raw_weight = 3};
	r.clauses[0].readings[1] = (rl_reading_def){.name = strdup("b"), .raw_weight = 1};
	char *err = NULL;
	assert_int_equal(rl_rules_link(&r, &err), 0);
	assert_true(fabs(r.clauses[0].readings[0].weight - 0.75) < 1e-12);
	int32_t d;
	char why[200];
	rl_date_parse("2019-01-01", &d);
	assert_false(rl_clause_in_force(&r, 0, d, why, sizeof why));
	assert_non_null(strstr(why, "takes effect on 2019-07-22"));
	rl_date_parse("2025-06-15", &d);
	assert_true(rl_clause_in_force(&r, 0, d, why, sizeof why));
	rl_date_parse("2025-10-28", &d);
	assert_false(rl_clause_in_force(&r, 0, d, why, sizeof why));
	assert_non_null(strstr(why, "superseded by new"));
	rl_rules_free(&r);
}

static void bad_reference_names_nearest(void **state)
{
	(void)state;
	rl_model *m = NULL;
	char *err = NULL;
	FILE *f = fopen("tests/unit_cases/dangling.lua", "w");
	fputs("scenario \"s\" { date = \"2026-01-01\" }\n"
	      "party \"amazon\" { kind = \"cloud_provider\" }\n"
	      "cloud \"aws\" { owner = \"amazon\" }\n"
	      "model \"m\" { owner = \"amazon\" }\n"
	      "deployment \"d\" { runs = \"m\", cloud = \"awz\", operator = \"amazon\" }\n", f);
	fclose(f);
	assert_int_equal(rl_load_scenario(NULL, "tests/unit_cases/dangling.lua", &m, &err),
	                 RL_EINPUT);
	assert_non_null(strstr(err, "tests/unit_cases/dangling.lua:5:"));
	assert_non_null(strstr(err, "nearest: 'aws'"));
	free(err);
	remove("tests/unit_cases/dangling.lua");
}

/* Issue 3, item 1: every clause of the bundled packs is documented as an
 * analyst needs it, and the ids reports refer to exist. */
static void rule_packs_are_complete(void **state)
{
	(void)state;
	rl_engine *e = rules_engine("rules");
	const rl_rules *r = &e->rules;
	for (size_t k = 0; k < r->nclauses; k++) {
		const rl_clause *c = &r->clauses[k];
		if (!c->text || !c->ncites || !c->holder || !c->obligor)
			fail_msg("%s lacks text, a citation, holder or obligor", c->id);
		for (size_t j = 0; j < c->ncites; j++)      /* "id#quote": a passage */
			if (!strchr(c->cites[j], '#') || strstr(c->cites[j], ".txt"))
				fail_msg("%s cites '%s', not a passage of a source", c->id, c->cites[j]);
		for (size_t j = 0; j < c->nreadings; j++)
			if (!c->readings[j].doc || c->readings[j].raw_weight <= 0)
				fail_msg("%s reading %s lacks a doc or a weight", c->id,
				         c->readings[j].name);
	}
	static const char *const clauses[] = {"msft-openai-2019/exclusive-cloud",
		"msft-openai-2025/api-exclusivity", "msft-openai-2025/ip-license",
		"msft-openai-2026/frontier-on-azure",
		"amazon-openai-2026/frontier-exclusive-third-party",
		"amazon-openai-2026/government-resale", "aws-guidance-2026/messaging"};
	for (size_t i = 0; i < sizeof clauses / sizeof clauses[0]; i++)
		if (rl_rules_find_clause(r, clauses[i]) < 0)
			fail_msg("missing clause %s", clauses[i]);
	long api = rl_rules_find_clause(r, "msft-openai-2025/api-exclusivity");
	int letter = 0, spirit = 0;
	for (size_t j = 0; j < r->clauses[api].nreadings; j++) {
		letter |= strcmp(r->clauses[api].readings[j].name, "letter") == 0;
		spirit |= strcmp(r->clauses[api].readings[j].name, "spirit") == 0;
	}
	assert_true(letter && spirit);
	long sep = rl_rules_find_contract(r, "msft-openai-2025-09");
	assert_true(sep >= 0);
	assert_false(r->contracts[sep].binding);
	long x = -1;
	for (size_t i = 0; i < r->nexceptions; i++)
		if (strcmp(r->exceptions[i].id, "msft-openai-2025/red-line") == 0)
			x = (long)i;
	assert_true(x >= 0);
	assert_int_equal(r->exceptions[x].nreadings, 3);     /* letter, letter-partner, spirit */
	rl_engine_free(e);
}

/* Issue 3, item 2: every bundled scenario carries expectations and cites
 * its sources (a scenario without `expect` would be skipped by `test`). */
static long long one_int(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;
	if (sqlite3_open(db, &h) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

/* The store reads per-reading verdicts in each shape a batch line may
 * hold them, and the manifest's digest is SHA-256. */
/* The bundled rules, the design-space batch, and a results database at a
 * fresh temporary path (f->s; f->path), for tests of the store. */
typedef struct store_fixture {
	rl_engine *e;
	rl_batch *b;
	rl_manifest *m;
	rl_store *s;
	char path[32];
} store_fixture;

static void store_fixture_open(store_fixture *f)
{
	char *err = NULL;
	f->e = rl_engine_new(NULL);
	assert_int_equal(rl_engine_load_rules(f->e, "rules", &err), RL_OK);
	assert_int_equal(rl_engine_seal(f->e, &err), RL_OK);
	f->b = NULL;
	assert_int_equal(rl_batch_load(f->e, "scenarios/frontier_design_space.batch.lua", &f->b,
	                               &err), RL_OK);
	snprintf(f->path, sizeof f->path, "/tmp/redline-unit-XXXXXX");
	int fd = mkstemp(f->path);
	assert_true(fd >= 0);
	close(fd);
	f->m = rl_manifest_new();
	f->s = NULL;
	assert_int_equal(rl_store_open(f->path, 0, f->e, f->b, f->m, &f->s, &err), RL_OK);
}

/* After the test closed f->s: removes the database, frees the rest. */
static void store_fixture_close(store_fixture *f)
{
	unlink(f->path);
	rl_manifest_free(f->m);
	rl_batch_free(f->b);
	rl_engine_free(f->e);
}

static void store_reads_readings(void **state)
{
	(void)state;
	char hex[65];
	rl_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	char *err = NULL;
	store_fixture fx;
	store_fixture_open(&fx);
	rl_store *s = fx.s;
	const char *path = fx.path;
	static const char lines[] =
		"{\"index\":0,\"values\":[\"aws\",0.5,\"2026-03-18\",\"x\"],\"verdict\":\"contested\","
		"\"clauses\":[{\"id\":\"msft-openai-2025/api-exclusivity\",\"verdict\":\"contested\","
		"\"p_breach\":0.4,\"expected_exposure_usd\":2e10,\"readings\":[{\"name\":\"letter\","
		"\"verdict\":\"compliant\"},{\"name\":\"letter-partner\",\"verdict\":\"compliant\"},"
		"{\"name\":\"spirit\",\"verdict\":\"breach\"}]}]}\n"
		"{\"index\":1,\"values\":[\"aws\",0.5,\"2026-03-18\",\"y\"],\"verdict\":\"contested\","
		"\"clauses\":[{\"id\":\"msft-openai-2025/api-exclusivity\",\"verdict\":\"contested\","
		"\"p_breach\":0.4,\"expected_exposure_usd\":2e10,\"readings\":{\"letter\":\"compliant\","
		"\"letter-partner\":\"compliant\",\"spirit\":\"breach\"}}]}\n"
		"{\"index\":2,\"values\":[\"aws\",0.5,\"2026-03-18\",\"z\"],\"verdict\":\"contested\","
		"\"clauses\":[{\"id\":\"msft-openai-2025/api-exclusivity\",\"verdict\":\"contested\","
		"\"p_breach\":0.4,\"expected_exposure_usd\":null,\"readings\":[\"compliant\",\"compliant\","
		"\"breach\"]}]}\n";
	assert_int_equal(rl_store_put_lines(s, lines, sizeof lines - 1, &err), RL_OK);
	assert_int_equal(rl_store_next(s), 3);
	/* a bad line rolls its whole block back */
	assert_int_equal(rl_store_put_lines(s, "{\"index\":3}\n", 12, &err), RL_EEVAL);
	assert_non_null(err);
	free(err);
	err = NULL;
	rl_store_close(s);
	assert_int_equal(one_int(path, "SELECT count(*) FROM variants"), 3);
	assert_int_equal(one_int(path, "SELECT count(*) FROM readings WHERE reading = 'spirit' "
	                               "AND verdict = 'breach'"), 3);
	assert_int_equal(one_int(path, "SELECT count(*) FROM readings WHERE reading = 'letter' "
	                               "AND verdict = 'compliant'"), 3);
	assert_int_equal(one_int(path, "SELECT count(*) FROM findings WHERE "
	                               "expected_exposure_usd IS NULL"), 1);
	store_fixture_close(&fx);
}

/* Search wants: a verdict, a set, a negation; bad names refused. */
static void wants_parse(void **state)
{
	(void)state;
	unsigned m = 0;
	char *err = NULL;
	assert_int_equal(rl_batch_parse_want("breach", &m, &err), 0);
	assert_int_equal(m, 1u << RL_BREACH);
	assert_int_equal(rl_batch_parse_want("compliant,not_applicable", &m, &err), 0);
	assert_int_equal(m, (1u << RL_COMPLIANT) | (1u << RL_NOT_APPLICABLE));
	assert_int_equal(rl_batch_parse_want("not:breach,contested", &m, &err), 0);
	assert_int_equal(m, ((1u << RL_NVERDICTS) - 1) & ~((1u << RL_BREACH) | (1u << RL_CONTESTED)));
	rl_buf t = {0};
	rl_batch_want_text(m, &t);
	assert_string_equal(t.data, "not breach nor contested");
	rl_buf_free(&t);
	assert_int_equal(rl_batch_parse_want("compliant,maybe", &m, &err), -1);
	assert_non_null(strstr(err, "found 'maybe'"));
	free(err);
	err = NULL;
	assert_int_equal(rl_batch_parse_want("not:", &m, &err), -1);
	free(err);
}

/* Thresholds are rounded to the tolerance, not to a grid. */
static void thresholds_round(void **state)
{
	(void)state;
	assert_true(rl_tips_round(0.50000004, 1e-6) == 0.5);
	assert_true(rl_tips_round(1.70000001, 1e-6) == 1.7);
	assert_true(rl_tips_round(1.7156, 0.25) == 1.75);
	assert_true(rl_tips_round(0.3, 0) == 0.3);
}

static void scenarios_expect_and_cite(void **state)
{
	(void)state;
	DIR *d = opendir("scenarios");
	assert_non_null(d);
	struct dirent *de;
	int n = 0;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		int lua = len > 4 && strcmp(de->d_name + len - 4, ".lua") == 0;
		int json = len > 5 && strcmp(de->d_name + len - 5, ".json") == 0;
		if ((!lua && !json) || strstr(de->d_name, ".batch.lua"))
			continue;
		char path[512];
		snprintf(path, sizeof path, "scenarios/%s", de->d_name);
		rl_model *m = load(path);
		const rl_entity *sc = &m->ents[RL_K_SCENARIO][0];
		if (m->nexpect == 0 || sc->f[RL_F_SOURCE].t != RL_V_STR)
			fail_msg("%s lacks expect or source", path);
		rl_model_free(m);
		n++;
	}
	closedir(d);
	assert_true(n >= 12);
}

/* Issue 9: one module decodes result lines (results.h) - no cap on the
 * clauses or values of a line, nor on a value's length, through the
 * store too; strict JSON with "expected X, found Y"; and the one rule for
 * a half-written last line (dropped when resuming, refused otherwise). */
static void results_lines(void **state)
{
	(void)state;
	rl_buf line = {0};
	char big[201];
	memset(big, 'v', 200);
	big[200] = '\0';
	rl_buf_puts(&line, "{\"index\":7,\"values\":[");
	for (int a = 0; a < 70; a++)
		rl_buf_printf(&line, "%s\"%s\\u00e9\"", a ? "," : "", big);
	rl_buf_puts(&line, ",[1,[\"a\"]]],\"verdict\":\"breach\",\"clauses\":[");
	for (int c = 0; c < 5000; c++)
		rl_buf_printf(&line, "%s{\"id\":\"c%d\",\"verdict\":\"compliant\",\"p_breach\":0.25,"
		              "\"expected_exposure_usd\":%s,\"readings\":{\"letter\":\"breach\"}}",
		              c ? "," : "", c, c % 2 ? "null" : "1e3");
	rl_buf_puts(&line, "],\"changes\":[\"x\"]}");
	rl_results_decoder d;
	memset(&d, 0, sizeof d);
	rl_result r;
	assert_int_equal(rl_results_decode(&d, line.data, line.len, &r), 0);
	assert_int_equal(r.index, 7);
	assert_int_equal(r.verdict, RL_BREACH);
	assert_int_equal(r.nvalues, 71);
	assert_int_equal(r.values[69].type, RL_RV_TEXT);
	assert_int_equal(r.values[69].len, 202);       /* 200 + the two bytes of U+00E9 */
	assert_int_equal(r.values[70].type, RL_RV_JSON);
	assert_int_equal(r.values[70].len, 9);         /* [1,["a"]] as written */
	assert_int_equal(r.nclauses, 5000);
	assert_string_equal(r.clauses[4999].id, "c4999");
	assert_true(r.clauses[0].has_exposure && r.clauses[0].exposure == 1000);
	assert_false(r.clauses[1].has_exposure);
	assert_int_equal(rl_result_reading_verdict(&r.clauses[4999], "letter", 0), RL_BREACH);

	/* Through the store: every value whole, every clause. */
	char *err = NULL;
	store_fixture fx;
	store_fixture_open(&fx);
	rl_store *s = fx.s;
	const char *path = fx.path;
	assert_int_equal(rl_store_put_lines(s, line.data, line.len, &err), RL_OK);
	rl_store_close(s);
	assert_int_equal(one_int(path, "SELECT count(*) FROM axis_values"), 71);
	assert_int_equal(one_int(path, "SELECT min(length(CAST(value AS BLOB))) FROM axis_values "
	                               "WHERE axis < 70"), 202);
	assert_int_equal(one_int(path, "SELECT count(*) FROM findings"), 5000);
	assert_int_equal(one_int(path, "SELECT count(*) FROM axis_values WHERE axis = 70 AND "
	                               "value = '[1,[\"a\"]]'"), 1);
	store_fixture_close(&fx);

	/* Strict: what was expected, and what stood there. */
	static const struct { const char *line, *want, *found; } bad[] = {
		{"{\"index\":1.5,\"verdict\":\"breach\",\"clauses\":[]}",
		 "a whole \"index\" from 0 to 9e15", "1.5"},
		{"{\"index\":1,\"verdict\":\"bogus\",\"clauses\":[]}", "a known \"verdict\"",
		 "\"bogus\""},
		{"{\"index\":1,\"verdict\":\"breach\"}", "a list of \"clauses\"", "the end of the line"},
		{"{\"index\":1,\"verdict\":\"breach\",\"clauses\":[]} x", "nothing after the object",
		 "x"},
		{"{\"index\":1,\"verdict\":\"breach\",\"clauses\":[{\"id\":\"a\",\"verdict\":\"breach\","
		 "\"p_breach\":2,\"expected_exposure_usd\":null}]}",
		 "clauses with a \"p_breach\" from 0 to 1", "2"},
		{"{\"index\":1,\"verdict\":\"breach\",\"clauses\":[],\"x\":\"\\q\"}", "a valid escape",
		 "q\""},
		{"{\"index\":0x1}", "valid JSON (',' or '}' in an object)", "x1"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(rl_results_decode(&d, bad[i].line, strlen(bad[i].line), &r), -1);
		assert_string_equal(d.want, bad[i].want);
		assert_string_equal(d.found, bad[i].found);
	}
	rl_results_decoder_free(&d);
	rl_buf_free(&line);

	/* A half-written last line: dropped when resuming, refused otherwise. */
	static const char text[] = "{\"manifest\":{}}\n{\"index\":0}\n{\"ind";
	for (int mode = 0; mode < 2; mode++) {
		FILE *f = fmemopen((void *)text, sizeof text - 1, "r");
		rl_results_reader rd;
		size_t len;
		rl_results_reader_init(&rd, f, "out.jsonl",
		                       mode ? RL_RESULTS_HALF_DROP : RL_RESULTS_HALF_REFUSE);
		assert_int_equal(rl_results_read(&rd, &len, &err), 1);
		assert_true(rl_results_is_manifest(rd.line));
		assert_int_equal(rl_results_read(&rd, &len, &err), 1);
		assert_int_equal(len, 11);
		if (mode) {
			assert_int_equal(rl_results_read(&rd, &len, &err), 0);
			assert_true(rd.half);
		} else {
			assert_int_equal(rl_results_read(&rd, &len, &err), -1);
			assert_string_equal(err, "out.jsonl:3: expected a complete line, found a "
			                         "half-written one");
			free(err);
			err = NULL;
		}
		rl_results_reader_free(&rd);
		fclose(f);
	}
}

/* A line as the writer wrote it before it kept any text from line to line:
 * every value, number and name formatted afresh.  The writer's lines must
 * be these bytes. */
static void reference_line(const rl_engine *e, rl_buf *o, unsigned long long index,
                           size_t naxes, const rl_value *const *vals, const size_t *pick,
                           const double *num, const rl_verdicts *v, uint32_t changed,
                           const char *const *paths)
{
	char text[32];
	rl_buf_printf(o, "{\"index\":%llu,\"values\":[", index);
	for (size_t a = 0; a < naxes; a++) {
		if (a)
			rl_buf_putc(o, ',');
		if (!vals[a]) {
			rl_format_number(num[a], text);
			rl_buf_puts(o, text);
		} else {
			rl_json_value(o, &vals[a][pick[a]]);
		}
	}
	rl_buf_printf(o, "],\"verdict\":\"%s\",\"clauses\":[",
	              rl_verdict_name((rl_verdict)v->scenario));
	for (size_t c = 0; c < v->nclauses; c++) {
		const rl_clause *cl = &e->rules.clauses[v->clause[c]];
		rl_buf_puts(o, c ? ",{\"id\":" : "{\"id\":");
		rl_json_string(o, cl->id);
		rl_format_number(v->p_breach[c], text);
		rl_buf_printf(o, ",\"verdict\":\"%s\",\"p_breach\":%s,\"expected_exposure_usd\":",
		              rl_verdict_name((rl_verdict)v->verdict[c]), text);
		rl_format_number(v->exposure[c], text);        /* NAN: null */
		rl_buf_puts(o, text);
		rl_buf_puts(o, ",\"readings\":{");
		for (size_t j = 0; j < cl->nreadings; j++) {
			if (j)
				rl_buf_putc(o, ',');
			rl_json_string(o, cl->readings[j].name);
			rl_buf_printf(o, ":\"%s\"", rl_verdict_name(
			              (rl_verdict)v->reading[v->slot[v->clause[c]] + j]));
		}
		rl_buf_puts(o, "}}");
	}
	rl_buf_putc(o, ']');
	if (changed) {
		rl_buf_puts(o, ",\"changes\":[");
		for (size_t a = 0, n = 0; a < naxes; a++)
			if (changed & (1u << a)) {
				if (n++)
					rl_buf_putc(o, ',');
				rl_json_string(o, paths[a]);
			}
		rl_buf_putc(o, ']');
	}
	rl_buf_puts(o, "}\n");
}

/* Issue 13: -o keeps the text of axis values and of repeated verdict
 * patterns.  Lines written with that (a cache of 8 patterns, so that it
 * fills and starts over many times) and without it (no value text, no
 * cache) are the same bytes as the reference. */
static void results_written_alike(void **state)
{
	(void)state;
	char *err = NULL;
	rl_engine *e = rl_engine_new(NULL);
	assert_int_equal(rl_engine_load_rules(e, "rules", &err), RL_OK);
	assert_int_equal(rl_engine_seal(e, &err), RL_OK);
	rl_evaluator *ev = NULL;
	assert_int_equal(rl_evaluator_new(e, &ev, &err), RL_OK);
	rl_verdicts v;
	rl_verdicts_init(&v, ev);
	size_t nc = e->rules.nclauses < 5 ? e->rules.nclauses : 5;
	assert_true(nc >= 2);

	rl_value names[4], nums[9], other[3], items[2];
	const char *strs[] = {"aws", "say \"hi\"\n", "caf\xc3\xa9", "bad \xff byte"};
	for (int i = 0; i < 4; i++)
		names[i] = (rl_value){.t = RL_V_STR, .ref = -1, .u.s = strs[i]};
	const double ns[] = {0, -0.0, 1, -3, 0.1 + 0.2, 1e20, 2.5e-7, NAN, 123456789012345.0};
	for (int i = 0; i < 9; i++)
		nums[i] = (rl_value){.t = RL_V_NUM, .ref = -1, .u.num = ns[i]};
	items[0] = (rl_value){.t = RL_V_NUM, .ref = -1, .u.num = 0.5};
	items[1] = names[1];
	other[0] = (rl_value){.t = RL_V_BOOL, .ref = -1, .u.b = 1};
	other[1] = (rl_value){.t = RL_V_BOOL, .ref = -1, .u.b = 0};
	other[2] = (rl_value){.t = RL_V_LIST, .n = 2, .ref = -1, .u.items = items};
	const rl_value *vals[] = {names, nums, other, NULL};
	const size_t nvals[] = {4, 9, 3, 0};
	const char *paths[] = {"deployment.x.cloud", "param.share", "model.m.attrs.\"q\"", "date"};

	rl_results_writer fast, slow;
	rl_results_writer_init(&fast, e);
	rl_results_writer_axes(&fast, 4, vals, nvals, paths, RL_RESULTS_AXIS_TEXT);
	rl_results_writer_init(&slow, e);
	rl_results_writer_axes(&slow, 4, vals, nvals, paths, 0);
	rl_results_cache *cache = rl_results_cache_new(&fast, 8);
	rl_buf a = {0}, b = {0}, want = {0};
	static const double ps[] = {0, 1, 0.25, 1.0 / 3};
	static const double xs[] = {0, 2e10, -1.5, 7};
	uint64_t r = 42;
	for (unsigned long long i = 0; i < 3000; i++) {
		size_t pick[4];
		double num[4] = {0, 0, 0, 0};
		/* one of three patterns often, now and then one of many */
		unsigned many = i % 7 == 0;
		v.nclauses = nc;
		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		uint64_t q = many ? r : (r >> 33) % 3;
		v.scenario = (int)(q % (many ? RL_NVERDICTS : 2));
		for (size_t c = 0; c < nc; c++) {
			q = q * 6364136223846793005ULL + 1442695040888963407ULL;
			unsigned x = (unsigned)(q >> 33);
			v.clause[c] = (uint32_t)(nc - 1 - c);
			v.verdict[c] = (unsigned char)(many ? x % RL_NVERDICTS : x % 2);
			v.p_breach[c] = many ? (double)(x % 1000) / 999 : ps[(x >> 8) % 2];
			v.exposure[c] = (x >> 12) % 3 == 0 ? NAN : xs[(x >> 14) % (many ? 4 : 1)];
			const rl_clause *cl = &e->rules.clauses[v.clause[c]];
			for (size_t j = 0; j < cl->nreadings; j++)
				v.reading[v.slot[v.clause[c]] + j] =
					(unsigned char)((x >> (16 + j)) % (many ? RL_NVERDICTS : 2));
		}
		if (!many && i % 5 == 1) {
			/* a common pattern but for one thing, which the key must see */
			size_t c = (size_t)(i / 5) % nc, k = v.clause[c];
			switch ((i / 5) % 5) {
			case 0: v.p_breach[c] = 0.5; break;
			case 1: v.exposure[c] = isnan(v.exposure[c]) ? 0 : NAN; break;
			case 2: v.verdict[c] = RL_ERROR; break;
			case 3: v.scenario = RL_UNKNOWN; break;
			default:
				if (e->rules.clauses[k].nreadings)
					v.reading[v.slot[k]] = RL_ERROR;
				else
					v.scenario = RL_ERROR;
			}
		}
		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		pick[0] = (r >> 33) % 4;
		pick[1] = (r >> 40) % 9;
		pick[2] = (r >> 48) % 3;
		num[3] = i % 5 == 0 ? (double)(i / 5) : (double)i / 7;
		uint32_t changed = i % 3 ? (uint32_t)(r >> 56) % 16 : 0;
		a.len = b.len = want.len = 0;
		rl_results_write(&fast, cache, &a, i, pick, num, &v, changed != 0, changed);
		rl_results_write(&slow, NULL, &b, i, pick, num, &v, changed != 0, changed);
		reference_line(e, &want, i, 4, vals, pick, num, &v, changed, paths);
		assert_int_equal(a.len, want.len);
		assert_string_equal(a.data, want.data);
		assert_int_equal(b.len, want.len);
		assert_string_equal(b.data, want.data);
	}
	unsigned long long hits, misses;
	rl_results_cache_counts(cache, &hits, &misses);
	assert_true(hits > 1000);       /* the cache was used... */
	assert_true(misses > 100);      /* ...and filled and started over */
	assert_int_equal(hits + misses, 3000);
	rl_buf_free(&a);
	rl_buf_free(&b);
	rl_buf_free(&want);
	rl_results_cache_free(cache);
	rl_results_writer_free(&fast);
	rl_results_writer_free(&slow);
	rl_verdicts_free(&v);
	rl_evaluator_free(ev);
	rl_engine_free(e);
}

/* The verdict algebra (docs/semantics.md): a clause's verdict from what its
 * readings found, one case a row. */
static void verdict_algebra(void **state)
{
	(void)state;
	static const struct {
		int any_error, all_na, any_unknown;
		double p_breach;
		int want;
	} cases[] = {
		{1, 0, 0, 1.0, RL_ERROR},               /* error first, whatever else */
		{1, 1, 1, 0.0, RL_ERROR},
		{0, 1, 0, 0.0, RL_NOT_APPLICABLE},      /* every reading not applicable */
		{0, 1, 1, 0.0, RL_NOT_APPLICABLE},
		{0, 0, 0, 1.0, RL_BREACH},              /* breached under every reading */
		{0, 0, 1, 1.0, RL_BREACH},
		{0, 0, 0, 1.0 - 1e-12, RL_BREACH},      /* weights summing to 1 in doubles */
		{0, 0, 0, 0.999, RL_CONTESTED},
		{0, 0, 0, 0.25, RL_CONTESTED},
		{0, 0, 1, 0.25, RL_CONTESTED},          /* a breach outweighs an unknown */
		{0, 0, 0, 1e-9, RL_CONTESTED},
		{0, 0, 1, 0.0, RL_UNKNOWN},             /* no breach, something unknown */
		{0, 0, 1, 1e-13, RL_UNKNOWN},           /* rounding noise is no breach */
		{0, 0, 0, 0.0, RL_COMPLIANT},
		{0, 0, 0, 1e-13, RL_COMPLIANT},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = rl_eval_clause_algebra(cases[i].any_error, cases[i].all_na,
		                                 cases[i].any_unknown, cases[i].p_breach);
		if (got != cases[i].want)
			fail_msg("case %zu (error %d, all n/a %d, unknown %d, p %.17g): %s, expected %s",
			         i, cases[i].any_error, cases[i].all_na, cases[i].any_unknown,
			         cases[i].p_breach, rl_verdict_name((rl_verdict)got),
			         rl_verdict_name((rl_verdict)cases[i].want));
	}
}

/* range(a, b, step) in a batch axis: how many values, or the error. */
static void batch_range(void **state)
{
	(void)state;
	static const struct {
		const char *range;
		unsigned long long count;       /* 0: refused */
		const char *error;
	} cases[] = {
		{"range(0, 1, 0.25)", 5, NULL},
		{"range(0, 1, 0.3)", 4, NULL},          /* b not reached: 0.9 last */
		{"range(0, 1, 0.1)", 11, NULL},         /* b included within rounding */
		{"range(0, 1, 0.05)", 21, NULL},
		{"range(0.5, 0.5, 1)", 1, NULL},
		{"range(0.2, 0.7, 1)", 1, NULL},
		{"range(1, 0, 0.5)", 0, "expected finite a <= b and step > 0"},
		{"range(0, 1, 0)", 0, "expected finite a <= b and step > 0"},
		{"range(0, 1, -0.5)", 0, "expected finite a <= b and step > 0"},
		{"range(0, 0/0, 1)", 0, "expected finite a <= b and step > 0"},
		{"range(0, 1e8, 1)", 0, "expected at most 10000000 values"},
	};
	rl_engine *e = rules_engine("rules");
	char *err = NULL;
	const char *path = "tests/unit_cases/range.batch.lua";
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fprintf(f, "batch \"range\" {\n  base = \"../../scenarios/frontier_bedrock_sre.lua\",\n"
		        "  vary = { { \"product.frontier.api_share\", %s } },\n}\n", cases[i].range);
		fclose(f);
		rl_batch *b = NULL;
		rl_status st = rl_batch_load(e, path, &b, &err);
		if (cases[i].error) {
			if (st == RL_OK || !err || !strstr(err, cases[i].error))
				fail_msg("%s: expected '%s', found %s", cases[i].range, cases[i].error,
				         err ? err : "no error");
			free(err);
			err = NULL;
		} else if (st != RL_OK) {
			fail_msg("%s: %s", cases[i].range, err);
		} else {
			if (rl_batch_count(b) != cases[i].count)
				fail_msg("%s: %llu values, expected %llu", cases[i].range,
				         rl_batch_count(b), cases[i].count);
			rl_batch_free(b);
		}
	}
	remove(path);
	rl_engine_free(e);
}

/* Grid variants are numbered in mixed radix, the last axis fastest:
 * tests/unit_cases/numbering.batch.lua has axes of 2, 3 and 2 values. */
static void variant_numbering(void **state)
{
	(void)state;
	static const struct {
		unsigned long long i, j;
		uint32_t differ;        /* the axes i and j set differently (bit a) */
		uint32_t changes;       /* the axes i sets other than the base does */
	} cases[] = {
		{0, 0, 0, 0},
		{0, 1, 4, 0},           /* 1 = (0, 0, 1): the last axis first */
		{0, 2, 2, 0},           /* 2 = (0, 1, 0) */
		{1, 2, 6, 4},
		{0, 6, 1, 0},           /* 6 = (1, 0, 0) */
		{5, 6, 7, 6},           /* 5 = (0, 2, 1) */
		{7, 9, 2, 5},           /* 7 = (1, 0, 1), 9 = (1, 1, 1) */
		{11, 0, 7, 7},          /* 11 = (1, 2, 1), the last variant */
		{4, 10, 1, 2},          /* 4 = (0, 2, 0), 10 = (1, 2, 0) */
	};
	rl_engine *e = rules_engine("rules");
	char *err = NULL;
	rl_batch *b = NULL;
	if (rl_batch_load(e, "tests/unit_cases/numbering.batch.lua", &b, &err) != RL_OK)
		fail_msg("%s", err);
	assert_int_equal(rl_batch_count(b), 12);
	assert_int_equal(rl_batch_axis_count(b), 3);
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		uint32_t d = rl_batch_differ(b, cases[k].i, cases[k].j);
		uint32_t c = rl_batch_changes(b, cases[k].i);
		if (d != cases[k].differ || c != cases[k].changes)
			fail_msg("variants %llu and %llu: differ %u (expected %u), %llu changes %u "
			         "(expected %u)", cases[k].i, cases[k].j, d, cases[k].differ,
			         cases[k].i, c, cases[k].changes);
	}
	rl_batch_free(b);
	rl_engine_free(e);
}

/* A rows case: writes tests/unit_cases/NAMESUFFIX.batch.lua, a batch over
 * the Frontier scenario whose rows are tests/unit_cases/NAMESUFFIX.csv, and
 * opens that table for the caller to write. */
static FILE *rows_case(const char *name, const char *suffix)
{
	char path[96];
	snprintf(path, sizeof path, "tests/unit_cases/%s%s.batch.lua", name, suffix);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "batch \"%s\" { base = \"../../scenarios/frontier_bedrock_sre.lua\",\n"
	        "  rows = csv_file(\"%s%s.csv\") }\n", name, name, suffix);
	fclose(f);
	snprintf(path, sizeof path, "tests/unit_cases/%s%s.csv", name, suffix);
	f = fopen(path, "w");
	assert_non_null(f);
	return f;
}

/* A rows table streamed (each piece reading its range a few bytes at a
 * time, so that lines are cut by every chunk and long ones grow the buffer)
 * gives the batch it gives read whole: the same variants with the same
 * values, or the same first error.  The whatif cases' tables, and one with
 * empty lines, a cell longer than any chunk and no line end after its last
 * row, each with a quote (read whole by libcsv) and without. */
static void rows_streamed_alike(void **state)
{
	(void)state;
	rl_engine *e = rules_engine("rules");
	for (int ok = 0; ok < 2; ok++) {
		FILE *f = rows_case("streamed", ok ? "_ok" : "");
		fputs("\n\ndeployment.sre-inference.cloud,product.frontier.api_share,date\n\n", f);
		for (int r = 0; r < 300; r++) {
			if (r % 37 == 5)
				fputs("\n", f);
			fprintf(f, "%s,%.4f,2026-%02d-%02d", r % 3 ? "aws" : "azure",
			        (r * 7919 % 10001) / 1e4, 1 + r % 12, 1 + r % 28);
			if (r == 150 && !ok)
				fprintf(f, "%0200d", 0);        /* a date 200 bytes too long */
			if (r < 299)
				fputs("\n", f);
		}
		fclose(f);
	}
	static const char *const paths[] = {
		"tests/unit_cases/streamed.batch.lua", "tests/unit_cases/streamed_ok.batch.lua",
		"tests/cases/whatif/rows.batch.lua", "tests/cases/whatif/ragged.batch.lua",
		"tests/cases/whatif/bad_column.batch.lua", "tests/cases/whatif/bad_quote.batch.lua",
		"tests/cases/whatif/bad_type.batch.lua", "tests/cases/whatif/bad_enum.batch.lua"};
	static const size_t chunks[] = {1, 7, 64, 4096};
	int loaded = 0, refused = 0;
	for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++) {
		rl_batch *whole = NULL;
		char *werr = NULL;
		rl_batch_load(e, paths[k], &whole, &werr);
		loaded += whole != NULL;
		refused += whole == NULL;
		for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++)
			for (int jobs = 1; jobs <= 3; jobs++) {
				rl_batch *b = NULL;
				char *berr = NULL;
				rl_batch_load_streamed(e, paths[k], jobs, chunks[c], &b, &berr);
				if (!whole != !b)
					fail_msg("%s, chunk %zu, -j%d: %s read whole, %s streamed", paths[k],
					         chunks[c], jobs, whole ? "loaded" : werr,
					         b ? "loaded" : berr);
				if (!whole && strcmp(werr, berr) != 0)
					fail_msg("%s, chunk %zu, -j%d: '%s' read whole, '%s' streamed",
					         paths[k], chunks[c], jobs, werr, berr);
				if (whole && !batches_alike(whole, b))
					fail_msg("%s, chunk %zu, -j%d: other variants streamed", paths[k],
					         chunks[c], jobs);
				if (b && strcmp(rl_batch_rows_sha256(whole), rl_batch_rows_sha256(b)) != 0)
					fail_msg("%s: another hash streamed", paths[k]);
				rl_batch_free(b);
				free(berr);
			}
		rl_batch_free(whole);
		free(werr);
	}
	assert_int_equal(loaded, 2);    /* streamed_ok and rows */
	assert_int_equal(refused, 6);
	remove("tests/unit_cases/streamed.csv");
	remove("tests/unit_cases/streamed_ok.csv");
	remove("tests/unit_cases/streamed.batch.lua");
	remove("tests/unit_cases/streamed_ok.batch.lua");
	rl_engine_free(e);
}

/* A plain table's cells are matched against a column's few short texts
 * directly while it has at most 8 of at most 16 bytes (piece_small_id),
 * then through the hash index.  The same table with its first header cell
 * quoted is read by libcsv alone: both must give the same variants, read
 * whole or streamed, at -j1 to -j3.  Its text column has 9 texts early on
 * (two share their first 8 bytes), then 14 with texts of 16 and 17 bytes;
 * its attribute column gets two long texts (alike in their first 16 bytes
 * and their length) only late. */
static void rows_small_columns_as_libcsv(void **state)
{
	(void)state;
	static const char *const texts[] = {"t0", "t1", "t2", "abcdefgh1", "abcdefgh2", "t5",
		"t6", "t7", "t8", "t9", "t10", "t11", "exactly16bytes!!", "seventeen bytes!!"};
	static const char *const regions[] = {"eu", "us", "ap", "a-region-name-longer-than-16",
		"a-region-name-longer-than-17"};
	rl_engine *e = rules_engine("rules");
	for (int quoted = 0; quoted < 2; quoted++) {
		FILE *f = rows_case("small", quoted ? "_q" : "");
		fprintf(f, "%s,deployment.sre-inference.attrs.region,product.frontier.api_share,"
		        "deployment.sre-inference.cloud\n",
		        quoted ? "\"statement.aws-pitch.text\"" : "statement.aws-pitch.text");
		for (int r = 0; r < 400; r++)
			fprintf(f, "%s,%s,%.4f,%s\n", texts[r < 150 ? r % 9 : r % 14],
			        regions[r < 250 ? r % 3 : r % 5], (r * 7919 % 10001) / 1e4,
			        r % 3 ? "aws" : "azure");
		fclose(f);
	}
	rl_batch *by_libcsv = NULL, *whole = NULL;
	char *err = NULL;
	if (rl_batch_load(e, "tests/unit_cases/small_q.batch.lua", &by_libcsv, &err))
		fail_msg("quoted: %s", err);
	if (rl_batch_load(e, "tests/unit_cases/small.batch.lua", &whole, &err))
		fail_msg("plain: %s", err);
	assert_int_equal(rl_batch_count(by_libcsv), 400);
	if (!batches_alike(by_libcsv, whole))
		fail_msg("the plain table read whole gives other variants than libcsv");
	for (int jobs = 1; jobs <= 3; jobs++) {
		rl_batch *b = NULL;
		if (rl_batch_load_streamed(e, "tests/unit_cases/small.batch.lua", jobs, 64, &b, &err))
			fail_msg("streamed -j%d: %s", jobs, err);
		if (!batches_alike(by_libcsv, b))
			fail_msg("the plain table streamed at -j%d gives other variants than libcsv",
			         jobs);
		rl_batch_free(b);
	}
	rl_batch_free(whole);
	rl_batch_free(by_libcsv);
	remove("tests/unit_cases/small.csv");
	remove("tests/unit_cases/small_q.csv");
	remove("tests/unit_cases/small.batch.lua");
	remove("tests/unit_cases/small_q.batch.lua");
	rl_engine_free(e);
}

/* What would it take, fed variant by variant on the writer thread or as
 * blocks digested by workers (rl_whatif_block): the same nearest designs,
 * conflicts and text.  3,000 made-up verdict rows over the design-space
 * batch's axes (numbers past its 168 variants wrap round its grid), with
 * blocks of 256 as the runner has them and of 7 (a block of any size is
 * alike), and short or long runs of one pattern. */
static int compare_strings(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* every_clause: the batch's scenario runs every clause of e, so that each
 * distinct row of met clauses and readings is one pattern. */
static void whatif_blocks_alike_with(rl_engine *e, const char *batch, int every_clause)
{
	char *err = NULL;
	rl_batch *b = NULL;
	if (rl_batch_load(e, batch, &b, &err) != RL_OK)
		fail_msg("%s", err);
	size_t nc = e->rules.nclauses, nslots = 0;
	for (size_t k = 0; k < nc; k++)
		nslots += e->rules.clauses[k].nreadings;
	enum { N = 3000 };
	unsigned char *rows = malloc((size_t)N * nc), *rrows = malloc((size_t)N * nslots);
	assert_non_null(rows);
	assert_non_null(rrows);
	static const unsigned char pool[] = {RL_COMPLIANT, RL_COMPLIANT, RL_NOT_APPLICABLE,
	                                     RL_BREACH, RL_CONTESTED, RL_UNKNOWN};
	uint64_t r = 42;
	for (size_t i = 0; i < N; i++) {
		r = r * 6364136223846793005u + 1442695040888963407u;
		/* 0: the last pattern again; 1: every clause met (but below), in
		 * variants 610 to 699 only (none is the base scenario), so that
		 * the nearest are all in one block; 2, 3: verdicts at random */
		int mode = (int)((r >> 40) % 4);
		if ((!i && !mode) || mode == 1)
			mode = 2;
		if (i >= 610 && i < 700)
			mode = 1;
		for (size_t c = 0; c < nc; c++)
			rows[i * nc + c] = mode == 0 ? rows[(i - 1) * nc + c]
			                   : mode == 1 ? RL_COMPLIANT : pool[(r >> (c % 48)) % sizeof pool];
		for (size_t s = 0; s < nslots; s++)
			rrows[i * nslots + s] = mode == 0 ? rrows[(i - 1) * nslots + s]
			                        : mode == 1 ? RL_COMPLIANT
			                        : pool[(r >> ((s * 7) % 48)) % sizeof pool];
		/* Made up at random, clauses 4 to 6 are not met. */
		for (size_t c = 4; mode >= 2 && c < nc && c < 7; c++)
			rows[i * nc + c] = RL_BREACH;
		/* Clauses 0 and 1, 2 and 3 are never met together: conflicts,
		 * each shown with the first variants that meet one of them. */
		for (size_t c = 0; c + 1 < nc && c < 4; c += 2)
			if (rows[i * nc + c] == RL_COMPLIANT || rows[i * nc + c] == RL_NOT_APPLICABLE)
				rows[i * nc + c + 1] = RL_BREACH;
		/* With every clause, the variants that meet them all differ in
		 * their last reading alone: patterns alike but for a late word. */
		if (every_clause && mode == 1 && i % 2)
			rrows[i * nslots + nslots - 1] = RL_BREACH;
	}
	char *want = NULL;
	size_t npat = 0;
	for (int pass = 0; pass < 3; pass++) {
		size_t block = pass == 0 ? 1 : pass == 1 ? 256 : 7;
		rl_whatif *w = rl_whatif_new(e, b);
		rl_whatif_block *wb = rl_whatif_block_new(w);
		size_t pick[64];
		double draw[64];
		for (size_t i = 0; i < N; i++) {
			if (pass == 0) {
				rl_whatif_feed(w, i, rows + i * nc, rrows + i * nslots);
				continue;
			}
			if (i % block == 0)
				rl_whatif_block_reset(wb);
			rl_variant_choice(b, i, pick, draw);
			rl_whatif_block_add(wb, w, i, rows + i * nc, rrows + i * nslots, pick, draw);
			if (i % block == block - 1 || i == N - 1)
				rl_whatif_feed_block(w, wb);
		}
		rl_whatif_finish(w);
		if (pass == 0)
			npat = rl_whatif_patterns(w);
		else if (rl_whatif_patterns(w) != npat)
			fail_msg("blocks of %zu: %zu distinct patterns, %zu fed one by one", block,
			         rl_whatif_patterns(w), npat);
		rl_buf o = {0};
		rl_whatif_json(w, &o, "");
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		rl_whatif_text(w, f, 1);
		fclose(f);
		rl_buf_puts(&o, text);
		free(text);
		char *got = rl_buf_take(&o);
		if (!want)
			want = got;
		else {
			if (strcmp(got, want) != 0)
				fail_msg("blocks of %zu: %s\nexpected, fed one by one:\n%s", block, got, want);
			free(got);
		}
		rl_whatif_block_free(wb);
		rl_whatif_free(w);
	}
	assert_non_null(strstr(want, "variant 626:"));        /* the fifth nearest */
	assert_true(npat > 1000);       /* mostly at random: few alike */
	if (every_clause) {
		/* Counted here apart from the engine: the distinct rows of which
		 * clauses and readings are met. */
		size_t w = nc + nslots, distinct = 0;
		char *sat = malloc((size_t)N * (w + 1));
		assert_non_null(sat);
		for (size_t i = 0; i < N; i++) {
			for (size_t c = 0; c < w; c++) {
				int v = c < nc ? rows[i * nc + c] : rrows[i * nslots + c - nc];
				sat[i * (w + 1) + c] = v == RL_COMPLIANT || v == RL_NOT_APPLICABLE ? '1' : '0';
			}
			sat[i * (w + 1) + w] = '\0';
		}
		qsort(sat, N, w + 1, compare_strings);
		for (size_t i = 0; i < N; i++)
			distinct += !i || strcmp(sat + i * (w + 1), sat + (i - 1) * (w + 1)) != 0;
		free(sat);
		if (distinct != npat)
			fail_msg("%zu distinct patterns, %zu counted apart", npat, distinct);
	}
	free(want);
	free(rows);
	free(rrows);
	rl_batch_free(b);
}

/* With the clause library, a pattern takes a few bytes, which a block keeps
 * as one word; with 30 more clauses of two readings each, over a scenario
 * that names no contracts (so that all of them run), more than 8, kept as
 * bytes. */
static void whatif_blocks_alike(void **state)
{
	(void)state;
	rl_engine *e = rules_engine("rules");
	whatif_blocks_alike_with(e, "scenarios/frontier_design_space.batch.lua", 0);
	rl_engine_free(e);
	char *text = rl_read_file("scenarios/frontier_design_space.batch.lua", NULL, NULL);
	assert_non_null(text);
	const char *base = "base = \"frontier_bedrock_sre.lua\"";
	char *at = strstr(text, base);
	assert_non_null(at);
	const char *wide_batch = "tests/unit_cases/wide.batch.lua";
	FILE *f = fopen(wide_batch, "w");
	assert_non_null(f);
	fprintf(f, "%.*sbase = \"../../scenarios/frontier_bedrock_sre_all_contracts.lua\"%s",
	        (int)(at - text), text, at + strlen(base));
	fclose(f);
	free(text);
	const char *wide = "tests/unit_cases/wide_rules.lua";
	f = fopen(wide, "w");
	assert_non_null(f);
	fputs("contract \"wide\" { title = \"Wide\", effective = \"2019-01-01\", binding = true }\n",
	      f);
	for (int k = 0; k < 30; k++)
		fprintf(f, "clause \"wide/c%d\" { contract = \"wide\", text = \"Clause %d.\",\n"
		        "  readings = {\n"
		        "    letter = { weight = 0.5, check = function(w) return compliant(\"ok\") end },\n"
		        "    spirit = { weight = 0.5, check = function(w) return breach(\"no\") end },\n"
		        "  } }\n", k, k);
	fclose(f);
	e = rl_engine_new(NULL);
	char *err = NULL;
	if (rl_engine_load_rules(e, "rules", &err) != RL_OK ||
	    rl_engine_load_rules(e, wide, &err) != RL_OK || rl_engine_seal(e, &err) != RL_OK)
		fail_msg("%s", err);
	assert_true(e->rules.nclauses >= 38);
	whatif_blocks_alike_with(e, wide_batch, 1);
	rl_engine_free(e);
	remove(wide);
	remove(wide_batch);
}

/* Verdict reuse: a stored reading verdict applies exactly to the variants
 * that agree on the axes its check read.  Axis 0 changes the date, axis 1
 * the params; each step is a variant (its key) and what the memo says.
 * The same steps with the keys as numbers' bits (hashed), and as indices
 * into lists of 10 values (dense tables). */
static void verdict_reuse_with(const uint64_t *nvals)
{
	rl_axis_deps deps[2] = {{.date = 1}, {.params = 1}};
	static const rl_reads read_date = {.date = 1}, read_params = {.params = 1},
		read_both = {.date = 1, .params = 1}, read_none = {0};
	static const struct {
		uint64_t key[2];
		size_t slot;
		const rl_reads *put;    /* NULL: a lookup */
		int verdict;            /* put: stored; lookup: expected (-1: none) */
	} steps[] = {
		{{0, 0}, 0, NULL, -1},                  /* nothing stored yet */
		{{0, 0}, 0, &read_date, RL_BREACH},
		{{0, 0}, 0, NULL, RL_BREACH},
		{{0, 1}, 0, NULL, RL_BREACH},           /* another param: reused */
		{{1, 1}, 0, NULL, -1},                  /* another date: run again */
		{{1, 1}, 0, &read_date, RL_COMPLIANT},
		{{0, 7}, 0, NULL, RL_BREACH},           /* both dates kept */
		{{1, 0}, 0, NULL, RL_COMPLIANT},
		{{1, 0}, 1, &read_params, RL_UNKNOWN},
		{{5, 0}, 1, NULL, RL_UNKNOWN},          /* slot 1 read the params only */
		{{5, 2}, 1, NULL, -1},
		{{5, 2}, 0, NULL, -1},
		{{3, 3}, 2, &read_both, RL_CONTESTED},
		{{3, 4}, 2, NULL, -1},
		{{4, 3}, 2, NULL, -1},
		{{3, 3}, 2, NULL, RL_CONTESTED},
		{{0, 0}, 3, &read_none, RL_NOT_APPLICABLE},
		{{9, 9}, 3, NULL, RL_NOT_APPLICABLE},   /* read nothing an axis changes */
	};
	rl_memo *m = rl_memo_new(4, 2, deps, nvals);
	assert_non_null(m);
	assert_int_equal(rl_memo_axes(m, &read_date, NULL), 1);
	assert_int_equal(rl_memo_axes(m, &read_params, NULL), 2);
	assert_int_equal(rl_memo_axes(m, &read_both, NULL), 3);
	assert_int_equal(rl_memo_axes(m, &read_none, NULL), 0);
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		rl_memo_begin(m, steps[i].key);
		if (steps[i].put) {
			rl_memo_put(m, steps[i].slot, steps[i].key, steps[i].put, steps[i].verdict);
			continue;
		}
		int got = rl_memo_get(m, steps[i].slot, steps[i].key);
		int want = steps[i].verdict;
		if (got != want)
			fail_msg("nvals %llu %llu, step %zu (slot %zu, key %llu %llu): %d, "
			         "expected %d", (unsigned long long)nvals[0],
			         (unsigned long long)nvals[1], i, steps[i].slot,
			         (unsigned long long)steps[i].key[0],
			         (unsigned long long)steps[i].key[1], got, want);
	}
	rl_memo_free(m);
}

static void verdict_reuse(void **state)
{
	(void)state;
	static const uint64_t hashed[2] = {0, 0}, dense[2] = {10, 10};
	verdict_reuse_with(hashed);
	verdict_reuse_with(dense);
	/* A key that is none of its list's indices is never stored. */
	rl_axis_deps deps[2] = {{.date = 1}, {.params = 1}};
	static const rl_reads read_date = {.date = 1};
	static const uint64_t inside[2] = {3, 0}, outside[2] = {10, 0};
	rl_memo *m = rl_memo_new(1, 2, deps, dense);
	rl_memo_begin(m, outside);
	rl_memo_put(m, 0, outside, &read_date, RL_BREACH);
	assert_int_equal(rl_memo_get(m, 0, outside), -1);
	rl_memo_begin(m, inside);
	rl_memo_put(m, 0, inside, &read_date, RL_BREACH);
	assert_int_equal(rl_memo_get(m, 0, inside), RL_BREACH);
	rl_memo_free(m);
}

static uint64_t bits_of(double x)
{
	uint64_t b;
	memcpy(&b, &x, sizeof b);
	return b;
}

/* get(m, slot, x, d): begins the variant (number x, list index d) and
 * looks slot up; put(...) stores v for it under what r read. */
static int side_get(rl_memo *m, size_t slot, double x, uint64_t d)
{
	uint64_t key[2] = {bits_of(x), d};
	rl_memo_begin(m, key);
	return rl_memo_get(m, slot, key);
}

static void side_put(rl_memo *m, size_t slot, double x, uint64_t d, const rl_reads *r, int v)
{
	uint64_t key[2] = {bits_of(x), d};
	rl_memo_begin(m, key);
	rl_memo_put(m, slot, key, r, v);
}

/* A reading that only compared a drawn number with thresholds (w:above,
 * w:below) is reused for every value on the same side of each of them; a
 * new threshold drops what was stored under fewer; a value read whole, more
 * thresholds than are kept, or an axis whose facts do not all hold its
 * number are keyed by the value itself. */
static void verdict_reuse_by_side(void **state)
{
	(void)state;
	rl_axis_deps deps[2] = {{.numeric = 1}, {.date = 1}};
	deps[0].fields[RL_K_PRODUCT] = 1u << RL_PR_API_SHARE;
	deps[0].paths = 1u << RL_P_API_SHARE;
	static const uint64_t nvals[2] = {0, 3};
	rl_reads half, two, whole, many, dated;
	memset(&half, 0, sizeof half);
	half.cmp.paths = 1u << RL_P_API_SHARE;
	rl_compared_add(&half.cmp, 0.5);
	rl_compared_add(&half.cmp, NAN);        /* compares false whatever the value */
	assert_int_equal(half.cmp.n, 1);
	two = half;
	rl_compared_add(&two.cmp, 0.8);
	rl_compared_add(&two.cmp, 0.5);
	assert_int_equal(two.cmp.n, 2);
	memset(&whole, 0, sizeof whole);
	whole.fields[RL_K_PRODUCT] = 1u << RL_PR_API_SHARE;
	memset(&many, 0, sizeof many);
	many.cmp.fields[RL_K_PRODUCT] = 1u << RL_PR_API_SHARE;
	for (int i = 1; i <= RL_COMPARED_MAX + 1; i++)
		rl_compared_add(&many.cmp, i / 100.0);
	assert_true(many.cmp.overflow);
	dated = half;
	dated.date = 1;

	rl_memo *m = rl_memo_new(3, 2, deps, nvals);
	uint32_t sides;
	assert_int_equal(rl_memo_axes(m, &half, &sides), 1);
	assert_int_equal(sides, 1);
	assert_int_equal(rl_memo_axes(m, &dated, &sides), 3);
	assert_int_equal(sides, 1);
	assert_int_equal(rl_memo_axes(m, &whole, &sides), 1);
	assert_int_equal(sides, 0);
	assert_int_equal(rl_memo_axes(m, &many, &sides), 1);
	assert_int_equal(sides, 0);

	/* one threshold: three sides (below, at, above) and NaN's own */
	side_put(m, 0, 0.7, 0, &half, RL_BREACH);
	assert_int_equal(side_get(m, 0, 0.9, 0), RL_BREACH);
	assert_int_equal(side_get(m, 0, 0.500001, 2), RL_BREACH);  /* the date is not read */
	assert_int_equal(side_get(m, 0, 0.5, 0), -1);
	assert_int_equal(side_get(m, 0, 0.3, 0), -1);
	side_put(m, 0, 0.3, 0, &half, RL_COMPLIANT);
	side_put(m, 0, 0.5, 0, &half, RL_UNKNOWN);
	assert_int_equal(side_get(m, 0, 0.0, 1), RL_COMPLIANT);
	assert_int_equal(side_get(m, 0, 0.5, 1), RL_UNKNOWN);
	assert_int_equal(side_get(m, 0, NAN, 0), -1);
	side_put(m, 0, NAN, 0, &half, RL_NOT_APPLICABLE);
	assert_int_equal(side_get(m, 0, NAN, 1), RL_NOT_APPLICABLE);
	assert_int_equal(side_get(m, 0, 0.1, 1), RL_COMPLIANT);
	/* a second threshold: what was stored under one is dropped */
	side_put(m, 0, 0.85, 0, &two, RL_CONTESTED);
	assert_int_equal(side_get(m, 0, 0.95, 0), RL_CONTESTED);
	assert_int_equal(side_get(m, 0, 0.1, 0), -1);
	assert_int_equal(side_get(m, 0, 0.7, 0), -1);
	assert_int_equal(side_get(m, 0, 0.8, 0), -1);
	side_put(m, 0, 0.6, 0, &two, RL_BREACH);
	assert_int_equal(side_get(m, 0, 0.79, 0), RL_BREACH);
	assert_int_equal(side_get(m, 0, 0.95, 0), RL_CONTESTED);
	/* the date read as well: its value is part of the key */
	side_put(m, 2, 0.9, 0, &dated, RL_BREACH);
	assert_int_equal(side_get(m, 2, 0.6, 0), RL_BREACH);
	assert_int_equal(side_get(m, 2, 0.6, 1), -1);
	/* read whole, or compared with too many numbers: the value itself */
	side_put(m, 1, 0.7, 0, &whole, RL_BREACH);
	assert_int_equal(side_get(m, 1, 0.7, 2), RL_BREACH);
	assert_int_equal(side_get(m, 1, 0.71, 0), -1);
	side_put(m, 1, 0.4, 0, &many, RL_COMPLIANT);
	assert_int_equal(side_get(m, 1, 0.4, 1), RL_COMPLIANT);
	assert_int_equal(side_get(m, 1, 0.41, 0), -1);
	rl_memo_free(m);

	/* an axis whose facts need not hold its number: by value */
	deps[0].numeric = 0;
	m = rl_memo_new(1, 2, deps, nvals);
	assert_int_equal(rl_memo_axes(m, &half, &sides), 1);
	assert_int_equal(sides, 0);
	side_put(m, 0, 0.7, 0, &half, RL_BREACH);
	assert_int_equal(side_get(m, 0, 0.7, 0), RL_BREACH);
	assert_int_equal(side_get(m, 0, 0.9, 0), -1);
	rl_memo_free(m);
	/* a list axis is keyed by its index, as before */
	deps[0].numeric = 1;
	static const uint64_t listed[2] = {4, 3};
	m = rl_memo_new(1, 2, deps, listed);
	assert_int_equal(rl_memo_axes(m, &half, &sides), 1);
	assert_int_equal(sides, 0);
	rl_memo_free(m);
}

/* Filters (docs/dsl.md): any-of lists, list-valued fields, ids, and
 * three-valued logic over tests/unit_cases/paths.lua, whose deployment inf2
 * has an unknown cloud.  Each case counts what a filter keeps; -1: the
 * check stops on the unknown (verdict unknown). */
static void filters_three_valued(void **state)
{
	(void)state;
	static const struct {
		const char *kind, *filter;
		int count;
	} cases[] = {
		{"deployments", "{}", 5},
		{"deployments", "{ runs = \"m\" }", 3},
		{"deployments", "{ cloud = \"aws\" }", -1},            /* inf2 may be on aws */
		{"deployments", "{ cloud = \"gcp\" }", -1},
		{"deployments", "{ cloud = \"aws\", runs = \"p\" }", 1}, /* runs excludes inf2 */
		{"deployments", "{ runs = \"p\", cloud = { \"aws\", \"azure\" } }", 2},
		{"deployments", "{ id = \"inf2\", cloud = \"aws\" }", -1},
		{"deployments", "{ id = \"raw\", cloud = \"azure\" }", 0},
		{"deployments", "{ id = { \"inf\", \"raw\" } }", 2},
		{"deployments", "{ audience = \"enterprise\" }", 1},    /* a list field holds it */
		{"deployments", "{ audience = { \"developer\", \"enterprise\" } }", 3},
		{"deployments", "{ audience = \"government\" }", 0},
		{"deployments", "{ calls = \"inf2\" }", 1},
		{"deployments", "{ runs = \"m\", operator = \"amazon\" }", 3},
		{"deployments", "{ operator = \"microsoft\", cloud = \"azure\" }", 1},
		{"paths", "{}", 4},
		{"paths", "{ model_cloud = \"aws\" }", -1},               /* entry->inf2 */
	};
	const char *rules = "tests/unit_cases/filter_rules.lua";
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		FILE *f = fopen(rules, "w");
		assert_non_null(f);
		fprintf(f, "contract \"f\" { effective = \"2020-01-01\" }\n"
		        "clause \"f/count\" { contract = \"f\", text = \"x\", check = function(w)\n"
		        "  local n = w:count(\"%s\", %s)\n"
		        "  if n == %d then return compliant(\"as expected\") end\n"
		        "  return breach(\"counted \" .. n)\nend }\n",
		        cases[i].kind, cases[i].filter, cases[i].count);
		fclose(f);
		rl_engine *e = rules_engine(rules);
		char *err = NULL;
		rl_scenario *sc = NULL;
		if (rl_scenario_load(e, "tests/unit_cases/paths.lua", &sc, &err) != RL_OK)
			fail_msg("%s", err);
		rl_evaluator *ev = NULL;
		assert_int_equal(rl_evaluator_new(e, &ev, &err), RL_OK);
		rl_report *r = NULL;
		assert_int_equal(rl_evaluate(ev, sc, NULL, &r, &err), RL_OK);
		int want = cases[i].count < 0 ? RL_UNKNOWN : RL_COMPLIANT;
		if ((int)rl_report_verdict(r) != want)
			fail_msg("w:count(\"%s\", %s): %s, expected %s", cases[i].kind, cases[i].filter,
			         rl_verdict_name(rl_report_verdict(r)),
			         cases[i].count < 0 ? "unknown" : "that count");
		rl_report_free(r);
		rl_evaluator_free(ev);
		rl_scenario_free(sc);
		rl_engine_free(e);
	}
	remove(rules);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates_round_trip),
		cmocka_unit_test(pool_interns),
		cmocka_unit_test(numbers_have_one_format),
		cmocka_unit_test(nearest_names_and_kept_clauses),
		cmocka_unit_test(paths_follow_calls),
		cmocka_unit_test(supersession_and_dates),
		cmocka_unit_test(bad_reference_names_nearest),
		cmocka_unit_test(rule_packs_are_complete),
		cmocka_unit_test(scenarios_expect_and_cite),
		cmocka_unit_test(store_reads_readings),
		cmocka_unit_test(wants_parse),
		cmocka_unit_test(thresholds_round),
		cmocka_unit_test(results_lines),
		cmocka_unit_test(results_written_alike),
		cmocka_unit_test(verdict_algebra),
		cmocka_unit_test(batch_range),
		cmocka_unit_test(variant_numbering),
		cmocka_unit_test(verdict_reuse),
		cmocka_unit_test(verdict_reuse_by_side),
		cmocka_unit_test(whatif_blocks_alike),
		cmocka_unit_test(rows_streamed_alike),
		cmocka_unit_test(rows_small_columns_as_libcsv),
		cmocka_unit_test(filters_three_valued),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
