#!/bin/sh
# Tests for batch results in SQLite (redline batch --db) and manifests.
# Run from the repo root: sh tests/store.sh.  Uses ./redline (or $REDLINE)
# and the sqlite3 and python3 command-line tools.  Ends with "N passed, N failed".

NAME=store . tests/lib.sh

GRID=scenarios/frontier_design_space.batch.lua
RESUME=tests/cases/batch/resume.batch.lua
API=msft-openai-2025/api-exclusivity
Q() { sqlite3 -batch -noheader "$@"; }
# The data, as SQL text: what two databases must agree on (the stored
# tables, and the rows of the documented views over them).
dump() {
	sqlite3 "$1" ".dump axes variant_rows value_columns value_texts patterns pattern_findings pattern_readings"
	sqlite3 "$1" "SELECT * FROM variants; SELECT * FROM axis_values; SELECT * FROM findings; SELECT * FROM readings"
}
# The documented tables, typed and in key order: the rows queries see.
tables() {
	sqlite3 -batch -noheader "$1" "SELECT idx, verdict FROM variants ORDER BY idx;
		SELECT variant, axis, typeof(value), quote(value) FROM axis_values ORDER BY variant, axis;
		SELECT variant, clause, verdict, quote(p_breach), quote(expected_exposure_usd) FROM findings ORDER BY variant, clause;
		SELECT variant, clause, reading, verdict FROM readings ORDER BY variant, clause, reading;
		SELECT variant, axis, quote(value) FROM named_values ORDER BY variant, axis;
		SELECT variant, claimant, quote(expected_exposure_usd), not_quantified FROM claimant_exposure ORDER BY variant, claimant;"
}
# reference LINES DB OUT: the one-row-per-finding database of the JSON
# Lines (the layout before patterns: tables variants, axis_values,
# findings, readings), with DB's axes and clauses and the same views.
reference() {
	python3 - "$1" "$2" "$3" <<'PY'
import json, sqlite3, sys
out = sqlite3.connect(sys.argv[3])
out.executescript("""
CREATE TABLE variants (idx INTEGER PRIMARY KEY, verdict TEXT NOT NULL);
CREATE TABLE axis_values (variant INTEGER NOT NULL, axis INTEGER NOT NULL, value,
                          PRIMARY KEY (variant, axis)) WITHOUT ROWID;
CREATE TABLE findings (variant INTEGER NOT NULL, clause TEXT NOT NULL,
                       verdict TEXT NOT NULL, p_breach REAL NOT NULL,
                       expected_exposure_usd REAL,
                       PRIMARY KEY (variant, clause)) WITHOUT ROWID;
CREATE TABLE readings (variant INTEGER NOT NULL, clause TEXT NOT NULL,
                       reading TEXT NOT NULL, verdict TEXT NOT NULL,
                       PRIMARY KEY (variant, clause, reading)) WITHOUT ROWID;
""")
out.execute("ATTACH ? AS n", (sys.argv[2],))
out.executescript("""
CREATE TABLE axes AS SELECT * FROM n.axes;
CREATE TABLE clauses AS SELECT * FROM n.clauses;
CREATE VIEW named_values AS SELECT v.variant AS variant, a.path AS axis, v.value AS value
  FROM axis_values v JOIN axes a ON a.position = v.axis;
CREATE VIEW claimant_exposure AS SELECT f.variant AS variant,
  coalesce(c.holder, 'unstated') AS claimant,
  sum(f.expected_exposure_usd) AS expected_exposure_usd,
  sum(f.expected_exposure_usd IS NULL AND f.verdict IN ('breach', 'contested')) AS not_quantified
  FROM findings f JOIN clauses c ON c.clause = f.clause
  WHERE c.binding GROUP BY f.variant, claimant;
""")
def typed(x):
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, (int, float)):
        return float(x)
    if isinstance(x, list):
        return json.dumps(x, separators=(",", ":"))
    return x
for line in open(sys.argv[1]):
    d = json.loads(line)
    if "manifest" in d:
        continue
    i = d["index"]
    out.execute("INSERT INTO variants VALUES (?, ?)", (i, d["verdict"]))
    for a, x in enumerate(d["values"]):
        out.execute("INSERT INTO axis_values VALUES (?, ?, ?)", (i, a, typed(x)))
    for c in d["clauses"]:
        out.execute("INSERT INTO findings VALUES (?, ?, ?, ?, ?)",
                    (i, c["id"], c["verdict"], c["p_breach"], c["expected_exposure_usd"]))
        for name, v in c.get("readings", {}).items():
            out.execute("INSERT INTO readings VALUES (?, ?, ?, ?)", (i, c["id"], name, v))
