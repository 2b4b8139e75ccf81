#!/bin/sh
# End-to-end CLI tests for redline. Run from the repo root: sh tests/cli.sh
# Uses ./redline (build it with `make all`), or $REDLINE if set. Ends with "N passed, N failed".

NAME=cli . tests/lib.sh

# expect_stderr_first_line CODE REGEX FRAGMENT CMD...
#   exit code CODE, first stderr line matches the ERE REGEX and contains FRAGMENT
expect_stderr_first_line() { expect_stderr_line "$@"; }

BEDROCK=scenarios/frontier_bedrock_sre.lua
API=msft-openai-2025/api-exclusivity
BAD=tests/cases/bad
SB=tests/cases/sandbox
GOOD=scenarios/frontier_azure_only.lua

if [ ! -x "$RL" ]; then
	echo "FAIL: $RL not found (run make all)"
	echo "0 passed, 1 failed"
	exit 1
fi

# ---- 1. exit codes and output ------------------------------------------------
expect_stdout_contains 1 "$API" $RL check $BEDROCK -r rules
expect_stdout_contains 1 contested $RL check $BEDROCK -r rules

run $RL check $BEDROCK -r rules -f json
if [ "$RC" = 1 ] && python3 -m json.tool <"$T/out" >/dev/null 2>&1; then pass; else
	fail "[check $BEDROCK -f json] exit $RC or output is not valid JSON"
fi
expect_json 1 '
c = clause("msft-openai-2025/api-exclusivity")
assert c["p_breach"] == 0.4, c["p_breach"]
assert c["verdict"] == "contested", c["verdict"]
assert reading(c["id"], "letter")["verdict"] == "compliant"
assert reading(c["id"], "spirit")["verdict"] == "breach"
assert d["redline"] == "0.1.0" and d["verdict"] == "contested"
' $RL check $BEDROCK -r rules -f json

# frontier_azure_only: contested (msft-openai-2026 frontier clauses) -> exit 1
expect_stdout_contains 1 "verdict: contested" $RL check $GOOD -r rules
# an all-compliant scenario exits 0
expect_stdout_contains 0 "verdict: compliant" $RL check scenarios/aws_pitch_allowed_wording.lua -r rules

expect_stdout_contains 0 "redline 0.1.0" $RL --version
# --help on every command: that command's usage, then the options.
for cmd in check explain test lint batch merge report diff search; do
	run $RL $cmd --help
	if [ "$RC" = 0 ] && [ "$(sed -n 2p "$T/out" | cut -c1-$((${#cmd} + 11)))" = "  redline $cmd " ] &&
	   ! grep -v "^  redline $cmd " "$T/out" | grep -q '^  redline ' && grep -q '^options:' "$T/out"
	then pass; else fail "[$cmd --help] exit $RC, or not $cmd's usage: $(sed -n 2p "$T/out")"; fi
done
expect_exit 2 $RL
expect_exit 2 $RL bogus
expect_exit 2 $RL check --bogus $BEDROCK -r rules

# -o FILE writes the report to FILE
run $RL check $BEDROCK -r rules -o "$T/report.txt"
if [ "$RC" = 1 ] && grep -qF "$API" "$T/report.txt" 2>/dev/null; then pass; else
	fail "[check -o FILE] exit $RC, or $T/report.txt missing/lacks $API"
fi
run $RL check $BEDROCK -r rules -f json -o "$T/report.json"
run $RL check $BEDROCK -r rules -f json
if same_outside_manifest "$T/out" "$T/report.json"; then pass; else
	fail "[check -f json -o FILE] FILE differs from the stdout report"
fi

# two JSON runs are byte-identical
$RL check $BEDROCK -r rules -f json >"$T/j1" 2>/dev/null
$RL check $BEDROCK -r rules -f json >"$T/j2" 2>/dev/null
if [ -s "$T/j1" ] && cmp -s "$T/j1" "$T/j2"; then pass; else
	fail "[check -f json twice] outputs differ or are empty"
