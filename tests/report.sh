#!/bin/sh
# Report tests for redline: check -f md|csv, --template, redline report, the
# renderer sandbox and limits.  Run from the repo root: sh tests/report.sh
# Uses ./redline (build it with `make all`), or $REDLINE if set, and python3
# to parse CSV and JSON back.  Ends with "N passed, N failed".

NAME=report . tests/lib.sh
C=tests/cases/report
BEDROCK=scenarios/frontier_bedrock_sre.lua
GRID=scenarios/frontier_design_space.batch.lua

# expect_stderr_first_line CODE REGEX CMD...: the exit code, and one stderr
# line, matching the ERE REGEX.
expect_stderr_first_line() { expect_one_stderr_line "$@"; }

# --- check -f md ------------------------------------------------------------
expect_stdout_contains 1 '**Verdict:** `contested`' $RL check $BEDROCK -r rules -f md
expect_stdout_contains 1 '**Expected exposure:** $20.0B' $RL check $BEDROCK -r rules -f md
expect_stdout_contains 1 '| `msft-openai-2025/api-exclusivity` | microsoft → openai | yes | `contested` | 0.40 | $20.0B |' \
	$RL check $BEDROCK -r rules -f md
expect_stdout_contains 1 'Excused by: `msft-openai-2025/red-line`' $RL check $BEDROCK -r rules -f md
expect_stdout_contains 1 '`bedrock-sre` (aws, platform, stateful) → `sre-inference` (aws, api, stateless) → model `gpt-frontier`' \
	$RL check $BEDROCK -r rules -f md
expect_stdout_contains 1 '→ model `gpt-frontier` (owner openai, tier frontier) on unknown.' \
	$RL check scenarios/inference_location_unknown.lua -r rules -f md
expect_stdout_contains 1 'Needs: `deployment.sre-inference.cloud`' \
	$RL check scenarios/inference_location_unknown.lua -r rules -f md
expect_stdout_contains 1 '# Quotes, commas \| pipes' $RL check $C/scenario.lua -r $C/rules.lua -f md
# Deterministic, and -o writes what stdout gets (but for the command line in
# the provenance section).
$RL check $BEDROCK -r rules -f md >"$T/md1" 2>/dev/null
$RL check $BEDROCK -r rules -f md -o "$T/md2" 2>/dev/null
if [ -s "$T/md1" ] && grep -v '^- \*\*redline\*\*' "$T/md1" > "$T/md1x" &&
   grep -v '^- \*\*redline\*\*' "$T/md2" | cmp -s "$T/md1x" -; then pass; else
	fail "[check -f md -o FILE] differs from stdout or is empty"
fi
# --clause keeps one clause.
run $RL check $BEDROCK -r rules -f md --clause msft-openai-2025/api-exclusivity
if [ "$RC" = 1 ] && grep -qF 'api-exclusivity' "$T/out" && ! grep -qF 'ip-license' "$T/out"
then pass; else fail "[check -f md --clause] exit $RC or other clauses shown"; fi
expect_stderr_first_line 2 '^[^:]+:[0-9]+: expected --clause' \
	$RL check $BEDROCK -r rules -f md --clause no/such

# --- check -f csv -------------------------------------------------------------
# Strict RFC 4180: a header, CRLF, one row per (scenario, clause, reading),
# because-texts (commas, quotes, a line break) equal to the JSON report's.
for S in "$BEDROCK -r rules" "$C/scenario.lua -r $C/rules.lua" \
         "$BEDROCK scenarios/raw_api_bedrock.lua -r rules"; do
	# shellcheck disable=SC2086
	$RL check $S -f csv >"$T/c.csv" 2>/dev/null
	# shellcheck disable=SC2086
	$RL check $S -f json >"$T/c.json" 2>/dev/null
	check_ok "check $S -f csv" check-csv "$T/c.csv" "$T/c.json"
