#!/bin/sh
# Compares this tree's ./redline with another build (OLD, e.g. one made from
# an earlier commit) on every batch file of the tests and scenarios, and on
# the peer workload's first 5,000 variants: the JSON lines (-o, after the
# manifest line), the text summary and the exit status must be the same at
# -j1, -j2 and -j3, with and without --no-memo.  (Not big.batch.lua: fifty
# million variants, there to be interrupted; nor stale.batch.lua: a million
# variants of one trivial check, there for tests/hardening.sh, which took
# most of this script's time.)  For changes that must not
# change what redline says (docs/performance.md).  OLD_RULES names the
# clause library the old build runs with (default: this tree's rules), for
# a library changed beside the engine.
#   sh bench/compare.sh OLD/redline
set -eu
cd "$(dirname "$0")/.."
OLD=${1:?usage: sh bench/compare.sh OLD/redline}
OLD_RULES=${OLD_RULES:-rules}
[ -x ./redline ] && [ -x "$OLD" ] || { echo "compare: needs ./redline and $OLD"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
[ -x bench/peer/gen ] || cc -O2 -o "$tmp/gen" bench/peer/gen.c
gen=bench/peer/gen
[ -x "$gen" ] || gen="$tmp/gen"
mkdir "$tmp/peer"
cp bench/peer/world.lua bench/peer/rules.lua bench/peer/peer.batch.lua "$tmp/peer/"
"$gen" 5000 > "$tmp/peer/variants.csv"
pass=0
fail=0
for f in $(find scenarios tests/cases -name '*.batch.lua' ! -name big.batch.lua ! -name stale.batch.lua | sort) "$tmp/peer/peer.batch.lua"; do
	rules=rules
	case $f in "$tmp"/peer/*) rules="$tmp/peer/rules.lua" ;; esac
	for j in 1 2 3; do
		for memo in "" --no-memo; do
			for bin in new old; do
				exe=./redline r=$rules
				[ $bin = old ] && exe=$OLD
				[ $bin = old ] && [ "$rules" = rules ] && r=$OLD_RULES
				rc=0
				# shellcheck disable=SC2086
				"$exe" batch "$f" -r "$r" -j$j $memo --no-progress \
					-o "$tmp/$bin.jsonl" > "$tmp/$bin.txt" 2> "$tmp/$bin.err" || rc=$?
				echo "exit $rc" >> "$tmp/$bin.txt"
				cat "$tmp/$bin.err" >> "$tmp/$bin.txt"
				if [ -f "$tmp/$bin.jsonl" ]; then
					tail -n +2 "$tmp/$bin.jsonl" >> "$tmp/$bin.txt"
					rm -f "$tmp/$bin.jsonl"
				fi
			done
			if cmp -s "$tmp/new.txt" "$tmp/old.txt"; then
				pass=$((pass + 1))
			else
				fail=$((fail + 1))
				echo "DIFFERS: $f -j$j $memo"
				diff "$tmp/old.txt" "$tmp/new.txt" | head -5
			fi
		done
	done
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