fi

# explain: the exit codes of check apply (the clause is contested -> 1)
for text in "reading letter" "reading spirit" "consulted path" "$API"; do
	expect_stdout_contains 1 "$text" $RL explain $BEDROCK $API -r rules
done

# lint
expect_stdout_contains 0 "ok" $RL lint rules/microsoft_openai.lua $BEDROCK
expect_stdout_contains 0 "scenario fragment" $RL lint docs/examples/common/parties.lua
expect_exit 0 $RL lint tests/cases/batch/sample.batch.lua rules/*.lua scenarios/*.lua scenarios/*.json scenarios/common/*.lua docs/examples/*.lua docs/examples/common/*.lua

# ---- 2. bad input: exit 2, "FILE:LINE: ...expected..." first ----------------
# Each file of tests/cases/bad says what it must do, in its first line (a
# JSON case in FILE.expect beside it):
#   -- expect CODE: FILE:LINE: MESSAGE            (a scenario, with -r rules)
#   -- expect CODE (rule pack): FILE:LINE: MESSAGE (a rule pack, with $GOOD)
# redline check exits CODE, its first stderr line starts with what follows
# the colon (" ... " stands for any text), and -o OUT is never created.
for f in "$BAD"/*; do
	case $f in *.expect) continue ;; esac
	if [ -f "$f.expect" ]; then spec=$(head -n 1 "$f.expect"); else spec=$(sed -n '1s/^-- //p' "$f"); fi
	case $spec in
	"expect "[0-9]*": $f:"*) ;;
	*) fail "[$f] no first line '-- expect CODE: $f:LINE: ...' (or $f.expect)"; continue ;;
	esac
	code=${spec#expect }
	code=${code%%[!0-9]*}
	want=${spec#*: }
	case $spec in
	"expect $code (rule pack): "*) set -- $RL check $GOOD -r "$f" ;;
	*) set -- $RL check "$f" -r rules ;;
	esac
	rm -f "$T/never"
	run "$@" -o "$T/never"
	first=$(head -n 1 "$T/err")
	if [ "$RC" != "$code" ]; then fail "[$*] exit $RC, expected $code; stderr: $first"
	elif ! like "$first" "$want"; then fail "[$*] first stderr line '$first' is not '$want'"
	elif [ -e "$T/never" ]; then fail "[$* -o OUT] OUT was created"
	else pass; fi
done

# ---- 3. sandbox --------------------------------------------------------------
expect_json 0 '
ids = [c["id"] for c in d["clauses"]]
assert len(ids) == 13, ids
bad = [(c["id"], c["verdict"]) for c in d["clauses"] if c["verdict"] != "compliant"]
assert not bad, bad
' $RL check $SB/world.lua -r $SB/escape.lua -f json

start=$(date +%s%N)
run timeout 60 $RL check $SB/world.lua -r $SB/limits.lua -f json
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
# The limits stop it, not the timeout (wall clock: loose, the machine may be busy).
if [ "$RC" != 124 ] && [ "$ms" -lt 10000 ]; then pass; else fail "[limits.lua] took ${ms}ms, expected the limits to stop it (exit $RC)"; fi
expect_json 3 '
def err(i, frag):
    c = clause(i)
    assert c["verdict"] == "error", (i, c["verdict"])
    r = c["readings"][0]
    text = r["because"] + " " + (r.get("error") or "")
    assert frag in text, (i, text)
err("lim/loop", "instruction budget")
err("lim/memory", "memory cap")
err("lim/runtime", "tests/cases/sandbox/limits.lua:17:")
assert clause("lim/fine")["verdict"] == "compliant"
assert d["counts"]["error"] == 3, d["counts"]
' timeout 60 $RL check $SB/world.lua -r $SB/limits.lua -f json

# ---- 4. unknown --------------------------------------------------------------
expect_json 1 '
c = clause("msft-openai-2025/api-exclusivity")
assert c["verdict"] == "unknown", c["verdict"]
needs = [n for r in c["readings"] for n in (r.get("needs") or [])]
assert "deployment.sre-inference.cloud" in needs, needs
' $RL check scenarios/inference_location_unknown.lua -r rules -f json

# ---- redline test reports a failing expectation ------------------------------
expect_stdout_contains 1 "msft-openai-2025/api-exclusivity: expected compliant, got breach" \
	$RL test tests/cases/expect -r rules
expect_stdout_contains 1 "0 passed, 1 failed" $RL test tests/cases/expect -r rules
expect_stdout_contains 0 " passed, 0 failed" $RL test scenarios -r rules

# ---- 5. batches --------------------------------------------------------------
BATCH=tests/cases/batch
GRID=scenarios/frontier_design_space.batch.lua
expect_exit 1 $RL batch $GRID -r rules -j 1 -o "$T/g1.jsonl" --summary "$T/g1.json"
expect_exit 1 $RL batch $GRID -r rules -j 2 -o "$T/g2.jsonl" --summary "$T/g2.json"
if same_outside_manifest "$T/g1.jsonl" "$T/g2.jsonl" && same_outside_manifest "$T/g1.json" "$T/g2.json"; then pass
else fail "grid batch output differs between -j 1 and -j 2"; fi
# 2 clouds x 21 api_share values x 2 dates x 2 wordings, one line each, in index order
n=$(grep -c '"index":' "$T/g1.jsonl")
if [ "$n" -eq 168 ]; then pass; else fail "grid batch wrote $n lines, expected 168"; fi
if python3 "$CHECK_PY" grid-lines "$T/g1.jsonl" "$T/g1.json"
then pass; else fail "grid batch lines or summary are inconsistent"; fi
expect_exit 1 $RL batch $BATCH/sample.batch.lua -r rules -j 1 -o "$T/s1.jsonl" --summary "$T/s1.json"
expect_exit 1 $RL batch $BATCH/sample.batch.lua -r rules -j 2 -o "$T/s2.jsonl" --summary "$T/s2.json"
if same_outside_manifest "$T/s1.jsonl" "$T/s2.jsonl" && same_outside_manifest "$T/s1.json" "$T/s2.json"; then pass
else fail "sample batch output differs between -j 1 and -j 2"; fi
if grep -q '"unknown"' "$T/s1.jsonl"; then pass; else fail "no unknown verdict in a batch with unknown values"; fi
expect_stderr_first_line 2 "^$BATCH/bad_field.batch.lua:1: " "expected a field of deployment, found 'clod'" $RL batch $BATCH/bad_field.batch.lua -r rules
expect_stderr_first_line 2 "^$BATCH/bad_value.batch.lua:1: " "found 'gcp'" $RL batch $BATCH/bad_value.batch.lua -r rules
expect_stderr_first_line 2 "^$BATCH/bad_share.batch.lua:1: " "number from 0 to 1" $RL batch $BATCH/bad_share.batch.lua -r rules
expect_stderr_first_line 2 "^$BATCH/empty_axis.batch.lua:1: " "found an empty list" $RL batch $BATCH/empty_axis.batch.lua -r rules
expect_stderr_first_line 2 "^$BATCH/zero_step.batch.lua:3: " "step > 0" $RL batch $BATCH/zero_step.batch.lua -r rules
expect_stderr_first_line 2 "^$BATCH/no_n.batch.lua:1: " "expected n" $RL batch $BATCH/no_n.batch.lua -r rules
expect_exit 2 $RL batch $BATCH/bad_field.batch.lua -r rules -o "$T/never.jsonl"
if [ ! -e "$T/never.jsonl" ]; then pass; else fail "a bad batch left an output file"; fi

# Shards: 4 separate processes, merged, equal a single run byte for byte.
for k in 1 2 3 4; do
	$RL batch $BATCH/sample.batch.lua -r rules -j 1 --shard $k/4 -o "$T/shard$k.jsonl" >/dev/null &
done
wait
expect_exit 0 $RL merge "$T/shard3.jsonl" "$T/shard1.jsonl" "$T/shard4.jsonl" "$T/shard2.jsonl" --batch $BATCH/sample.batch.lua -r rules -o "$T/merged.json"
if same_outside_manifest "$T/merged.json" "$T/s1.json"; then pass; else fail "merged shard summary differs from a single run's"; fi
if [ "$(cat "$T"/shard?.jsonl | grep -c '"index":')" -eq 3000 ]; then pass; else fail "shards do not cover every variant once"; fi
expect_stderr_first_line 2 "^$T/shard1.jsonl:[0-9]+: " "a shard is missing" $RL merge "$T/shard1.jsonl" "$T/shard2.jsonl"
head -c -20 "$T/shard2.jsonl" > "$T/half.jsonl"
expect_stderr_first_line 2 "^$T/half.jsonl:[0-9]+: " "half-written" $RL merge "$T/shard1.jsonl" "$T/half.jsonl" "$T/shard3.jsonl" "$T/shard4.jsonl"

# Grid shards merged with --batch: flips and tipping points included, equal
# to a single run's summary byte for byte.
expect_exit 1 $RL batch $GRID -r rules --shard 1/2 -o "$T/gsh1.jsonl" --summary "$T/gsh1.json"
expect_exit 0 $RL batch $GRID -r rules --shard 2/2 -o "$T/gsh2.jsonl"
expect_exit 0 $RL merge "$T/gsh2.jsonl" "$T/gsh1.jsonl" --batch $GRID -r rules -o "$T/gmerged.json"
if same_outside_manifest "$T/gmerged.json" "$T/g1.json"; then pass; else fail "merged grid summary differs from a single run's"; fi
if python3 "$CHECK_PY" grid-flips "$T/g1.json"
then pass; else fail "grid flips are not as expected"; fi

# Reused verdicts (memo.h) change nothing: every kind of axis, grid and
# sample, at -j1 and -j2, line for line and summary for summary.
for mb in memo sample; do
	for j in 1 2; do
		$RL batch $BATCH/$mb.batch.lua -r rules -j $j -o "$T/memo-on.jsonl" --summary "$T/memo-on.json" >/dev/null
		$RL batch $BATCH/$mb.batch.lua -r rules -j $j --no-memo -o "$T/memo-off.jsonl" --summary "$T/memo-off.json" >/dev/null
		if same_outside_manifest "$T/memo-on.jsonl" "$T/memo-off.jsonl" &&
		   same_outside_manifest "$T/memo-on.json" "$T/memo-off.json"; then pass
		else fail "$mb.batch.lua -j $j: reused verdicts differ from running every reading"; fi
	done
done
# Drawn numbers compared with thresholds (w:above, w:below) are reused by
# side: nested comparisons, a param's threshold, more thresholds than a
# reading keeps, an exception; line for line equal to running every reading.
TH=$BATCH/thresholds
for j in 1 2; do
	$RL batch $TH.batch.lua -r ${TH}_rules.lua -j $j -o "$T/th-on.jsonl" --summary "$T/th-on.json" >/dev/null
	$RL batch $TH.batch.lua -r ${TH}_rules.lua -j $j --no-memo -o "$T/th-off.jsonl" --summary "$T/th-off.json" >/dev/null
	if [ "$(grep -c '"index":' "$T/th-on.jsonl")" -eq 4000 ] &&
	   same_outside_manifest "$T/th-on.jsonl" "$T/th-off.jsonl" &&
	   same_outside_manifest "$T/th-on.json" "$T/th-off.json"; then pass
	else fail "thresholds.batch.lua -j $j: reused verdicts differ from running every reading"; fi
done
# What w:above, w:below and w:cite answer and refuse; w:cite's placeholders
# become the values in a verdict's because and evidence and in errors.
expect_json 3 '
r = lambda i: clause(i)["readings"][0]
assert r("w/cited")["because"] == "p at 0.400; path at 0.4; audience enterprise; owner openai", r("w/cited")
assert r("w/cited")["evidence"] == ["share 0.4", "p"], r("w/cited")
assert r("w/unknown")["verdict"] == "unknown" and r("w/unknown")["needs"] == ["product.r.api_share"]
assert r("w/cite-unknown")["because"] == "r\x27s share is unknown", r("w/cite-unknown")
assert "w:above: expected product.p.kind to be a number, found a string" in r("w/not-a-number")["because"]
assert "w:cite: expected digits from 0 to 9, found 12" in r("w/digits")["because"]
assert "a path has no field \x27share\x27" in r("w/no-field")["because"]
assert r("w/error")["because"].endswith(": p\x27s share 0.40"), r("w/error")
assert "expected the world (call it as w:above), found number" in r("w/not-world")["because"]
assert r("w/forged")["because"] == ("a\x01-1.0.99.2\x02b\x0199999999999999999999.1.1.1\x02"
                                   "c\x01-1.0.\x02d0.40e\x01"), r("w/forged")
d["clauses"] = [c for c in d["clauses"] if c["id"] != "w/forged"]
assert "\\u0001" not in json.dumps(d) and "\\u0002" not in json.dumps(d)
' $RL check ${TH}_unknown.lua -r ${TH}_world_rules.lua -f json

if [ "$(grep -c '"index":' "$T/memo-on.jsonl")" -eq 3000 ] && grep -q '"readings":{"letter":"' "$T/memo-on.jsonl"; then pass
else fail "batch lines lack one line per variant with reading verdicts"; fi

# The messaging guidance over wordings: "enables access", "calls on/upon"
# and "available on AWS" in any case, punctuation or inflection breach it;
# "powered by", "enabled by", "integrates with" do not.
$RL batch $BATCH/messaging.batch.lua -r rules -o "$T/msg.jsonl" >/dev/null
if python3 "$CHECK_PY" messaging-verdicts "$T/msg.jsonl"
then pass; else fail "aws-guidance-2026/messaging misjudges a wording"; fi

# redline search: the variants with a verdict, and the smallest changes to the
# base scenario that give it.
GRID=scenarios/frontier_design_space.batch.lua
API=msft-openai-2025/api-exclusivity
expect_stdout_contains 0 "1 of them kept: changing at most 1 axis" \
	$RL search $GRID -r rules --want compliant --clause $API --minimal -o "$T/min.jsonl"
if python3 "$CHECK_PY" minimal-search "$T/min.jsonl"
then pass; else fail "search --minimal: not the one variant moving inference to Azure"; fi
expect_stdout_contains 0 "variant 130: product.frontier.api_share = 0.55" \
	$RL search $GRID -r rules --want breach --clause $API --minimal
# Every variant whose spirit reading breaches, as the batch lines say; the same
# for any -j and without reused verdicts.
$RL batch $GRID -r rules -o "$T/grid.jsonl" >/dev/null
for flags in "-j 1" "-j 2" "-j 2 --no-memo"; do
	# shellcheck disable=SC2086
	$RL search $GRID -r rules $flags --want breach --clause $API --reading spirit \
		-o "$T/sp.jsonl" >/dev/null
	if python3 "$CHECK_PY" search-spirit "$T/grid.jsonl" "$T/sp.jsonl" "$API"
	then pass; else fail "search --reading spirit ($flags) differs from the batch lines"; fi
done
expect_exit 1 $RL search $GRID -r rules --want compliant
expect_stderr_first_line 2 '^--want:0: expected a verdict' "found 'maybe'" \
	$RL search $GRID -r rules --want maybe
expect_stderr_first_line 2 '^--clause:0: expected a clause of the contracts of frontier-bedrock-sre' \
	"aws-guidance-2026/messaging" $RL search $GRID -r rules --want breach --clause aws-guidance-2026/messaging
expect_stderr_first_line 2 '^--reading:0: expected a reading of' "found 'loose'" \
	$RL search $GRID -r rules --want breach --clause $API --reading loose
expect_stderr_first_line 2 '^--reading:0: expected --clause' "" \
	$RL search $GRID -r rules --want breach --reading spirit

# SIGKILL at several moments, then --resume: the same lines and summary as
# an uninterrupted run, byte for byte (half-written last lines are redone).
$RL batch $BATCH/resume.batch.lua -r rules -j 1 -o "$T/rfull.jsonl" --summary "$T/rfull.json" >/dev/null
# (--no-memo runs every reading, slowly enough to be killed part-way; the
# kills come once the output holds 10,000, 25,000 and 40,000 lines.)
lines_of() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }
firstkill=
for at in 10000 25000 40000; do
	$RL batch $BATCH/resume.batch.lua -r rules -j 1 --no-memo --resume -o "$T/rkill.jsonl" >/dev/null 2>&1 &
	rpid=$!
	tries=0
	while [ "$(lines_of "$T/rkill.jsonl")" -lt $at ] && [ $tries -lt 600 ] &&
	      kill -0 $rpid 2>/dev/null; do
		sleep 0.02; tries=$((tries + 1))
	done
	kill -9 $rpid 2>/dev/null
	wait $rpid 2>/dev/null
	[ -z "$firstkill" ] && firstkill=$(lines_of "$T/rkill.jsonl")
done
if [ "$firstkill" -lt 60000 ]; then pass; else fail "the first kill came after the batch finished"; fi
expect_exit 1 $RL batch $BATCH/resume.batch.lua -r rules -j 2 --resume -o "$T/rkill.jsonl" --summary "$T/rkill.json"
if same_outside_manifest "$T/rfull.jsonl" "$T/rkill.jsonl"; then pass; else fail "resumed lines differ from an uninterrupted run"; fi
if same_outside_manifest "$T/rfull.json" "$T/rkill.json"; then pass; else fail "resumed summary differs from an uninterrupted run"; fi
# Resuming a finished run changes nothing and exits as the run did (1: findings).
expect_exit 1 $RL batch $BATCH/resume.batch.lua -r rules --resume -o "$T/rkill.jsonl" --summary "$T/rdone.json"
if same_outside_manifest "$T/rfull.json" "$T/rdone.json"; then pass; else fail "resuming a finished run changed its summary"; fi

# Ctrl-C: the run stops, exits 3, and keeps only whole lines, in index order.
$RL batch $BATCH/big.batch.lua -r rules -j 2 --no-progress -o "$T/big.jsonl" >/dev/null 2>"$T/big.err" &
bigpid=$!
sleep 1
kill -INT $bigpid
rc=0; wait $bigpid || rc=$?
if [ "$rc" = 3 ] && grep -q "interrupted" "$T/big.err" && python3 "$CHECK_PY" interrupted-lines "$T/big.jsonl"
then pass; else fail "interrupted batch: exit $rc, $(head -n 1 "$T/big.err")"; fi

# ---- 6. set-up, verdict rules, terminal output, docs ------------------------
# make demo prints the Frontier-via-Bedrock-SRE breach report.
expect_stdout_contains 0 "msft-openai-2025/api-exclusivity  p=0.40" make -s demo
# make install puts everything where a C programmer finds it, and a program
# (built with the same CFLAGS/LDFLAGS as the library, e.g. under ASan)
# builds against the installed header, library and pkg-config file alone.
expect_exit 0 make -s install DESTDIR="$T/inst" PREFIX=/usr
for f in bin/redline include/redline/redline.h lib/libredline.a lib/pkgconfig/redline.pc \
         share/redline/rules/microsoft_openai.lua share/man/man1/redline.1; do
	if [ -f "$T/inst/usr/$f" ]; then pass; else fail "make install did not install $f"; fi
done
# (CFLAGS and LDFLAGS as the library was built with: a sanitizer build
# needs its runtime at link time too.)
if ${CC:-cc} ${CFLAGS:-} -I"$T/inst/usr/include" -o "$T/embed" tests/embed.c \
	"$T/inst/usr/lib/libredline.a" $(pkg-config --libs lua5.4 lua5.4-cjson sqlite3 libcrypto) -lcsv \
	-lm -lpthread ${LDFLAGS:-} 2>"$T/cc.err"; then pass
else fail "embed.c does not build against the installed files: $(head -n 1 "$T/cc.err")"; fi
# make deps, not as root: prints the one command to run.
P=$(mktemp -d); chmod 755 "$P"; cp Makefile "$P/"
if command -v runuser >/dev/null && [ "$(id -u)" = 0 ]; then
	expect_stdout_contains 2 "run: sudo apt-get install -y redline-no-such-package" \
		runuser -u nobody -- make -s -f "$P/Makefile" deps DEPS=redline-no-such-package
fi
rm -rf "$P"
# A non-binding breach is reported but raises neither verdict nor exit code.
expect_json 0 '
c = clause("memo/broken")
assert c["binding"] is False and c["verdict"] == "breach", c
assert d["verdict"] == "compliant" and d["expected_exposure_usd"] == 0, d["verdict"]
' $RL check tests/cases/nonbinding/scenario.lua -r tests/cases/nonbinding/rules.lua -f json
# Colour only on a terminal, and never with NO_COLOR.
if script -qec "$RL check $BEDROCK -r rules" /dev/null | grep -q "$(printf '\033')\["; then pass
else fail "no colour on a terminal"; fi
if NO_COLOR=1 script -qec "$RL check $BEDROCK -r rules" /dev/null | grep -q "$(printf '\033')\["; then
	fail "colour despite NO_COLOR"; else pass; fi
if $RL check $BEDROCK -r rules | grep -q "$(printf '\033')"; then fail "colour in a pipe"; else pass; fi
# Text output fits an 80-column terminal.
expect_stderr_first_line 2 "^scenarios/frontier_design_space.batch.lua:1: " "found a batch file" \
	$RL check scenarios/frontier_design_space.batch.lua -r rules
SCENARIOS=$(ls scenarios/*.lua scenarios/*.json | grep -v '\.batch\.lua$')
$RL check $SCENARIOS -r rules > "$T/all.txt" 2>&1
if [ "$(grep -c '^verdict: ' "$T/all.txt")" -ge 12 ] && awk 'length($0) > 80 { bad = 1 } END { exit bad }' "$T/all.txt"; then pass
else fail "text reports missing or wider than 80 columns"; fi
# The sandbox holds in scenario and batch files too.
expect_stdout_contains 0 "ok (scenario sandboxed)" $RL lint tests/cases/sandbox/escape_scenario.lua
expect_stdout_contains 0 "ok (batch, 2 variants)" $RL lint tests/cases/sandbox/escape.batch.lua -r rules
# docs/clauses.md documents every clause; the editor annotations parse.
for id in $(grep -ho 'clause "[^"]*"' rules/*.lua | cut -d'"' -f2); do
	if grep -qF -- "$id" docs/clauses.md; then pass; else fail "docs/clauses.md lacks $id"; fi
done
if luac5.4 -p types/redline.d.lua; then pass; else fail "types/redline.d.lua does not parse"; fi
for c in scenario party cloud model product deployment statement contract clause exception; do
	if grep -q "^function $c(" types/redline.d.lua; then pass; else fail "types lack $c"; fi
done

# Of several unknown fields, the first in byte order is named, on every run
# (a table's own order changes from run to run).
printf 'scenario "x" { date = "2026-01-01", zeta = 1, alpha = 2, mid = 3, beta = 4 }\n' >"$T/keys.lua"
firsts=$(for i in 1 2 3 4 5 6; do $RL lint "$T/keys.lua" 2>&1 | head -n 1; done | sort -u)
case $firsts in
*"found 'alpha'"*) [ "$(printf '%s\n' "$firsts" | wc -l)" = 1 ] && pass || fail "unknown fields named differently: $firsts" ;;
*) fail "unknown fields: expected 'alpha' named, found: $firsts" ;;
esac

finish
