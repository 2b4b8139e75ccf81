#!/bin/sh
# Tests for the what-if tools (docs/whatif.md): batch rows from a table,
# search wants, nearest variants, conflicts, exact tipping points, reading
# weights as axes.  Run from the repo root: sh tests/whatif.sh.  Uses
# ./redline (or $REDLINE), python3 and sqlite3.  Ends with "N passed, N failed".

NAME=whatif . tests/lib.sh

W=tests/cases/whatif
GRID=scenarios/frontier_design_space.batch.lua
API=msft-openai-2025/api-exclusivity

# expect_err CODE REGEX CMD...: exit CODE and the first stderr line matches.
expect_err() { expect_error "$@"; }

# py WHAT CODE...: a python3 check; fails the test when it raises.
py() { python_ok "$@"; }

# ---- 1. rows from a table (CSV, JSON Lines) ---------------------------------
expect_exit 1 $RL batch $W/rows.batch.lua -r rules -j 1 -o "$T/r1.jsonl" --summary "$T/r1.json"
expect_exit 1 $RL batch $W/rows.batch.lua -r rules -j 2 -o "$T/r2.jsonl" --summary "$T/r2.json"
if same_outside_manifest "$T/r1.jsonl" "$T/r2.jsonl" && same_outside_manifest "$T/r1.json" "$T/r2.json"
then pass; else fail "rows batch differs between -j 1 and -j 2"; fi
expect_exit 1 $RL batch $W/rows.batch.lua -r rules -j 2 --no-memo -o "$T/r3.jsonl"
if same_outside_manifest "$T/r1.jsonl" "$T/r3.jsonl"; then pass; else fail "rows batch differs with --no-memo"; fi
# One line per row, in order, with the row's cells (quoted commas, empty = unknown).
py "rows batch lines do not carry the table's rows" "
import json
lines = [json.loads(l) for l in open('$T/r1.jsonl') if not l.startswith('{\"manifest\"')]
assert [l['index'] for l in lines] == [0, 1, 2, 3, 4], lines
assert lines[2]['values'] == ['aws', 0.6, '2026-03-18', 'The SRE enables access to ChatGPT'], lines[2]['values']
assert lines[4]['values'] == ['aws', None, '2025-09-01', 'Quoted, with a comma'], lines[4]['values']
m = json.loads(open('$T/r1.jsonl').readline())['manifest']
assert any(f['role'] == 'rows' and f['path'].endswith('variants.csv') for f in m['files']), m['files']
"
# The same rows as JSON Lines give the same verdicts (columns in key order).
expect_exit 1 $RL batch $W/rows_jsonl.batch.lua -r rules -o "$T/j.jsonl"
py "JSONL rows give other verdicts than the CSV rows" "
import json
a = [json.loads(l) for l in open('$T/r1.jsonl') if not l.startswith('{\"manifest\"')]
b = [json.loads(l) for l in open('$T/j.jsonl') if not l.startswith('{\"manifest\"')]
assert [x['clauses'] for x in a] == [x['clauses'] for x in b]
assert b[0]['values'][0] == '2025-09-01'
"
# JSON Lines may give lists where the field takes one (blank lines skipped).
expect_exit 1 $RL batch $W/audience.batch.lua -r rules -o "$T/aud.jsonl"
py "JSONL list cells are not the audiences given" "
import json
L = [json.loads(l) for l in open('$T/aud.jsonl') if '\"index\"' in l]
assert [d['values'][1] for d in L] == [['enterprise', 'government'], ['enterprise'], ['enterprise']], L
v = [[c['verdict'] for c in d['clauses'] if c['id'] == 'amazon-openai-2026/government-resale'][0] for d in L]
assert v == ['compliant', 'not_applicable', 'not_applicable'], v
"
# Every bad cell is found before anything runs: file:line:column, exit 2, no output.
expect_err 2 "^$W/bad_column.csv:1:2: .*expected a field of product, found 'api_shar'" $RL batch $W/bad_column.batch.lua -r rules -o "$T/never.jsonl"
if [ ! -e "$T/never.jsonl" ]; then pass; else fail "a bad rows table left an output file"; fi
expect_err 2 "^$W/bad_type.csv:3:2: .*expected api_share to be a number from 0 to 1, found 'lots'" $RL batch $W/bad_type.batch.lua -r rules
expect_err 2 "^$W/bad_enum.csv:3:2: .*expected interface to be one of api, platform, application, found 'websocket'" $RL batch $W/bad_enum.batch.lua -r rules
expect_err 2 "^$W/bad_enum.jsonl:2:[0-9]+: .*found 'websocket'" $RL batch $W/bad_enum_jsonl.batch.lua -r rules
expect_err 2 "^$W/bad_quote.csv:2:[0-9]+: expected a closing quote" $RL batch $W/bad_quote.batch.lua -r rules
expect_err 2 "^$W/ragged.csv:2:3: expected 2 fields as in the header, found 3" $RL batch $W/ragged.batch.lua -r rules

