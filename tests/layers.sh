#!/bin/sh
# The engine's layers point one way: each file of engine/ includes only
# headers of its own layer or of layers below it.  The table below is the
# allowed-dependency table (docs/hacking.md explains it); a module is a
# file's name without .c/.h (batch_impl.h belongs to batch).  A file whose
# module is not in the table, an include of a higher layer (a back-edge)
# or an include of a header that does not exist fails.
# The command line (cli.c) includes the public header and cli.h only.
# Run from the repo root: sh tests/layers.sh.  Ends with "N passed, N failed".

NAME=layers . tests/lib.sh

# Lowest layer first: "rank modules...".
LAYERS='
0 util sha256 output
1 sandbox sources
2 model rules
3 manifest
4 loader scenario clauses
5 paths world
6 memo
7 engine
8 report law
9 eval
10 lint diff render show results
11 batch batch_variant batch_run axis summary whatif store
12 resume
13 cli
'

# Back-edges still to remove, "from to  why"; each must still occur (a
# removed one must leave this list too).
KNOWN='
law batch  law.c reads rl_clause_stats (batch_impl.h) for the claimant lines of batch summaries
scenario axis  a derived scenario's set = {...} applies the batch language's axis paths (rl_axis_set_fact, in batch.c)
'

rank_of() {
	printf '%s\n' "$LAYERS" | awk -v m="$1" 'NF { for (i = 2; i <= NF; i++) if ($i == m) { print $1; exit } }'
}

module_of() {
	b=${1##*/}
	b=${b%.[ch]}
	printf '%s\n' "${b%_impl}"
}

# check_tree DIR: prints one line per violation in DIR/*.c DIR/*.h (and
# "known FROM TO" for each listed back-edge seen); returns non-zero on any.
check_tree() {
	bad=0
	for f in "$1"/*.c "$1"/*.h; do
		[ -f "$f" ] || continue
		m=$(module_of "$f")
		r=$(rank_of "$m")
		if [ -z "$r" ]; then
			echo "$f: expected its module '$m' in the layer table, found none"
			bad=1
			continue
		fi
		for h in $(sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
			[ "$h" = redline/redline.h ] && continue
			if [ ! -f "$1/$h" ]; then
				echo "$f: expected an engine header, found #include \"$h\""
				bad=1
				continue
			fi
			t=$(module_of "$h")
			[ "$t" = "$m" ] && continue
			tr=$(rank_of "$t")
			if [ -z "$tr" ]; then
				echo "$f: expected the module '$t' of $h in the layer table, found none"
				bad=1
			elif [ "$tr" -gt "$r" ]; then
				if printf '%s\n' "$KNOWN" | grep -q "^$m $t "; then
					echo "known $m $t"
				else
					echo "$f: expected includes of layer $r or below, found $h (layer $tr: $m -> $t is a back-edge)"
					bad=1
				fi
			fi
		done
	done
	return $bad
}

# --- the engine -----------------------------------------------------------
check_tree engine >"$T/engine"
rc=$?
grep -v '^known ' "$T/engine" >"$T/violations"
if [ "$rc" = 0 ] && [ ! -s "$T/violations" ]; then pass; else
	fail "back-edges or unplaced files in engine/:"; cat "$T/violations"
fi

# The command line is a client of the library: the public header and one
# private header (cli.h), nothing else of the engine.
inc=$(sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' engine/cli.c | sort | tr '\n' ' ')
if [ "$inc" = "cli.h redline/redline.h " ]; then pass; else
	fail "engine/cli.c: expected to include redline/redline.h and cli.h only, found: $inc"
fi

# Every file of engine/ is placed (a new file must be given a layer).
n=0
for f in engine/*.c engine/*.h; do
	[ -n "$(rank_of "$(module_of "$f")")" ] && n=$((n + 1))
done
total=$(ls engine/*.c engine/*.h | wc -l)
if [ "$n" = "$total" ] && [ "$n" -gt 40 ]; then pass; else
	fail "$n of $total engine files have a layer"
fi

# Each listed back-edge still occurs: fixing one means removing it here.
printf '%s\n' "$KNOWN" | while read -r from to why; do
	[ -n "$from" ] || continue
	if grep -qx "known $from $to" "$T/engine"; then echo pass; else
		echo "fail listed back-edge $from -> $to no longer occurs: remove it from KNOWN"
	fi
done >"$T/known"
while read -r word rest; do
	if [ "$word" = pass ]; then pass; else fail "$rest"; fi
done <"$T/known"

# --- the check itself can fail ---------------------------------------------
mkdir "$T/tree"
printf '#include "model.h"\n' >"$T/tree/util.c"
printf '/* nothing */\n' >"$T/tree/model.h"
check_tree "$T/tree" >"$T/self"
if [ $? != 0 ] && grep -q 'util.c: expected includes of layer 0 or below, found model.h' "$T/self"; then
	pass
else
	fail "a back-edge util -> model went unnoticed: $(cat "$T/self")"
fi
rm "$T/tree/util.c"
printf '#include "util.h"\n#include "redline/redline.h"\n' >"$T/tree/model.c"
printf '/* nothing */\n' >"$T/tree/util.h"
if check_tree "$T/tree" >"$T/self"; then pass; else
	fail "a downward include model -> util was refused: $(cat "$T/self")"
fi
printf '#include "model.h"\n' >"$T/tree/gadget.c"
check_tree "$T/tree" >"$T/self"
if [ $? != 0 ] && grep -q "gadget.c: expected its module 'gadget' in the layer table" "$T/self"; then
	pass
else
	fail "a file without a layer went unnoticed: $(cat "$T/self")"
fi

finish
