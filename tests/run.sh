#!/bin/sh
# tests/run.sh [-j N] SUITE...: runs the test suites, N at a time (default:
# the number of processors), and exits 1 if any failed.  A SUITE is one
# shell command ("sh tests/cli.sh", "./tests/unit").  Each suite's output
# goes to its own log; when it ends, one line gives its name, time and last
# line ("N passed, N failed"), and a failed suite's whole log follows.
# Suites are independent: each works in its own temporary directory.
set -u
if [ "${1:-}" = --one ]; then
	# --one LOGDIR INDEX SUITE (run by xargs below)
	L=$2 i=$3 suite=$4
	start=$(date +%s)
	sh -c "$suite" >"$L/$i.log" 2>&1 </dev/null
	rc=$?
	echo "$rc" >"$L/$i.rc"
	secs=$(( $(date +%s) - start ))
	(
		flock 9
		if [ "$rc" = 0 ]; then
			printf 'ok   %-36s %4ss  %s\n' "$suite" "$secs" "$(tail -n 1 "$L/$i.log")"
		else
			printf 'FAIL %-36s %4ss  exit %s\n' "$suite" "$secs" "$rc"
			sed 's/^/  | /' "$L/$i.log"
		fi
	) 9>"$L/lock"
	exit 0
fi

jobs=$(nproc 2>/dev/null || echo 2)
if [ "${1:-}" = -j ]; then
	jobs=$2
	shift 2
fi
[ $# -gt 0 ] || { echo "usage: tests/run.sh [-j N] SUITE..." >&2; exit 2; }
L=$(mktemp -d "${TMPDIR:-/tmp}/redline-run.XXXXXX") || exit 2
trap 'rm -rf "$L"' EXIT INT TERM HUP

i=0
for suite in "$@"; do
	i=$((i + 1))
	printf '%s\t%s\n' "$i" "$suite"
done | xargs -P "$jobs" -L 1 -d '\n' sh -c 'sh "$0" --one "$1" "${2%%	*}" "${2#*	}"' "$0" "$L"

failed=0
i=0
for suite in "$@"; do
	i=$((i + 1))
	if [ "$(cat "$L/$i.rc" 2>/dev/null)" != 0 ]; then
		failed=$((failed + 1))
		echo "failed: $suite"
	fi
done
echo "suites: $(( $# - failed )) passed, $failed failed"
[ "$failed" = 0 ]