# A bigger table: shards merged, a resumed run and --db equal one whole run.
python3 "$CHECK_PY" write-big-table "$T"
BIG="$T/big.batch.lua"
$RL batch $BIG -r rules -j 2 -o "$T/b.jsonl" --summary "$T/b.json" >/dev/null
n=$(grep -c '"index":' "$T/b.jsonl")
if [ "$n" = 700 ]; then pass; else fail "rows batch wrote $n lines, expected 700"; fi
$RL batch $BIG -r rules --shard 1/2 -o "$T/bs1.jsonl" >/dev/null
$RL batch $BIG -r rules --shard 2/2 -o "$T/bs2.jsonl" >/dev/null
expect_exit 0 $RL merge "$T/bs2.jsonl" "$T/bs1.jsonl" --batch $BIG -r rules -o "$T/bm.json"
if same_outside_manifest "$T/bm.json" "$T/b.json"; then pass; else fail "merged rows shards differ from a single run"; fi
head -n 300 "$T/b.jsonl" > "$T/bres.jsonl"
sed -n 301p "$T/b.jsonl" | head -c 50 >> "$T/bres.jsonl"
expect_exit 1 $RL batch $BIG -r rules --resume -o "$T/bres.jsonl" --summary "$T/bres.json"
if same_outside_manifest "$T/bres.jsonl" "$T/b.jsonl" && same_outside_manifest "$T/bres.json" "$T/b.json"
then pass; else fail "a resumed rows batch differs from a whole run"; fi
expect_exit 1 $RL batch $BIG -r rules --db "$T/b.db"
if [ "$(sqlite3 "$T/b.db" 'SELECT count(*) FROM variants')" = 700 ]; then pass; else fail "--db of a rows batch lacks rows"; fi

# A rows table is data: one past the 64 MiB of files read whole (here
# 70,000 rows of about 1 KB) loads, and its manifest digest is the file's;
# past 1 GiB it is refused before it is read (a sparse file).
python3 - "$T/wide.csv" <<'PY'
import sys
pad = "x" * 1000
with open(sys.argv[1], "w") as f:
    f.write("deployment.sre-inference.cloud,param.note\n")
    for i in range(70000):
        f.write("%s,%s%d\n" % ("azure" if i % 2 else "aws", pad, i % 3))
PY
printf 'batch "wide" { base = "%s/scenarios/frontier_bedrock_sre.lua", rows = csv_file("wide.csv") }\n' "$(pwd)" >"$T/wide.batch.lua"
expect_stdout_contains 1 "70000 variants" $RL batch "$T/wide.batch.lua" -r rules -o "$T/wide.jsonl"
if head -n 1 "$T/wide.jsonl" | grep -q "\"sha256\":\"$(sha256sum "$T/wide.csv" | cut -c 1-64)\""
then pass; else fail "the rows table's digest is not in the manifest"; fi
truncate -s 1100M "$T/wide.csv"
expect_err 2 "wide.csv:0: expected a file of at most 1024 MiB" $RL batch "$T/wide.batch.lua" -r rules

# ---- 2. search: wants as sets and negations, counts, --minimize ------------
$RL batch $GRID -r rules -o "$T/grid.jsonl" >/dev/null
# count WANT_PY: how many grid lines satisfy a python predicate on line d.
count() { python3 "$CHECK_PY" count-lines "$T/grid.jsonl" "$1"; }
n=$(count "c['$API']['verdict'] == 'compliant'")
expect_stdout_contains 0 "$n of 168 variants have $API compliant" \
	$RL search $GRID -r rules --want compliant --clause $API --minimal
if grep -qF "1 of them kept: changing at most 1 axis" "$T/out"; then pass; else fail "search --minimal: kept count"; fi
n=$(count "c['$API']['verdict'] in ('compliant', 'not_applicable')")
expect_stdout_contains 0 "$n of 168 variants have $API compliant or not_applicable" \
	$RL search $GRID -r rules --want compliant,not_applicable --clause $API -o "$T/set.jsonl"
if [ "$(grep -c '"index":' "$T/set.jsonl")" = "$n" ]; then pass; else fail "search with a set wrote other than $n lines"; fi
n=$(count "d['verdict'] != 'breach'")
expect_stdout_contains 0 "$n of 168 variants have the scenario verdict not breach" \
	$RL search $GRID -r rules --want not:breach
