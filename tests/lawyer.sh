#!/bin/sh
# tests/lawyer.sh - reports a lawyer can cite: sources as entities and every
# bad citation, the law and the reasoning in JSON, text, Markdown, HTML and
# CSV, exposure per claimant (never summed, "not quantified" never $0),
# redline show, explain -f md|html, axis labels and the variants that matter,
# per-claimant figures in batch summaries and SQLite, and the Markdown/HTML
# golden files of a saved report.  Ends with "N passed, N failed".
cd "$(dirname "$0")/.." || exit 2
NAME=lawyer . tests/lib.sh

S=tests/cases/sources
G=tests/cases/report/golden
MIXED=scenarios/mixed_claimants_frontier.lua
BEDROCK=scenarios/frontier_bedrock_sre.lua

# --- sources: every bad citation is bad input naming the nearest -------------
bad_rules() {   # NAME SED-EXPRESSION: rules.lua edited, loaded with the sources
	mkdir -p "$T/$1"
	cp $S/sources.lua "$T/$1/"
	sed "$2" $S/rules.lua > "$T/$1/rules.lua"
}
bad_rules file 's/source = "gazette-2026-01-02#exclusive",/source = "003_d227dbd3b63d32d3.txt",/'
expect_stderr 2 "rules.lua:3: contract supply: expected a source id (a \`source\` entity), found '003_d227dbd3b63d32d3.txt' (did you mean" \
	$RL check $S/scenario.lua -r "$T/file/rules.lua"
bad_rules typo 's/"newsletter-2026-01#hosting"/"newsletter-2026-1#hosting"/'
expect_stderr 2 "found 'newsletter-2026-1#hosting' (did you mean 'newsletter-2026-01'?)" \
	$RL check $S/scenario.lua -r "$T/typo/rules.lua"
bad_rules quote 's/"gazette-2026-01-02#penalty"/"gazette-2026-01-02#penalties"/'
expect_stderr 2 "expected a quote of source gazette-2026-01-02, found 'gazette-2026-01-02#penalties' (did you mean 'gazette-2026-01-02#penalty'?)" \
	$RL check $S/scenario.lua -r "$T/quote/rules.lua"
bad_rules reading 's/      source = "gazette-2026-01-02#exclusive",/      source = "gazete-2026-01-02#exclusive",/'
expect_stderr 2 "clause supply/exclusive reading letter: expected a source id" \
	$RL check $S/scenario.lua -r "$T/reading/rules.lua"
# a fact's citation is checked against the packs' sources and the scenario's own
sed 's/source = "memo-2026-02#rival" }/source = "memo-2026-03#rival" }/' $S/scenario.lua > "$T/fact.lua"
expect_stderr 2 "party acme: expected a source id (a \`source\` entity), found 'memo-2026-03#rival' (did you mean 'memo-2026-02'?)" \
	$RL check "$T/fact.lua" -r $S/rules.lua
sed 's/"a phone call, 5 February 2026"/"phone-call-2026-02-05"/' $S/scenario.lua > "$T/facts.lua"
expect_stderr 2 "party rival: expected a source id (a \`source\` entity), found 'phone-call-2026-02-05'" \
	$RL check "$T/facts.lua" -r $S/rules.lua
# the source entity itself
src_case() {    # NAME LUA: a source file with LUA, loaded as a pack
	printf '%s\n' "$2" > "$T/$1.lua"
	cat >> "$T/$1.lua" <<'EOF'
contract "c" { effective = "2026-01-01" }
clause "c/x" { contract = "c", text = "x", check = function(w) return compliant("x") end }
EOF
}
src_case long 'source "a" { title = "t", outlet = "o", date = "2026-01-01", quotes = { q = "One. Two. Three." } }'
expect_stderr 2 "long.lua:1: source a: expected quotes.q to be at most two sentences, found 3" \
	$RL show -r "$T/long.lua"
src_case date 'source "a" { title = "t", outlet = "o", date = "18 March 2026" }'
expect_stderr 2 "date.lua:1: source a: expected date to be YYYY-MM-DD, YYYY-MM or YYYY, found '18 March 2026'" \
	$RL show -r "$T/date.lua"
