# tests/lib.sh - what every shell test of redline shares.  Sourced from the
# repo root by tests/*.sh after setting NAME (the temp directory's prefix):
#   NAME=cli . tests/lib.sh
# Gives RL (./redline, or $REDLINE), T (a temp directory removed on exit),
# the PASS/FAIL counters with pass/fail, run, the expect_* assertions below,
# python_ok, check_ok, same_outside_manifest, like, and finish, which prints
# "N passed, N failed" and exits non-zero on any failure.  What the
# assertions need of Python is in tests/check.py.

RL=${REDLINE:-./redline}
CHECK_PY=$(pwd)/tests/check.py
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

# first_line_problem CODE ERE TEXT (after run): what is wrong with the exit
# code and the first stderr line, which must match the ERE and contain TEXT
# (either may be empty), or nothing.
first_line_problem() {
	first=$(head -n 1 "$T/err")
	if [ "$RC" != "$1" ]; then
		echo "exit $RC, expected $1; stderr first line: $first"
	elif [ -n "$2" ] && ! printf '%s\n' "$first" | grep -qE -- "$2"; then
		echo "stderr first line '$first' does not match /$2/"
	elif [ -n "$3" ] && ! printf '%s\n' "$first" | grep -qF -- "$3"; then
		echo "stderr first line '$first' lacks '$3'"
	fi
}

# expect_stderr_line CODE ERE TEXT CMD...: exit CODE; the first stderr line
# matches the ERE and contains TEXT (either may be empty).
expect_stderr_line() {
	_want=$1; _re=$2; _text=$3; shift 3
	run "$@"
	_problem=$(first_line_problem "$_want" "$_re" "$_text")
	if [ -n "$_problem" ]; then fail "[$*] $_problem"; else pass; fi
}

# expect_error CODE ERE CMD...: exit CODE; the first stderr line matches.
expect_error() {
	_w=$1; _e=$2; shift 2
	expect_stderr_line "$_w" "$_e" "" "$@"
}

# expect_stderr CODE TEXT CMD... (also expect_err): exit CODE; the first
# stderr line contains TEXT.
expect_stderr() {
	_w=$1; _t=$2; shift 2
	expect_stderr_line "$_w" "" "$_t" "$@"
}
expect_err() { expect_stderr "$@"; }

# expect_one_stderr_line CODE ERE CMD...: exit CODE; stderr is one line,
# matching the ERE.
expect_one_stderr_line() {
	_w=$1; _e=$2; shift 2
	run "$@"
	_problem=$(first_line_problem "$_w" "$_e" "")
	if [ -z "$_problem" ] && [ "$(wc -l < "$T/err")" -ne 1 ]; then
		_problem="stderr has $(wc -l < "$T/err") lines, expected one"
	fi
	if [ -n "$_problem" ]; then fail "[$*] $_problem"; else pass; fi
}

# expect_stderr_has CODE TEXT CMD...: exit CODE; TEXT anywhere in stderr.
expect_stderr_has() {
	_w=$1; _t=$2; shift 2
	run "$@"
	if [ "$RC" != "$_w" ]; then fail "[$*] exit $RC, expected $_w: $(head -n 1 "$T/err")"
	elif ! grep -qF -- "$_t" "$T/err"; then fail "[$*] stderr lacks '$_t': $(head -n 1 "$T/err")"
	else pass; fi
}

# expect_json CODE PYTHON CMD...: exit CODE; stdout is JSON; PYTHON holds
# (tests/check.py json: d is the document, clause(id) and reading(id, name)
# its parts; an exception or a false assert fails).
expect_json() {
	_w=$1; _py=$2; shift 2
	run "$@"
	if [ "$RC" != "$_w" ]; then
		fail "[$*] exit $RC, expected $_w; stderr: $(head -n 1 "$T/err")"
	elif _msg=$(python3 "$CHECK_PY" json "$T/out" "$_py" 2>&1); then pass
	else fail "[$*] JSON check failed: $(printf '%s' "$_msg" | tail -n 1)"; fi
}

# python_ok WHAT PYTHON ARGS...: the program PYTHON (with ARGS as
# sys.argv[1:]) exits 0.
python_ok() {
	_what=$1; _py=$2; shift 2
	if _msg=$(python3 -c "$_py" "$@" 2>&1); then pass; else
		fail "[$_what] $(printf '%s' "$_msg" | tail -n 1)"
	fi
}

# check_ok WHAT NAME ARGS...: the check NAME of tests/check.py holds for ARGS.
check_ok() {
	_what=$1; shift
	if _msg=$(python3 "$CHECK_PY" "$@" 2>&1); then pass; else
		fail "[$_what] $(printf '%s' "$_msg" | tail -n 1)"
	fi
}

# same_outside_manifest A B: the files agree byte for byte outside their
# manifests: JSON Lines without the {"manifest":...} line, JSON
# reports and summaries without the last key "manifest".
same_outside_manifest() {
	python3 "$CHECK_PY" same-outside-manifest "$1" "$2"
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
