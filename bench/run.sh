#!/bin/sh
# make bench: the standard batch at -j1 and -j2 on a release build, with
# variants/s, reading evaluations/s, microseconds per variant and peak RSS.
# Targets (issue: batches at scale): >= 100,000 variants/s at -j1 and
# >= 1.8x that at -j2 on a 2-core machine.  Figures are printed, not asserted.
set -eu
cd "$(dirname "$0")/.."
BATCH=${BATCH:-bench/frontier_1m.batch.lua}
command -v /usr/bin/time >/dev/null || { echo "bench: needs /usr/bin/time (apt-get install time)"; exit 2; }
printf '%-4s %12s %14s %10s %12s\n' jobs variants/s readings/s us/variant peak-RSS
j1=0
for j in 1 2; do
	out=$(mktemp)
	/usr/bin/time -f '%e %M' -o "$out.time" ./redline batch "$BATCH" -r rules -j $j \
		--no-progress > "$out" || [ $? -le 1 ]
	read -r secs rss <<EOT
$(tail -n 1 "$out.time")
EOT
	n=$(sed -n 's/^\([0-9]*\) variants, .*/\1/p' "$out" | head -1)
	n=${n:-$(sed -n 's/.*: \([0-9]*\) variants, .*/\1/p' "$out" | head -1)}
	r=$(sed -n 's/^\([0-9]*\) reading evaluations$/\1/p' "$out")
	awk -v j=$j -v n="$n" -v r="$r" -v s="$secs" -v m="$rss" 'BEGIN {
		printf "%-4s %12.0f %14.0f %10.2f %9.1f MiB\n", "-j" j, n / s, r / s, s * 1e6 / n, m / 1024 }'
	[ $j = 1 ] && j1=$secs
	[ $j = 2 ] && awk -v a="$j1" -v b="$secs" 'BEGIN { printf "speed-up -j2/-j1: %.2fx\n", a / b }'
	rm -f "$out" "$out.time"
done
