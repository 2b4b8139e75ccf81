#!/bin/sh
# What a newcomer meets first: each command takes only its own options,
# globs over scenarios/ just work, `redline test` counts what it cannot
# check, and every unknown id gets the nearest existing one.
# Run from the repo root: sh tests/usage.sh.  Ends with "N passed, N failed".

NAME=usage . tests/lib.sh

BEDROCK=scenarios/frontier_bedrock_sre.lua
API=msft-openai-2025/api-exclusivity
IPL=msft-openai-2025/ip-license
BATCH=scenarios/frontier_design_space.batch.lua

# --- each command takes only its own options ------------------------------
expect_err 2 "redline check: expected one of its options (-r, --at, -f, -o, --template, --clause, --strict, --max-instructions, --max-memory, --max-seconds, --max-output, -h), found --shard, an option of batch" \
	$RL check $BEDROCK --shard 1/2
expect_err 2 "found --resume, an option of batch" $RL check $BEDROCK --resume
expect_err 2 "found --want, an option of search" $RL check $BEDROCK --want breach
expect_err 2 "redline lint: expected one of its options (-r, --strict, --max-instructions, --max-memory, --max-seconds, -h), found -j, an option of batch, search, conflicts" \
	$RL lint rules/amazon_openai.lua -j 4
expect_err 2 "found -j4, an option of batch, search" $RL lint rules/amazon_openai.lua -j4
expect_err 2 "found --db, an option of batch" $RL lint rules/amazon_openai.lua --db x.sqlite
expect_err 2 "redline merge: expected one of its options" $RL merge x.jsonl --x a
expect_err 2 "found --x, an option of report" $RL check $BEDROCK --x a
expect_err 2 "found unknown option '--frobnicate'" $RL check $BEDROCK --frobnicate
# The usage that follows is the command's own, not every command's.
run $RL test --shard 1/2
if grep -q "^  redline test" "$T/err" && ! grep -q "^  redline batch" "$T/err" &&
   ! sed 1d "$T/err" | grep -q -- "--shard"; then pass
else fail "test's usage error shows other commands' usage"; fi
if [ ! -s "$T/out" ]; then pass; else fail "a usage error wrote to stdout"; fi
# A typo in a command name gets the nearest command.
expect_err 2 "found 'chek' (did you mean check?)" $RL chek $BEDROCK
# --help: the command's usage and exactly its options.
for cmd in check explain test lint batch merge report diff search; do
	run $RL $cmd --help
	opts=$(sed -n '/^options:/,/^exit codes/p' "$T/out" | grep -c '^  -')
	if [ "$RC" = 0 ] && grep -q "^  redline $cmd " "$T/out" &&
	   ! grep -v "^  redline $cmd " "$T/out" | grep -q "^  redline "; then pass
	else fail "$cmd --help is not $cmd's usage"; fi
	if [ "$opts" -ge 2 ]; then pass; else fail "$cmd --help lists $opts options"; fi
done
run $RL lint --help
if ! grep -q -- "--shard" "$T/out" && grep -q -- "--max-memory" "$T/out"; then pass
else fail "lint --help lists options lint does not take"; fi
run $RL help merge
if grep -q "^  redline merge" "$T/out" && ! grep -q "^  redline check" "$T/out"; then pass
else fail "redline help merge is not merge's usage"; fi

# --- check --clause limits every format ------------------------------------
run $RL check $BEDROCK -r rules --clause $API
if [ "$RC" = 1 ] && grep -q "$API" "$T/out" && ! grep -q "$IPL" "$T/out" &&
   grep -q "^0 breach, 1 contested, 0 compliant" "$T/out"; then pass
