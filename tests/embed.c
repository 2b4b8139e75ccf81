/* embed.c - a second program embedding libredline through its public
 * header alone: load the bundled rule packs and the reference example, evaluate
 * it on two threads' worth of evaluators, and check the headline result. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <redline/redline.h>

static int failures;

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "embed.c:%d: check failed: %s\n", __LINE__, #cond); failures++; } } while (0)

int main(void)
{
	char *err = NULL;
	rl_engine *e = rl_engine_new(NULL);
	CHECK(rl_engine_load_rules(e, "rules", &err) == RL_OK);
	CHECK(rl_engine_seal(e, &err) == RL_OK);
	rl_scenario *s = NULL;
	CHECK(rl_scenario_load(e, "scenarios/frontier_bedrock_sre.lua", &s, &err) == RL_OK);
	if (err) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return 1;
	}
	/* The catalog's example carries no modelling slip. */
	char **warnings = NULL;
	size_t nwarn = rl_scenario_lint(e, s, &warnings);
	CHECK(nwarn == 0);
	rl_warnings_free(warnings, nwarn);
	/* Two evaluators (one per thread in a real program) agree. */
	for (int round = 0; round < 2; round++) {
		rl_evaluator *ev = NULL;
		rl_report *r = NULL;
		CHECK(rl_evaluator_new(e, &ev, &err) == RL_OK);
		CHECK(rl_evaluate(ev, s, NULL, &r, &err) == RL_OK);
		CHECK(rl_report_verdict(r) == RL_CONTESTED);
		CHECK(rl_report_status(r) == RL_FINDING);
		long k = -1;
		for (size_t i = 0; i < rl_report_clause_count(r); i++)
			if (strcmp(rl_report_clause_id(r, i), "msft-openai-2025/api-exclusivity") == 0)
				k = (long)i;
		CHECK(k >= 0);
		if (k >= 0) {
			CHECK(rl_report_clause_verdict(r, (size_t)k) == RL_CONTESTED);
			CHECK(fabs(rl_report_clause_p_breach(r, (size_t)k) - 0.4) < 1e-12);
			CHECK(rl_report_reading_count(r, (size_t)k) == 3);  /* letter, letter-partner, spirit */
			/* The letter reading was excused by the red line, and says so. */
			CHECK(rl_report_reading_exception_count(r, (size_t)k, 0) == 1);
			CHECK(strcmp(rl_report_reading_exception_id(r, (size_t)k, 0, 0),
			             "msft-openai-2025/red-line") == 0);
			CHECK(rl_report_reading_exception_applies(r, (size_t)k, 0, 0) == 1);
			CHECK(strstr(rl_report_reading_exception_because(r, (size_t)k, 0, 0),
			             "not primarily an API") != NULL);
			/* ... and under the spirit it does not apply. */
			CHECK(rl_report_reading_exception_applies(r, (size_t)k, 2, 0) == 0);
		}
		if (round == 0) {
			/* The Markdown renderer, into a temporary file. */
			char md[1 << 16];
			FILE *tmp = tmpfile();
			const rl_report *one[1] = {r};
			const char *kv[] = {"format", "md", NULL};
			rl_render_options ro = {"reports/md.lua", kv, 0, 0};
			CHECK(tmp && rl_report_render(e, one, 1, &ro, tmp, &err) == RL_OK);
			size_t n = 0;
			if (tmp) {
				rewind(tmp);
				n = fread(md, 1, sizeof md - 1, tmp);
				fclose(tmp);
			}
			md[n] = '\0';
			CHECK(strstr(md, "**Verdict:** `contested`") != NULL);
			/* A renderer that does not exist: RL_EINPUT, file:line first. */
			ro.renderer = "no/such/renderer.lua";
			CHECK(rl_report_render(e, one, 1, &ro, stdout, &err) == RL_EINPUT);
			CHECK(err && strncmp(err, "no/such/renderer.lua:", 21) == 0);
			free(err);
			err = NULL;
		}
		rl_report_free(r);
		rl_evaluator_free(ev);
	}
	/* Comparing two reports: moving inference to Azure makes the API
	 * clause compliant; a report against itself has no differences. */
	{
		rl_scenario *az = NULL;
		rl_evaluator *ev = NULL;
		rl_report *a = NULL, *b = NULL;
		CHECK(rl_scenario_load(e, "scenarios/frontier_bedrock_sre_azure_inference.lua",
		                       &az, &err) == RL_OK);
		CHECK(rl_evaluator_new(e, &ev, &err) == RL_OK);
		CHECK(rl_evaluate(ev, s, NULL, &a, &err) == RL_OK);
		CHECK(rl_evaluate(ev, az, NULL, &b, &err) == RL_OK);
		if (a && b) {
			long pairs[16][2];
			size_t n = rl_report_diff(a, b, pairs, 16);
			int api = 0;
			CHECK(n > 0 && n <= 16);
			for (size_t i = 0; i < n && i < 16; i++)
				if (pairs[i][0] >= 0 && pairs[i][1] >= 0 &&
				    strcmp(rl_report_clause_id(a, (size_t)pairs[i][0]),
				           "msft-openai-2025/api-exclusivity") == 0) {
					api = 1;
					CHECK(rl_report_clause_verdict(b, (size_t)pairs[i][1]) == RL_COMPLIANT);
					CHECK(rl_report_clause_exposure(b, (size_t)pairs[i][1]) == 0);
				}
			CHECK(api);
			CHECK(rl_report_diff(a, a, NULL, 0) == 0);
		}
		rl_report_free(a);
		rl_report_free(b);
		rl_evaluator_free(ev);
		rl_scenario_free(az);
	}
	/* The rule packs without a scenario (redline show): one clause as JSON,
	 * its citations with their passages; an unknown id names the nearest. */
	{
		char js[1 << 16];
		FILE *tmp = tmpfile();
		const char *ids[] = {"msft-openai-2025/api-exclusivity"};
		CHECK(rl_engine_source_count(e) >= 5);
		CHECK(tmp && rl_engine_show(e, ids, 1, RL_FMT_JSON, tmp, &err) == RL_OK);
		size_t n = 0;
		if (tmp) {
			rewind(tmp);
			n = fread(js, 1, sizeof js - 1, tmp);
			fclose(tmp);
		}
		js[n] = '\0';
		CHECK(strstr(js, "\"ref\": \"ft-2026-03-18#api-clause\"") != NULL);
		CHECK(strstr(js, "The clause requires all API calls to be routed through Azure.") != NULL);
		const char *bad_id[] = {"msft-openai-2025/api-exclusivty"};
		CHECK(rl_engine_show(e, bad_id, 1, RL_FMT_TEXT, stdout, &err) == RL_EINPUT);
		CHECK(err && strstr(err, "did you mean 'msft-openai-2025/api-exclusivity'?") != NULL);
		free(err);
		err = NULL;
	}
	/* Bad input comes back as an owned message, file:line first. */
	rl_scenario *bad = NULL;
	CHECK(rl_scenario_load(e, "no/such/file.lua", &bad, &err) == RL_EINPUT);
	CHECK(err && strncmp(err, "no/such/file.lua:", 17) == 0);
	free(err);
	err = NULL;
	/* The err rule (redline.h): set on failure only, and err may be NULL
	 * (the status alone then tells what happened). */
	{
		char *const untouched = (char *)"untouched";
		rl_engine *e2 = rl_engine_new(NULL);
		CHECK(rl_engine_load_rules(e2, "no/such/rules", NULL) == RL_EINPUT);
		CHECK(rl_engine_load_rules(e2, "tests/cases/bad/syntax_error.lua", NULL) == RL_EINPUT);
		CHECK(rl_engine_load_rules(e2, "tests/cases/bad/rule_unknown_clause.lua", NULL) == RL_OK);
		CHECK(rl_engine_seal(e2, NULL) == RL_EINPUT);
		rl_engine_free(e2);
		CHECK(rl_scenario_load(e, "no/such/file.lua", &bad, NULL) == RL_EINPUT);
		CHECK(rl_scenario_load(e, "tests/cases/bad/syntax_error.lua", &bad, NULL) == RL_EINPUT);
		CHECK(rl_scenario_load(e, "tests/cases/bad/invalid.json", &bad, NULL) == RL_EINPUT);
		CHECK(rl_scenario_load(e, "tests/cases/bad/dangling_ref.lua", &bad, NULL) == RL_EINPUT);
		CHECK(bad == NULL);
		rl_evaluator *ev = NULL;
		rl_report *r = NULL;
		err = untouched;
		CHECK(rl_evaluator_new(e, &ev, &err) == RL_OK && err == untouched);
		rl_eval_options at = {"2025-13-45", 0};
		CHECK(rl_evaluate(ev, s, &at, &r, NULL) == RL_EINPUT);
		CHECK(rl_evaluate(ev, s, NULL, &r, &err) == RL_OK && err == untouched);
		CHECK(rl_report_explain(r, rl_report_clause_count(r), stdout, NULL) == RL_EINPUT);
		CHECK(rl_report_explain_exception(r, "no/such-exception", stdout, NULL) == RL_EINPUT);
		const char *bad_id[] = {"no/such-clause"};
		CHECK(rl_engine_show(e, bad_id, 1, RL_FMT_TEXT, stdout, NULL) == RL_EINPUT);
		const rl_report *one[1] = {r};
		rl_render_options ro = {"no/such/renderer.lua", NULL, 0, 0};
		CHECK(rl_report_render(e, one, 1, &ro, stdout, NULL) == RL_EINPUT);
		ro.renderer = "reports/md.lua";
		CHECK(rl_results_render(e, "no/such/results.jsonl", "{}", 2, NULL, &ro, stdout,
		                        NULL) == RL_EINPUT);
		CHECK(err == untouched);
		err = NULL;
		rl_report_free(r);
		rl_evaluator_free(ev);
	}
	rl_scenario_free(s);
	rl_engine_free(e);
	printf("embed: %s\n", failures ? "FAILED" : "ok");
	return failures != 0;
}
