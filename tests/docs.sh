#!/bin/sh
# Docs are tests: every ```sh block of README.md and docs/*.md runs here,
# in a fresh copy of the checkout (one per Markdown file), and each
# command's exit code must be the one the text states.
#
# The convention (also in README.md, "Docs are tests"):
#   - a command is one line, or several lines up to where the shell sees a
#     whole command (trailing `\`, loops, `( ... ) &`);
#   - a comment on it containing `exit N` states its exit code; without
#     one it must exit 0;
#   - commands of one file run in order, in one shell (variables and files
#     carry over), with `set -o pipefail`: a pipeline exits as its last
#     failing command;
#   - a block fenced ```sh no-run, or preceded by the line <!-- no-run -->,
#     is an example not to run (cluster jobs, `make test` itself, ...).
# Also: nothing in the repository names a file outside it or a directory of
# the machine that built it.
# Run from the repo root after `make all`: sh tests/docs.sh (DOCS="README.md"
# sh tests/docs.sh runs one file).
# Ends with "N passed, N failed".

NAME=docs . tests/lib.sh

ROOT=$(pwd)
if [ ! -x ./redline ]; then
	echo "FAIL: ./redline not found (run make all)"
	echo "0 passed, 1 failed"
	exit 1
fi

# The commands of one Markdown file, as a bash script that records each
# command's exit code, and the list of what the text expects.
extract() {
	python3 "$CHECK_PY" extract-commands "$1" "$2"
}

# A copy of the checkout: its files (tracked, and new ones not ignored) and
# what `make all` built.
copy_checkout() {
	mkdir -p "$1"
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files -z -co --exclude-standard | xargs -0 cp -a --parents -t "$1" 2>/dev/null
		cp -a redline libredline.a "$1/"
		cp -a engine/*.o "$1/engine/"
	else
		cp -a . "$1"
	fi
}

for md in ${DOCS:-README.md docs/*.md}; do
	base=$(echo "$md" | tr '/.' '__')
	if ! extract "$md" "$T/$base" 2>"$T/extract.err"; then
		fail "$(cat "$T/extract.err")"
		continue
	fi
	[ -s "$T/$base.want" ] || continue
	copy="$T/copy-$base"
	LOGS="$T/logs-$base"
	mkdir -p "$LOGS" "$T/tmp"
	copy_checkout "$copy"
	# $TMPDIR inside $T: what the examples put in temporary directories goes too
	(cd "$copy" && LOGS="$LOGS" TMPDIR="$T/tmp" timeout 900 bash "$T/$base.sh" >/dev/null 2>&1)
	n=0
	while IFS="$(printf '\t')" read -r line want text; do
		got=$(sed -n "$((n + 1))p" "$LOGS/rc")
		if [ "$got" = "$want" ]; then pass; else
			fail "$md:$line: [$text] exit ${got:-none}, the text says $want; stderr: $(head -n 2 "$LOGS/$n.err" 2>/dev/null | tr '\n' ' ')"
		fi
		n=$((n + 1))
	done < "$T/$base.want"
	rm -rf "$copy"
done

# Nothing names a file outside the repository or a machine's directories.
# (The patterns are built from pieces so that this file does not match.)
S=SP; S="${S}EC"; D=DOM; D="${D}AIN"; W=wo; W="/${W}rk/"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	if git grep -n -I -E "\\b$S\\b|\\b$D\\.md|STY""LE\\.md|\\.\\./sha""red|sha""red/(seeds|$D)|$W|/home/|/root/" \
		-- . ':!tests/docs.sh' > "$T/refs"; then
		fail "references outside the repository: $(head -n 3 "$T/refs" | tr '\n' ' ')"
	else pass; fi
fi

finish