out.commit()
PY
}

if [ ! -x "$RL" ] || ! command -v sqlite3 >/dev/null; then
	echo "FAIL: $RL or sqlite3 not found (make all; apt-get install sqlite3)"
	echo "0 passed, 1 failed"
	exit 1
fi

# ---- a grid batch into a database --------------------------------------------
$RL batch $GRID -r rules -j 2 -o "$T/g.jsonl" --summary "$T/g.json" --db "$T/g.db" >/dev/null
rc=$?
if [ "$rc" = 1 ]; then pass; else fail "batch --db exit $rc, expected 1"; fi
n=$(Q "$T/g.db" "SELECT count(*) FROM variants")
if [ "$n" = 168 ]; then pass; else fail "db holds $n variants, expected 168 (the batch's n)"; fi
if [ "$(Q "$T/g.db" "SELECT min(idx) || '-' || max(idx) FROM variants")" = 0-167 ]; then pass
else fail "db variant indices are not 0..167"; fi
if [ "$(Q "$T/g.db" "PRAGMA integrity_check")" = ok ]; then pass; else fail "integrity_check"; fi
if [ ! -e "$T/g.db-wal" ] || [ ! -s "$T/g.db-wal" ]; then pass; else fail "WAL left behind after a finished run"; fi
# axis values are typed: numbers REAL, strings TEXT
t=$(Q "$T/g.db" "SELECT group_concat(DISTINCT a.path || ':' || typeof(v.value)) FROM axis_values v JOIN axes a ON a.position = v.axis ORDER BY 1")
case "$t" in *"product.frontier.api_share:real"*"date:text"*|*"date:text"*"product.frontier.api_share:real"*) pass ;;
	*) fail "axis value types: $t" ;; esac

# Spirit-but-not-letter breaches of the API clause (docs/sqlite.md, query 1)
# through the readings table, cross-checked against the reading verdicts of
# the JSON Lines, and against findings (readings letter 0.6 and spirit 0.4:
# contested with p_breach 0.4 is the spirit alone).
Q "$T/g.db" "SELECT s.variant FROM readings s JOIN readings l ON l.variant = s.variant AND l.clause = s.clause AND l.reading = 'letter' WHERE s.clause = '$API' AND s.reading = 'spirit' AND s.verdict = 'breach' AND l.verdict <> 'breach' ORDER BY 1" > "$T/q1.db"
python3 "$CHECK_PY" store-spirit-variants "$T/g.jsonl" "$API" > "$T/q1.py"
echo "spirit-not-letter: $(wc -l < "$T/q1.db") variants"
if [ -s "$T/q1.db" ] && cmp -s "$T/q1.db" "$T/q1.py"; then pass
else fail "spirit-not-letter query differs from the JSON Lines ($(wc -l < "$T/q1.db") vs $(wc -l < "$T/q1.py") rows)"; fi
Q "$T/g.db" "SELECT variant FROM findings WHERE clause = '$API' AND verdict = 'contested' AND p_breach = 0.4 ORDER BY variant" > "$T/q1f.db"
if cmp -s "$T/q1.db" "$T/q1f.db"; then pass; else fail "readings and findings disagree on spirit-not-letter"; fi
# Every variant has every reading of every clause it reports.
Q "$T/g.db" "SELECT count(*) FROM readings" > "$T/nr.db"
if [ "$(cat "$T/nr.db")" = 1848 ]; then pass; else fail "readings rows: $(cat "$T/nr.db"), expected 168 x 11"; fi

# Verdict counts per clause equal the summary's.
Q "$T/g.db" "SELECT clause, verdict, count(*) FROM findings GROUP BY clause, verdict ORDER BY 1, 2" > "$T/q2.db"
python3 "$CHECK_PY" store-verdict-counts "$T/g.json" > "$T/q2.py"
if [ -s "$T/q2.db" ] && cmp -s "$T/q2.db" "$T/q2.py"; then pass; else fail "verdict counts per clause differ from the summary"; fi

