#!/bin/sh
# tests/browser.sh - the HTML reports in a real browser (headless Chromium).
#
# Renders the scenario report of scenarios/frontier_bedrock_sre.lua
# (`redline check -f html`) and the batch report of
# scenarios/frontier_design_space.batch.lua (`redline batch` then
# `redline report -f html`), opens each in headless Chromium and checks:
# a screenshot that is not blank, every <svg> in the browser's DOM draws
# something (charts: a title, labels, shapes), the sections a lawyer checks
# (conclusion, clause words, reasoning, exceptions considered, bibliography
# with every citation link resolved; variants that matter in the batch
# report), no console message, no
# script or external resource, A4 print to PDF, and byte-identical output
# on a second run.  Ends with "N passed, N failed"; exits 1 on any failure.
#
# Needs (Debian): chromium python3 fonts-dejavu-core (the page's first font,
# with the verdict marks), and redline's build deps (lua5.4 and lua-cjson run
# tests/browser/harness.lua for the renderer's edge cases).  No PIL: check.py
# decodes PNG itself.
# Environment: REDLINE (default ./redline), CHROMIUM (default chromium),
# SAVE_SCREENSHOTS=DIR to keep scenario-report.png and batch-report.png
# (docs/img holds the committed ones).
cd "$(dirname "$0")/.." || exit 2

NAME=browser . tests/lib.sh
REDLINE=$RL
CHROMIUM=${CHROMIUM:-chromium}
CHECK="python3 tests/browser/check.py"
# ok WHAT, bad WHAT [LOG]: lib.sh's pass and fail, saying what passed and
# showing the start of the log of what failed.
ok()  { pass; echo "ok   $1"; }
bad() { fail "$1"; if [ -n "$2" ]; then sed 's/^/     /' "$2" | head -n 20; fi; }

# what the test needs, missing ones are failures (never skips)
if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
	bad "chromium not found (as root: apt-get install -y chromium)"
	finish
fi
if ! command -v python3 >/dev/null 2>&1; then
	bad "python3 not found (as root: apt-get install -y python3)"
	finish
fi
if [ ! -x "$REDLINE" ]; then
	bad "$REDLINE not built (make redline)"
	finish
fi

tmp=$T
log="$tmp/log"

# chromium NAME ARGS... : one headless run with its own profile, stderr to $tmp/NAME.err
chromium_run() {
	name=$1
	shift
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--no-first-run --no-default-browser-check --disable-extensions \
		--user-data-dir="$tmp/profile-$name" --enable-logging=stderr --v=0 \
		"$@" 2>"$tmp/$name.err"
}

# --- render ---------------------------------------------------------------
S=scenarios/frontier_bedrock_sre.lua
B=scenarios/frontier_design_space.batch.lua

"$REDLINE" check "$S" -f html -o "$tmp/scenario.html" >"$log" 2>&1
rc=$?
if [ "$rc" -le 1 ] && [ -s "$tmp/scenario.html" ]; then ok "redline check -f html ($S, exit $rc)"
else bad "redline check -f html ($S) exit $rc" "$log"; fi

"$REDLINE" batch "$B" -o "$tmp/out.jsonl" --summary "$tmp/summary.json" --no-progress >"$log" 2>&1
rc=$?
if [ "$rc" -le 1 ] && [ -s "$tmp/out.jsonl" ] && [ -s "$tmp/summary.json" ]; then ok "redline batch ($B, exit $rc)"
else bad "redline batch ($B) exit $rc" "$log"; fi

"$REDLINE" report "$tmp/out.jsonl" --summary "$tmp/summary.json" -f html -o "$tmp/batch.html" >"$log" 2>&1
rc=$?
if [ "$rc" -eq 0 ] && [ -s "$tmp/batch.html" ]; then ok "redline report -f html (exit $rc)"
else bad "redline report -f html exit $rc" "$log"; fi