else fail "check --clause: text not limited to the clause (exit $RC)"; fi
run $RL check $BEDROCK -r rules --clause $API --clause $IPL -f json
if [ "$RC" = 1 ] && python3 "$CHECK_PY" json "$T/out" "
ids = [c['id'] for c in d['clauses']]
assert ids == sorted(ids) and set(ids) == {'$API', '$IPL'}, ids
assert sum(d['counts'].values()) == 2, d['counts']
"; then pass; else fail "check --clause A --clause B -f json: not those two clauses"; fi
# A clause that is compliant alone: the verdict and exit code are its own.
run $RL check scenarios/frontier_azure_only.lua -r rules --clause $API -f json
if [ "$RC" = 0 ] && python3 "$CHECK_PY" json "$T/out" '
assert d["verdict"] == d["clauses"][0]["verdict"] and len(d["clauses"]) == 1
'; then pass; else fail "check --clause: verdict not the clause's (exit $RC)"; fi
run $RL check $BEDROCK -r rules --clause $API -f csv
if [ "$RC" = 1 ] && grep -q "$API" "$T/out" && ! grep -q "$IPL" "$T/out"; then pass
else fail "check --clause -f csv: not limited (exit $RC)"; fi
expect_err 2 "found 'msft-openai-2025/api-exclusivty' (nearest: '$API')" \
	$RL check $BEDROCK -r rules --clause msft-openai-2025/api-exclusivty
if [ ! -s "$T/out" ]; then pass; else fail "a bad --clause wrote a report"; fi

# --- globs just work -------------------------------------------------------
run $RL check scenarios/*.lua -r rules -f json
n=$(grep -c '^  "verdict": ' "$T/out")
if [ "$RC" = 1 ] && [ "$n" -ge 12 ] && [ "$(wc -l < "$T/err")" = 1 ] &&
   grep -q "skipped 1 batch file (scenarios/frontier_design_space.batch.lua): run a batch with redline batch" "$T/err"; then pass
else fail "check scenarios/*.lua: exit $RC, $n reports, stderr: $(head -n 2 "$T/err")"; fi
if jq -s 'length' "$T/out" >/dev/null 2>&1; then pass; else fail "check *.lua -f json | jq -s: not JSON"; fi
expect_err 2 "scenarios/frontier_design_space.batch.lua:1: expected a scenario, found a batch file (run it with redline batch scenarios/frontier_design_space.batch.lua)" \
	$RL check scenarios/frontier_design_space.batch.lua -r rules
expect_err 2 "found a batch file (run it with redline batch" \
	$RL explain $BATCH $API -r rules
run $RL check scenarios/*.lua -r rules -f csv -o "$T/readings.csv"
if [ "$RC" = 1 ] && [ "$(wc -l < "$T/readings.csv")" -gt 20 ]; then pass
else fail "check scenarios/*.lua -f csv -o: exit $RC"; fi
cp -r rules "$T/new-rules"
run $RL diff --rules rules --rules "$T/new-rules" scenarios/*.lua
if [ "$RC" = 0 ] && grep -q "skipped 1 batch file" "$T/err"; then pass
else fail "diff --rules A --rules B scenarios/*.lua: exit $RC; $(head -n 1 "$T/err")"; fi

# --- redline test: scenario files only, and what it could not check --------
mkdir "$T/cases"
cp -r scenarios/frontier_azure_only.lua scenarios/common "$T/cases/"
cp "$BATCH" "$T/cases/"
$RL batch "$BATCH" -r rules --summary "$T/cases/summary.json" > /dev/null
# a scenario without expectations, and one with expect_at for two dates
awk '/^ *expect = / { skip = 1 } !skip { print } skip && /\}, *(--.*)?$/ { skip = 0 }' \
	scenarios/frontier_bedrock_sre.lua > "$T/cases/bare.lua"
sed 's/^  date  = "2026-03-18",.*/  date = "2026-03-18",\
  expect_at = { ["2025-09-01"] = { ["msft-openai-2019\/exclusive-cloud"] = "breach",\
                                   ["msft-openai-2025\/api-exclusivity"] = "not_applicable" },\
                ["2026-03-18"] = { ["msft-openai-2019\/exclusive-cloud"] = "not_applicable" } },/' \
	scenarios/frontier_bedrock_sre.lua > "$T/cases/dated.lua"
printf 'party "extra" { kind = "consumer" }\n' > "$T/cases/fragment.lua"
run $RL test "$T/cases" -r rules
if [ "$RC" = 0 ] && grep -q "^2 passed, 0 failed, 1 without expectations, 3 skipped (not scenarios)$" "$T/out" &&
   grep -q "^NONE $T/cases/bare.lua" "$T/out" && grep -q "^PASS $T/cases/dated.lua" "$T/out" &&
   grep -q "^SKIP $T/cases/summary.json (JSON without a \"scenario\" key)" "$T/out" &&
   grep -q "^SKIP $T/cases/frontier_design_space.batch.lua" "$T/out" &&
   grep -q "^SKIP $T/cases/fragment.lua" "$T/out"; then pass