src_case outlet 'source "a" { title = "t", date = "2026" }'
expect_stderr 2 "outlet.lua:1: source a: expected outlet to be a non-empty string, found nothing" \
	$RL show -r "$T/outlet.lua"
src_case url 'source "a" { title = "t", outlet = "o", date = "2026", url = "www.example.invalid" }'
expect_stderr 2 "expected url to start with https:// or http://" $RL show -r "$T/url.lua"
src_case field 'source "a" { title = "t", outlet = "o", date = "2026", quote = { "x" } }'
expect_stderr 2 "expected a field of source (title, outlet, date, url, quotes, note, name), found 'quote'" \
	$RL show -r "$T/field.lua"
src_case dup 'source "a" { title = "t", outlet = "o", date = "2026" }
source "a" { title = "other", outlet = "o", date = "2026" }'
expect_stderr 2 "dup.lua:2: expected a new source id, found 'a' already defined at" $RL show -r "$T/dup.lua"
# the shared file included by a pack and loaded by the directory: kept once
mkdir -p "$T/twice" && cp $S/sources.lua $S/rules.lua "$T/twice/"
expect_exit 1 $RL check $S/scenario.lua -r "$T/twice"
# the bundled packs and scenarios cite by id, never by a file name, and every
# citation of theirs names a passage
if grep -rnE '[0-9]{3}_[0-9a-f]{16}' rules scenarios docs README.md >"$T/names"; then
	fail "file names of articles cited: $(head -n 1 "$T/names")"; else pass; fi
$RL show -r rules -f json > "$T/show.json"
check_ok "bundled citations name a passage" citations-name-passages "$T/show.json"

expect_stdout_contains 0 "rules/sources.lua: ok (sources, " $RL lint rules/sources.lua
# docs/sources.md lists every source and quote of rules/sources.lua
check_ok "docs/sources.md lists the sources" sources-documented rules/sources.lua docs/sources.md

# --- the JSON report carries the law ----------------------------------------
$RL check $S/scenario.lua -r $S/rules.lua -f json > "$T/r.json"
check_ok "json: clause terms, citations, facts, bibliography" report-law-json "$T/r.json"

# --- exposure per claimant, never summed; not quantified, never $0 ----------
check_ok "json: exposure by claimant" exposure-by-claimant-json "$T/r.json"
expect_stdout_contains 1 "  acme          1 clause not quantified" $RL check $S/scenario.lua -r $S/rules.lua
expect_stdout_contains 1 "expected exposure: not quantified, claimed by acme" $RL check $S/scenario.lua -r $S/rules.lua
if grep -q '\$0' "$T/out"; then fail "text shows \$0 for an unquantified breach"; else pass; fi
expect_stdout_contains 1 '| `supply/hosting` | acme → widgetco | yes | `contested` | 0.50 | not quantified |' \
	$RL check $S/scenario.lua -r $S/rules.lua -f md
expect_stdout_contains 1 "**Expected exposure by claimant:** acme 1 clause not quantified; widgetco \$2.0B" \
	$RL check $S/scenario.lua -r $S/rules.lua -f md
expect_stdout_contains 1 '<td class="num">not quantified</td>' $RL check $S/scenario.lua -r $S/rules.lua -f html
$RL check $S/scenario.lua -r $S/rules.lua -f csv > "$T/r.csv"
check_ok "csv: not quantified, holder and obligor" exposure-csv "$T/r.csv"
# the bundled scenario with two claimants: Amazon $55.2bn and Microsoft $20bn
# are reported apart; the headline is the larger, never $75.2bn
expect_stdout_contains 0 "PASS $MIXED" $RL test $MIXED
$RL check $MIXED -f json > "$T/m.json"
check_ok "mixed claimants: headline never sums" mixed-claimants "$T/m.json"
expect_stdout_contains 1 "  amazon        \$55.2bn" $RL check $MIXED
if grep -q '75\.2' "$T/out"; then fail "the headline adds two claimants"; else pass; fi

