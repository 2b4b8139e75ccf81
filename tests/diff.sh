#!/bin/sh
# Tests for redline diff (two scenarios; two rule packs).  Run from the repo
# root: sh tests/diff.sh.  Uses ./redline (or $REDLINE) and python3.
# Ends with "N passed, N failed".

NAME=diff . tests/lib.sh
# check_json CODE PYTHON CMD...: exit CODE, stdout JSON, and PYTHON (with d
# the document) holds.
check_json() { expect_json "$@"; }
# text CODE FRAGMENT CMD...: exit CODE, FRAGMENT in stdout, 80 columns
text() {
	want=$1; frag=$2; shift 2
	run "$@"
	if [ "$RC" != "$want" ]; then fail "[$*] exit $RC, expected $want: $(head -n 1 "$T/err")"
	elif ! grep -qF -- "$frag" "$T/out"; then fail "[$*] stdout lacks '$frag'"
	elif ! awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$T/out"; then fail "[$*] wider than 80 columns"
	else pass; fi
}
# bad CODE REGEX CMD...: exit CODE, first stderr line matches REGEX
bad() { expect_error "$@"; }

A=scenarios/frontier_bedrock_sre.lua
B=scenarios/frontier_bedrock_sre_azure_inference.lua
API=msft-openai-2025/api-exclusivity
SCENARIOS=$(ls scenarios/*.lua scenarios/*.json | grep -v '\.batch\.lua$')

# ---- two scenarios ---------------------------------------------------------------
# Moving inference to Azure: the API clause goes contested -> compliant.
text 1 "$API" $RL diff $A $B -r rules
if grep -A1 -F "$API" "$T/out" | grep -qE 'verdict +contested -> compliant'; then pass
else fail "text diff lacks the API clause's contested -> compliant"; fi
check_json 1 '
rows = {r["clause"]: r for r in d["differences"]}
api = rows["msft-openai-2025/api-exclusivity"]
assert api["a"] == {"verdict": "contested", "p_breach": 0.4, "expected_exposure_usd": 20000000000}, api["a"]
assert api["b"]["verdict"] == "compliant" and api["b"]["p_breach"] == 0, api["b"]
assert api["change"] == "changed"
assert list(d) == ["redline", "a", "b", "facts", "differences", "manifest"], list(d)
assert [f["fact"] for f in d["facts"]] == ["deployment.sre-inference.cloud", "deployment.sre-inference.note", "deployment.sre-inference.source"], d["facts"]
assert d["a"]["file"] == "scenarios/frontier_bedrock_sre.lua"
# only differing clauses are listed
for r in d["differences"]:
    assert r["a"] != r["b"], r
' $RL diff $A $B -r rules -f json
# byte-stable JSON
$RL diff $A $B -r rules -f json > "$T/j1"; $RL diff $A $B -r rules -f json > "$T/j2"
if cmp -s "$T/j1" "$T/j2"; then pass; else fail "diff -f json differs run to run"; fi
# identical scenarios: exit 0, no rows
text 0 "no clause differs" $RL diff $A $A -r rules
check_json 0 'assert d["differences"] == [], d["differences"]' $RL diff $B $B -r rules -f json
# -o FILE
run $RL diff $A $B -r rules -f json -o "$T/o.json"
if [ "$RC" = 1 ] && [ -s "$T/o.json" ] && [ ! -s "$T/out" ]; then pass; else fail "diff -o FILE: exit $RC"; fi

# ---- two rule packs ----------------------------------------------------------------
# A copy of rules/ with the API clause's letter reading weighed 0.15 instead
# of 0.35 (the letter readings 0.4 instead of 0.6): p_breach moves from 0.4 to
# 0.5 wherever only the spirit breaches.
cp -r rules "$T/w"
sed -i 's/letter = { weight = 0.35,/letter = { weight = 0.15,/' "$T/w/microsoft_openai.lua"
text 1 "frontier-bedrock-sre  contested -> contested" $RL diff --rules rules --rules "$T/w" $SCENARIOS
check_json 1 '
ch = {c["scenario"]["file"]: c for c in d["changed"]}
assert sorted(ch) == ["scenarios/aws_pitch_enables_access.lua", "scenarios/frontier_bedrock_sre.lua", "scenarios/frontier_bedrock_sre_all_contracts.lua", "scenarios/frontier_dual_hosting.json", "scenarios/marketing_copy_analyst_claims.lua", "scenarios/marketing_copy_below_frontier.lua", "scenarios/marketing_copy_forbidden.lua", "scenarios/mixed_claimants_frontier.lua", "scenarios/openai_rented_aws_compute.lua"], sorted(ch)
for f, c in ch.items():
    assert [r["clause"] for r in c["clauses"]] == ["msft-openai-2025/api-exclusivity"]
    r = c["clauses"][0]
    # spirit alone: 0.4 -> 0.4/0.8; spirit and letter-partner: 0.65 -> 0.65/0.8
    want = (0.65, 0.8125) if f.endswith("openai_rented_aws_compute.lua") else (0.4, 0.5)
    assert (r["old"]["p_breach"], r["new"]["p_breach"]) == want, r
    assert r["old"]["verdict"] == r["new"]["verdict"] == "contested"
assert d["added"] == [] and d["removed"] == [] and d["scenarios"] > 10
' $RL diff --rules rules --rules "$T/w" $SCENARIOS -f json
# A copy with a reading added (always breach) and a clause added: compliant
# API verdicts flip to contested; the new clause is listed as added.
cp -r rules "$T/r"
sed -i '/^clause "msft-openai-2025\/api-exclusivity"/,/^}/ s/^  readings = {$/  readings = {\n    strict = { weight = 1, check = function(w) return breach("any use") end },/' "$T/r/microsoft_openai.lua"
cat >> "$T/r/microsoft_openai.lua" <<'LUA'

clause "msft-openai-2025/diff-test" {
  contract = "msft-openai-2025", title = "added by tests/diff.sh",
  holder = MICROSOFT, obligor = OPENAI, text = "t",
  readings = { only = { weight = 1, check = function(w) return compliant("fine") end } },
}
LUA
check_json 1 '
assert d["added"] == ["msft-openai-2025/diff-test"] and d["removed"] == [], d
ch = {c["scenario"]["file"]: c for c in d["changed"]}
azure = {r["clause"]: r for r in ch["scenarios/frontier_azure_only.lua"]["clauses"]}
api = azure["msft-openai-2025/api-exclusivity"]
assert (api["old"]["verdict"], api["new"]["verdict"]) == ("compliant", "contested"), api
assert azure["msft-openai-2025/diff-test"]["change"] == "added"
assert azure["msft-openai-2025/diff-test"]["old"] is None
' $RL diff --rules rules --rules "$T/r" $SCENARIOS -f json
# ... and the other way round: removed
check_json 1 'assert d["removed"] == ["msft-openai-2025/diff-test"] and d["added"] == [], d' \
	$RL diff --rules "$T/r" --rules rules scenarios/frontier_azure_only.lua -f json
text 1 "clauses removed: msft-openai-2025/diff-test" $RL diff --rules "$T/r" --rules rules scenarios/frontier_azure_only.lua
# the same pack twice: nothing changes
text 0 "0 of " $RL diff --rules rules --rules rules $SCENARIOS

# ---- exit codes 2 and 3 ---------------------------------------------------------------
bad 2 "^scenarios/nope.lua:0: expected" $RL diff $A scenarios/nope.lua -r rules
bad 2 "^tests/cases/bad/syntax_error.lua:8: expected" $RL diff $A tests/cases/bad/syntax_error.lua -r rules
bad 2 "^tests/cases/bad/cycle.lua:7: expected" $RL diff --rules rules --rules "$T/w" $A tests/cases/bad/cycle.lua
bad 2 "^tests/cases/bad/rule_zero_weight.lua:3: .*expected" $RL diff --rules rules --rules tests/cases/bad/rule_zero_weight.lua $A
bad 2 "^scenarios/frontier_design_space.batch.lua:1: expected a scenario" $RL diff $A scenarios/frontier_design_space.batch.lua -r rules
bad 2 "expected SCENARIO_A SCENARIO_B" $RL diff $A -r rules
bad 2 "expected exactly two --rules" $RL diff --rules rules $A $B
bad 2 "expected exactly two --rules" $RL diff --rules rules --rules rules --rules rules $A
bad 2 "expected text or json" $RL diff $A $B -r rules -f xml
# a clause that errors: exit 3 (the differences are still written)
run $RL diff tests/cases/sandbox/world.lua tests/cases/sandbox/world.lua -r tests/cases/sandbox/limits.lua
if [ "$RC" = 3 ] && grep -q "no clause differs" "$T/out"; then pass; else fail "diff with an erroring clause: exit $RC"; fi

finish
