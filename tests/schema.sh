#!/bin/sh
# tests/schema.sh - real outputs validated against docs/report.schema.json
# with a real JSON Schema validator (python3-jsonschema, Draft 2020-12):
# check reports of every bundled scenario (and of errors and unknowns),
# batch lines of grid and sampled batches, summaries of single runs, shards
# and merges.  A corrupted report must fail, so the validator is seen to
# bite.  Ends with "N passed, N failed".
cd "$(dirname "$0")/.." || exit 2
NAME=schema . tests/lib.sh

# A python that has jsonschema (Debian's python3-jsonschema is for /usr/bin/python3).
PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import jsonschema' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
	fail "no python3 with jsonschema (apt-get install python3-jsonschema)"
	finish
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

# tests/check.py schema: "ok WHAT" or "FAIL WHAT" a check, the validator
# seen to bite on corrupted copies among them.
"$PY" "$CHECK_PY" schema docs/report.schema.json "$T/list" > "$T/results" 2>"$T/err"
rc=$?
while read -r verdict what; do
	case $verdict in
	ok) pass ;;
	*) fail "$what" ;;
	esac
done < "$T/results"
if [ "$rc" != 0 ] && ! grep -q '^FAIL ' "$T/results"; then
	fail "tests/check.py schema exit $rc: $(tail -n 1 "$T/err")"
fi
finish
