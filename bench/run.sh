#!/bin/sh
# make bench: the standard batch at -j1 and -j2 on a release build (variants/s,
# reading evaluations/s, microseconds per variant, peak RSS), then the plain-C
# limit (bench/limit, built by make bench) over the same variants: its speed,
# the ratio engine/limit, and whether its per-clause verdict table is the
# engine's.  Targets (docs/performance.md): >= 1,000,000 variants/s at -j1,
# -j2 >= 1.8x -j1 on a 2-core machine, engine within 3x of the limit.
# Figures and PASS/FAIL lines are printed; the exit status is 0 unless a run
# failed (2) or the limit disagrees with the engine (1).
# BATCH may name another batch file with the standard batch's axes (the limit
# models those axes; it takes n and seed from the file); LIMIT_ARGS= (empty)
# when its scenario names frontier_bedrock_sre.lua's three contracts.
set -eu
cd "$(dirname "$0")/.."
BATCH=${BATCH:-bench/frontier_1m.batch.lua}
LIMIT=${LIMIT:-bench/limit}
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }
[ -x ./redline ] || { echo "bench: needs ./redline (make all)"; exit 2; }
[ -x "$LIMIT" ] || { echo "bench: needs $LIMIT (make bench builds it)"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# n and seed of the batch, for the limit
n=$(sed -n 's/.*[{ ,]n = \([0-9][0-9.e+]*\).*/\1/p' "$BATCH" | head -1)
seed=$(sed -n 's/.*[{ ,]seed = \([0-9][0-9]*\).*/\1/p' "$BATCH" | head -1)
n=$(awk -v n="${n:-0}" 'BEGIN { printf "%.0f", n }')
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')
load=$(cut -d ' ' -f 1 /proc/loadavg 2>/dev/null || echo '?')
echo "bench: $BATCH, $n variants (seed ${seed:-0}), $cpus CPUs, load average $load"
awk -v l="$load" -v c="$cpus" 'BEGIN { if (l + 0 >= 0.5 * c)
	print "bench: the machine is busy; figures (the -j2 speed-up above all) will be low" }'
echo

# The part of a text summary the variants determine: the variants line, the
# per-clause table and the reading evaluations.
table() {
	sed -n 's/^.*: \([0-9]* variants, [0-9]* with a binding breach or contested clause\)$/\1/p' "$1"
	sed -n '/^clause  *breach/,/^$/p' "$1"
	sed -n '/^[0-9]* reading evaluations$/p' "$1"
}

# row NAME OUT TIMEFILE: one line of the figures table
row() {
	read -r secs rss <<EOT
$(tail -n 1 "$3")
EOT
	vars=$(sed -n 's/^.*: \([0-9]*\) variants, .*/\1/p' "$2" | head -1)
	reads=$(sed -n 's/^\([0-9]*\) reading evaluations$/\1/p' "$2")
	awk -v name="$1" -v n="$vars" -v r="$reads" -v s="$secs" -v m="$rss" 'BEGIN {
		if (s <= 0) s = 0.01
		printf "%-18s %12.0f %14.0f %11.3f %9.1f MiB\n", name, n / s, r / s, s * 1e6 / n, m / 1024 }'
	echo "$secs" > "$2.secs"
}

printf '%-18s %12s %14s %11s %13s\n' "" variants/s readings/s us/variant "peak RSS"
for j in 1 2; do
	rc=0
	/usr/bin/time -f '%e %M' -o "$tmp/j$j.time" ./redline batch "$BATCH" -r rules -j $j \
		--no-progress > "$tmp/j$j.out" || rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "bench: redline batch -j$j failed (exit $rc)"
		exit 2
	fi
	row "engine -j$j" "$tmp/j$j.out" "$tmp/j$j.time"
done

# The limit: best of several passes, timed inside; its RSS from time(1).
rc=0
# The standard batch's scenario names no contracts: every clause of the library.
# shellcheck disable=SC2086
/usr/bin/time -f '%e %M' -o "$tmp/limit.time" "$LIMIT" -n "$n" --seed "${seed:-0}" \
	${LIMIT_ARGS---all-contracts} > "$tmp/limit.out" || rc=$?
if [ "$rc" -ne 0 ]; then
	echo "bench: $LIMIT failed (exit $rc)"
	exit 2
fi
lvs=$(sed -n 's/^limit: \([0-9.]*\) variants\/s, \([0-9.]*\) us\/variant.*/\1/p' "$tmp/limit.out")
lus=$(sed -n 's/^limit: \([0-9.]*\) variants\/s, \([0-9.]*\) us\/variant.*/\2/p' "$tmp/limit.out")
lreads=$(sed -n 's/^\([0-9]*\) reading evaluations$/\1/p' "$tmp/limit.out")
lrss=$(tail -n 1 "$tmp/limit.time" | awk '{ print $2 }')
awk -v v="$lvs" -v us="$lus" -v r="$lreads" -v n="$n" -v m="$lrss" 'BEGIN {
	printf "%-18s %12.0f %14.0f %11.4f %9.1f MiB\n", "limit (plain C)", v, r / (n * us / 1e6), us, m / 1024 }'
sed -n 's/^limit: .*(\(best of .*\))$/  (limit: \1, timed in-process)/p' "$tmp/limit.out"

# Does the limit's table equal the engine's (at -j1 and at -j2)?
table "$tmp/j1.out" > "$tmp/j1.table"
table "$tmp/j2.out" > "$tmp/j2.table"
table "$tmp/limit.out" > "$tmp/limit.table"
agree=yes
if ! [ -s "$tmp/j1.table" ] || ! cmp -s "$tmp/j1.table" "$tmp/limit.table" ||
   ! cmp -s "$tmp/j2.table" "$tmp/limit.table"; then
	agree=no
fi

echo
s1=$(cat "$tmp/j1.out.secs")
s2=$(cat "$tmp/j2.out.secs")
v1=$(awk -v n="$n" -v s="$s1" 'BEGIN { if (s <= 0) s = 0.01; printf "%.0f", n / s }')
awk -v v1="$v1" -v s1="$s1" -v s2="$s2" -v n="$n" -v lus="$lus" 'BEGIN {
	if (s2 <= 0) s2 = 0.01
	up = s1 / s2
	ratio = (s1 * 1e6 / n) / lus
	printf "%-34s %-14s %10s  %s\n", "target", "", "measured", "result"
	printf "%-34s %-14s %10.0f  %s\n", "engine variants/s at -j1", ">= 1000000", v1, (v1 >= 1000000 ? "PASS" : "FAIL")
	printf "%-34s %-14s %9.2fx  %s\n", "engine speed-up -j2/-j1", ">= 1.80x", up, (up >= 1.8 ? "PASS" : "FAIL")
	printf "%-34s %-14s %9.1fx  %s\n", "engine/limit (us/variant at -j1)", "<= 3x", ratio, (ratio <= 3 ? "PASS" : "FAIL")
}'
echo "limit agrees with engine: $agree"
if [ "$agree" = no ]; then
	echo
	echo "engine (-j1) vs limit:"
	diff "$tmp/j1.table" "$tmp/limit.table" || true
	cmp -s "$tmp/j1.table" "$tmp/j2.table" || { echo "engine -j1 vs -j2:"; diff "$tmp/j1.table" "$tmp/j2.table" || true; }
	exit 1
fi
exit 0
