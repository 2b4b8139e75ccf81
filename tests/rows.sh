#!/bin/sh
# Rows tables read in pieces: a CSV table with no quote and no carriage
# return is cut at line ends and its pieces are split on as many threads as
# -j gives; a table with quotes is read whole by libcsv.  Both must give the
# same variants, in the same order, and the same first error, whatever -j.
# Each table below is written twice, once plain and once with every cell
# quoted (so read whole), and the two readings are compared.
NAME=rows . tests/lib.sh

BASE="$(pwd)/scenarios/frontier_bedrock_sre.lua"

# table NAME ROWS [EDIT...]: writes $T/NAME.csv (plain) and $T/NAME_q.csv
# (every cell quoted), ROWS rows of four columns drawn from a fixed
# generator, with batch files for both; EDIT is LINE=TEXT (line LINE of the
# file, the header being line 1, replaced by TEXT, quoted in the _q copy as
# a whole line of cells) or LINE=+TEXT (TEXT inserted before line LINE);
# @LONG@ in TEXT stands for 300,000 bytes (a line longer than a chunk).
# With PAD=N in the environment, every non-empty text is N bytes long.
table() {
	_name=$1; _rows=$2; shift 2
	python3 - "$T/$_name" "$_rows" "$@" <<'PY'
import sys
out, n, edits = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
clouds = ["azure", "aws"]
# Texts of 0 to 33 bytes: a cell is read from one or two 8-byte words, or
# more (over 16 bytes).
texts = ["The SRE is powered by OpenAI", "The SRE enables access to ChatGPT",
         "Bedrock calls on OpenAI models", "", "SRE", "SRE 7 b", "SRE 8 by",
         "SRE of 15 bytes", "SRE of 16 bytes.", "SRE of 17 bytes.."]
pad = int(__import__("os").environ.get("PAD", "0"))
if pad:
    texts = [t and (t + " " + "x" * pad)[:pad] for t in texts]
lines = ["deployment.sre-inference.cloud,product.frontier.api_share,date,statement.aws-pitch.text"]
s = 42
def nxt():
    global s
    s = s * 48271 % 2147483647
    return s
for i in range(n):
    day = 1 + nxt() % 28
    lines.append("%s,%.4f,2026-%02d-%02d,%s" % (clouds[nxt() % 2], (nxt() % 10001) / 10000,
                                              1 + nxt() % 12, day, texts[nxt() % len(texts)]))
for e in edits:
    at, text = e.split("=", 1)
    text = text.replace("@LONG@", "L" * 300000)
    at = int(at)
    if text.startswith("+"):
        lines.insert(at - 1, text[1:])
    else:
        lines[at - 1] = text
def quote(line):
    return ",".join('"%s"' % c for c in line.split(",")) if line else ""
body = "\n".join(lines) + "\n"
open(out + ".csv", "w").write(body)
open(out + "_q.csv", "w").write("\n".join(quote(l) for l in lines) + "\n")
PY
	for _f in "$_name" "${_name}_q"; do
		printf 'batch "%s" { base = "%s", rows = csv_file("%s.csv") }\n' \
			"$_f" "$BASE" "$_f" >"$T/$_f.batch.lua"
	done
}

# same_reading NAME: the plain table at -j1, -j2 and -j4 gives the JSON
# lines the quoted one gives at -j1 (outside the manifests), exit 0 or 1.
same_reading() {
	"$RL" batch "$T/${1}_q.batch.lua" -r rules -j1 --no-progress -o "$T/ref.jsonl" >/dev/null 2>"$T/err"
	_rc=$?
	if [ "$_rc" -gt 1 ]; then
		fail "[$1 quoted] exit $_rc: $(head -n 1 "$T/err")"
		return
	fi
	for _j in 1 2 4; do
		"$RL" batch "$T/$1.batch.lua" -r rules -j$_j --no-progress -o "$T/got.jsonl" >/dev/null 2>"$T/err"
		_rc=$?
		if [ "$_rc" -gt 1 ]; then
			fail "[$1 -j$_j] exit $_rc: $(head -n 1 "$T/err")"
		elif _msg=$(same_outside_manifest "$T/ref.jsonl" "$T/got.jsonl" 2>&1); then
			pass
		else
			fail "[$1 -j$_j] differs from the whole reading: $_msg"
		fi
	done
}