# The api_share values where the thin-wrapper verdict changes (query 3)
# include the summary's tipping point 0.5 -> 0.55.
Q "$T/g.db" "WITH x AS (SELECT f.variant, v.value AS share, f.verdict FROM findings f JOIN named_values v ON v.variant = f.variant AND v.axis = 'product.frontier.api_share' WHERE f.clause = '$API'), c AS (SELECT share, group_concat(DISTINCT verdict) AS vs FROM x GROUP BY share) SELECT share FROM c WHERE vs LIKE '%breach%' ORDER BY share LIMIT 1" > "$T/q3"
if [ "$(cat "$T/q3")" = 0.55 ]; then pass; else fail "first api_share with a breach is $(cat "$T/q3"), expected 0.55"; fi

# --db without -o: the same data.
$RL batch $GRID -r rules -j 1 --db "$T/g2.db" >/dev/null
dump "$T/g.db" > "$T/d1"; dump "$T/g2.db" > "$T/d2"
if [ -s "$T/d1" ] && cmp -s "$T/d1" "$T/d2"; then pass; else fail "--db without -o differs from --db with -o"; fi
# A fresh run replaces an existing database.
$RL batch $GRID -r rules -j 1 --db "$T/g2.db" >/dev/null
dump "$T/g2.db" > "$T/d2"
if cmp -s "$T/d1" "$T/d2"; then pass; else fail "a second run into the same --db is not a fresh database"; fi

# ---- the manifest --------------------------------------------------------------
files=$(Q "$T/g.db" "SELECT value FROM manifest WHERE key = 'files'")
for f in rules/microsoft_openai.lua scenarios/frontier_bedrock_sre.lua $GRID; do
	sum=$(sha256sum "$f" | cut -d' ' -f1)
	case "$files" in *"\"path\":\"$f\",\"sha256\":\"$sum\""*) pass ;;
		*) fail "db manifest lacks $f with sha256 $sum" ;; esac
done
if python3 "$CHECK_PY" batch-manifests "$T/g.jsonl" "$T/g.json" "$(sha256sum rules/microsoft_openai.lua | cut -d' ' -f1)"
then pass; else fail "batch manifests (line and summary) are wrong"; fi
run_check() { $RL check scenarios/frontier_azure_only.lua -r rules -f json > "$T/c.json"; }
run_check
if python3 "$CHECK_PY" check-manifest "$T/c.json" "$(sha256sum rules/amazon_openai.lua | cut -d' ' -f1)" "$(sha256sum scenarios/common/parties.lua | cut -d' ' -f1)"
then pass; else fail "check report manifest is wrong"; fi
cp "$T/c.json" "$T/c1.json"; run_check
if cmp -s "$T/c.json" "$T/c1.json"; then pass; else fail "check -f json with its manifest is not byte-identical run to run"; fi
# sample mode: the seed
$RL batch tests/cases/batch/sample.batch.lua -r rules -j 2 -o "$T/s.jsonl" >/dev/null
if head -n 1 "$T/s.jsonl" | grep -q '"seed":7,'; then pass; else fail "sample batch manifest lacks seed 7"; fi

