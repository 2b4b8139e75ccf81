#!/bin/sh
# bench/instructions.sh: instructions executed (valgrind's callgrind) by
# fixed workloads, per variant.  Unlike seconds, the counts repeat exactly
# for the same binary and inputs whatever else the machine is doing, so a
# change can be judged on a busy machine: run it before and after, or give
# OLD=path/to/an/older/redline to print both and the ratio.
#   sh bench/instructions.sh            (make all and bench/peer/gen first)
#   OLD=/tmp/before/redline sh bench/instructions.sh
# OLD_RULES names the clause library the old build runs with (default:
# this tree's rules), for a library changed beside the engine.
# All runs are -j1 (callgrind serialises threads anyway).
set -eu
cd "$(dirname "$0")/.."
N=${N:-50000}
GEN=bench/peer/gen
command -v valgrind >/dev/null || { echo "bench: needs valgrind"; exit 2; }
[ -x ./redline ] || { echo "bench: needs ./redline (make all)"; exit 2; }
[ -x "$GEN" ] || { echo "bench: needs $GEN (cc -O2 -o $GEN $GEN.c)"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
root=$(pwd)

# The standard Frontier batch at N variants instead of a million.
sed -e "s/n = 1000000/n = $N/" -e "s|\"\\.\\./scenarios/|\"$root/scenarios/|" \
	bench/frontier_1m.batch.lua >"$tmp/frontier.batch.lua"
"$GEN" "$N" >bench/peer/variants.csv

# ir BINARY ARGS...: the instructions the run executed
ir() {
	rc=0
	rm -f "$tmp"/*.jsonl "$tmp"/*.db
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$@" \
		>/dev/null 2>"$tmp/cg.err" || rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "bench: $* failed (exit $rc)" >&2
		tail -n 5 "$tmp/cg.err" >&2
		exit 2
	fi
	sed -n 's/^summary: \([0-9]*\).*/\1/p' "$tmp/cg.out"
}

# row NAME VARIANTS ARGS...: a table row for ./redline (and $OLD)
row() {
	name=$1 n=$2
	shift 2
	new=$(ir ./redline "$@")
	if [ -n "${OLD:-}" ]; then
		# (the arguments hold no spaces: the scratch directory's are mktemp's)
		# shellcheck disable=SC2046
		old=$(ir "$OLD" $(printf ' %s ' "$@" | sed "s| -r  rules | -r ${OLD_RULES:-rules} |"))
		awk -v name="$name" -v n="$n" -v a="$old" -v b="$new" 'BEGIN {
			printf "%-30s %14.0f %14.0f %8.3f\n", name, a / n, b / n, b / a }'
	else
		awk -v name="$name" -v n="$n" -v b="$new" 'BEGIN {
			printf "%-30s %14.0f %14.0f\n", name, b / n, b }'
	fi
}

echo "instructions executed (callgrind), $N variants per batch, -j1"
if [ -n "${OLD:-}" ]; then
	printf '%-30s %14s %14s %8s\n' "" "old/variant" "new/variant" "new/old"
else
	printf '%-30s %14s %14s\n' "" "per variant" "in all"
fi
P="batch bench/peer/peer.batch.lua -r bench/peer/rules.lua --no-progress -j1"
F="batch $tmp/frontier.batch.lua -r rules --no-progress -j1"
row "peer" "$N" $P
row "peer -o FILE.jsonl" "$N" $P -o "$tmp/p.jsonl"
row "peer --db FILE" "$N" $P --db "$tmp/p.db"
row "peer --no-memo" "$N" $P --no-memo
row "frontier" "$N" $F
row "frontier -o FILE.jsonl" "$N" $F -o "$tmp/f.jsonl"
row "check (one scenario, JSON)" 1 check scenarios/frontier_bedrock_sre.lua -r rules -f json
