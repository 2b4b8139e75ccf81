#!/bin/sh
# Merging a batch from its shards alone: each shard's manifest line names
# the batch and rule files with their SHA-256; `redline merge` loads them,
# checks them, and writes a single run's summary (flips, axes and tipping
# points included).  What cannot be merged is refused with one line, exit 2.
# Run from the repo root: sh tests/shards.sh.  Ends with "N passed, N failed".

NAME=shards . tests/lib.sh

RL=$(cd "$(dirname "$RL")" && pwd)/$(basename "$RL")
mkdir "$T/w"
cp -r rules scenarios "$T/w/"
cd "$T/w" || exit 2
# The bundled design space at a finer api_share step: 808 variants, four
# blocks of 256, so that each of four shards holds some.
B=scenarios/fine.batch.lua
sed 's/range(0, 1, 0.05)/range(0, 1, 0.01)/' scenarios/frontier_design_space.batch.lua > $B

# A single run, and the same batch in four shards.
$RL batch $B -r rules -o one.jsonl --summary one.json > /dev/null
for k in 1 2 3 4; do
	$RL batch $B -r rules --shard $k/4 -o s$k.jsonl > /dev/null
done
for k in 1 2 3 4; do
	if [ "$(grep -c '"index":' s$k.jsonl)" -ge 40 ]; then pass; else fail "shard $k is empty"; fi
	if head -n 1 s$k.jsonl | grep -q '"role":"batch","path":"scenarios/fine.batch.lua","sha256":"[0-9a-f]\{64\}"' &&
	   head -n 1 s$k.jsonl | grep -q '"role":"rules","path":"rules/microsoft_openai.lua","sha256":"[0-9a-f]\{64\}"'; then pass
	else fail "shard $k's manifest does not name its batch and rule files with SHA-256"; fi
done

# From the shards alone: byte-identical outside the manifest, flips, axes
# and tipping points included.
expect_exit 0 $RL merge s3.jsonl s1.jsonl s4.jsonl s2.jsonl -o merged.json
if same_outside_manifest merged.json one.json; then pass
else fail "merge from shards alone differs from a single run's summary"; fi
if python3 "$CHECK_PY" json merged.json '
assert d["flips"] and d["axes"] and d["tipping_points"], "null flips, axes or tipping points"
'; then pass; else fail "merged summary lacks flips, axes or tipping points"; fi
# The text summary too.
$RL merge s1.jsonl s2.jsonl s3.jsonl s4.jsonl > merged.txt
if grep -q "^batch frontier-design-space over frontier-bedrock-sre: 808 variants" merged.txt &&
   grep -q "tipping points" merged.txt; then pass
else fail "merge's text summary: $(head -n 1 merged.txt)"; fi
# --batch and -r name the files instead of the manifests.
mkdir ../moved
cp -r rules scenarios ../moved/
expect_exit 0 $RL merge s1.jsonl s2.jsonl s3.jsonl s4.jsonl --batch ../moved/$B -r ../moved/rules -o over.json
if same_outside_manifest over.json one.json; then pass; else fail "merge with --batch -r differs"; fi
# With -r only: the batch from the manifests, the rules from -r.
expect_exit 0 $RL merge s1.jsonl s2.jsonl s3.jsonl s4.jsonl -r rules -o r.json
if same_outside_manifest r.json one.json; then pass; else fail "merge with -r alone differs"; fi

# Refused, one line, exit 2: a missing shard (named variants), at the end too.
expect_err 2 "a shard is missing: variants " $RL merge s1.jsonl s3.jsonl s4.jsonl -o never.json
expect_err 2 "expected the batch's 808 variants, found " $RL merge s1.jsonl s2.jsonl s3.jsonl -o never.json
if [ "$(head -n 1 "$T/err" | grep -o 'variants [0-9]* to 807')" ]; then pass
else fail "missing variants at the end not named: $(head -n 1 "$T/err")"; fi
# An overlap: a shard given twice, or another sharding's shard.
expect_err 2 "a variant appears twice: variant 0" $RL merge s1.jsonl s1.jsonl s2.jsonl s3.jsonl s4.jsonl
$RL batch $B -r rules --shard 1/2 -o h1.jsonl > /dev/null
expect_err 2 "a variant appears twice" $RL merge s1.jsonl s2.jsonl s3.jsonl s4.jsonl h1.jsonl
# A truncated last line: file:line.
head -c -20 s4.jsonl > cut.jsonl
n=$(wc -l < cut.jsonl)
expect_err 2 "cut.jsonl:$((n + 1)): expected a complete line, found a half-written one" \
	$RL merge s1.jsonl s2.jsonl s3.jsonl cut.jsonl -o never.json
# Shards of different batches, or of different rule versions.
sed 's/"2025-09-01", "2026-03-18"/"2025-09-01", "2026-03-19"/' $B > scenarios/other.batch.lua
$RL batch scenarios/other.batch.lua -r rules --shard 2/4 -o o2.jsonl > /dev/null
expect_err 2 "o2.jsonl:1: expected shards of one batch, found batch scenarios/other.batch.lua" \
	$RL merge s1.jsonl o2.jsonl s3.jsonl s4.jsonl
cp -r rules rules2
printf '\n-- a later version\n' >> rules2/microsoft_openai.lua
$RL batch $B -r rules2 --shard 2/4 -o v2.jsonl > /dev/null
expect_err 2 "v2.jsonl:1: expected shards run with the same rule files, found rules rules2/microsoft_openai.lua" \
	$RL merge s1.jsonl v2.jsonl s3.jsonl s4.jsonl
# Input files changed since the run: the hash mismatch, named.
cp rules/microsoft_openai.lua keep.lua
printf '\n-- changed after the run\n' >> rules/microsoft_openai.lua
expect_err 2 "rules/microsoft_openai.lua:0: expected the rules file the shards were run with (sha256 " \
	$RL merge s1.jsonl s2.jsonl s3.jsonl s4.jsonl -o never.json
cp keep.lua rules/microsoft_openai.lua
printf '\n-- changed after the run\n' >> scenarios/frontier_bedrock_sre.lua
expect_err 2 "scenarios/frontier_bedrock_sre.lua:0: expected the scenario file the shards were run with" \
	$RL merge s1.jsonl s2.jsonl s3.jsonl s4.jsonl -o never.json
if [ ! -e never.json ]; then pass; else fail "a refused merge wrote its output"; fi
# Without any manifest and --batch: a note that the summary lacks what needs the batch.
sed 1d s1.jsonl > bare.jsonl
run $RL merge bare.jsonl
if [ "$RC" = 0 ] && grep -q "no manifest names the batch" "$T/err"; then pass
else fail "merge without manifest: no note; exit $RC"; fi

finish
