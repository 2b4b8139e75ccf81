#!/bin/sh
# Hostile inputs (tests/cases/hostile/): every one ends within its limits,
# with one clear first line "file:line: ...", exit 2 (bad input) or 3 (a
# limit), nothing half-written and other work intact.  Every command that
# could hang runs under `timeout`.  Run from the repo root:
#   sh tests/hardening.sh            (uses ./redline, or $REDLINE)
# Ends with "N passed, N failed".

NAME=hardening . tests/lib.sh
H=tests/cases/hostile
TINY=$H/tiny.lua

# expect_first CODE FRAGMENT CMD...: exit CODE (124: the command hung), and
# the first stderr line has the form file:line: and contains FRAGMENT.
expect_first() {
	want=$1; frag=$2; shift 2
	run timeout 60 "$@"
	first=$(head -n 1 "$T/err")
	if [ "$RC" != "$want" ]; then
		fail "[$*] exit $RC, expected $want; stderr: $first"
	elif ! printf '%s\n' "$first" | grep -qE '^[^ :]+:[0-9]+: '; then
		fail "[$*] first stderr line is not file:line: ...: $first"
	elif ! printf '%s\n' "$first" | grep -qF -- "$frag"; then
		fail "[$*] first stderr line lacks '$frag': $first"
	else pass; fi
}

# expect_py CODE PYTHON CMD...: exit CODE; PYTHON asserts on d (stdout as
# JSON) with clause(id) -> that clause of the report.
expect_py() {
	want=$1; py=$2; shift 2
	run timeout 60 "$@"
	if [ "$RC" != "$want" ]; then
		fail "[$*] exit $RC, expected $want; stderr: $(head -n 1 "$T/err")"
		return
	fi
	if python3 - "$T/out" "$py" <<'PY'; then pass; else fail "[$*] $py"; fi
import json, sys
d = json.load(open(sys.argv[1]))
def clause(i):
    return next(c for c in d["clauses"] if c["id"] == i)
exec(sys.argv[2])
PY
}

# --- 1. crashes and hangs ----------------------------------------------------

# The sandbox: a message handler, a finalizer, pattern backtracking and
# table.insert on a big table all end as errors; the other clauses run.
expect_py 3 '
for c in ("xpcall-handler", "xpcall-after-limit", "gc", "backtrack", "insert"):
    assert clause("hostile/" + c)["verdict"] == "error", c
assert "__gc" in clause("hostile/gc")["readings"][0]["because"]
assert "pattern" in clause("hostile/backtrack")["readings"][0]["because"]
assert clause("hostile/fine")["verdict"] == "compliant"
r = clause("hostile/returned")
assert r["verdict"] == "breach" and r["readings"][0]["because"] == "the returned one", r
' "$RL" check "$TINY" -r $H/sandbox_rules.lua -f json

# The deadline stops what the instruction budget was set too high to stop.
expect_py 3 '
c = clause("slow/forever")
assert c["verdict"] == "error" and "time limit of 1 seconds" in c["readings"][0]["because"], c
assert clause("slow/fine")["verdict"] == "compliant"
' "$RL" check "$TINY" -r $H/slow_rules.lua --max-instructions 1000000000000 --max-seconds 1 -f json

# A looping message handler in a scenario file and in a template.
printf 'xpcall(error, function() while true do end end)\nscenario "x" { date = "2026-01-01" }\n' >"$T/xp.lua"
expect_first 3 "instruction budget" "$RL" lint "$T/xp.lua"
printf 'return { check = function(doc, out) xpcall(error, function() while true do end end) end }\n' >"$T/xp_tmpl.lua"
expect_first 3 "instruction budget" "$RL" check "$TINY" -r $H/limits_rules.lua --template "$T/xp_tmpl.lua" -o "$T/xp.md"
# A template cannot keep out() for a finalizer.
printf 'return { check = function(doc, out) setmetatable({}, { __gc = function() out("late") end }) end }\n' >"$T/gc_tmpl.lua"
expect_first 3 "__gc" "$RL" check "$TINY" -r $H/limits_rules.lua --template "$T/gc_tmpl.lua" -o "$T/gc.md"
if [ ! -e "$T/gc.md" ]; then pass; else fail "a failed rendering left its output"; fi

# JSON scenarios and json_file with a scalar at the top.
for f in $H/scalar_null.json $H/scalar_true.json $H/scalar_1.json $H/scalar_x.json; do
	expect_first 2 "expected a JSON object" "$RL" lint "$f"
done
expect_first 2 "expected params to be a table" "$RL" lint $H/json_file_scalar.lua

# Call graphs: 60 layers of two deployments calling each other, no model.
python3 - "$T/layers.lua" <<'PY'
import sys
out = ['scenario "layers" { date = "2026-01-01" }',
       'party "p" { kind = "cloud_provider" }', 'cloud "c" { owner = "p" }',
       'product "x" { owner = "p", kind = "platform", state = "stateless" }']