# same_error NAME ERE: the plain table at -j1, -j2 and -j4 and the quoted
# one at -j1 fail with exit 2, no output file, and the same first line
# (after the file name), which matches ERE.
same_error() {
	"$RL" batch "$T/${1}_q.batch.lua" -r rules -j1 --no-progress >/dev/null 2>"$T/err"
	_want=$(head -n 1 "$T/err" | sed "s#^$T/${1}_q.csv:##")
	if ! printf '%s\n' "$_want" | grep -qE -- "$2"; then
		fail "[$1 quoted] first line '$_want' does not match /$2/"
	fi
	for _j in 1 2 4; do
		rm -f "$T/never.jsonl"
		"$RL" batch "$T/$1.batch.lua" -r rules -j$_j --no-progress -o "$T/never.jsonl" >/dev/null 2>"$T/err"
		_rc=$?
		_got=$(head -n 1 "$T/err" | sed "s#^$T/$1.csv:##")
		if [ "$_rc" != 2 ]; then
			fail "[$1 -j$_j] exit $_rc, expected 2: $_got"
		elif [ "$_got" != "$_want" ]; then
			fail "[$1 -j$_j] '$_got', expected '$_want' as read whole"
		elif [ -e "$T/never.jsonl" ]; then
			fail "[$1 -j$_j] wrote -o on an error"
		else
			pass
		fi
	done
}

# nul_refused NAME FROM_END JOBS...: $T/NAME_nul.csv, a copy of NAME's plain
# table with a NUL byte FROM_END bytes before its end, is refused at each
# -j of JOBS with exit 2 and "FILE:1: expected text, found a NUL byte"
# first, whatever else is wrong before it.
nul_refused() {
	_name=$1; _at=$2; shift 2
	python3 -c '
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) - int(sys.argv[3])] = 0
open(sys.argv[2], "wb").write(bytes(b))' "$T/$_name.csv" "$T/${_name}_nul.csv" "$_at"
	sed "s/$_name\.csv/${_name}_nul.csv/" "$T/$_name.batch.lua" >"$T/${_name}_nul.batch.lua"
	for _j in "$@"; do
		"$RL" batch "$T/${_name}_nul.batch.lua" -r rules -j$_j --no-progress >/dev/null 2>"$T/err"
		_rc=$?
		if [ "$_rc" = 2 ] &&
		   [ "$(head -n 1 "$T/err")" = "$T/${_name}_nul.csv:1: expected text, found a NUL byte" ]; then
			pass
		else
			fail "[$_name NUL -j$_j] exit $_rc: $(head -n 1 "$T/err")"
		fi
	done
}

# 12,000 rows (about 500 KB): cut into pieces at -j2 and -j4.
table big 12000
same_reading big
if [ "$(wc -c < "$T/big.csv")" -gt $((256 * 1024)) ]; then pass; else
	fail "[big] the table is too small to be cut in pieces"
fi

# Over 8 MiB: the file is read in ranges, one per -j thread, each range
# looked through for NUL bytes, quotes and carriage returns as it is read,
# and the manifest names it by the SHA-256 of the bytes read.
PAD=4000 table wide 2600
same_reading wide
if [ "$(wc -c < "$T/wide.csv")" -gt $((8 * 1024 * 1024)) ]; then pass; else
	fail "[wide] the table is too small to be read in ranges"
fi
# The quoted copy read in ranges: its quotes are found, and libcsv reads it.
"$RL" batch "$T/wide_q.batch.lua" -r rules -j2 --no-progress -o "$T/wide_q.jsonl" >/dev/null 2>&1
"$RL" batch "$T/wide.batch.lua" -r rules -j1 --no-progress -o "$T/wide.jsonl" >/dev/null 2>&1
if msg=$(same_outside_manifest "$T/wide.jsonl" "$T/wide_q.jsonl" 2>&1); then pass; else
	fail "[wide quoted -j2] differs: $msg"
fi
# A NUL byte late in the second range is refused as in a small file.
nul_refused wide 100 1 2
"$RL" batch "$T/wide.batch.lua" -r rules -j2 --no-progress -o "$T/wide.jsonl" >/dev/null 2>&1
want=$(sha256sum "$T/wide.csv" | cut -d ' ' -f 1)
if head -n 1 "$T/wide.jsonl" | grep -q "\"role\":\"rows\",\"path\":\"[^\"]*wide.csv\",\"sha256\":\"$want\""; then
	pass
else
	fail "[wide] the manifest does not name the table by its SHA-256 $want"