# ---- kills and resume -------------------------------------------------------------
$RL batch $RESUME -r rules -j 1 -o "$T/full.jsonl" --db "$T/full.db" >/dev/null
dump "$T/full.db" > "$T/full.sql"
if [ "$(Q "$T/full.db" "SELECT count(*) FROM variants")" = 60000 ]; then pass; else fail "uninterrupted db lacks variants"; fi
# SIGKILL at several moments, with -o and --db, then with --db alone.  The
# killed runs evaluate every reading (--no-memo), so that they are still
# running when the kills come; reused verdicts would finish in a moment.
for mode in both dbonly; do
	rm -f "$T/k.jsonl" "$T/k.db" "$T/k.db-wal" "$T/k.db-shm"
	first=""
	for d in 0.2 0.4 0.6; do
		if [ $mode = both ]; then
			$RL batch $RESUME -r rules -j 1 --no-memo --resume -o "$T/k.jsonl" --db "$T/k.db" \
				>/dev/null 2>&1 &
		else
			$RL batch $RESUME -r rules -j 1 --no-memo --resume --db "$T/k.db" >/dev/null 2>&1 &
		fi
		pid=$!
		sleep $d
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		[ -z "$first" ] && first=$(Q "$T/k.db" "SELECT count(*) FROM variants" 2>/dev/null)
		ic=$(Q "$T/k.db" "PRAGMA integrity_check" 2>&1)
		if [ "$ic" = ok ]; then pass; else fail "$mode: integrity_check after a kill at ${d}s: $ic"; fi
		# every committed transaction holds whole variants (a kill before
		# the first commit leaves no tables: nothing partial either)
		bad=0
		[ "$(Q "$T/k.db" "SELECT count(*) FROM sqlite_master WHERE name = 'variants'")" = 1 ] && bad=$(Q "$T/k.db" "SELECT count(*) FROM variants v WHERE (SELECT count(*) FROM findings f WHERE f.variant = v.idx) <> (SELECT count(*) FROM findings WHERE variant = 0) OR (SELECT count(*) FROM axis_values a WHERE a.variant = v.idx) <> 2")
		if [ "$bad" = 0 ]; then pass; else fail "$mode: $bad partial variants after a kill at ${d}s"; fi
	done
	echo "$mode: first kill left $first variants"
	if [ "${first:-0}" -lt 60000 ]; then pass; else fail "$mode: the first kill came after the batch finished"; fi
	if [ $mode = both ]; then
		$RL batch $RESUME -r rules -j 2 --resume -o "$T/k.jsonl" --db "$T/k.db" >/dev/null 2>&1
	else
		$RL batch $RESUME -r rules -j 2 --resume --db "$T/k.db" >/dev/null 2>&1
	fi
	rc=$?
	if [ "$rc" = 1 ]; then pass; else fail "$mode: resume exit $rc, expected 1"; fi
	dump "$T/k.db" > "$T/k.sql"
	if cmp -s "$T/full.sql" "$T/k.sql"; then pass; else fail "$mode: resumed db differs from an uninterrupted run's"; fi
	if [ $mode = both ]; then
		tail -n +2 "$T/k.jsonl" > "$T/kl"; tail -n +2 "$T/full.jsonl" > "$T/fl"
		if cmp -s "$T/kl" "$T/fl" && [ "$(grep -c '^{"manifest":' "$T/k.jsonl")" = 1 ]; then pass
		else fail "resumed JSON Lines differ from an uninterrupted run's, or hold more than one manifest line"; fi
	fi
done

# The database behind the JSON Lines (killed between the two writes), and
# the JSON Lines behind the database: resume redoes the difference once.
cp "$T/full.jsonl" "$T/a.jsonl"; cp "$T/full.db" "$T/a.db"
Q "$T/a.db" "DELETE FROM variant_rows WHERE idx >= 40000"
$RL batch $RESUME -r rules -j 2 --resume -o "$T/a.jsonl" --db "$T/a.db" >/dev/null 2>&1
tail -n +2 "$T/a.jsonl" > "$T/al"
if cmp -s "$T/al" "$T/fl" && [ "$(dump "$T/a.db")" = "$(cat "$T/full.sql")" ]; then pass
else fail "resume with the db behind the JSON Lines"; fi
head -n 20001 "$T/full.jsonl" > "$T/b.jsonl"; head -c 100 "$T/fl" >> "$T/b.jsonl"; cp "$T/full.db" "$T/b.db"
$RL batch $RESUME -r rules -j 2 --resume -o "$T/b.jsonl" --db "$T/b.db" >/dev/null 2>&1
tail -n +2 "$T/b.jsonl" > "$T/bl"
if cmp -s "$T/bl" "$T/fl" && [ "$(dump "$T/b.db")" = "$(cat "$T/full.sql")" ]; then pass
else fail "resume with the JSON Lines behind the db (and a half-written line)"; fi
# A half-written manifest line: cut and written again.
head -c 50 "$T/full.jsonl" > "$T/h.jsonl"
$RL batch $RESUME -r rules -j 2 --resume -o "$T/h.jsonl" >/dev/null 2>&1
tail -n +2 "$T/h.jsonl" > "$T/hl"
if cmp -s "$T/hl" "$T/fl" && head -n 1 "$T/h.jsonl" | python3 -c 'import json,sys; json.load(sys.stdin)["manifest"]'; then pass
else fail "resume after a half-written manifest line"; fi
# merge ignores manifest lines; a half-written manifest line is refused with file:line
$RL merge "$T/full.jsonl" -o "$T/m.json" >/dev/null
if [ $? = 0 ] && python3 "$CHECK_PY" json "$T/m.json" 'assert d["variants"] == 60000'; then pass
else fail "merge of a file with a manifest line"; fi
$RL merge "$T/h.jsonl" "$T/h.jsonl" >/dev/null 2>"$T/err"
if grep -q "a variant appears twice" "$T/err"; then pass; else fail "merge of a repeated file: $(head -n 1 "$T/err")"; fi
head -c 50 "$T/full.jsonl" > "$T/hm.jsonl"
$RL merge "$T/hm.jsonl" >/dev/null 2>"$T/err"
rc=$?
if [ $rc = 2 ] && head -n 1 "$T/err" | grep -qE "^$T/hm.jsonl:1: .*half-written"; then pass
else fail "merge of a half-written manifest line: exit $rc, $(head -n 1 "$T/err")"; fi

