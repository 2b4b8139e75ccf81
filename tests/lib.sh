# tests/lib.sh - what every shell test of redline shares.  Sourced from the
# repo root by tests/*.sh after setting NAME (the temp directory's prefix):
#   NAME=cli . tests/lib.sh
# Gives RL (./redline, or $REDLINE), T (a temp directory removed on exit),
# the PASS/FAIL counters with pass/fail, run, expect_exit,
# expect_stdout_contains, same_outside_manifest, like, and finish, which prints
# "N passed, N failed" and exits non-zero on any failure.

RL=${REDLINE:-./redline}
T=$(mktemp -d "${TMPDIR:-/tmp}/redline-${NAME:-test}.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT INT TERM HUP
PASS=0
FAIL=0

pass() { PASS=$((PASS + 1)); }
fail() { FAIL=$((FAIL + 1)); printf 'FAIL: %s\n' "$*"; }

# run CMD...: stdout -> $T/out, stderr -> $T/err, exit code -> $RC
run() {
	"$@" >"$T/out" 2>"$T/err"
	RC=$?
}

# expect_exit CODE CMD...
expect_exit() {
	want=$1; shift
	run "$@"
	if [ "$RC" = "$want" ]; then pass; else
		fail "[$*] exit $RC, expected $want; stderr: $(head -n 1 "$T/err")"
	fi
}

# expect_stdout_contains CODE TEXT CMD...
expect_stdout_contains() {
	want=$1; text=$2; shift 2
	run "$@"
	if [ "$RC" != "$want" ]; then
		fail "[$*] exit $RC, expected $want; stderr: $(head -n 1 "$T/err")"
	elif ! grep -qF -- "$text" "$T/out"; then
		fail "[$*] stdout lacks '$text'; first line: $(head -n 1 "$T/out")"
	else pass; fi
}

# same_outside_manifest A B: the files agree byte for byte outside their
# manifests: JSON Lines without the {"manifest":...} line, JSON
# reports and summaries without the last key "manifest".
same_outside_manifest() {
	python3 - "$1" "$2" <<'PY'
import re, sys
def strip(p):
    t = open(p, "rb").read().decode()
    t = "".join(l for l in t.splitlines(True) if not l.startswith('{"manifest":'))
    return re.sub(r',\n  "manifest": \{.*\} \}\n$', ' }\n', t)
a, b = strip(sys.argv[1]), strip(sys.argv[2])
sys.exit(0 if a == b and a else 1)
PY
}

# like TEXT PATTERN: TEXT starts with PATTERN, where each " ... " in PATTERN
# stands for any text.
like() {
	awk -v s="$1" -v p="$2" 'BEGIN {
		n = split(p, part, / \.\.\. /)
		for (i = 1; i <= n; i++) {
			at = index(s, part[i])
			if (at == 0 || (i == 1 && at != 1)) exit 1
			s = substr(s, at + length(part[i]))
		}
	}'
}

finish() {
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" = 0 ]
	exit
}