fi
# A summary file's manifest names it too, at -j1 (hashed on the loading
# thread) and -j2 (on a thread of its own); only a run that shows no
# manifest (the text summary alone) skips the hash.
for _j in 1 2; do
	"$RL" batch "$T/wide.batch.lua" -r rules -j$_j --no-progress --summary "$T/wide.json" \
		>/dev/null 2>&1
	if grep -q "\"role\":\"rows\",\"path\":\"[^\"]*wide.csv\",\"sha256\":\"$want\"" "$T/wide.json"; then
		pass
	else
		fail "[wide -j$_j --summary] the manifest does not name the table by its SHA-256"
	fi
done

# Empty lines (no record) anywhere, and no line end after the last row.
table blanks 12000 "3000=" "9000=+" "9001=+"
same_reading blanks
head -c -1 "$T/blanks.csv" >"$T/blanks_noeol.csv" && mv "$T/blanks_noeol.csv" "$T/blanks.csv"
same_reading blanks

# A small table is one piece.
table small 30
same_reading small

# The first error in file order, wherever the pieces are cut.
table ragged_late 12000 "11500=aws,0.5,2026-01-01,x,y"
same_error ragged_late '^11500:5: expected 4 fields as in the header, found 5$'
table short_early 12000 "20=aws,0.5"
same_error short_early '^20:3: expected 4 fields as in the header, found 2$'
table value_late 12000 "11000=aws,lots,2026-01-01,x"
same_error value_late '^11000:2: .*expected api_share to be a number from 0 to 1, found .lots.'
# A bad value before a ragged row in a later piece, and the other way round.
table value_first 12000 "2000=aws,2,2026-01-01,x" "11000=aws,0.5"
same_error value_first '^2000:2: '
table ragged_first 12000 "2000=aws,0.5" "11000=aws,2,2026-01-01,x"
same_error ragged_first '^2000:3: expected 4 fields'
# On one line, the shape is checked before the values.
table both_one_line 12000 "7000=aws,2,2026-01-01,x,y"
same_error both_one_line '^7000:5: expected 4 fields as in the header, found 5$'
# A bad value in a row of the wrong shape: the shape is the error.
table value_after_ragged 12000 "6000=aws,3,2026-01-01" "6001=aws,3,2026-01-01,x"
same_error value_after_ragged '^6000:4: expected 4 fields as in the header, found 3$'

# Tables of 256 KiB or more are streamed: each piece reads its range in
# chunks of 256 KiB; a quote, carriage return or NUL byte anywhere sends the
# table back to be read whole, whatever the pieces found before it.
table longline 12000 "6000=aws,0.5,2026-01-01,@LONG@"
same_reading longline
table late_quote 12000 '11000=aws,0.5,2026-01-01,"SRE"'
table late_plain 12000 '11000=aws,0.5,2026-01-01,SRE'
"$RL" batch "$T/late_plain.batch.lua" -r rules -j1 --no-progress -o "$T/ref.jsonl" >/dev/null 2>&1
for _j in 1 2 4; do
	"$RL" batch "$T/late_quote.batch.lua" -r rules -j$_j --no-progress -o "$T/got.jsonl" \
		>/dev/null 2>"$T/err"
	if _msg=$(same_outside_manifest "$T/ref.jsonl" "$T/got.jsonl" 2>&1); then
		pass
	else
		fail "[late quote -j$_j] differs from the same table unquoted: $_msg"
	fi
done
table ragged_quote 12000 "2000=aws,0.5" '11000=aws,0.5,2026-01-01,"SRE"'
same_error ragged_quote '^2000:3: expected 4 fields as in the header, found 2$'
table ragged 12000 "2000=aws,0.5"
nul_refused ragged 50 1 2 4

# A carriage return ends a short record, then a stray quote on the same
# line: the short record is the first error, reported once (libcsv goes on
# reading the line after the callbacks refused it).
printf 'deployment.sre-inference.cloud,product.frontier.api_share,date,statement.aws-pitch.text\naws,0.5\rx,y"z\n' >"$T/cr.csv"
printf 'batch "cr" { base = "%s", rows = csv_file("cr.csv") }\n' "$BASE" >"$T/cr.batch.lua"
"$RL" batch "$T/cr.batch.lua" -r rules --no-progress >/dev/null 2>"$T/err"
_rc=$?
if [ "$_rc" = 2 ] && [ "$(head -n 1 "$T/err")" = "$T/cr.csv:2:3: expected 4 fields as in the header, found 2" ]; then
	pass
else
	fail "[cr then quote] exit $_rc: $(head -n 1 "$T/err")"
fi

finish
