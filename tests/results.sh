#!/bin/sh
# Tests for batch result lines (engine/results.c): one writer, one decoder,
# one rule for a half-written last line.  A value of any length and a list
# value round-trip through -o, --db and report; a line of any number of
# clauses merges; malformed lines are "file:line: expected X, found Y" with
# exit 2; a half-written last line is redone by --resume and refused by
# merge and report.  Run from the repo root: sh tests/results.sh.  Uses
# ./redline (or $REDLINE), sqlite3 and python3.  Ends with "N passed, N failed".

NAME=results . tests/lib.sh

Q() { sqlite3 -batch -noheader "$@"; }
# expect_first CODE TEXT CMD...: exit CODE, stderr's first line contains TEXT
expect_first() {
	want=$1; text=$2; shift 2
	run "$@"
	if [ "$RC" = "$want" ] && head -n 1 "$T/err" | grep -qF -- "$text"; then pass; else
		fail "[$*] exit $RC (expected $want), first line: $(head -n 1 "$T/err"); expected '$text'"
	fi
}

if [ ! -x "$RL" ] || ! command -v sqlite3 >/dev/null; then
	echo "FAIL: $RL or sqlite3 not found (make all; apt-get install sqlite3)"
	echo "0 passed, 1 failed"
	exit 1
fi

# ---- long text and list values: -o, --db and report agree --------------------
LONG="The SRE is powered by OpenAI, $(printf '%0150d' 0 | tr 0 x) \"quoted\" / é"
cat >"$T/long.batch.lua" <<EOF
batch "long" {
  base = "$PWD/scenarios/frontier_bedrock_sre.lua",
  vary = {
    { "statement.aws-pitch.text", { [[$LONG]], "short" } },
    { "deployment.bedrock-sre.calls", { { "sre-inference" }, {} } },
  },
}
EOF
$RL batch "$T/long.batch.lua" -r rules -o "$T/long.jsonl" --db "$T/long.db" \
	--summary "$T/long.json" >/dev/null 2>"$T/err"
rc=$?
if [ $rc -le 1 ]; then pass; else fail "long batch: exit $rc: $(head -n 1 "$T/err")"; fi
n=$(Q "$T/long.db" "SELECT length(value) FROM axis_values WHERE axis = 0 ORDER BY length(value) DESC LIMIT 1")
want=$(python3 -c 'import sys; print(len(sys.argv[1]))' "$LONG")
if [ "$n" = "$want" ] && [ "$n" -gt 64 ]; then pass; else fail "a $want-character value is $n characters in the db"; fi
if python3 - "$T/long.jsonl" "$LONG" "$T/long.db" <<'PY'
import json, sqlite3, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if not l.startswith('{"manifest":')]
db = sqlite3.connect(sys.argv[3])
rows = {(v, a): x for v, a, x in db.execute("SELECT variant, axis, value FROM axis_values")}
assert len(lines) == 4 and len(rows) == 8, (len(lines), len(rows))
assert lines[0]["values"][0] == sys.argv[2]
for l in lines:
    i = l["index"]
    assert rows[(i, 0)] == l["values"][0], i
    # a list value is its JSON text as the line writes it
    assert json.loads(rows[(i, 1)]) == l["values"][1], (rows[(i, 1)], l["values"][1])
assert rows[(1, 1)] == "[]", rows[(1, 1)]
PY
then pass; else fail "the db's values differ from the lines' (long text, lists)"; fi
# the same database without -o (the store takes the verdicts, not the lines)
$RL batch "$T/long.batch.lua" -r rules --db "$T/long2.db" >/dev/null 2>&1
# (the stored tables, and the rows of the views over them)
dbrows() { sqlite3 "$1" ".dump variant_rows value_texts patterns pattern_findings pattern_readings" \
	"SELECT * FROM variants; SELECT * FROM axis_values; SELECT * FROM findings; SELECT * FROM readings"; }
