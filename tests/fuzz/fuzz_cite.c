/* libFuzzer target: w:cite's placeholders.  The input is a text a check
 * returns (a scenario param it reads): as a verdict's because and evidence,
 * an exception's reason and an error's message, where the engine replaces
 * the placeholders that name a fact of the world by its value.  A text
 * without the placeholder's opening byte must come back as it went in. */
#include "fuzz.h"

static const char rules[] =
	"contract \"f\" { effective = \"2020-01-01\" }\n"
	"clause \"f/because\" { contract = \"f\", text = \"x\", check = function(w)\n"
	"  local s = w.params.s\n"
	"  return breach(s .. w:cite(w:get(\"product\", \"p\"), \"api_share\", 2), { s })\n"
	"end }\n"
	"exception \"f/why\" { to = \"f/because\", contract = \"f\", title = \"t\", text = \"t\",\n"
	"  applies = function(w) return false, w.params.s end }\n"
	"clause \"f/error\" { contract = \"f\", text = \"x\",\n"
	"  check = function(w) error(w.params.s, 0) end }\n";

static const char world[] =
	"party \"openai\" { kind = \"model_provider\" }\n"
	"model \"m\" { owner = \"openai\" }\n"
	"product \"p\" { owner = \"openai\", kind = \"platform\", state = \"stateful\",\n"
	"  models = { \"m\" }, api_share = 0.25 }\n"
	"deployment \"d\" { runs = \"p\", cloud = \"aws\", operator = \"openai\",\n"
	"  audience = { \"enterprise\" } }\n"
	"cloud \"aws\" { owner = \"openai\" }\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static rl_engine *e;
	static rl_evaluator *ev;
	char *err = NULL;
	if (!e) {
		e = fuzz_engine("", rules);
		if (rl_evaluator_new(e, &ev, &err) != RL_OK)
			abort();
	}
	/* The scenario, with the input as a Lua string of decimal escapes. */
	size_t cap = 512 + sizeof world + size * 4;
	char *text = malloc(cap), *p = text;
	if (!text)
		abort();
	p += sprintf(p, "scenario \"s\" { date = \"2026-03-18\", params = { s = \"");
	for (size_t i = 0; i < size; i++)
		p += sprintf(p, "\\%u", (unsigned)data[i]);
	p += sprintf(p, "\" } }\n%s", world);
	const char *path = fuzz_file("s.lua", (const uint8_t *)text, (size_t)(p - text));
	free(text);
	rl_scenario *s = NULL;
	if (rl_scenario_load(e, path, &s, &err) != RL_OK) {
		if (!err || !strchr(err, ':'))
			abort();
		free(err);
		return 0;
	}
	rl_report *r = NULL;
	if (rl_evaluate(ev, s, NULL, &r, &err) != RL_OK)
		abort();
	/* What went in, up to a NUL (C strings end there), without the opening
	 * byte of a placeholder, comes back whole. */
	size_t n = strnlen((const char *)data, size);
	int plain = !memchr(data, '\x01', n);
	for (size_t c = 0; c < rl_report_clause_count(r); c++) {
		if (strcmp(rl_report_clause_id(r, c), "f/because") != 0)
			continue;
		const char *because = rl_report_reading_because(r, c, 0);
		if (!because)
			abort();
		if (plain && (strncmp(because, (const char *)data, n) != 0 ||
		              strcmp(because + n, "0.25") != 0))
			abort();
	}
	rl_report_free(r);
	rl_scenario_free(s);
	return 0;
}