n=$(count "c['$API']['readings']['letter'] not in ('breach', 'unknown')")
expect_stdout_contains 0 "$n of 168 variants have $API not breach nor unknown under its letter reading" \
	$RL search $GRID -r rules --want not:breach,unknown --clause $API --reading letter
expect_err 2 "^--want:0: expected a verdict .* found 'sometimes'" $RL search $GRID -r rules --want not:sometimes
expect_err 2 "^--want:0: expected a verdict left after not:" $RL search $GRID -r rules --want not:compliant,breach,contested,unknown,not_applicable,error
# --minimize exposure: the lowest total expected exposure of binding clauses,
# as the lines say (every holder, then Microsoft's clauses alone).
for who in "" ":microsoft"; do
	$RL search $GRID -r rules --want not:breach --minimize "exposure$who" -o "$T/min.jsonl" >"$T/minout"
	if python3 "$CHECK_PY" minimize-exposure "$T/grid.jsonl" "$T/min.jsonl" "$who"
	then pass; else fail "search --minimize exposure$who: not the lowest-exposure variants"; fi
done
if grep -q "with the lowest expected exposure to microsoft" "$T/minout"; then pass; else fail "--minimize exposure:microsoft does not name the claimant"; fi
expect_err 2 "^--minimize:0: expected a claimant .*(amazon, microsoft).* found 'nobody'" \
	$RL search $GRID -r rules --minimize exposure:nobody
expect_err 2 "^--minimize:0: expected exposure or exposure:CLAIMANT, found 'cost'" \
	$RL search $GRID -r rules --minimize cost

# ---- 3. nothing matches: the nearest variants and what blocks them ---------
expect_stdout_contains 1 "0 of 168 variants have the scenario verdict compliant" \
	$RL search $GRID -r rules --want compliant
if grep -q "^no variant has it; nearest: 1 clause short, changing 1 axis" "$T/out" &&
   grep -q "^  variant 14: deployment.sre-inference.cloud = azure" "$T/out" &&
   grep -q "^    amazon-openai-2026/frontier-exclusive-third-party is contested: breach under its azure-included reading" "$T/out"
then pass; else fail "search with no match does not name the nearest variant and its blocking clause"; fi

# ---- 4. redline conflicts ----------------------------------------------------
HR="-r $W/hosting_rules.lua"
expect_stdout_contains 1 "1 conflict: sets of binding clauses that variants satisfy apart but never all together (6 variants)" \
	$RL conflicts $W/hosting.batch.lua $HR
if grep -q "^  azure-2024/host-on-azure and aws-2026/host-on-aws$" "$T/out" &&
   grep -q "they pull apart along: deployment.host.cloud$" "$T/out" &&
   grep -q "readings never satisfied together: letter/letter; letter/rivals; rivals/letter$" "$T/out"
then pass; else fail "conflicts: the hosting pair, its axis or its readings are missing"; fi
$RL batch $W/hosting.batch.lua $HR -o "$T/h.jsonl" >/dev/null
for flags in "-j 1" "-j 2" "-j 2 --no-memo"; do
	# shellcheck disable=SC2086
	$RL conflicts $W/hosting.batch.lua $HR $flags -f json -o "$T/c.json"
	rc=$?
	if [ "$rc" = 1 ] && python3 "$CHECK_PY" conflicts-agree "$T/h.jsonl" "$T/c.json"
	then pass; else fail "conflicts -f json ($flags): exit $rc or not what the lines show"; fi
done
expect_stdout_contains 0 "binding clauses no variant satisfies: aws-2026/host-on-aws" \
	$RL conflicts $W/hosting_fixed.batch.lua $HR
if grep -q ": no conflicts: " "$T/out"; then pass; else fail "conflicts: a batch without conflicts says otherwise"; fi
# The bundled design space: no design meets the 2026 Amazon third-party
# clause, the 2019 Azure exclusivity and the 2025 API exclusivity at once.
expect_stdout_contains 1 "amazon-openai-2026/frontier-exclusive-third-party, msft-openai-2019/exclusive-cloud and msft-openai-2025/api-exclusivity" \
	$RL conflicts $GRID -r rules
expect_err 2 "^redline: -f: expected text or json, found 'md'" $RL conflicts $GRID -r rules -f md

# ---- 5. what would it take, in the summary (single run = merged shards) -----
$RL batch $GRID -r rules -o "$T/g.jsonl" --summary "$T/g.json" >"$T/gtext"
if grep -q "^what would it take:" "$T/gtext" &&
   grep -q "^no variant is compliant; nearest, 1 binding clause short (changing 1 axis):" "$T/gtext"