# --- Markdown and HTML: the sections a lawyer checks ---------------------------
run $RL check $BEDROCK -f md
for want in "## Conclusion" "**Conclusion.** Contested: breach under spirit (weight 0.40)" \
	"> All API calls to OpenAI models are routed through Azure." \
	"**What would change it:**" "  - Reasoning: The purpose:" \
	"**Exceptions in the terms**" "## Facts and their sources" "## Sources" \
	"Financial Times, “Microsoft weighs legal action over \$50bn Amazon-OpenAI cloud deal”, 2026-03-18" \
	"   - \`api-clause\`: “However, it retained a clause"; do
	if grep -qF -- "$want" "$T/out"; then pass; else fail "md lacks '$want'"; fi
done
run $RL check $BEDROCK -f html
for want in '<h2>Conclusion</h2>' '<blockquote class="clause-text">' '<p class="conclusion">' \
	'<dl class="reasoning small">' '<h2>Facts and their sources</h2>' '<ol class="bib">' \
	'<li id="src-ft-2026-03-18">Financial Times'; do
	if grep -qF -- "$want" "$T/out"; then pass; else fail "html lacks '$want'"; fi
done
check_ok "html: every citation link has its bibliography entry" html-citation-links "$T/out"

# --- golden files: a saved JSON report (with the per-reading "exceptions" a
# rule pack may add) rendered by reports/md.lua and reports/html.lua --------
HARNESS="lua5.4 tests/browser/harness.lua render"
HTML_LUA=reports/md.lua $HARNESS tests/cases/report/lawyer.json > "$T/g.md" 2>"$T/err"
if cmp -s "$T/g.md" $G/lawyer.md; then pass; else fail "md golden differs: $(diff $G/lawyer.md "$T/g.md" | head -n 3 | tr '\n' ' ')"; fi
$HARNESS tests/cases/report/lawyer.json > "$T/g.html" 2>"$T/err"
if cmp -s "$T/g.html" $G/lawyer.html; then pass; else fail "html golden differs: $(diff $G/lawyer.html "$T/g.html" | head -n 3 | tr '\n' ' ')"; fi
HTML_LUA=reports/md.lua $HARNESS tests/cases/report/lawyer.json clause=msft-openai-2025/api-exclusivity explain=1 > "$T/ge.md"
if cmp -s "$T/ge.md" $G/lawyer-explain.md; then pass; else fail "explain md golden differs"; fi
for want in '- Exceptions considered:' '`msft-openai-2025/red-line`: applies — every API call' \
	'`msft-openai-2025/red-line`: does not apply — the spirit reading' '`example/undecided`: undecided'; do
	if grep -qF -- "$want" $G/lawyer.md; then pass; else fail "md golden lacks '$want'"; fi
done
if grep -qF '<ul class="exceptions"><li><code>msft-openai-2025/<wbr>red-line</code>: applies' $G/lawyer.html; then pass
else fail "html golden lacks the exceptions considered"; fi

# --- explain -f md|html, show --------------------------------------------------
run $RL explain $BEDROCK msft-openai-2025/api-exclusivity -f md
if [ "$RC" = 1 ] && grep -qF '### `msft-openai-2025/api-exclusivity`: `contested`' "$T/out" &&
	! grep -qF '`msft-openai-2025/ip-license`: `contested`' "$T/out" && ! grep -qF '## Conclusion' "$T/out"; then pass
else fail "explain -f md: exit $RC, one clause in full"; fi
run $RL explain $BEDROCK msft-openai-2025/api-exclusivity -f html -o "$T/e.html"
if [ "$RC" = 1 ] && grep -qF 'Showing clause <code>msft-openai-2025/<wbr>api-exclusivity</code> only' "$T/e.html"; then pass
else fail "explain -f html: exit $RC"; fi
expect_stderr 2 "explain: expected -f text, md or html, found csv" $RL explain $BEDROCK msft-openai-2025/api-exclusivity -f csv
expect_stderr 2 "expected CLAUSE to name a clause of the report, found 'aws-guidance-2026/messaging'" \
	$RL explain $BEDROCK aws-guidance-2026/messaging -f md