else fail "test DIR: exit $RC; $(tr '\n' '|' < "$T/out")"; fi
# expect_at that does not hold: FAIL naming the date
sed 's/"breach",$/"compliant",/' "$T/cases/dated.lua" > "$T/dated_wrong.lua"
run $RL test "$T/dated_wrong.lua" -r rules
if [ "$RC" = 1 ] && grep -q "msft-openai-2019/exclusive-cloud at 2025-09-01: expected compliant, got breach" "$T/out" &&
   grep -q "^0 passed, 1 failed, 0 without expectations$" "$T/out"; then pass
else fail "expect_at wrong: exit $RC; $(tr '\n' '|' < "$T/out")"; fi
# expect_at in a JSON scenario
python3 "$CHECK_PY" write-expect-at "$T/dual.json" compliant
run $RL test "$T/dual.json" -r rules
if [ "$RC" = 1 ] && grep -q "exclusive-cloud at 2025-09-01: expected compliant, got breach" "$T/out"; then pass
else fail "expect_at in JSON: exit $RC; $(tr '\n' '|' < "$T/out")"; fi
# an unknown clause or verdict in expect is bad input with the nearest one
sed 's/"msft-openai-2025\/ip-license"/"msft-openai-2025\/ip-licence"/' $BEDROCK > "$T/typo.lua"
expect_err 2 "typo.lua:6: expected expect to name a clause of the rule packs, found 'msft-openai-2025/ip-licence' (nearest: 'msft-openai-2025/ip-license')" \
	$RL test "$T/typo.lua" -r rules
sed 's/= "contested",  /= "contestd",  /' $BEDROCK > "$T/verdict.lua"
expect_err 2 "] to be a verdict (breach, contested, compliant, unknown, not_applicable, error), found 'contestd' (nearest: 'contested')" \
	$RL test "$T/verdict.lua" -r rules
sed 's/"2025-09-01"/"2025-09-31"/' "$T/cases/dated.lua" > "$T/baddate.lua"
expect_err 2 "expected expect_at to have dates YYYY-MM-DD as keys, found the key '2025-09-31'" \
	$RL test "$T/baddate.lua" -r rules

# --- the binary finds its own rules/ and reports/ ---------------------------
# Precedence: -r / --template, then $REDLINE_RULES / $REDLINE_REPORTS, then
# ./rules / ./reports, then the ones beside the executable, then the installed.
ABS_RL=$(cd "$(dirname "$RL")" && pwd)/$(basename "$RL")
ROOT=$(pwd)
mkdir -p "$T/elsewhere/local/rules"
cp tests/cases/nonbinding/rules.lua "$T/elsewhere/local/rules/"
cd "$T/elsewhere"
run env -u REDLINE_RULES -u REDLINE_REPORTS "$ABS_RL" check "$ROOT/$BEDROCK" -f html -o r.html
if [ "$RC" = 1 ] && grep -q "$API" r.html; then pass
else fail "uninstalled binary from another directory: exit $RC; $(head -n 1 "$T/err")"; fi
run env -u REDLINE_RULES "$ABS_RL" check "$ROOT/$BEDROCK" -f json
if [ "$RC" = 1 ] && grep -q "\"$API\"" "$T/out" && grep -q "\"role\":\"rules\",\"path\":\"$ROOT/rules/" "$T/out"; then pass
else fail "rules beside the executable: exit $RC; $(head -n 1 "$T/err")"; fi
cd local
run env -u REDLINE_RULES "$ABS_RL" check "$ROOT/tests/cases/nonbinding/scenario.lua" -f json
if grep -q '"path":"rules/rules.lua"' "$T/out" && ! grep -q "$ROOT/rules/" "$T/out"; then pass
else fail "./rules does not come before the executable's rules/"; fi
run env REDLINE_RULES="$ROOT/rules" "$ABS_RL" check "$ROOT/$BEDROCK" -f json
if [ "$RC" = 1 ] && grep -q "\"path\":\"$ROOT/rules/amazon_openai.lua\"" "$T/out"; then pass
else fail "\$REDLINE_RULES does not come before ./rules: exit $RC"; fi
mkdir reports
printf 'return { check = function(doc, out) out("local renderer\\n") end }\n' > reports/md.lua
run env -u REDLINE_REPORTS "$ABS_RL" check "$ROOT/$BEDROCK" -r "$ROOT/rules" -f md
if [ "$(cat "$T/out")" = "local renderer" ]; then pass
else fail "./reports does not come before the executable's reports/"; fi
run env REDLINE_REPORTS="$ROOT/reports" "$ABS_RL" check "$ROOT/$BEDROCK" -r "$ROOT/rules" -f md
if [ "$RC" = 1 ] && grep -q "$API" "$T/out" && ! grep -q "local renderer" "$T/out"; then pass
else fail "\$REDLINE_REPORTS does not come before ./reports"; fi
run env REDLINE_REPORTS="$ROOT/reports" "$ABS_RL" check "$ROOT/$BEDROCK" -r "$ROOT/rules" --template reports/md.lua
if [ "$(cat "$T/out")" = "local renderer" ]; then pass
else fail "--template does not come first"; fi
cd "$ROOT"