# deterministic: a second rendering, by the same command line (the
# manifest names it), is byte-identical
cp "$tmp/scenario.html" "$tmp/scenario1.html"
cp "$tmp/batch.html" "$tmp/batch1.html"
"$REDLINE" check "$S" -f html -o "$tmp/scenario.html" >/dev/null 2>&1
"$REDLINE" report "$tmp/out.jsonl" --summary "$tmp/summary.json" -f html -o "$tmp/batch.html" >/dev/null 2>&1
if cmp -s "$tmp/scenario.html" "$tmp/scenario1.html" && cmp -s "$tmp/batch.html" "$tmp/batch1.html"; then
	ok "HTML output is byte-identical on a second run"
else bad "HTML output differs between two runs"; fi

# --- the detector of console errors works (a page that logs one) -----------
printf '<!DOCTYPE html><p>x</p><script>console.error("probe"); noSuchFunction();</script>\n' >"$tmp/probe.html"
chromium_run probe --dump-dom "file://$tmp/probe.html" >"$tmp/probe.dom"
if $CHECK console "$tmp/probe.err" >"$log" 2>&1; then
	bad "console check did not see a page's console.error (chromium logging changed?)" "$log"
else ok "console check sees console errors (probe page)"; fi

# --- untrusted scenario text is escaped ------------------------------------
# The same scenario with markup, a URL and bad bytes in its title.
sed 's|^  title = .*|  title = "<script>alert(1)</script> \& \\"q\\" <img src=x onerror=alert(2)> https://example.invalid/x.png \\xff\\x01 end",|' \
	"$S" >"$tmp/hostile.lua"
"$REDLINE" check "$tmp/hostile.lua" -f html -o "$tmp/hostile.html" >"$log" 2>&1
rc=$?
if [ "$rc" -le 1 ] && [ -s "$tmp/hostile.html" ]; then
	chromium_run hostile --dump-dom "file://$tmp/hostile.html" >"$tmp/hostile.dom"
	if $CHECK notags "$tmp/hostile.dom" >"$log" 2>&1 &&
		grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &amp; "q" &lt;img src=x onerror=alert(2)&gt;' "$tmp/hostile.dom" &&
		$CHECK console "$tmp/hostile.err" >>"$log" 2>&1; then
		ok "scenario text with markup is shown as text, not run"
	else bad "scenario text with markup got into the page as markup" "$log"; fi
else bad "redline check -f html (hostile title) exit $rc" "$log"; fi

