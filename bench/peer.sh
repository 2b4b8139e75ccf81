#!/bin/sh
# make bench, part 3: the peer workload (bench/peer/README.md).  Writes the
# variants with bench/peer/gen into bench/peer/variants.csv (not kept in
# git), checks that redline's six breach counts equal the reference counts
# for 5,000, 100,000 and 1,000,000 variants, then times 1,000,000 variants
# end to end (process start to summary written, reading the rows included):
# -j1, -j2 (and -j4, -j8 where the machine has that many CPUs), -j2 with
# -o FILE.jsonl, -j2 with --db FILE, and --no-memo at -j1 and -j2.  Each
# timed row is the median of REPS runs (default 3, as the peers' figures
# are), printed with the fastest and slowest, since one run on a shared
# host can take a third longer than the next; its peak RSS is the largest.
# Every run's counts are checked.  Exit 1 if a count differs, 2 if a run
# failed; missed speed targets print FAIL but exit 0.
# N=... times another number of variants (its counts are then not checked
# unless it is one of the three above).
set -eu
cd "$(dirname "$0")/.."
N=${N:-1000000}
REPS=${REPS:-3}
GEN=bench/peer/gen
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }
[ -x ./redline ] || { echo "bench: needs ./redline (make all)"; exit 2; }
[ -x "$GEN" ] || { echo "bench: needs $GEN (make bench builds it)"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
BATCH=bench/peer/peer.batch.lua
RULES=bench/peer/rules.lua

# The reference breach counts R1..R6 (the plain-C evaluation of the rules).
expected() {
	case $1 in
	5000) echo "3555 68 235 664 428 2346" ;;
	100000) echo "70856 1225 5025 13339 8305 46550" ;;
	1000000) echo "710262 12181 48924 133637 83204 465143" ;;
	*) echo "" ;;
	esac
}

# The breach column of a text summary, R1..R6 in order.
counts() {
	for r in R1 R2 R3 R4 R5 R6; do
		awk -v r="/$r" '$1 ~ r"$" { print $2 }' "$1"
	done | tr '\n' ' ' | sed 's/ $//'
}

# once N ARGS...: runs the peer batch once, checks its counts; appends
# "seconds peak-RSS-KiB" to $tmp/runs, sets ok
bad_counts=0
once() {
	n=$1
	shift
	rc=0
	/usr/bin/time -f '%e %M' -o "$tmp/time" ./redline batch "$BATCH" -r "$RULES" \
		--no-progress "$@" > "$tmp/out" || rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "bench: redline batch $* failed (exit $rc)"
		exit 2
	fi
	got=$(counts "$tmp/out")
	want=$(expected "$n")
	if [ -n "$want" ] && [ "$got" != "$want" ]; then
		ok="COUNTS DIFFER: got $got, expected $want"
		bad_counts=1
	elif [ -n "$want" ] && [ -z "$ok" ]; then
		ok="counts ok"  # (unless an earlier run's differed)
	fi
	# (time(1) puts "Command exited with non-zero status 1" first: a breach)
	tail -n 1 "$tmp/time" >> "$tmp/runs"
}

# run NAME N ARGS...: $reps runs, each followed by the command $after (if
# set); prints a row of their median and keeps it in $tmp/secs.NAME
reps=$REPS
after=
run() {
	name=$1
	n=$2
	shift 2
	ok=""
	: > "$tmp/runs"
	i=0
	while [ "$i" -lt "$reps" ]; do
		once "$n" "$@"
		[ -z "$after" ] || $after
		i=$((i + 1))
	done
	sort -n "$tmp/runs" | awk -v name="$name" -v n="$n" -v ok="$ok" -v out="$tmp/secs.$name" '
		{ s[NR] = $1; if ($2 > m) m = $2 }
		END {
			med = s[int((NR + 1) / 2)]
			if (med <= 0) med = 0.01
			printf "%-22s %12.0f %11.3f %9.1f MiB  %.2f-%.2f s  %s\n", name, n / med,
			       med * 1e6 / n, m / 1024, s[1], s[NR], ok
			print med > out
		}'
}

cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
load=$(cut -d ' ' -f 1 /proc/loadavg 2>/dev/null || echo '?')
echo
echo "peer workload: 12 facts per variant, rules R1..R6 (bench/peer/), $cpus CPUs, load average $load"
echo "each row: the median of $REPS runs, and the fastest and slowest run"
printf '%-22s %12s %11s %13s  %s\n' "" variants/s us/variant "peak RSS" "runs"
reps=1
for n in 5000 100000; do
	"$GEN" "$n" > bench/peer/variants.csv
	run "counts n=$n -j2" "$n" -j2
done
reps=$REPS
"$GEN" "$N" > bench/peer/variants.csv
for j in 1 2 4 8; do
	[ "$j" -le "$cpus" ] || [ "$j" -le 2 ] || continue
	run "-j$j" "$N" -j$j
done
# (each run writes its file anew: the last one is checked and removed)
jsonl_lines() {
	lines=$(wc -l < "$tmp/out.jsonl" | tr -d ' ')
	rm -f "$tmp/out.jsonl"
	[ "$lines" -eq $((N + 1)) ] || { echo "bench: -o wrote $lines lines for $N variants"; exit 2; }
}
after=jsonl_lines
run "-j2 -o FILE.jsonl" "$N" -j2 -o "$tmp/out.jsonl"
after="rm -f $tmp/out.db"
run "-j2 --db FILE" "$N" -j2 --db "$tmp/out.db"
after=
run "-j1 --no-memo" "$N" -j1 --no-memo
run "-j2 --no-memo" "$N" -j2 --no-memo

echo
awk -v n="$N" -v s1="$(cat "$tmp/secs.-j1")" -v s2="$(cat "$tmp/secs.-j2")" \
    -v so="$(cat "$tmp/secs.-j2 -o FILE.jsonl")" -v sd="$(cat "$tmp/secs.-j2 --db FILE")" \
    -v sn="$(cat "$tmp/secs.-j2 --no-memo")" 'BEGIN {
	v2 = n / s2; up = s1 / s2; vo = n / so; vd = n / sd; vn = n / sn
	printf "%-34s %-14s %10s  %s\n", "target (peer workload)", "", "measured", "result"
	printf "%-34s %-14s %10.0f  %s\n", "variants/s at -j2", ">= 3000000", v2, (v2 >= 3e6 ? "PASS" : "FAIL")
	printf "%-34s %-14s %9.2fx  %s\n", "speed-up -j2/-j1", ">= 1.90x", up, (up >= 1.9 ? "PASS" : "FAIL")
	printf "%-34s %-14s %10.0f  %s\n", "variants/s at -j2 --no-memo", ">= 1000000", vn, (vn >= 1e6 ? "PASS" : "FAIL")
	printf "%-34s %-14s %9.2fx  %s\n", "-o FILE.jsonl / summary only", ">= 0.50x", vo / v2, (vo / v2 >= 0.5 ? "PASS" : "FAIL")
	printf "%-34s %-14s %9.2fx  %s\n", "--db FILE / summary only", ">= 0.50x", vd / v2, (vd / v2 >= 0.5 ? "PASS" : "FAIL")
}'
if [ "$bad_counts" = 1 ]; then
	echo "peer workload: breach counts differ from the reference"
	exit 1
fi
echo "peer workload: breach counts equal the reference"
exit 0
