#!/bin/sh
# tests/schema.sh - real outputs validated against docs/report.schema.json
# with a real JSON Schema validator (python3-jsonschema, Draft 2020-12):
# check reports of every bundled scenario (and of errors and unknowns),
# batch lines of grid and sampled batches, summaries of single runs, shards
# and merges.  A corrupted report must fail, so the validator is seen to
# bite.  Ends with "N passed, N failed".
cd "$(dirname "$0")/.." || exit 2
RL=${REDLINE:-./redline}
T=$(mktemp -d "${TMPDIR:-/tmp}/redline-schema.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM HUP

# A python that has jsonschema (Debian's python3-jsonschema is for /usr/bin/python3).
PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import jsonschema' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
	echo "FAIL: no python3 with jsonschema (apt-get install python3-jsonschema)"
	echo "0 passed, 1 failed"
	exit 1
fi

# Outputs to validate: DEF FILE [jsonl]
: > "$T/list"
add() { printf '%s %s %s\n' "$1" "$2" "${3:-json}" >> "$T/list"; }

i=0
for s in scenarios/*.lua scenarios/*.json; do
	case $s in *.batch.lua) continue ;; esac
	i=$((i + 1))
	$RL check "$s" -r rules -f json > "$T/check$i.json" 2>/dev/null
	add check_report "$T/check$i.json"
done
# readings in error (a runtime error, the instruction budget, the memory cap)
timeout 20 $RL check tests/cases/sandbox/world.lua -r tests/cases/sandbox/limits.lua -f json \
	> "$T/errors.json" 2>/dev/null
add check_report "$T/errors.json"

B=scenarios/frontier_design_space.batch.lua
$RL batch $B -r rules -o "$T/grid.jsonl" --summary "$T/grid.json" >/dev/null
add batch_line "$T/grid.jsonl" jsonl
add batch_summary "$T/grid.json"
S=tests/cases/batch/sample.batch.lua
$RL batch $S -r rules -o "$T/sample.jsonl" --summary "$T/sample.json" >/dev/null
add batch_line "$T/sample.jsonl" jsonl
add batch_summary "$T/sample.json"
$RL batch $S -r rules --shard 1/2 -o "$T/sh1.jsonl" --summary "$T/sh1.json" >/dev/null
$RL batch $S -r rules --shard 2/2 -o "$T/sh2.jsonl" >/dev/null
add batch_summary "$T/sh1.json"
$RL search $B -r rules --want breach --clause msft-openai-2025/api-exclusivity -o "$T/search.jsonl" >/dev/null
add batch_line "$T/search.jsonl" jsonl
$RL merge "$T/sh1.jsonl" "$T/sh2.jsonl" -o "$T/merged.json" >/dev/null
add batch_summary "$T/merged.json"
$RL merge "$T/sh1.jsonl" "$T/sh2.jsonl" --batch $S -r rules -o "$T/merged-b.json" >/dev/null
add batch_summary "$T/merged-b.json"
# what would it take: rows from a table, conflicts (text summary and JSON)
W=tests/cases/whatif
$RL batch $W/rows.batch.lua -r rules -o "$T/rows.jsonl" --summary "$T/rows.json" >/dev/null
add batch_line "$T/rows.jsonl" jsonl
add batch_summary "$T/rows.json"
$RL batch $W/hosting.batch.lua -r $W/hosting_rules.lua --summary "$T/hosting.json" >/dev/null
add batch_summary "$T/hosting.json"
$RL conflicts $W/hosting.batch.lua -r $W/hosting_rules.lua -f json -o "$T/conflicts.json" >/dev/null
add conflicts_report "$T/conflicts.json"
$RL conflicts $B -r rules -f json -o "$T/conflicts3.json" >/dev/null
add conflicts_report "$T/conflicts3.json"

# the rule packs without a scenario, all of them and one clause
$RL show -r rules -f json > "$T/show.json"
add show_report "$T/show.json"
$RL show msft-openai-2025/api-exclusivity -r rules -f json > "$T/show1.json"
add show_report "$T/show1.json"
# a summary with axis labels and exposure per claimant (a grid batch, known)
add batch_summary "$T/grid.json"

"$PY" - docs/report.schema.json "$T/list" <<'PY'
import json, sys
from jsonschema import Draft202012Validator

schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
def validator(name):
    return Draft202012Validator({"$schema": schema["$schema"], "$defs": schema["$defs"],
                                 "$ref": "#/$defs/" + name})
passed = failed = 0
def result(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what)

for row in open(sys.argv[2]):
    name, path, kind = row.split()
    try:
        text = open(path).read()
        docs = [json.loads(l) for l in text.splitlines()] if kind == "jsonl" else [json.loads(text)]
    except ValueError as e:
        result(False, "%s is not JSON: %s" % (path, e))
        continue
    if not docs:
        result(False, "%s is empty" % path)
        continue
    errors = []
    for n, d in enumerate(docs):
        v = validator("manifest_line" if kind == "jsonl" and n == 0 else name)
        errors += ["line %d: %s at %s" % (n + 1, e.message, "/".join(map(str, e.absolute_path)))
                   for e in v.iter_errors(d)]
    result(not errors, "%s (%s): %s" % (path, name, "; ".join(errors[:3])))

# The validator bites: a report with a made-up verdict, a summary missing a
# key, a batch line with an extra key, a manifest with a short hash.
first = [r.split() for r in open(sys.argv[2])]
report = json.load(open(first[0][1]))
bad = json.loads(json.dumps(report)); bad["clauses"][0]["verdict"] = "maybe"
result(not validator("check_report").is_valid(bad), "a made-up verdict validates")
bad = json.loads(json.dumps(report)); bad["manifest"]["files"][0]["sha256"] = "abc"
result(not validator("check_report").is_valid(bad), "a short sha256 validates")
summ = json.load(open([p for n, p, k in first if n == "batch_summary"][0]))
del summ["clauses"]
result(not validator("batch_summary").is_valid(summ), "a summary without clauses validates")
line = json.loads(open([p for n, p, k in first if n == "batch_line"][0]).read().splitlines()[1])
line["host"] = "x"
result(not validator("batch_line").is_valid(line), "a batch line with an extra key validates")
# ... and on the fields for lawyers: a citation without its passage, a
# clause without its text, a headline exposure summed into a string, a
# claimant without its clauses.
bad = json.loads(json.dumps(report)); del bad["clauses"][0]["sources"][0]["passage"]
result(not validator("check_report").is_valid(bad), "a citation without passage validates")
bad = json.loads(json.dumps(report)); del bad["clauses"][0]["text"]
result(not validator("check_report").is_valid(bad), "a clause without text validates")
bad = json.loads(json.dumps(report)); bad["expected_exposure_usd"] = "$75.2bn"
result(not validator("check_report").is_valid(bad), "a string headline validates")
mixed = json.load(open([p for n, p, k in first if "mixed_claimants" in open(p).read(300)][0]))
result(sorted(mixed["exposure_by_claimant"]) == ["amazon", "microsoft"] and
       mixed["expected_exposure_usd"] == 55200000000, "the mixed-claimant headline")
bad = json.loads(json.dumps(mixed)); del bad["exposure_by_claimant"]["amazon"]["clauses"]
result(not validator("check_report").is_valid(bad), "a claimant without clauses validates")
show = json.load(open([p for n, p, k in first if n == "show_report"][0]))
result(len(show["contracts"]) >= 6 and all(c["text"] for c in show["clauses"]) and
       len(show["sources"]) >= 5, "show lists every contract, clause text and source")
summ = json.load(open([p for n, p, k in first if p.endswith("grid.json")][0]))
result(all(a["label"] for a in summ["axes"]) and "microsoft" in summ["exposure_by_claimant"],
       "the grid summary carries axis labels and exposure per claimant")
result(any(r["verdict"] == "error" for c in json.load(open([p for n, p, k in first
       if p.endswith("errors.json")][0]))["clauses"] for r in c["readings"]),
       "the error report has no reading in error")
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