# --- edge cases through the harness (no redline: the renderer alone) -------
# Empty and null-filled reports, hostile ids, hop details, a manifest, a
# batch without summary, one axis, a binned uniform axis, bad --x/--clause.
mkdir -p "$tmp/edge"
if lua5.4 tests/browser/harness.lua selftest "$tmp/edge" >"$log" 2>&1; then
	ok "renderer edge cases: $(tr '\n' ' ' <"$log")"
	for f in "$tmp"/edge/*.html; do
		n=$(basename "$f" .html)
		if $CHECK notags "$f" >"$log" 2>&1 && $CHECK wellformed "$f" >>"$log" 2>&1 &&
			{ [ "$n" = check-empty ] || $CHECK dom "$f" >>"$log" 2>&1; }; then
			ok "edge case $n: escaped, well-formed, every svg drawn"
		else bad "edge case $n" "$log"; fi
	done
else bad "renderer edge cases (lua5.4 tests/browser/harness.lua selftest)" "$log"; fi

# --- the sections a lawyer checks, in the browser's DOM ---------------------
# The live report of the bundled scenario, and a saved JSON report whose
# readings carry the "exceptions" a rule pack may add (exceptions considered).
if lua5.4 tests/browser/harness.lua render tests/cases/report/lawyer.json >"$tmp/lawyer.html" 2>"$log" &&
	$CHECK wellformed "$tmp/lawyer.html" >"$log" 2>&1; then
	chromium_run lawyer --dump-dom "file://$tmp/lawyer.html" >"$tmp/lawyer.dom"
	if $CHECK lawyer "$tmp/lawyer.dom" >"$log" 2>&1 && grep -q 'exceptions-considered' "$log" &&
		$CHECK console "$tmp/lawyer.err" >>"$log" 2>&1; then ok "saved report: $(head -n 1 "$log")"
	else bad "saved report (tests/cases/report/lawyer.json): lawyer's sections" "$log"; fi
else bad "rendering tests/cases/report/lawyer.json" "$log"; fi

# --- each report in the browser -------------------------------------------
for r in scenario batch; do
	f="$tmp/$r.html"
	[ -s "$f" ] || { bad "$r: no HTML to open"; continue; }
	url="file://$f"

	if $CHECK selfcontained "$f" >"$log" 2>&1; then ok "$r: $(cat "$log")"
	else bad "$r: not self-contained" "$log"; fi
	if $CHECK wellformed "$f" >"$log" 2>&1; then ok "$r: $(cat "$log")"
	else bad "$r: not well-formed" "$log"; fi

	chromium_run "$r-shot" --screenshot="$tmp/$r.png" --window-size=1200,2400 "$url" >/dev/null
	if [ -s "$tmp/$r.png" ] && $CHECK png "$tmp/$r.png" >"$log" 2>&1; then ok "$r: screenshot $(cat "$log")"
	else bad "$r: screenshot" "$log"; [ -s "$log" ] || sed 's/^/     /' "$tmp/$r-shot.err" | grep -v dbus | head -n 5; fi

	chromium_run "$r-dom" --dump-dom "$url" >"$tmp/$r.dom"
	if [ -s "$tmp/$r.dom" ] && $CHECK dom "$tmp/$r.dom" >"$log" 2>&1; then ok "$r: DOM $(cat "$log")"
	else bad "$r: DOM" "$log"; fi
	if [ "$r" = scenario ]; then
		if $CHECK lawyer "$tmp/$r.dom" >"$log" 2>&1; then ok "$r: $(cat "$log")"
		else bad "$r: the sections a lawyer checks" "$log"; fi
	else
		if grep -q '<h2>Variants that matter</h2>' "$tmp/$r.dom" && grep -q '<h2>Exposure by claimant</h2>' "$tmp/$r.dom" &&
			grep -q "What AWS tells customers" "$tmp/$r.dom"; then ok "$r: variants that matter, exposure by claimant, axis labels"
		else bad "$r: variants that matter, exposure by claimant or axis labels missing"; fi
	fi

	if $CHECK console "$tmp/$r-dom.err" >"$log" 2>&1 && $CHECK console "$tmp/$r-shot.err" >>"$log" 2>&1; then
		ok "$r: no console errors"
	else bad "$r: console errors" "$log"; fi

	chromium_run "$r-pdf" --no-pdf-header-footer --print-to-pdf="$tmp/$r.pdf" "$url" >/dev/null
	if [ -s "$tmp/$r.pdf" ] && $CHECK pdf "$tmp/$r.pdf" >"$log" 2>&1; then ok "$r: print $(cat "$log")"
	else bad "$r: print to PDF" "$log"; fi

	# the kept picture is the whole page: a tall window, the white space cut
	if [ -n "$SAVE_SCREENSHOTS" ]; then
		chromium_run "$r-full" --screenshot="$tmp/$r-full.png" --window-size=1200,6000 "$url" >/dev/null
		if [ -s "$tmp/$r-full.png" ] && $CHECK trim "$tmp/$r-full.png" >"$log" 2>&1 &&
			mkdir -p "$SAVE_SCREENSHOTS" && cp "$tmp/$r-full.png" "$SAVE_SCREENSHOTS/$r-report.png"; then
			ok "$r: saved $SAVE_SCREENSHOTS/$r-report.png ($(cat "$log"))"
		else bad "$r: saving the screenshot" "$log"; fi
	fi
done

finish