# --- every unknown id gets the nearest one; every list of choices is whole ---
expect_err 2 "found 'msft-openai-2025/api-exclusivty' (nearest: '$API')" \
	$RL explain $BEDROCK msft-openai-2025/api-exclusivty -r rules
expect_err 2 "expected a reading of $API (letter, letter-partner, spirit), found 'bogus' (nearest: 'letter')" \
	$RL search $BATCH -r rules --want breach --clause $API --reading bogus
expect_err 2 "found 'msft-openai-2025/api-exclusivty' (nearest: '$API')" \
	$RL search $BATCH -r rules --want breach --clause msft-openai-2025/api-exclusivty
expect_err 2 "found 'breech' (nearest: 'breach')" $RL search $BATCH -r rules --want breech
sed 's/"msft-openai-2019", /"msft-openai-2091", /' $BEDROCK > "$T/contract.lua"
expect_err 2 "found 'msft-openai-2091' (nearest: 'msft-openai-2019'" $RL check "$T/contract.lua" -r rules
sed 's/owner = "microsoft"/owner = "microsfot"/' $BEDROCK > "$T/entity.lua"
expect_err 2 "found 'microsfot' (nearest: 'microsoft')" $RL check "$T/entity.lua" -r rules
sed 's/deployment.sre-inference.cloud/deployment.sre-inferense.cloud/; s|base = "|base = "'"$(pwd)"'/scenarios/|' \
	$BATCH > "$T/axis.batch.lua"
expect_err 2 "found 'sre-inferense' (nearest: 'sre-inference')" $RL batch "$T/axis.batch.lua" -r rules
$RL batch $BATCH -r rules -o "$T/all.jsonl" --summary "$T/all.json" > /dev/null
expect_err 2 "found 'msft-openai-2025/api-exclusivty' (nearest: '$API')" \
	$RL report "$T/all.jsonl" --summary "$T/all.json" --clause msft-openai-2025/api-exclusivty
expect_err 2 "found 'product.frontier.api_shar' (nearest: 'product.frontier.api_share')" \
	$RL report "$T/all.jsonl" --summary "$T/all.json" --x product.frontier.api_shar

# --- the man page covers every command and option ------------------------
sed 's/\\-/-/g' docs/redline.1 > "$T/man.txt"
$RL --help | sed -n '/^options:/,/^exit codes/p' | grep '^  -' |
	sed 's/^  //; s/ \{2,\}.*//; s/,//g' | tr ' ' '\n' | grep '^-' | sort -u > "$T/opts"
if [ "$(wc -l < "$T/opts")" -ge 20 ]; then pass; else fail "redline --help lists few options"; fi
while read -r opt; do
	if grep -qF -- "$opt" "$T/man.txt"; then pass; else fail "docs/redline.1 lacks $opt"; fi
done < "$T/opts"
for cmd in $($RL --help | sed -n 's/^  redline \([a-z]*\) .*/\1/p' | sort -u); do
	if grep -q "^\.B redline $cmd" docs/redline.1; then pass; else fail "docs/redline.1 lacks redline $cmd"; fi
done

finish
