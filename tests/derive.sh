#!/bin/sh
# Tests for derived scenarios: scenario "x" { base = "FILE", set = { [PATH] =
# VALUE }, fields }.  Run from the repo root after `make all`: sh tests/derive.sh.
# Uses ./redline (or $REDLINE) and python3.  Ends with "N passed, N failed".

NAME=derive . tests/lib.sh
ROOT=$(pwd)
case $RL in /*) ;; *) RL="$ROOT/$RL" ;; esac
BASE=scenarios/frontier_bedrock_sre.lua
CLOUD='["deployment.sre-inference.cloud"]'

# bad CODE REGEX CMD...: exit CODE, first stderr line matches REGEX
bad() {
	want=$1; re=$2; shift 2
	run "$@"
	if [ "$RC" = "$want" ] && head -n 1 "$T/err" | grep -qE -- "$re"; then pass
	else fail "[$*] exit $RC (want $want), stderr: $(head -n 1 "$T/err")"; fi
}
# derived NAME BODY: $T/NAME.lua, a scenario "NAME" deriving from base.lua
derived() {
	printf 'scenario "%s" {\n  base = "base.lua",\n%s\n}\n' "$1" "$2" > "$T/$1.lua"
}
cp "$BASE" "$T/base.lua"

# ---- a derivation is the hand-written copy ------------------------------------
# The copy: the base with the inference moved to Azure, edited by hand (sed),
# in a directory of its own so that both files are s.lua.
mkdir "$T/copy" "$T/derived"
sed '/^deployment "sre-inference"/s/cloud = "aws"/cloud = "azure"/' "$BASE" > "$T/copy/s.lua"
if [ "$(grep -c '"azure", operator' "$T/copy/s.lua")" = 1 ]; then pass
else fail "the sed edit did not move exactly one deployment to Azure"; fi
cp "$BASE" "$T/derived/base.lua"
printf 'scenario "frontier-bedrock-sre" { base = "base.lua", set = { %s = "azure" } }\n' \
	"$CLOUD" > "$T/derived/s.lua"
for f in text json md; do
	(cd "$T/copy" && $RL check s.lua -r "$ROOT/rules" -f $f > "$T/copy.$f")
	a=$?
	(cd "$T/derived" && $RL check s.lua -r "$ROOT/rules" -f $f > "$T/derived.$f")
	b=$?
	if [ "$a" = 1 ] && [ "$b" = 1 ]; then pass; else fail "check -f $f: exit $a (copy), $b (derived)"; fi
done
if cmp -s "$T/copy.text" "$T/derived.text"; then pass
else fail "check of the derivation differs from the copy's: $(diff "$T/copy.text" "$T/derived.text" | head -n 3)"; fi
if same_outside_manifest "$T/copy.json" "$T/derived.json"; then pass
else fail "check -f json of the derivation differs from the copy's outside the manifest"; fi
# The manifest names the base once, as an include, with its SHA-256.
if python3 - "$T/derived.json" "$T/derived/base.lua" <<'PY'
import hashlib, json, sys
d = json.load(open(sys.argv[1]))
files = [(f["role"], f["path"]) for f in d["manifest"]["files"] if not f["path"].startswith("/")]
assert files == [("scenario", "s.lua"), ("include", "base.lua")], files
sha = [f["sha256"] for f in d["manifest"]["files"] if f["path"] == "base.lua"][0]
assert sha == hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
PY
then pass; else fail "the manifest does not name base.lua once as an include"; fi

# ---- the catalog: each derivation says what differs from its base --------------
for f in frontier_bedrock_sre_azure_inference inference_location_unknown \
         frontier_june_2025_inference_unknown mou_september_2025 gov_resale_before_start; do
	if grep -q '^  base = "' scenarios/$f.lua && ! grep -qE '^(deployment|party|cloud|model|product|statement) ' scenarios/$f.lua
	then pass; else fail "scenarios/$f.lua is not a derivation"; fi
done
expect_exit 0 $RL test scenarios -r rules

# ---- redline diff lists exactly the facts set -----------------------------------
(cd "$T/copy" && $RL diff "$ROOT/$BASE" s.lua -r "$ROOT/rules" > "$T/diff.copy")
(cd "$T/derived" && $RL diff "$ROOT/$BASE" s.lua -r "$ROOT/rules" > "$T/diff.derived")
if cmp -s "$T/diff.copy" "$T/diff.derived"; then pass
else fail "diff against the derivation differs from diff against the copy"; fi
run $RL diff $BASE scenarios/frontier_bedrock_sre_azure_inference.lua -r rules -f json
if [ "$RC" = 1 ] && python3 - "$T/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
facts = [(f["fact"], f["a"], f["b"]) for f in d["facts"]]
assert facts == [
    ("deployment.sre-inference.cloud", "aws", "azure"),
    ("deployment.sre-inference.note", None,
     "Served from Azure, as Microsoft says the contract requires (weighs-lawsuit-2026-03)."),
    ("deployment.sre-inference.source", "ft-2026-03-18#sre", "weighs-lawsuit-2026-03#stateless-apis"),
], facts
PY
then pass; else fail "diff -f json of the Azure derivation lists other facts (exit $RC)"; fi
run $RL diff scenarios/frontier_aws_june_2025.lua scenarios/mou_september_2025.lua -r rules
if [ "$RC" = 1 ] && grep -q "^1 fact differs" "$T/out" && grep -A1 '^  date$' "$T/out" | grep -q '2025-06-15 -> 2025-09-15' &&
   awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$T/out"; then pass
else fail "diff of the September derivation does not list the date alone (exit $RC)"; fi
run $RL diff $BASE $BASE -r rules
if [ "$RC" = 0 ] && grep -q "no fact differs" "$T/out"; then pass
else fail "diff of a scenario with itself lists facts (exit $RC)"; fi

# ---- fields beside base replace the base's; expectations are inherited --------
derived over '  title = "Over", date = "2025-06-15", set = { ["param.k"] = 2 }'
run $RL check "$T/over.lua" -r rules -f json
if python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["scenario"]
assert (s["id"], s["title"], s["date"]) == ("over", "Over", "2025-06-15"), s' "$T/out"
then pass; else fail "title and date beside base do not replace the base's: $(head -c 300 "$T/out")"; fi
# The base's expectations hold unchanged facts: redline test passes.
derived same '  title = "Same"'
expect_stdout_contains 0 "PASS" $RL test "$T/same.lua" -r rules
# Moving the inference breaks two of them.
derived moved "  set = { $CLOUD = \"azure\" }"
run $RL test "$T/moved.lua" -r rules
if [ "$RC" = 1 ] && grep -q "^FAIL .*moved.lua" "$T/out" &&
   grep -q "msft-openai-2025/api-exclusivity: expected contested, got compliant" "$T/out"; then pass
else fail "an inherited expectation that fails is not reported (exit $RC): $(head -n 3 "$T/out")"; fi
# A new expect replaces the base's.
derived fixed "  set = { $CLOUD = \"azure\" },
  expect = { [\"msft-openai-2025/api-exclusivity\"] = \"compliant\" }"
expect_stdout_contains 0 "PASS" $RL test "$T/fixed.lua" -r rules
# A derivation of a derivation.
printf 'scenario "twice" { base = "fixed.lua", title = "Twice" }\n' > "$T/twice.lua"
expect_stdout_contains 0 "PASS" $RL test "$T/twice.lua" -r rules

# ---- bad paths and values: file:line, exit 2 ----------------------------------
derived p1 '  set = { ["deployment.nowhere.cloud"] = "azure" }'
bad 2 "p1\.lua:1: axis deployment\.nowhere\.cloud: expected a deployment of the base scenario, found 'nowhere'" $RL check "$T/p1.lua" -r rules
derived p2 '  set = { ["deployment.sre-inference.colour"] = "red" }'
bad 2 "p2\.lua:1: axis deployment\.sre-inference\.colour: expected a field of deployment, found 'colour'" $RL check "$T/p2.lua" -r rules
derived p3 "  set = { $CLOUD = \"gcp\" }"
bad 2 "p3\.lua:1: axis deployment\.sre-inference\.cloud: expected an id of the base scenario, found 'gcp'" $RL check "$T/p3.lua" -r rules
derived p4 '  set = { ["deployment.sre-inference.interface"] = "rest" }'
bad 2 "p4\.lua:1: axis deployment\.sre-inference\.interface: expected interface to be one of .*, found 'rest'" $RL check "$T/p4.lua" -r rules
derived p5 '  set = { ["product.frontier.api_share"] = 2 }'
bad 2 "p5\.lua:1: axis product\.frontier\.api_share: expected api_share to be a number from 0 to 1, found a number \(2\)" $RL check "$T/p5.lua" -r rules
derived p6 '  set = { ["weight.msft-openai-2025/api-exclusivity.letter"] = 0.5 }'
bad 2 "p6\.lua:1: axis weight\..*: expected a fact of the scenario .*, found a reading's weight" $RL check "$T/p6.lua" -r rules
derived p7 '  set = { date = unknown }'
bad 2 "p7\.lua:1: axis date: expected dates, found unknown" $RL check "$T/p7.lua" -r rules
derived p8 '  set = { "deployment.sre-inference.cloud" }'
bad 2 "p8\.lua:1: scenario p8: expected set to have axis paths as keys, found the key a number \(1\)" $RL check "$T/p8.lua" -r rules
derived p9 '  set = "azure"'
bad 2 "p9\.lua:1: scenario p9: expected set to be a table of axis paths to values, found 'azure'" $RL check "$T/p9.lua" -r rules
derived p10 '  sett = {}'
bad 2 "p10\.lua:1: scenario p10: expected a field of .*, found 'sett' \(did you mean 'set'\?\)" $RL check "$T/p10.lua" -r rules
printf 'scenario "alone" { date = "2026-03-18", set = { date = "2026-01-01" } }\n' > "$T/alone.lua"
bad 2 "alone\.lua:1: scenario alone: expected base = \"FILE\" beside set, found set alone" $RL check "$T/alone.lua" -r rules

# ---- bad bases: cycles, missing files, outside the tree -----------------------
printf 'scenario "a" { base = "b.lua" }\n' > "$T/a.lua"
printf '\nscenario "b" { base = "a.lua" }\n' > "$T/b.lua"
bad 2 "b\.lua:2: scenario b: expected base to name a scenario not already loading, found 'a\.lua' \(a cycle\)" $RL check "$T/a.lua" -r rules
printf 'scenario "self" { base = "self.lua" }\n' > "$T/self.lua"
bad 2 "self\.lua:1: scenario self: expected base to name a scenario not already loading, found 'self\.lua'" $RL check "$T/self.lua" -r rules
printf 'scenario "m" {\n  base = "missing.lua" }\n' > "$T/m.lua"
bad 2 "m\.lua:1: expected base to name an existing file, found 'missing\.lua'" $RL check "$T/m.lua" -r rules
mkdir "$T/in"
printf 'scenario "out" { base = "../base.lua" }\n' > "$T/in/out.lua"
bad 2 "out\.lua:1: expected base to stay inside .*, found '\.\./base\.lua' outside it" $RL check "$T/in/out.lua" -r rules
printf 'scenario "n" { base = 3 }\n' > "$T/n.lua"
bad 2 "n\.lua:1: scenario n: expected base to name a \.lua scenario file, found a number \(3\)" $RL check "$T/n.lua" -r rules
cp scenarios/common/parties.lua "$T/parties.lua"
printf 'scenario "none" { base = "parties.lua" }\n' > "$T/none.lua"
bad 2 "none\.lua:1: scenario none: expected base 'parties\.lua' to define one scenario, found 0" $RL check "$T/none.lua" -r rules
# A JSON scenario does not derive.
printf '{ "scenario": { "id": "j", "date": "2026-03-18", "base": "base.lua" } }\n' > "$T/j.json"
bad 2 "j\.json:1: scenario j: expected a field of .*, found 'base'" $RL check "$T/j.json" -r rules

finish