expect_stdout_contains 0 "superseded by: msft-openai-2025 from 2025-10-28" $RL show msft-openai-2019
expect_stdout_contains 0 "holder (may claim): microsoft; obligor: openai; exposure: \$50.0bn" $RL show msft-openai-2025/api-exclusivity
expect_stdout_contains 0 "  reading spirit (weight 0.40)" $RL show msft-openai-2025/api-exclusivity
expect_stdout_contains 0 "contract aws-guidance-2026  (non-binding)" $RL show aws-guidance-2026
expect_stdout_contains 0 '- Financial Times, "Microsoft weighs legal action over $50bn Amazon-OpenAI cloud deal", 2026-03-18: “However' \
	$RL show msft-openai-2025/api-exclusivity -f md
expect_stdout_contains 0 "  cited by exception msft-openai-2025/red-line (ft-2026-03-18#red-line)" $RL show ft-2026-03-18
expect_stdout_contains 0 '- `api-clause`: “However, it retained a clause' $RL show ft-2026-03-18 -f md
$RL show ft-2026-03-18 -f json > "$T/src.json"
check_ok "show SOURCE -f json: the source whole" show-source-json "$T/src.json"
expect_stderr 2 "show:0: expected a contract, clause or source id of the loaded rule packs, found 'msft-openai-2025/api-exclusivty' (did you mean 'msft-openai-2025/api-exclusivity'?)" \
	$RL show msft-openai-2025/api-exclusivty
expect_stderr 2 "show: -f expected text, json or md, found 'html'" $RL show -f html
$RL show -r $S/rules.lua -f md > "$T/show.md"
if cmp -s "$T/show.md" $G/show.md; then pass; else fail "show -f md golden differs: $(diff $G/show.md "$T/show.md" | head -n 3 | tr '\n' ' ')"; fi
run $RL show -r $S/rules.lua -o "$T/show.txt"
if [ "$RC" = 0 ] && [ ! -s "$T/out" ] && grep -q "^clause supply/hosting" "$T/show.txt"; then pass
else fail "show -o FILE: exit $RC"; fi

# --- batches: labels, base values, variants that matter, claimants ----------
B=scenarios/frontier_design_space.batch.lua
$RL batch $B -o "$T/o.jsonl" --summary "$T/s.json" --db "$T/o.db" --no-progress >/dev/null 2>&1
check_ok "summary: labels, base values, exposure by claimant" summary-labels-exposure "$T/s.json"
expect_stdout_contains 1 "  microsoft     \$11.6bn + 1 clause not quantified" \
	$RL batch $B -o "$T/o2.jsonl" --no-progress
$RL report "$T/o.jsonl" --summary "$T/s.json" > "$T/b.md"
for want in "- **Axis** Cloud running Frontier's model inference (\`deployment.sre-inference.cloud\`): azure, aws" \
	"## Exposure by claimant" "## Variants that matter" \
	"- **Variant 86** (\`contested\`): Share of Frontier's use that is raw model pass-through: 0 (base 0.15)."; do
	if grep -qF -- "$want" "$T/b.md"; then pass; else fail "batch md lacks '$want'"; fi
done
$RL report "$T/o.jsonl" --summary "$T/s.json" -f html > "$T/b.html"
for want in '<h2>Variants that matter</h2>' '<h2>Exposure by claimant</h2>' "What AWS tells customers: <strong>"; do
	if grep -qF -- "$want" "$T/b.html"; then pass; else fail "batch html lacks '$want'"; fi
done
sed 's/label = "Date of evaluation"/label = 7/' $B > scenarios/.lawyer-bad.batch.lua
expect_stderr 2 "axis date: expected label to be a non-empty string, found a number" \
	$RL batch scenarios/.lawyer-bad.batch.lua -o "$T/x.jsonl" --no-progress
rm -f scenarios/.lawyer-bad.batch.lua
check_ok "sqlite: claimant_exposure agrees with the lines" sqlite-claimant-exposure "$T/o.db" "$T/o.jsonl"

finish
