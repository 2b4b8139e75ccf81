#!/bin/sh
# make bench, part 2: memory must not grow with the number of variants.
# The standard batch with n = 100,000 and n = 10,000,000 (batch files made
# from it in a temporary directory, base pointing at the real scenario), each
# run at -j2 --no-progress with -o to a temporary file and again with no -o.
# Target (issue: batches at scale): peak RSS at 10M within 1.5x of that at
# 100k, and under 64 MiB.  Prints figures and PASS/FAIL; exits 0 unless a run
# failed (2).  The 10M output file is about 7 GB while it exists; SMALL and
# LARGE change the two sizes.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
BATCH=${BATCH:-bench/frontier_1m.batch.lua}
SMALL=${SMALL:-100000}
LARGE=${LARGE:-10000000}
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }
[ -x ./redline ] || { echo "bench: needs ./redline (make all)"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# The scenario named by the standard batch's base, relative to the batch file.
base=$(sed -n 's/.*base = "\([^"]*\)".*/\1/p' "$BATCH" | head -1)
dir=$(dirname "$BATCH")
case $dir in
/*) ;;
*) dir="$root/$dir" ;;
esac
case $base in
/*) ;;
*) base="$dir/$base" ;;
esac
for n in $SMALL $LARGE; do
	sed -e "s/\([{ ,]n = \)[0-9][0-9.e+]*/\1$n/" -e "s|base = \"[^\"]*\"|base = \"$base\"|" \
		"$BATCH" > "$tmp/n$n.batch.lua"
done

# measure N OUTFLAG: prints "secs rss_kib" of one run
measure() {
	rc=0
	if [ "$2" = o ]; then
		/usr/bin/time -f '%e %M' -o "$tmp/time" ./redline batch "$tmp/n$1.batch.lua" \
			-r rules -j2 --no-progress -o "$tmp/out.jsonl" > "$tmp/summary" || rc=$?
	else
		/usr/bin/time -f '%e %M' -o "$tmp/time" ./redline batch "$tmp/n$1.batch.lua" \
			-r rules -j2 --no-progress > "$tmp/summary" || rc=$?
	fi
	got=$(sed -n 's/^.*: \([0-9]*\) variants, .*/\1/p' "$tmp/summary" | head -1)
	if [ "$rc" -gt 1 ] || [ "$got" != "$1" ]; then
		echo "bench: redline batch with n = $1 failed (exit $rc, ${got:-no} variants)" >&2
		return 2
	fi
	if [ "$2" = o ]; then
		# one line per variant, after the {"manifest":...} line
		lines=$(wc -l < "$tmp/out.jsonl" | tr -d " ")
		lines=$((lines - 1))
		rm -f "$tmp/out.jsonl"
		if [ "$lines" -ne "$1" ]; then
			echo "bench: redline batch -o with n = $1 wrote $lines lines" >&2
			return 2
		fi
	fi
	tail -n 1 "$tmp/time"
}

echo
echo "memory: peak RSS at -j2 --no-progress (target: n=$LARGE within 1.5x of n=$SMALL, and < 64 MiB)"
printf '%-16s %21s %21s %7s  %s\n' "" "n=$SMALL" "n=$LARGE" ratio result
for mode in o none; do
	small=$(measure "$SMALL" $mode) || exit 2
	large=$(measure "$LARGE" $mode) || exit 2
	label="-o FILE"
	[ $mode = o ] || label="no -o"
	echo "$small $large" | awk -v label="$label" '{
		r = $2 > 0 ? $4 / $2 : 0
		ok = r <= 1.5 && $4 < 64 * 1024 && $2 < 64 * 1024
		printf "%-16s %9.1f MiB %6.1fs %9.1f MiB %6.1fs %7.2f  %s\n", label,
			$2 / 1024, $1, $4 / 1024, $3, r, ok ? "PASS" : "FAIL" }'
done
exit 0