then pass; else fail "the batch text summary lacks what would it take"; fi
$RL batch $GRID -r rules --shard 1/2 -o "$T/gs1.jsonl" >/dev/null
$RL batch $GRID -r rules --shard 2/2 -o "$T/gs2.jsonl" >/dev/null
$RL merge "$T/gs1.jsonl" "$T/gs2.jsonl" --batch $GRID -r rules -o "$T/gm.json" >/dev/null
if same_outside_manifest "$T/g.json" "$T/gm.json"; then pass; else fail "what would it take differs between a run and merged shards"; fi
py "the summary's what_would_it_take is not what the lines show" "
import json
s = json.load(open('$T/g.json'))['what_would_it_take']
assert s['compliant'] is False and s['short'] == 1, s
assert s['nearest'][0]['variant'] == 14 and s['nearest'][0]['blocking'][0]['clause'] == 'amazon-openai-2026/frontier-exclusive-third-party'
assert len(s['conflicts']) == 2 and all(len(c['clauses']) == 3 for c in s['conflicts'])
"

# ---- 6. exact tipping points: bisection, per slice, fields and param.* ------
$RL batch $GRID -r rules --summary "$T/tp.json" >"$T/tp.txt"
py "the api_share tipping point is not 0.5" "
import json
s = json.load(open('$T/tp.json'))
tp = [t for t in s['tipping_points'] if t['axis'] == 'product.frontier.api_share']
assert tp and all(t['threshold'] == 0.5 and t['after'] == 0.5 and t['at'] == 0.55 for t in tp), tp
th = [t for t in s['thresholds'] if t['axis'] == 'product.frontier.api_share']
assert th and all(t['threshold'] == 0.5 for t in th), th
# per slice: the Microsoft API clause tips only where inference runs on AWS
api = [t['slice'] for t in th if t['clause'] == '$API']
assert api and all('deployment.sre-inference.cloud = aws' in x for x in api), api
"
if grep -q "product.frontier.api_share between 0.5 and 0.55, at 0.5: $API contested -> breach" "$T/tp.txt"
then pass; else fail "the text summary lacks the exact api_share tipping point"; fi
VR="-r $W/hosting_rules.lua"
$RL batch $W/volume.batch.lua $VR --summary "$T/v.json" >/dev/null
py "param.volume thresholds are not 1.7 on Azure and 2.5 on AWS" "
import json
th = json.load(open('$T/v.json'))['thresholds']
got = sorted((t['slice'], t['threshold'], t['after'], t['at']) for t in th if t['clause'] == 'aws-2026/volume-cap')
assert got == [('deployment.host.cloud = aws', 2.5, 2, 3), ('deployment.host.cloud = azure', 1.7, 1.5, 2)], got
"
$RL batch $W/volume.batch.lua $VR --tolerance 0.25 --summary "$T/v25.json" >/dev/null
py "--tolerance 0.25 does not round the 1.7 cap to 1.75" "
import json
th = json.load(open('$T/v25.json'))['thresholds']
assert sorted(t['threshold'] for t in th if t['clause'] == 'aws-2026/volume-cap') == [1.75, 2.5], th
"
expect_err 2 "^redline: --tolerance: expected a number above 0" $RL batch $W/volume.batch.lua $VR --tolerance 0
$RL batch $W/volume.batch.lua $VR --shard 1/2 -o "$T/vs1.jsonl" >/dev/null
$RL batch $W/volume.batch.lua $VR --shard 2/2 -o "$T/vs2.jsonl" >/dev/null
$RL merge "$T/vs1.jsonl" "$T/vs2.jsonl" --batch $W/volume.batch.lua $VR -o "$T/vm.json" >/dev/null
if same_outside_manifest "$T/v.json" "$T/vm.json"; then pass; else fail "thresholds differ between a run and merged shards"; fi

