#!/bin/sh
# tests/wording.sh - the wording table (tests/cases/wording.tsv): each statement's
# classification under the AWS memo and the API clause's spirit, by rules/lib/words.lua.
NAME=wording . tests/lib.sh
LUA=${LUA:-lua5.4}
"$LUA" tests/wording.lua tests/cases/wording.tsv rules/lib/words.lua >"$T/rows" 2>"$T/err" ||
	fail "wording.lua: $(head -n 1 "$T/err")"
while read -r status rest; do
	if [ "$status" = ok ]; then pass; else fail "$rest"; fi
done <"$T/rows"
[ -s "$T/rows" ] || fail "wording.lua printed nothing"
finish