done
$RL check $C/scenario.lua -r $C/rules.lua -f csv >"$T/q.csv" 2>/dev/null
check_ok "csv because with commas, quotes and a line break" csv-because-quoted "$T/q.csv"

# --- the JSON report carries the access paths --------------------------------
$RL check $BEDROCK -r rules -f json >"$T/p.json" 2>/dev/null
check_ok "json paths" report-json-paths "$T/p.json"

# --- batches ---------------------------------------------------------------------
$RL batch $GRID -r rules -j 2 -o "$T/o.jsonl" --summary "$T/s.json" >/dev/null 2>&1
$RL report "$T/o.jsonl" --summary "$T/s.json" >"$T/r1.md" 2>"$T/err"; rc1=$?
$RL report "$T/o.jsonl" --batch $GRID -r rules >"$T/r2.md" 2>>"$T/err"; rc2=$?
if [ "$rc1" = 0 ] && [ "$rc2" = 0 ] && [ -s "$T/r1.md" ] && cmp -s "$T/r1.md" "$T/r2.md"
then pass; else fail "[report with --summary vs --batch] exit $rc1/$rc2 or the md differs"; fi
expect_stdout_contains 0 '| `msft-openai-2025/api-exclusivity` | 20 | 43 | 21 | 0 | 84 | 0 | 0.22 | $11.1B |' \
	$RL report "$T/o.jsonl" --summary "$T/s.json"
expect_stdout_contains 0 '| `product.frontier.api_share` | `msft-openai-2025/api-exclusivity` | 0.5 and 0.55 | 0.5 | `contested` | `breach` |' \
	$RL report "$T/o.jsonl" --summary "$T/s.json"
expect_stdout_contains 0 '| `date` | 84 | `msft-openai-2025/api-exclusivity` | 84 |' \
	$RL report "$T/o.jsonl" --summary "$T/s.json"
# Provenance: the run that wrote the lines (its command), each input's SHA-256.
sha=$(sha256sum $GRID | cut -d ' ' -f 1)
expect_stdout_contains 0 "run as \`$RL batch $GRID -r rules -j 2 -o $T/o.jsonl --summary $T/s.json\`" \
	$RL report "$T/o.jsonl" --batch $GRID -r rules
expect_stdout_contains 0 "batch \`$GRID\`: SHA-256 \`$sha\`" $RL report "$T/o.jsonl"
sha=$(sha256sum $BEDROCK | cut -d ' ' -f 1)
expect_stdout_contains 1 "scenario \`$BEDROCK\`: SHA-256 \`$sha\`" $RL check $BEDROCK -r rules -f md
# A cell's mean p(breach) with each verdict's share: 0.20 blends contested
# (0.4) and not applicable (0), so the cell is marked mixed.
expect_stdout_contains 0 '| aws | mean 0.20 · contested 50%, not_applicable 50% · **mixed** |' $RL report "$T/o.jsonl" --summary "$T/s.json" \
	--x product.frontier.api_share --y deployment.sre-inference.cloud \
	--clause msft-openai-2025/api-exclusivity
# Without --summary or --batch: counts merged from the lines alone.
expect_stdout_contains 0 '| `msft-openai-2025/api-exclusivity` | 20 | 43 | 21 |' $RL report "$T/o.jsonl"
# Batch CSV: a row per (variant, clause, reading), axis values in columns
# named by the axis paths.
for R in "$T/o.jsonl --summary $T/s.json" "$C/results.jsonl --summary $C/summary.json" \
         "$C/plain.jsonl"; do
	set -- $R
	# shellcheck disable=SC2086
	$RL report $R -f csv >"$T/b.csv" 2>"$T/err"
	check_ok "report $R -f csv" batch-csv "$T/b.csv" "$1"