# ---- 7. reading weights as axes ----------------------------------------------
WB=$W/weights.batch.lua
$RL batch $WB -r rules -j 1 -o "$T/w1.jsonl" --summary "$T/w1.json" >"$T/w1.txt"
$RL batch $WB -r rules -j 2 --no-memo -o "$T/w2.jsonl" --summary "$T/w2.json" >/dev/null
if same_outside_manifest "$T/w1.jsonl" "$T/w2.jsonl" && same_outside_manifest "$T/w1.json" "$T/w2.json"
then pass; else fail "a weight batch differs between -j 1 and -j 2 --no-memo"; fi
# p_breach follows the weight: the letter reading (compliant on AWS) gets w,
# the other readings share the rest in their own proportions (their weights
# in the rule pack, read from the base scenario's report); only the spirit
# breaches, so at w = 1 the clause is compliant.
$RL check scenarios/frontier_bedrock_sre.lua -r rules -f json >"$T/wbase.json"
py "weight axis: p_breach or verdicts do not follow the weight" "
import json
base = [c for c in json.load(open('$T/wbase.json'))['clauses'] if c['id'] == '$API'][0]
bw = {r['name']: r['weight'] for r in base['readings']}
others = sum(v for k, v in bw.items() if k != 'letter')
for l in open('$T/w1.jsonl'):
    d = json.loads(l)
    if 'index' not in d: continue
    w, cloud = d['values']
    c = [c for c in d['clauses'] if c['id'] == '$API'][0]
    if cloud == 'aws':
        assert c['readings']['letter'] == 'compliant' and c['readings']['spirit'] == 'breach', c
        want = sum((1 - w) * bw[k] / others for k, v in c['readings'].items() if v == 'breach')
        assert abs(c['p_breach'] - want) < 1e-9, (w, c['p_breach'], want)
        assert c['verdict'] == ('breach' if want >= 1 - 1e-12 else 'compliant' if want == 0 else 'contested'), (w, c['verdict'])
th = [t for t in json.load(open('$T/w1.json'))['thresholds'] if t['axis'].startswith('weight.')]
assert (1, 'contested', 'compliant') in [(t['threshold'], t['from'], t['to']) for t in th], th
assert all(t['slice'] == 'deployment.sre-inference.cloud = aws' for t in th)
"
if grep -q "weight.$API.letter at 1 (between 0.75 and 1): $API contested -> compliant" "$T/w1.txt"
then pass; else fail "the text summary lacks the weight at which the verdict flips"; fi
expect_err 2 "^$W/bad_weight_single.batch.lua:1: .*expected a clause with two or more readings" $RL batch $W/bad_weight_single.batch.lua $HR
expect_err 2 "^$W/bad_weight_reading.batch.lua:1: .*expected a reading of azure-2024/host-on-azure .* found 'spirit'" $RL batch $W/bad_weight_reading.batch.lua $HR
expect_err 2 "^$W/bad_weight_value.batch.lua:1: .*expected weight to be a number from 0 to 1" $RL batch $W/bad_weight_value.batch.lua $HR

# ---- 8. reports: what would it take, verdict shares, exact thresholds -------
expect_stdout_contains 0 "## What would it take" $RL report "$T/g.jsonl" --summary "$T/g.json"
if grep -q "^\*\*2 conflicts\*\*" "$T/out" &&
   grep -qF '| 14 | deployment.sre-inference.cloud = azure | `amazon-openai-2026/frontier-exclusive-third-party` contested (under azure-included) |' "$T/out" &&
   grep -qF '| `product.frontier.api_share` | `msft-openai-2025/api-exclusivity` | 0.5 and 0.55 | 0.5 | `contested` | `breach` |' "$T/out" &&
   grep -q "^## Exact tipping points per slice" "$T/out"
then pass; else fail "the md batch report lacks nearest designs, conflicts or exact thresholds"; fi
$RL report "$T/g.jsonl" --summary "$T/g.json" -f html -o "$T/g.html"
if grep -q "What would it take</h2>" "$T/g.html" && grep -q "2 conflicts</strong>" "$T/g.html" &&
   grep -q "mixed verdicts" "$T/g.html" && grep -q "Exact tipping points per slice" "$T/g.html"
then pass; else fail "the html batch report lacks what would it take, mixed cells or thresholds"; fi
# A mean p(breach) of 0.20 blending contested and not_applicable is marked mixed.
expect_stdout_contains 0 '| aws | mean 0.20 · contested 50%, not_applicable 50% · **mixed** |' \
	$RL report "$T/g.jsonl" --summary "$T/g.json" --x product.frontier.api_share \
	--y deployment.sre-inference.cloud --clause $API
# A rows batch whose column has more than 1000 distinct values: counted, not listed.
python3 "$CHECK_PY" write-wide-table "$T"
$RL batch "$T/d.batch.lua" -r rules -o "$T/d.jsonl" --summary "$T/d.json" >/dev/null
expect_stdout_contains 0 "1200 distinct values (from a table)" $RL report "$T/d.jsonl" --summary "$T/d.json"
expect_exit 0 $RL report "$T/d.jsonl" --summary "$T/d.json" -f html -o "$T/d.html"

finish
