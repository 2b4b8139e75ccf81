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
	_want=$1; _frag=$2; shift 2
	expect_stderr_line "$_want" '^[^ :]+:[0-9]+: ' "$_frag" timeout 60 "$@"
}

# expect_py CODE PYTHON CMD...: exit CODE; PYTHON asserts on d (stdout as
# JSON) with clause(id) -> that clause of the report.
expect_py() {
	_want=$1; _py=$2; shift 2
	expect_json "$_want" "$_py" timeout 60 "$@"
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
expect_first 3 "instruction budget" "$RL" check "$TINY" -r $H/limits_rules.lua --template "$T/xp_tmpl.lua" -o "$T/xp.md" --max-instructions 1000000
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
python3 "$CHECK_PY" write-layers "$T/layers.lua"
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

# Found by the fuzzers: a number key where names are expected; an axis
# that is not a table.
expect_first 2 "expected expect to have string keys" "$RL" lint $H/expect_number_key.lua
expect_first 2 "axis 2: expected" "$RL" lint $H/axis_not_table.batch.lua -r $H/limits_rules.lua
expect_first 2 "error_zero.batch.lua:2: 0" "$RL" lint $H/error_zero.batch.lua -r $H/limits_rules.lua

# Scenario files: deep nesting names a line; NaN is named; NUL bytes are
# refused (not cut short).
expect_first 2 "deep_nesting.lua:1: expected valid Lua, found brackets nested deeper" "$RL" lint $H/deep_nesting.lua
expect_first 2 "binary chunk" "$RL" lint $H/binary_chunk.batch.lua -r $H/limits_rules.lua
printf 'scenario "n" { date = "2026-01-01", params = { x = 0/0 } }\n' >"$T/nan.lua"
run "$RL" check "$T/nan.lua" -r $H/limits_rules.lua
if [ "$RC" = 2 ] && ! grep -q "(null)" "$T/err"; then pass; else fail "NaN described as: $(head -n 1 "$T/err")"; fi
expect_first 2 "NUL" "$RL" lint $H/nul_id.lua
expect_first 2 "NUL" "$RL" lint $H/nul_id.json

# A JSON scenario of 100,000 deployments loads in about the time of Lua
# (the loader was quadratic: minutes).
python3 "$CHECK_PY" write-big-json "$T/big.json"
run timeout 120 "$RL" lint "$T/big.json"
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

# A verdict handle kept from the first check is refused in every later one,
# also 2^20 checks later (the generation would wrap).
run timeout 300 "$RL" batch $H/stale.batch.lua -r $H/stale_rules.lua --no-memo -j 1 --summary "$T/stale.json"
if [ "$RC" = 1 ] && python3 "$CHECK_PY" stale-handles "$T/stale.json"; then pass; else fail "stale handles: exit $RC; $(head -c 300 "$T/stale.json" 2>/dev/null)"; fi

# The world API's lookups: w:get finds entities by the text of ids made at
# run time (it remembers recent answers by the strings' addresses, which the
# collector reuses), misses give nil or the documented errors, an unknown
# fact in attrs stops the check naming it; the same verdicts with and
# without verdict reuse, at -j1 and -j2.
WAPI='
c = {x["id"]: x["counts"] for x in json.load(open(sys.argv[1]))["clauses"]}
assert c["wapi/dynamic"]["breach"] == 150 and c["wapi/dynamic"]["compliant"] == 150, c
assert c["wapi/missing"]["compliant"] == 300 and c["wapi/attrs-unknown"]["unknown"] == 300, c'
for mode in "-j 1" "-j 2 --no-memo" "-j 1 --no-memo"; do
	run timeout 120 "$RL" batch $H/worldapi.batch.lua -r $H/worldapi_rules.lua --no-progress $mode \
		--summary "$T/wapi.json" -o "$T/wapi.jsonl"
	if [ "$RC" = 1 ]; then python_ok "worldapi $mode" "import json, sys$WAPI" "$T/wapi.json"
	else fail "worldapi $mode: exit $RC; $(head -n 1 "$T/err")"; fi
	if [ "$mode" = "-j 1" ]; then mv "$T/wapi.jsonl" "$T/wapi-memo.jsonl"
	elif same_outside_manifest "$T/wapi-memo.jsonl" "$T/wapi.jsonl"; then pass
	else fail "worldapi $mode: results differ from -j 1 with verdict reuse"; fi
done
expect_py 1 '
r = reading("wapi/attrs-unknown", "letter")
assert r["verdict"] == "unknown" and r["because"] == "reads an unknown fact: model.m1.attrs.secret", r
assert clause("wapi/missing")["verdict"] == "compliant"
' "$RL" check $H/worldapi.lua -r $H/worldapi_rules.lua -f json
# An entity handle kept from the first check is refused in every later one.
run timeout 120 "$RL" batch $H/worldapi.batch.lua -r $H/worldapi_stale_rules.lua --no-progress \
	--no-memo -j 1 --summary "$T/wapi-stale.json"
python_ok "kept entity handle: exit $RC" '
import json, sys
c = json.load(open(sys.argv[1]))["clauses"][0]["counts"]
assert c["compliant"] == 1 and c["error"] == 299 and c["breach"] == 0, c' "$T/wapi-stale.json"

# A variant whose `calls` make a cycle stops the batch there (exit 3, nothing
# written), with or without reused verdicts: a world is brought up to date
# only when a reading must run, but one whose paths must be traced again is
# always (tests/cases/batch/calls_cycle.batch.lua).
CB=tests/cases/batch
for memo in "" --no-memo; do
	rm -f "$T/cycle.jsonl"
	run timeout 60 "$RL" batch $CB/calls_cycle.batch.lua -r $CB/calls_cycle_rules.lua \
		--no-progress $memo -o "$T/cycle.jsonl"
	if [ "$RC" = 3 ] && [ ! -e "$T/cycle.jsonl" ] && head -n 1 "$T/err" |
		grep -q '^variant 1: .*calls_cycle.lua:11: expected `calls` to form no cycle'; then
		pass
	else
		fail "calls cycle ${memo:-with memo}: exit $RC: $(head -n 1 "$T/err")"
	fi
done

# --- 3. outputs, runs, escaping ---------------------------------------------

# A symbolic link to a file is refused; a device is written, not replaced.
echo previous >"$T/target.md"
ln -s "$T/target.md" "$T/link.md"
expect_first 2 "symbolic link" "$RL" check "$TINY" -r $H/limits_rules.lua -o "$T/link.md"
if [ -L "$T/link.md" ] && [ "$(cat "$T/target.md")" = previous ]; then pass; else fail "the link or its target changed"; fi
expect_exit 1 "$RL" check "$TINY" -r $H/limits_rules.lua -f json -o /dev/null
if [ -c /dev/null ]; then pass; else fail "/dev/null was replaced"; fi
# Standard output that cannot be written: one line, exit 3, for every command.
run sh -c "\"$RL\" test $TINY -r $H/limits_rules.lua >/dev/full"
if [ "$RC" = 3 ] && grep -q "No space left" "$T/err"; then pass; else fail "test >/dev/full: exit $RC: $(head -n 1 "$T/err")"; fi
expect_first 2 "expected a scenario file or directory" "$RL" test /nonexistent -r $H/limits_rules.lua

# Many arguments: 300 scenarios are all checked (none dropped after 256);
# past 4096 the command is refused, not cut short.
set -- $(seq 300 | sed "s|.*|$TINY|")
run "$RL" check "$@" -r $H/fine_rules.lua -f json
n=$(grep -c '"scenario": {' "$T/out")
if [ "$RC" = 0 ] && [ "$n" = 300 ]; then pass; else fail "300 scenarios: exit $RC, $n reports"; fi
set -- $(seq 4097 | sed "s|.*|$TINY|")
run "$RL" check "$@" -r $H/fine_rules.lua
if [ "$RC" = 2 ] && grep -q "at most 4096" "$T/err"; then pass; else fail "4097 scenarios: exit $RC"; fi
set --
# Inputs that are FIFOs are refused without waiting for a writer.
mkfifo "$T/results.jsonl"
expect_first 2 "found a FIFO" "$RL" merge "$T/results.jsonl"

# Resume: only a run of the same batch, every line checked, gaps found.
B=$T/res
mkdir "$B" && cp "$TINY" "$B/"
printf 'batch "r" { base = "tiny.lua", mode = "sample", n = 120, seed = 1,\n  vary = { { "param.x", uniform(0, 1) } } }\n' >"$B/a.batch.lua"
sed 's/seed = 1/seed = 2/' "$B/a.batch.lua" >"$B/b.batch.lua"
"$RL" batch "$B/a.batch.lua" -r $H/batch_rules.lua -o "$B/a.jsonl" >/dev/null 2>&1
cp "$B/a.jsonl" "$B/a.orig"
expect_first 2 "written by another run" "$RL" batch "$B/b.batch.lua" -r $H/batch_rules.lua --resume -o "$B/a.jsonl"
if cmp -s "$B/a.jsonl" "$B/a.orig"; then pass; else fail "a refused resume changed OUT"; fi
"$RL" batch "$B/a.batch.lua" -r $H/batch_rules.lua --db "$B/a.db" >/dev/null 2>&1
expect_first 2 "written by another run" "$RL" batch "$B/b.batch.lua" -r $H/batch_rules.lua --resume --db "$B/a.db"
sed '5s/"verdict":"[a-z_]*"/"verdict":"bogus"/' "$B/a.orig" >"$B/corrupt.jsonl"
expect_first 2 "corrupt.jsonl:5: expected a batch line with a known" "$RL" batch "$B/a.batch.lua" -r $H/batch_rules.lua --resume -o "$B/corrupt.jsonl"
sed '7d' "$B/a.orig" >"$B/gap.jsonl"
expect_first 2 "gap.jsonl:7: expected variant 5 next, found 6" "$RL" batch "$B/a.batch.lua" -r $H/batch_rules.lua --resume -o "$B/gap.jsonl"
head -c 2000 "$B/a.orig" >"$B/half.jsonl"
expect_exit 1 "$RL" batch "$B/a.batch.lua" -r $H/batch_rules.lua --resume -o "$B/half.jsonl"
if same_outside_manifest "$B/a.orig" "$B/half.jsonl"; then pass; else fail "a half-written line was not redone"; fi

# report: a summary of the wrong types is bad input, named.
python3 "$CHECK_PY" write-bad-summary "$B/s.json"
for f in md html csv; do
	expect_first 2 "s.json:0: expected clauses[1].counts.breach to be a whole number" "$RL" report "$B/a.jsonl" --summary "$B/s.json" -f $f
done

# Escaping: terminal escapes and newlines in text, | in Markdown cells,
# formulas in CSV, invalid UTF-8 in JSON; control characters in ids refused.
printf 'contract "esc" { effective = "2000-01-01" }\nclause "esc/a|b" { contract = "esc", text = "t",\n  check = function(w) return breach("=1+1 \\27[31mred\\nverdict: compliant \\255") end }\n' >"$T/esc.lua"
run "$RL" check "$TINY" -r "$T/esc.lua"
if ! grep -q "$(printf '\033')" "$T/out" && ! grep -q "^verdict: compliant" "$T/out"; then pass; else fail "text output holds escapes or a forged line"; fi
run "$RL" check "$TINY" -r "$T/esc.lua" -f md
if grep -qF '`esc/a\|b`' "$T/out"; then pass; else fail "md: | in a table cell not escaped"; fi
run "$RL" check "$TINY" -r "$T/esc.lua" -f csv
if grep -q "\"'=1+1" "$T/out"; then pass; else fail "csv: formula not neutralised: $(sed -n 2p "$T/out")"; fi
run "$RL" check "$TINY" -r "$T/esc.lua" -f json
if python3 -c 'import json,sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' "$T/out"; then pass; else fail "json: not valid UTF-8 JSON"; fi
printf 'scenario "x" { date = "2026-01-01" }\nparty "a\\27[2Jb" { kind = "cloud_provider" }\n' >"$T/ctl.lua"
expect_first 2 "control characters" "$RL" lint "$T/ctl.lua"

# Outputs past --max-output stop the rendering, and leave no file.
printf 'return { check = function(doc, out) for i = 1, 1e6 do out(("x"):rep(1000)) end end }\n' >"$T/big_tmpl.lua"
expect_first 3 "bytes of output" "$RL" check "$TINY" -r $H/limits_rules.lua --template "$T/big_tmpl.lua" --max-output 1 -o "$T/big.md"
if [ ! -e "$T/big.md" ] && [ -z "$(ls "$T" | grep '\.tmp')" ]; then pass; else fail "a stopped rendering left a file"; fi

# --- 6. fault injection ---------------------------------------------------------

# Allocation failures in the loaders and the batch runner: a clear error.
for n in 1 50 500 2000; do
	run env REDLINE_FAIL_ALLOC_AFTER=$n timeout 60 "$RL" batch "$B/a.batch.lua" -r $H/batch_rules.lua -j 2 -o "$T/fa.jsonl"
	if [ "$RC" -le 3 ] && { [ "$RC" -le 1 ] || grep -qE '^[^ :]+:[0-9]+: ' "$T/err"; }; then pass
	else fail "allocation failure after $n: exit $RC: $(head -n 1 "$T/err")"; fi
	run env REDLINE_FAIL_ALLOC_AFTER=$n timeout 60 "$RL" check $H/nul_id.json scenarios/frontier_dual_hosting.json -r rules
	if [ "$RC" -le 3 ] && { [ "$RC" -le 1 ] || grep -qE '^[^ :]+:[0-9]+: ' "$T/err"; }; then pass
	else fail "allocation failure after $n (check): exit $RC: $(head -n 1 "$T/err")"; fi
done
run env REDLINE_FAIL_ALLOC_AFTER=1 "$RL" batch "$B/a.batch.lua" -r $H/batch_rules.lua
if [ "$RC" = 3 ] && grep -q "allocation failure injected" "$T/err"; then pass; else fail "no injected failure was reported: $(head -n 1 "$T/err")"; fi

# A full disk: batch -o (fresh and --resume), --db, check -o, merge -o and
# report -o each end with one clear line, exit 3, and the previous output
# as it was.  A small tmpfs where this user may mount one (root), else
# /dev/full, which shows the error but has no previous output to keep.
FULL=$T/full
mkdir "$FULL"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=1m tmpfs "$FULL" 2>/dev/null; then
	trap 'umount "$FULL" 2>/dev/null; rm -rf "$T"' EXIT INT TERM HUP
	"$RL" batch "$B/a.batch.lua" -r $H/batch_rules.lua -o "$FULL/out.jsonl" --summary "$FULL/sum.json" >/dev/null 2>&1
	head -n 100 "$FULL/out.jsonl" >"$FULL/part.jsonl"
	"$RL" check "$TINY" -r $H/batch_rules.lua -f md -o "$FULL/r.md" >/dev/null 2>&1
	"$RL" report "$FULL/out.jsonl" --summary "$FULL/sum.json" -o "$FULL/b.html" -f html >/dev/null 2>&1
	"$RL" batch "$B/a.batch.lua" -r $H/batch_rules.lua --db "$FULL/b.db" >/dev/null 2>&1
	for f in out.jsonl part.jsonl sum.json r.md b.html b.db; do cp "$FULL/$f" "$T/keep.$f"; done
	dd if=/dev/zero of="$FULL/filler" bs=4k 2>/dev/null
	full() {    # full FILE CMD...: exit 3, "No space left" or "full", FILE unchanged
		f=$1; shift
		run timeout 120 "$@"
		if [ "$RC" = 3 ] && grep -qiE 'no space left|full' "$T/err" &&
		   [ "$(wc -l <"$T/err")" -le 2 ] && cmp -s "$FULL/$f" "$T/keep.$f"; then pass
		else fail "full disk [$*] exit $RC, $f same: $(cmp -s "$FULL/$f" "$T/keep.$f" && echo yes || echo no); stderr: $(head -n 2 "$T/err")"; fi
	}
	full out.jsonl "$RL" batch "$B/a.batch.lua" -r $H/batch_rules.lua -o "$FULL/out.jsonl"
	full part.jsonl "$RL" batch "$B/a.batch.lua" -r $H/batch_rules.lua --resume -o "$FULL/part.jsonl"
	full sum.json "$RL" batch "$B/a.batch.lua" -r $H/batch_rules.lua --summary "$FULL/sum.json"
	full b.db "$RL" batch "$B/a.batch.lua" -r $H/batch_rules.lua --db "$FULL/b.db"
	full r.md "$RL" check "$TINY" -r $H/batch_rules.lua -f md -o "$FULL/r.md"
	full sum.json "$RL" merge "$FULL/out.jsonl" -o "$FULL/sum.json"
	full b.html "$RL" report "$FULL/out.jsonl" --summary "$FULL/sum.json" -f html -o "$FULL/b.html"
	if [ -z "$(ls "$FULL" | grep '\.tmp')" ]; then pass; else fail "temporaries left: $(ls "$FULL")"; fi
	umount "$FULL"
else
	for cmd in "batch $B/a.batch.lua -r $H/batch_rules.lua -o /dev/full" \
	           "check $TINY -r $H/batch_rules.lua -f md -o /dev/full" \
	           "merge $B/a.orig -o /dev/full" "report $B/a.orig -o /dev/full"; do
		run timeout 120 $RL $cmd
		if [ "$RC" = 3 ] && grep -q "No space left" "$T/err"; then pass; else fail "[$cmd] exit $RC: $(head -n 1 "$T/err")"; fi
	done
fi

finish