done
$RL report "$T/o.jsonl" --summary "$T/s.json" -f csv >"$T/b.csv" 2>/dev/null
check_ok "batch csv axis columns" batch-csv-axes "$T/b.csv"
# Lines with readings (and a manifest line, skipped).
$RL report $C/results.jsonl --summary $C/summary.json -f csv >"$T/b.csv" 2>/dev/null
check_ok "batch csv readings" batch-csv-readings "$T/b.csv"
expect_stdout_contains 0 '| `a/x` | spirit | 2 | 0 | 0 | 0 | 0 | 0 |' \
	$RL report $C/results.jsonl --summary $C/summary.json
# A batch's lines stream: 100000 lines render under an 8 MiB memory cap.
python3 "$CHECK_PY" write-many-lines "$T/big.jsonl"
run $RL report "$T/big.jsonl" -f csv --max-memory 8 -o "$T/big.csv"
if [ "$RC" = 0 ] && [ "$(wc -l < "$T/big.csv")" -eq 100001 ]; then pass; else
	fail "[report 100000 lines --max-memory 8] exit $RC; $(head -n 1 "$T/err")"
fi
# ... while a renderer that keeps every line hits the cap: exit 3.
cat >"$T/hoard.lua" <<'EOF'
return { batch = function(doc, out)
  local all = {}
  for l in doc.lines() do all[#all + 1] = l end
  out(#all .. "\n")
end }
EOF
expect_stderr_first_line 3 'memory' $RL report "$T/big.jsonl" --template "$T/hoard.lua" --max-memory 8

# --- --template and renderer lookup ------------------------------------------
expect_stdout_contains 1 'custom frontier-bedrock-sre contested md' \
	$RL check $BEDROCK -r rules --template $C/hello.lua
expect_stdout_contains 1 'custom frontier-bedrock-sre contested csv' \
	$RL check $BEDROCK -r rules -f csv --template $C/hello.lua
expect_stdout_contains 0 'custom batch 2 of 2' $RL report $C/results.jsonl --summary $C/summary.json \
	--template $C/hello.lua
mkdir -p "$T/reports"
cp $C/hello.lua "$T/reports/md.lua"
expect_stdout_contains 1 'custom frontier-bedrock-sre contested md' \
	env REDLINE_REPORTS="$T/reports" $RL check $BEDROCK -r rules -f md
expect_stderr_first_line 2 '/csv\.lua:0: expected a renderer for -f csv' \
	env REDLINE_REPORTS="$T/reports" $RL check $BEDROCK -r rules -f csv

# make install ships the renderers; REDLINE_REPORTS finds them from anywhere.
expect_exit 0 make -s install DESTDIR="$T/inst" PREFIX=/usr
if [ -f "$T/inst/usr/share/redline/reports/md.lua" ] && [ -f "$T/inst/usr/share/redline/reports/csv.lua" ]
then pass; else fail "make install did not install reports/md.lua and reports/csv.lua"; fi
RLABS=$(cd "$(dirname "$RL")" && pwd)/$(basename "$RL")
run sh -c "cd '$T' && REDLINE_REPORTS='$T/inst/usr/share/redline/reports' '$RLABS' check \
	'$PWD/$BEDROCK' -r '$PWD/rules' -f md"
if [ "$RC" = 1 ] && grep -qF '**Verdict:** `contested`' "$T/out"; then pass; else
	fail "[installed renderers via REDLINE_REPORTS] exit $RC; $(head -n 1 "$T/err")"
fi
run sh -c "cd '$T' && REDLINE_REPORTS='$T/inst/usr/share/redline/reports' '$RLABS' check \
	'$PWD/$BEDROCK' -r '$PWD/rules' -f html"
if [ "$RC" = 1 ] && grep -qF 'class="badge big v-contested"' "$T/out" && tail -n 1 "$T/out" | grep -qx '</html>'
then pass; else
	fail "[installed html renderer and its reports/lib/ via REDLINE_REPORTS] exit $RC; $(head -n 1 "$T/err")"
fi

# Renderers share code from their own tree with include(); reports/lib/ is
# shared code, never a format.
expect_stdout_contains 1 'hello from an included file, 1 report(s)' \
	$RL check $BEDROCK -r rules --template $C/include/main.lua
expect_stderr_first_line 3 "^tests/cases/report/include/outside\.lua:2: expected include to stay inside .*, found '\.\./hello\.lua' outside it" \
	$RL check $BEDROCK -r rules --template $C/include/outside.lua
expect_stderr_first_line 3 '^tests/cases/report/include/self\.lua:2: expected includes nested at most 16 deep' \
	$RL check $BEDROCK -r rules --template $C/include/self.lua
expect_stderr_first_line 3 "^tests/cases/report/include/missing\.lua:1: expected include to name an existing file, found 'lib/none\.lua'" \
	$RL check $BEDROCK -r rules --template $C/include/missing.lua
# An error in included code names the included file and its line, not the
# renderer: a runtime error, a syntax error, --max-output and the budget.
expect_stderr_first_line 3 '^tests/cases/report/include/lib/raise\.lua:5: x$' \
	$RL check $BEDROCK -r rules --template $C/include/raise.lua
expect_stderr_first_line 3 '^tests/cases/report/include/lib/raise\.lua:5: x$' \
	$RL report $C/results.jsonl --summary $C/summary.json --template $C/include/raise.lua
expect_stderr_first_line 3 "^tests/cases/report/include/lib/badsyntax\.lua:3: unexpected symbol near '='" \
	$RL check $BEDROCK -r rules --template $C/include/badsyntax.lua
expect_stderr_first_line 3 '^tests/cases/report/include/lib/limits\.lua:6: expected at most 1048576 bytes of output' \
	$RL check $BEDROCK -r rules --template $C/include/flood.lua --max-output 1
expect_stderr_first_line 3 '^tests/cases/report/include/lib/limits\.lua:11: instruction budget of 5000000 instructions exceeded' \
	$RL report $C/results.jsonl --summary $C/summary.json --template $C/include/spin.lua \
	--max-instructions 5000000
# A load error without a position of its own is placed in the included file
# too, not at the line that includes it: brackets nested too deep (line 3
# here), a binary chunk (line 1).
mkdir -p "$T/inc/lib"
printf 'return include("lib/deep.lua")\n' >"$T/inc/deep.lua"
{ printf -- '-- too deep\nreturn\n'; i=0; while [ $i -lt 300 ]; do printf '{'; i=$((i + 1)); done
  i=0; while [ $i -lt 300 ]; do printf '}'; i=$((i + 1)); done; echo; } >"$T/inc/lib/deep.lua"
expect_stderr_first_line 3 '/inc/lib/deep\.lua:3: brackets nested deeper than about 190 levels: C stack overflow$' \
	$RL check $BEDROCK -r rules --template "$T/inc/deep.lua"
printf 'return include("lib/bin.lua")\n' >"$T/inc/bin.lua"
printf '\033Lua' >"$T/inc/lib/bin.lua"
expect_stderr_first_line 3 "/inc/lib/bin\\.lua:1: attempt to load a binary chunk" \
	$RL check $BEDROCK -r rules --template "$T/inc/bin.lua"
# No renderer file assigns a global (luac lists a write to _ENV as SETTABUP):
# what a file defines is local, or returned to the file that includes it.
globals=
for f in reports/*.lua reports/lib/*.lua reports/lib/*/*.lua; do
	if ! luac5.4 -p -l "$f" >"$T/listing"; then globals="$globals $f (luac5.4 failed)"
	elif grep -q 'SETTABUP.*; _ENV "' "$T/listing"; then globals="$globals $f"; fi
done
if [ -z "$globals" ] && [ -s reports/lib/common.lua ]; then pass; else
	fail "[renderer files assign no globals] found global writes in:$globals"
fi
expect_error 2 'expected text, json, md, html or csv' $RL check $BEDROCK -r rules -f lib
expect_error 2 'expected md, html or csv' $RL report $C/results.jsonl --summary $C/summary.json -f lib

# --- bad renderers -----------------------------------------------------------------
expect_stderr_first_line 2 '^tests/cases/report/syntax\.lua:3: ' \
	$RL check $BEDROCK -r rules --template $C/syntax.lua
expect_stderr_first_line 2 '^tests/cases/report/notable\.lua:1: expected the renderer to return a table' \
	$RL check $BEDROCK -r rules --template $C/notable.lua
expect_stderr_first_line 2 '^tests/cases/report/syntax\.lua:3: ' \
	$RL report $C/results.jsonl --summary $C/summary.json --template $C/syntax.lua
expect_stderr_first_line 2 'expected the renderer.s table to have a batch function' \
	$RL report $C/plain.jsonl --template $C/runtime.lua
expect_stderr_first_line 2 '^nope\.lua:0: expected a readable renderer' \
	$RL check $BEDROCK -r rules --template nope.lua
# A runtime error: exit 3, file:line, and no -o file (nor a temp file).
rm -f "$T/out.md"
expect_stderr_first_line 3 '^tests/cases/report/runtime\.lua:5: ' \
	$RL check $BEDROCK -r rules --template $C/runtime.lua -o "$T/out.md"
if [ ! -e "$T/out.md" ] && [ -z "$(ls "$T" | grep 'out\.md')" ]; then pass; else
	fail "[runtime error -o FILE] a file was left behind: $(ls "$T")"
fi
# An endless loop ends on the instruction budget: exit 3.
expect_stderr_first_line 3 '^tests/cases/report/loop\.lua:[0-9]+: instruction budget of 5000000' \
	timeout 60 $RL check $BEDROCK -r rules --template $C/loop.lua --max-instructions 5000000
expect_stderr_first_line 3 '^tests/cases/report/loop\.lua:[0-9]+: instruction budget of 1000000000' \
	timeout 300 $RL check $BEDROCK -r rules --template $C/loop.lua

# --- the sandbox holds in a renderer ----------------------------------------------
expect_stdout_contains 1 'io=nil os=nil package=nil debug=nil require=nil dofile=nil json=table' \
	$RL check $BEDROCK -r rules --template $C/sandbox.lua
rm -f /tmp/redline-escaped
expect_stderr_first_line 3 "escape\.lua:3: attempt to index a nil value \(global 'os'\)" \
	$RL check $BEDROCK -r rules --template $C/escape.lua
if [ ! -e /tmp/redline-escaped ]; then pass; else fail "[escape.lua] os.execute ran"; fi

# --- bad flags and files --------------------------------------------------------------
expect_error 2 'expected md, html or csv' $RL report "$T/o.jsonl" -f json
expect_error 2 'expected text, json, md, html or csv' $RL check $BEDROCK -r rules -f pdf
expect_stderr_first_line 2 '^nope\.jsonl:0: expected a readable batch results file' $RL report nope.jsonl
expect_stderr_first_line 2 "expected --x to name an axis of the batch, found 'nope'" \
	$RL report "$T/o.jsonl" --summary "$T/s.json" --x nope
expect_stderr_first_line 2 "expected --clause to name a clause of the batch" \
	$RL report "$T/o.jsonl" --summary "$T/s.json" --clause no/such
expect_stderr_first_line 2 '^nope\.json:0: expected a readable batch summary' \
	$RL report "$T/o.jsonl" --summary nope.json
printf '{"index":0,"values":[],"verdict":"breach","clauses":[]}\n{"index":1,' >"$T/half.jsonl"
expect_stderr_first_line 2 'half\.jsonl:2: expected a complete line' \
	$RL report "$T/half.jsonl" --summary $C/summary.json -f csv
printf 'not json\n' >"$T/junk.json"
expect_stderr_first_line 2 'junk\.json:0: expected the batch summary as a JSON object' \
	$RL report $C/results.jsonl --summary "$T/junk.json"
expect_exit 2 $RL report
expect_error 2 '--y: expected with --x' $RL report "$T/o.jsonl" --summary "$T/s.json" --y date
expect_exit 2 $RL check $BEDROCK -r rules -f text --template $C/hello.lua

finish