# ---- the layout: one row per variant, each distinct set of findings once -------
# The documented tables and views give the rows, types and order that a
# one-row-per-finding database of the same JSON Lines gives.
reference "$T/g.jsonl" "$T/g.db" "$T/gref.db"
tables "$T/g.db" > "$T/gt"; tables "$T/gref.db" > "$T/gr"
if [ "$(wc -l < "$T/gt")" -gt 4000 ] && cmp -s "$T/gt" "$T/gr"; then pass
else fail "the tables of g.db differ from the one-row-per-finding tables of its lines ($(wc -l < "$T/gt") vs $(wc -l < "$T/gr") rows)"; fi
for v in variants axis_values findings readings named_values claimant_exposure; do
	if [ "$(Q "$T/g.db" "SELECT * FROM $v")" = "$(Q "$T/gref.db" "SELECT * FROM $v")" ]; then pass
	else fail "SELECT * FROM $v without ORDER BY: other rows or another order than one row per finding"; fi
done
# Every example query of docs/sqlite.md gives the same answer on both.
python3 - docs/sqlite.md "$T/g.db" "$T/gref.db" <<'PY' > "$T/docq"
import re, sqlite3, sys
doc = open(sys.argv[1]).read()
queries = [q for q in re.findall(r"```sql\n(.*?)```", doc, re.S) if "CREATE" not in q]
dbs = [sqlite3.connect(p) for p in sys.argv[2:]]
for q in queries:
    if "manifest" in q:
        continue
    got = [db.execute(q).fetchall() for db in dbs]
    print(len(got[0]), "same" if got[0] == got[1] and got[0] else "DIFFERENT", q.split("\n")[0])
PY
if [ "$(grep -c ' same ' "$T/docq")" = 5 ] && ! grep -q DIFFERENT "$T/docq"; then pass
else fail "docs/sqlite.md queries on g.db and the one-row-per-finding tables: $(tr '\n' ';' < "$T/docq")"; fi
# One pattern per distinct set of findings and readings, no more, no less.
distinct() {
	Q "$1" "SELECT count(DISTINCT p) FROM (SELECT
	  (SELECT group_concat(x, ';') FROM (SELECT clause || ':' || verdict || ':' || quote(p_breach) || ':' || quote(expected_exposure_usd) AS x FROM findings WHERE variant = v.idx ORDER BY clause))
	  || '|' || (SELECT group_concat(x, ';') FROM (SELECT clause || ':' || reading || ':' || verdict AS x FROM readings WHERE variant = v.idx ORDER BY clause, reading)) AS p
	  FROM variants v)"
}
np=$(Q "$T/g.db" "SELECT count(*) FROM patterns"); nd=$(distinct "$T/gref.db")
echo "grid: 168 variants, $np finding patterns"
if [ "$np" = "$nd" ] && [ "$np" -lt 20 ]; then pass; else fail "g.db holds $np patterns, its lines $nd distinct sets of findings"; fi
if [ "$(Q "$T/g.db" "SELECT count(*) FROM variant_rows")" = 168 ]; then pass; else fail "variant_rows is not one row per variant"; fi