d1=$(dbrows "$T/long.db")
d2=$(dbrows "$T/long2.db")
if [ -n "$d1" ] && [ "$d1" = "$d2" ]; then pass; else fail "--db without -o gives another database"; fi
$RL report "$T/long.jsonl" --batch "$T/long.batch.lua" -r rules -f csv -o "$T/long.csv" 2>"$T/err"
if [ $? -le 1 ] && grep -qF "$(printf '%0150d' 0 | tr 0 x)" "$T/long.csv"; then pass
else fail "report -f csv lacks the long value: $(head -n 1 "$T/err")"; fi

# ---- a line of more than 4096 clauses merges ---------------------------------
python3 - "$T/wide.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(3):
        cl = [{"id": "c%d" % c, "verdict": "breach" if (c + i) % 3 == 0 else "compliant",
               "p_breach": 0.5, "expected_exposure_usd": None} for c in range(5000)]
        f.write(json.dumps({"index": i, "values": [], "verdict": "breach", "clauses": cl},
                           separators=(",", ":")) + "\n")
PY
$RL merge "$T/wide.jsonl" -o "$T/wide.json" >/dev/null 2>"$T/err"
rc=$?
if [ $rc -le 1 ] && python3 - "$T/wide.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["variants"] == 3 and len(s["clauses"]) == 5000, (s["variants"], len(s["clauses"]))
c = {x["id"]: x for x in s["clauses"]}
assert c["c4999"]["counts"]["breach"] == 1, c["c4999"]
PY
then pass; else fail "merge of 5000-clause lines: exit $rc, $(head -n 1 "$T/err")"; fi

# ---- strict decoding: file:line: expected X, found Y, exit 2 ------------------
head -n 3 "$T/long.jsonl" >"$T/bad.jsonl"
sed -n 4p "$T/long.jsonl" | sed 's/"p_breach":[0-9.e-]*/"p_breach":2/' >>"$T/bad.jsonl"
expect_first 2 "bad.jsonl:4: expected a batch line with clauses with a \"p_breach\" from 0 to 1, found 2" \
	$RL merge "$T/bad.jsonl"
expect_first 2 "bad.jsonl:4: expected a batch line with clauses with a \"p_breach\" from 0 to 1, found 2" \
	$RL report "$T/bad.jsonl" --summary "$T/long.json" -f md
head -n 2 "$T/long.jsonl" >"$T/bad2.jsonl"
sed -n 3p "$T/long.jsonl" | sed 's/"values"/"x":tru,"values"/' >>"$T/bad2.jsonl"
expect_first 2 "bad2.jsonl:3: expected a batch line with a JSON value, found tru" \
	$RL merge "$T/bad2.jsonl"
sed '3s/"verdict":"[a-z_]*"/"verdict":"bogus"/' "$T/long.jsonl" >"$T/bad3.jsonl"
expect_first 2 "bad3.jsonl:3: expected a batch line with a known \"verdict\", found \"bogus\"" \
	$RL batch "$T/long.batch.lua" -r rules --resume -o "$T/bad3.jsonl"

# ---- the one half-written-line rule ------------------------------------------
# A run cut in the middle of a line: --resume redoes that line ...
size=$(wc -c <"$T/long.jsonl")
head -c $((size - 40)) "$T/long.jsonl" >"$T/half.jsonl"
cp "$T/half.jsonl" "$T/half2.jsonl"
$RL batch "$T/long.batch.lua" -r rules --resume -o "$T/half.jsonl" >/dev/null 2>"$T/err"
if [ $? -le 1 ] && same_outside_manifest "$T/long.jsonl" "$T/half.jsonl"; then pass
else fail "--resume did not redo a half-written last line: $(head -n 1 "$T/err")"; fi
# ... and every other reader refuses it, naming the line.
expect_first 2 "half2.jsonl:5: expected a complete line, found a half-written one" \
	$RL merge "$T/half2.jsonl"
expect_first 2 "half2.jsonl:5: expected a complete line, found a half-written one" \
	$RL report "$T/half2.jsonl" --batch "$T/long.batch.lua" -r rules -f md

finish