for i in range(60):
    nxt = ', calls = { "a%d", "b%d" }' % (i + 1, i + 1) if i < 59 else ''
    if i == 0:
        nxt += ', audience = { "enterprise" }'
    for s in "ab":
        out.append('deployment "%s%d" { runs = "x", cloud = "c", operator = "p", interface = "api"%s }' % (s, i, nxt))
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY
expect_first 2 "deployment visits" "$RL" check "$T/layers.lua" -r $H/limits_rules.lua

# Batch files: NaN and fractional n, a looping __index, a device or FIFO as
# base, more values than range allows, more variants than --max-variants.
expect_first 2 "found a number (NaN)" "$RL" lint $H/nan_n.batch.lua -r $H/limits_rules.lua
expect_first 2 "found a number (2.7)" "$RL" lint $H/fractional_n.batch.lua -r $H/limits_rules.lua
expect_first 3 "instruction budget" "$RL" lint $H/looping_index.batch.lua -r $H/limits_rules.lua
expect_first 2 "expected a regular file" "$RL" lint $H/dev_zero.batch.lua -r $H/limits_rules.lua
cp $H/fifo.batch.lua $H/tiny.lua "$T/" && mkfifo "$T/fifo.lua"
expect_first 2 "found a FIFO" "$RL" lint "$T/fifo.batch.lua" -r $H/limits_rules.lua
printf 'scenario "inc" { date = "2026-01-01" }\ninclude("fifo.lua")\n' >"$T/inc.lua"
expect_first 2 "found a FIFO" "$RL" lint "$T/inc.lua"
expect_first 2 "found 20000001" "$RL" lint $H/big_range.batch.lua -r $H/limits_rules.lua
if grep -q "invalid option" "$T/err"; then fail "range: lua_pushfstring message"; else pass; fi
expect_first 2 "--max-variants" "$RL" batch $H/huge_grid.batch.lua -r $H/limits_rules.lua
printf 'batch "six" { base = "tiny.lua", vary = { { "param.x", { 1, 2, 3, 4, 5, 6 } } } }\n' >"$T/six.batch.lua"
expect_first 2 "found 6" "$RL" batch "$T/six.batch.lua" -r $H/limits_rules.lua --max-variants 5

# Scenario files: deep nesting names a line; NaN is named; NUL bytes are
# refused (not cut short).
expect_first 2 "deep_nesting.lua:1: expected valid Lua nested" "$RL" lint $H/deep_nesting.lua
printf 'scenario "n" { date = "2026-01-01", params = { x = 0/0 } }\n' >"$T/nan.lua"
run "$RL" check "$T/nan.lua" -r $H/limits_rules.lua
if [ "$RC" = 2 ] && ! grep -q "(null)" "$T/err"; then pass; else fail "NaN described as: $(head -n 1 "$T/err")"; fi
expect_first 2 "NUL" "$RL" lint $H/nul_id.lua
expect_first 2 "NUL" "$RL" lint $H/nul_id.json

# A JSON scenario of 100,000 deployments loads in about the time of Lua
# (the loader was quadratic: minutes).
python3 - "$T/big.json" <<'PY'
import json, sys
d = {"scenario": {"id": "big", "date": "2026-01-01"}, "party": {"p": {"kind": "model_provider"}},
     "cloud": {"c": {"owner": "p"}},
     "model": {"m": {"owner": "p", "tier": "frontier", "weights": ["c"]}}, "deployment": {}}
for i in range(100000):
    d["deployment"]["d%d" % i] = {"runs": "m", "cloud": "c", "operator": "p", "interface": "api"}
json.dump(d, open(sys.argv[1], "w"), indent=1)
PY
run timeout 30 "$RL" lint "$T/big.json"
if [ "$RC" = 0 ]; then pass; else fail "100,000 deployments in JSON: exit $RC"; fi

# --- 2. verdicts --------------------------------------------------------------

# Garbage that fits after an emergency collection is not a memory error;
# weights of 1e308 do not overflow.
expect_py 1 '
assert clause("lim/garbage")["verdict"] == "compliant", clause("lim/garbage")
w = clause("lim/weights")
assert w["verdict"] == "contested" and w["p_breach"] == 0.5, w
' "$RL" check "$TINY" -r $H/limits_rules.lua --max-memory 16 -f json
# Exposures too large to add up are refused.
printf 'contract "x" { effective = "2000-01-01" }\nclause "x/a" { contract = "x", text = "t", exposure_usd = 1e308, check = function(w) return breach("b") end }\n' >"$T/huge_exposure.lua"
expect_first 2 "exposure_usd to be a number from 0 to 1e15" "$RL" check "$TINY" -r "$T/huge_exposure.lua"

finish