# The worst case: nearly every variant with findings of its own (more
# patterns than the writer keeps in memory), then cut back and resumed.
PAT=tests/cases/batch/patterns.batch.lua
PATR=tests/cases/batch/patterns.lua
$RL batch $PAT -r $PATR -j 2 -o "$T/p.jsonl" --db "$T/p.db" >/dev/null
rc=$?
if [ "$rc" = 1 ]; then pass; else fail "patterns batch --db exit $rc, expected 1"; fi
reference "$T/p.jsonl" "$T/p.db" "$T/pref.db"
tables "$T/p.db" > "$T/pt"; tables "$T/pref.db" > "$T/pr"
if [ -s "$T/pt" ] && cmp -s "$T/pt" "$T/pr"; then pass; else fail "the tables of p.db differ from the one-row-per-finding tables of its lines"; fi
np=$(Q "$T/p.db" "SELECT count(*) FROM patterns"); nd=$(distinct "$T/pref.db")
echo "patterns batch: 20000 variants, $np finding patterns"
if [ "$np" = "$nd" ] && [ "$np" -gt 10000 ]; then pass; else fail "p.db holds $np patterns, its lines $nd distinct sets of findings"; fi
dump "$T/p.db" > "$T/p.sql"
cp "$T/p.db" "$T/pc.db"
Q "$T/pc.db" "DELETE FROM variant_rows WHERE idx >= 7000"
$RL batch $PAT -r $PATR -j 2 --resume --db "$T/pc.db" >/dev/null
if [ "$(dump "$T/pc.db")" = "$(cat "$T/p.sql")" ]; then pass
else fail "patterns batch cut back to 7000 variants and resumed differs from the uninterrupted run (pattern ids included)"; fi
$RL batch $PAT -r $PATR -j 1 --db "$T/p1.db" >/dev/null
if [ "$(dump "$T/p1.db")" = "$(cat "$T/p.sql")" ]; then pass; else fail "patterns batch at -j1 and -j2 store other rows"; fi

# ---- bad databases: exit 2, file:0: expected ... -----------------------------------
printf 'not a database, just text\n%.0s' 1 2 3 4 5 6 7 8 9 10 > "$T/junk.db"
$RL batch $GRID -r rules --resume --db "$T/junk.db" >/dev/null 2>"$T/err"
rc=$?
if [ $rc = 2 ] && head -n 1 "$T/err" | grep -qE "^$T/junk.db:0: expected"; then pass
else fail "--resume --db on a text file: exit $rc, $(head -n 1 "$T/err")"; fi
$RL batch $RESUME -r rules --resume --db "$T/g.db" >/dev/null 2>"$T/err"
rc=$?
if [ $rc = 2 ] && head -n 1 "$T/err" | grep -qF "$T/g.db:0: expected a results database of batch $RESUME"; then pass
else fail "--resume --db of another batch: exit $rc, $(head -n 1 "$T/err")"; fi
# A database of the one-row-per-finding layout (an older redline's) is not
# continued in this one: exit 2, one line, nothing changed.
cp "$T/gref.db" "$T/old.db"
Q "$T/old.db" "ATTACH '$T/g.db' AS n; CREATE TABLE manifest AS SELECT * FROM n.manifest WHERE key <> 'layout'"
cp "$T/g.jsonl" "$T/old.jsonl"
sum_before=$(cat "$T/old.db" "$T/old.jsonl" | sha256sum)
$RL batch $GRID -r rules --resume -o "$T/old.jsonl" --db "$T/old.db" >/dev/null 2>"$T/err"
rc=$?
if [ $rc = 2 ] && [ "$(wc -l < "$T/err")" = 1 ] && grep -qE "^$T/old.db:0: expected a results database in layout 2 .*found one in layout 1" "$T/err"; then pass
else fail "--resume --db of the one-row-per-finding layout: exit $rc, $(head -n 1 "$T/err")"; fi
if [ "$(cat "$T/old.db" "$T/old.jsonl" | sha256sum)" = "$sum_before" ] && [ ! -e "$T/old.db-wal" ]; then pass
else fail "a refused old-layout database (or its JSON Lines) was changed"; fi
if [ "$(Q "$T/g.db" "SELECT value FROM manifest WHERE key = 'layout'")" = 2 ]; then pass; else fail "the manifest lacks layout 2"; fi
$RL batch $GRID -r rules --db "$T/no/such/dir/x.db" >/dev/null 2>"$T/err"
rc=$?
if [ $rc = 2 ] && head -n 1 "$T/err" | grep -qE "^$T/no/such/dir/x.db:0: expected"; then pass
else fail "--db in a missing directory: exit $rc, $(head -n 1 "$T/err")"; fi

finish
