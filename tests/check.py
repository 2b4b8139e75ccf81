#!/usr/bin/env python3
"""tests/check.py - the Python the shell suites need, one subcommand each.

  json FILE CODE                  FILE is JSON; CODE holds, with d the document,
                                  clause(id) and reading(id, name) its parts
  same-outside-manifest A B       A and B agree outside their manifests
  schema SCHEMA LIST              validate the files LIST names ("DEF FILE
                                  json|jsonl" a line) against SCHEMA's $defs,
                                  and see the validator bite; prints
                                  "ok WHAT" or "FAIL WHAT" a check

The other subcommands are one check, or one writer of test input, of one
suite each (its docstring names the suite): its arguments are sys.argv[1:].

Exits 0 when what it checks holds, 1 when it does not, 2 on a usage error.
"""
import json
import re
import sys


def cmd_json(path, code):
    d = json.load(open(path))

    def clause(i):
        for c in d["clauses"]:
            if c["id"] == i:
                return c
        raise AssertionError("no clause " + i)

    def reading(i, n):
        for r in clause(i)["readings"]:
            if r["name"] == n:
                return r
        raise AssertionError("no reading %s of %s" % (n, i))

    exec(code, {"d": d, "clause": clause, "reading": reading, "json": json, "re": re,
                "sys": sys})
    return 0


def cmd_same_outside_manifest(a, b):
    def strip(p):
        t = open(p, "rb").read().decode()
        t = "".join(l for l in t.splitlines(True) if not l.startswith('{"manifest":'))
        return re.sub(r',\n  "manifest": \{.*\} \}\n$', ' }\n', t)
    sa, sb = strip(a), strip(b)
    return 0 if sa == sb and sa else 1


def cmd_schema(schema_path, list_path):
    from jsonschema import Draft202012Validator

    schema = json.load(open(schema_path))
    Draft202012Validator.check_schema(schema)

    def validator(name):
        return Draft202012Validator({"$schema": schema["$schema"], "$defs": schema["$defs"],
                                     "$ref": "#/$defs/" + name})
    failed = 0

    def result(ok, what):
        nonlocal failed
        failed += not ok
        print(("ok " if ok else "FAIL ") + what)

    for row in open(list_path):
        name, path, kind = row.split()
        try:
            text = open(path).read()
            docs = [json.loads(l) for l in text.splitlines()] if kind == "jsonl" else [json.loads(text)]
        except ValueError as e:
            result(False, "%s is not JSON: %s" % (path, e))
            continue
        if not docs:
            result(False, "%s is empty" % path)
            continue
        errors = []
        for n, d in enumerate(docs):
            v = validator("manifest_line" if kind == "jsonl" and n == 0 else name)
            errors += ["line %d: %s at %s" % (n + 1, e.message, "/".join(map(str, e.absolute_path)))
                       for e in v.iter_errors(d)]
        result(not errors, "%s (%s): %s" % (path, name, "; ".join(errors[:3])))

    # The validator bites: a report with a made-up verdict, a summary missing a
    # key, a batch line with an extra key, a manifest with a short hash.
    first = [r.split() for r in open(list_path)]
    report = json.load(open(first[0][1]))
    bad = json.loads(json.dumps(report)); bad["clauses"][0]["verdict"] = "maybe"
    result(not validator("check_report").is_valid(bad), "a made-up verdict validates")
    bad = json.loads(json.dumps(report)); bad["manifest"]["files"][0]["sha256"] = "abc"
    result(not validator("check_report").is_valid(bad), "a short sha256 validates")
    summ = json.load(open([p for n, p, k in first if n == "batch_summary"][0]))
    del summ["clauses"]
    result(not validator("batch_summary").is_valid(summ), "a summary without clauses validates")
    line = json.loads(open([p for n, p, k in first if n == "batch_line"][0]).read().splitlines()[1])
    line["host"] = "x"
    result(not validator("batch_line").is_valid(line), "a batch line with an extra key validates")
    # ... and on the fields for lawyers: a citation without its passage, a
    # clause without its text, a headline exposure summed into a string, a
    # claimant without its clauses.
    bad = json.loads(json.dumps(report)); del bad["clauses"][0]["sources"][0]["passage"]
    result(not validator("check_report").is_valid(bad), "a citation without passage validates")
    bad = json.loads(json.dumps(report)); del bad["clauses"][0]["text"]
    result(not validator("check_report").is_valid(bad), "a clause without text validates")
    bad = json.loads(json.dumps(report)); bad["expected_exposure_usd"] = "$75.2bn"
    result(not validator("check_report").is_valid(bad), "a string headline validates")
    mixed = json.load(open([p for n, p, k in first if "mixed_claimants" in open(p).read(300)][0]))
    result(sorted(mixed["exposure_by_claimant"]) == ["amazon", "microsoft"] and
           mixed["expected_exposure_usd"] == 55200000000, "the mixed-claimant headline")
    bad = json.loads(json.dumps(mixed)); del bad["exposure_by_claimant"]["amazon"]["clauses"]
    result(not validator("check_report").is_valid(bad), "a claimant without clauses validates")
    show = json.load(open([p for n, p, k in first if n == "show_report"][0]))
    result(len(show["contracts"]) >= 6 and all(c["text"] for c in show["clauses"]) and
           len(show["sources"]) >= 5, "show lists every contract, clause text and source")
    summ = json.load(open([p for n, p, k in first if p.endswith("grid.json")][0]))
    result(all(a["label"] for a in summ["axes"]) and "microsoft" in summ["exposure_by_claimant"],
           "the grid summary carries axis labels and exposure per claimant")
    result(any(r["verdict"] == "error" for c in json.load(open([p for n, p, k in first
           if p.endswith("errors.json")][0]))["clauses"] for r in c["readings"]),
           "the error report has no reading in error")
    return 1 if failed else 0


def cmd_grid_lines(*args):
    """A grid batch: its lines in index order, the summary counts them (tests/cli.sh)."""
    import json, sys
    lines = [json.loads(l) for l in open(sys.argv[1])]
    assert list(lines[0]) == ["manifest"]
    lines = lines[1:]
    assert [l["index"] for l in lines] == list(range(168))
    # the last axis varies fastest
    assert lines[0]["values"][3] != lines[1]["values"][3]
    assert lines[0]["values"][0] == "azure" and lines[-1]["values"][0] == "aws"
    s = json.load(open(sys.argv[2]))
    api = [c for c in s["clauses"] if c["id"] == "msft-openai-2025/api-exclusivity"][0]
    assert sum(api["counts"].values()) == 168
    # counts agree with the lines
    def verdict_of(line, cid):
        return [c for c in line["clauses"] if c["id"] == cid][0]["verdict"]
    # the thin-wrapper question: api_share crossing 0.5 turns the API clause into a breach
    tp = [t for t in s["tipping_points"] if t["clause"] == "msft-openai-2025/api-exclusivity"]
    assert [(t["axis"], t["after"], t["at"], t["from"], t["to"]) for t in tp] == \
        [("product.frontier.api_share", 0.5, 0.55, "contested", "breach")], tp
    assert api["counts"]["breach"] == sum(1 for l in lines if verdict_of(l, "msft-openai-2025/api-exclusivity") == "breach")


def cmd_grid_flips(*args):
    """A grid summary: flips and tipping points per axis (tests/cli.sh)."""
    import json, sys
    s = json.load(open(sys.argv[1]))
    f = {x["axis"]: x for x in s["flips"]}
    # 2 clouds x 21 shares x 2 dates x 2 wordings: 84 pairs differ in the cloud alone
    assert f["deployment.sre-inference.cloud"]["pairs"] == 84
    # the date moves every clause in or out of force
    assert all(v == 84 for v in f["date"]["clauses"].values()), f["date"]
    # the wording alone flips the API clause's spirit reading somewhere
    assert f["statement.aws-pitch.text"]["clauses"]["msft-openai-2025/api-exclusivity"] > 0


def cmd_messaging_verdicts(*args):
    """The messaging batch: which wordings breach (tests/cli.sh)."""
    import json, sys
    got = []
    for line in open(sys.argv[1]):
        d = json.loads(line)
        if "manifest" in d:
            continue
        c = [c for c in d["clauses"] if c["id"] == "aws-guidance-2026/messaging"][0]
        got.append(c["verdict"])
    want = ["breach"] * 7 + ["compliant"] * 5
    assert got == want, got


def cmd_minimal_search(*args):
    """Search --minimal: the variants kept change at most one axis (tests/cli.sh)."""
    import json, sys
    lines = [json.loads(l) for l in open(sys.argv[1])]
    assert "manifest" in lines[0], lines[0]
    assert [(d["index"], d["changes"], d["values"][0]) for d in lines[1:]] == \
        [(14, ["deployment.sre-inference.cloud"], "azure")], lines[1:]


def cmd_search_spirit(*args):
    """Search --reading: the variants kept are those of the grid (tests/cli.sh)."""
    import json, sys
    want = [d["index"] for d in map(json.loads, open(sys.argv[1])) if "index" in d and
            [c for c in d["clauses"] if c["id"] == sys.argv[3]][0]["readings"]["spirit"] == "breach"]
    got = [d["index"] for d in map(json.loads, open(sys.argv[2])) if "index" in d]
    assert want and got == want, (len(want), len(got))


def cmd_interrupted_lines(*args):
    """An interrupted batch: whole lines in index order (tests/cli.sh)."""
    import json, sys
    lines = [json.loads(l) for l in open(sys.argv[1])]
    assert list(lines[0]) == ["manifest"]
    lines = lines[1:]
    assert 0 < len(lines) < 50000000
    assert [l["index"] for l in lines] == list(range(len(lines)))


def cmd_extract_commands(*args):
    """A Markdown file's sh blocks as a bash script (tests/docs.sh)."""
    import re, subprocess, sys
    md, out = sys.argv[1], sys.argv[2]
    lines = open(md, encoding="utf-8").read().split("\n")
    cmds = []           # (line number, text)
    i = 0
    prev = ""
    while i < len(lines):
        m = re.match(r"^```(\S*)(.*)$", lines[i])
        if not m:
            if lines[i].strip():
                prev = lines[i].strip()
            i += 1
            continue
        info, rest = m.group(1), m.group(2)
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        body = lines[i + 1:j]
        run = info == "sh" and "no-run" not in rest and prev != "<!-- no-run -->"
        if run:
            acc, start = [], None
            for k, l in enumerate(body):
                if not acc and (not l.strip() or l.lstrip().startswith("#")):
                    continue
                if not acc:
                    start = i + 2 + k
                acc.append(l)
                text = "\n".join(acc)
                if text.rstrip().endswith("\\"):
                    continue
                if subprocess.run(["bash", "-n", "-c", text],
                                  stderr=subprocess.DEVNULL).returncode == 0:
                    cmds.append((start, text))
                    acc = []
            if acc:
                sys.exit("%s:%d: a shell block ends inside a command" % (md, start))
        prev = ""
        i = j + 1
    with open(out + ".sh", "w") as s, open(out + ".want", "w") as w:
        s.write("set -o pipefail\n")
        for n, (line, text) in enumerate(cmds):
            codes = re.findall(r"#[^\n]*?\bexit (\d+)", text)
            w.write("%d\t%s\t%s\n" % (line, codes[-1] if codes else "0",
                                      text.split("\n")[0][:100]))
            s.write("{\n%s\n} >\"$LOGS/%d.out\" 2>\"$LOGS/%d.err\" </dev/null\n"
                    "echo $? >>\"$LOGS/rc\"\n" % (text, n, n))


def cmd_write_claims_json(*args):
    """Writes a JSON scenario whose statement carries claims (tests/rules.sh)."""
    import json, sys
    json.dump({"scenario": {"id": "claims-json", "date": "2026-03-18", "source": "a test world"},
      "party": {"openai": {"kind": "model_provider"}, "amazon": {"kind": "cloud_provider"},
                "microsoft": {"kind": "cloud_provider"}},
      "cloud": {"azure": {"owner": "microsoft"}, "aws": {"owner": "amazon"}},
      "model": {"gpt-x": {"owner": "openai", "tier": "frontier"}},
      "deployment": {"api": {"runs": "gpt-x", "cloud": "azure", "operator": "openai",
                             "audience": ["developer"]}},
      "statement": {"s": {"by": "amazon", "about": "gpt-x", "text": "Powered by OpenAI",
                          "claims": ["calls_on"]}}}, open(sys.argv[1], "w"))


def cmd_store_spirit_variants(*args):
    """The SQL that lists the variants whose spirit reading alone breaches (tests/store.sh)."""
    import json, sys
    for l in open(sys.argv[1]):
        d = json.loads(l)
        if "manifest" in d: continue
        r = [c for c in d["clauses"] if c["id"] == sys.argv[2]][0]["readings"]
        if r["spirit"] == "breach" and r["letter"] != "breach": print(d["index"])


def cmd_store_verdict_counts(*args):
    """The summary's verdict counts per clause, as rows (tests/store.sh)."""
    import json, sys
    s = json.load(open(sys.argv[1]))
    rows = sorted((c["id"], v, n) for c in s["clauses"] for v, n in c["counts"].items() if n)
    for r in rows: print("%s|%s|%d" % r)


def cmd_batch_manifests(*args):
    """A batch's manifests: line and summary (tests/store.sh)."""
    import json, sys
    first = json.loads(open(sys.argv[1]).readline())["manifest"]
    summ = json.load(open(sys.argv[2]))
    assert list(summ)[-1] == "manifest", list(summ)
    m = summ["manifest"]
    for man in (first, m):
        assert man["redline"] == "0.1.0"
        assert man["command"][1:3] == ["batch", "scenarios/frontier_design_space.batch.lua"], man["command"]
        f = {x["path"]: x for x in man["files"]}
        assert f["rules/microsoft_openai.lua"]["sha256"] == sys.argv[3]
        assert f["rules/microsoft_openai.lua"]["role"] == "rules"
        assert f["scenarios/frontier_design_space.batch.lua"]["role"] == "batch"
        assert f["scenarios/frontier_bedrock_sre.lua"]["role"] == "scenario"
        assert man["seed"] is None and "host" in man and "started" in man
    assert "elapsed_s" in m and "elapsed_s" not in first


def cmd_check_manifest(*args):
    """A check report's manifest (tests/store.sh)."""
    import json, sys
    d = json.load(open(sys.argv[1]))
    assert list(d)[-1] == "manifest"
    m = d["manifest"]
    assert set(m) == {"redline", "command", "files", "seed"}, m     # no timings in a check report
    f = {x["path"]: x for x in m["files"]}
    assert f["rules/amazon_openai.lua"]["sha256"] == sys.argv[2]
    inc = [x for x in m["files"] if x["role"] == "include"]
    assert inc and any(x["sha256"] == sys.argv[3] for x in inc), inc
    assert m["files"][0]["role"] == "rules" and f["scenarios/frontier_azure_only.lua"]["role"] == "scenario"


def cmd_write_big_table(*args):
    """Writes a table of rows for a big rows batch (tests/whatif.sh)."""
    import sys
    t = sys.argv[1]
    with open(t + "/big.csv", "w") as f:
        f.write("deployment.sre-inference.cloud,product.frontier.api_share,date\r\n")
        for i in range(700):
            f.write("%s,%g,%s\r\n" % ("aws" if i % 3 else "azure", (i % 21) / 20,
                                     "2025-09-01" if i % 2 else "2026-03-18"))
    with open(t + "/big.batch.lua", "w") as f:
        f.write('batch "rows-big" { base = "%s/scenarios/frontier_bedrock_sre.lua", rows = csv_file("big.csv") }\n'
                % __import__("os").getcwd())


def cmd_minimize_exposure(*args):
    """Search --minimize exposure: the kept variants are the least exposed (tests/whatif.sh)."""
    import json, sys
    holders = {"msft": "microsoft", "amazon": "amazon", "aws": "amazon"}
    def x(d):
        t = 0
        for c in d["clauses"]:
            if sys.argv[3] and not c["id"].startswith("msft-"):
                continue
            if c["expected_exposure_usd"] is not None and not c["id"].startswith("aws-guidance"):
                t += c["expected_exposure_usd"]
        return t
    lines = [d for d in map(json.loads, open(sys.argv[1])) if "index" in d and d["verdict"] != "breach"]
    low = min(x(d) for d in lines)
    want = [d["index"] for d in lines if x(d) == low]
    got = [d["index"] for d in map(json.loads, open(sys.argv[2])) if "index" in d]
    assert got == want, (got, want, low)


def cmd_conflicts_agree(*args):
    """Conflicts -f json agrees with the lines (tests/whatif.sh)."""
    import json, sys
    lines = {d["index"]: {c["id"]: c for c in d["clauses"]}
             for d in map(json.loads, open(sys.argv[1])) if "index" in d}
    ok = lambda v: v in ("compliant", "not_applicable")
    c = json.load(open(sys.argv[2]))
    assert c["variants"] == 6 and c["unsatisfiable"] == [], c
    (cf,) = c["conflicts"]
    a, b = cf["clauses"]
    assert (a, b) == ("azure-2024/host-on-azure", "aws-2026/host-on-aws") and cf["level"] == "clause"
    # Each alone is met somewhere; together nowhere; each witness meets its side.
    assert any(ok(v[a]["verdict"]) for v in lines.values()) and any(ok(v[b]["verdict"]) for v in lines.values())
    assert not any(ok(v[a]["verdict"]) and ok(v[b]["verdict"]) for v in lines.values())
    for w in cf["witnesses"]:
        assert all(ok(lines[w["variant"]][x]["verdict"]) for x in w["satisfies"]), w
    assert cf["axes"] == ["deployment.host.cloud"], cf["axes"]
    assert cf["readings"] == [["letter", "letter"], ["letter", "rivals"], ["rivals", "letter"]], cf["readings"]


def cmd_write_wide_table(*args):
    """Writes a rows table whose column has many distinct values (tests/whatif.sh)."""
    import os, sys
    t = sys.argv[1]
    with open(t + "/d.csv", "w") as f:
        f.write("product.frontier.api_share,deployment.sre-inference.cloud\n")
        for i in range(1200):
            f.write("%.6f,%s\n" % (i / 1200, "aws" if i % 2 else "azure"))
    with open(t + "/d.batch.lua", "w") as f:
        f.write('batch "d" { base = "%s/scenarios/frontier_bedrock_sre.lua", rows = csv_file("d.csv") }\n' % os.getcwd())


def cmd_write_layers(*args):
    """Writes a scenario of 60 layers of deployments calling each other (tests/hardening.sh)."""
    import sys
    out = ['scenario "layers" { date = "2026-01-01" }',
           'party "p" { kind = "cloud_provider" }', 'cloud "c" { owner = "p" }',
           'product "x" { owner = "p", kind = "platform", state = "stateless" }']
    for i in range(60):
        nxt = ', calls = { "a%d", "b%d" }' % (i + 1, i + 1) if i < 59 else ''
        if i == 0:
            nxt += ', audience = { "enterprise" }'
        for s in "ab":
            out.append('deployment "%s%d" { runs = "x", cloud = "c", operator = "p", interface = "api"%s }' % (s, i, nxt))
    open(sys.argv[1], "w").write("\n".join(out) + "\n")


def cmd_write_big_json(*args):
    """Writes a JSON scenario of 100,000 deployments (tests/hardening.sh)."""
    import json, sys
    d = {"scenario": {"id": "big", "date": "2026-01-01"}, "party": {"p": {"kind": "model_provider"}},
         "cloud": {"c": {"owner": "p"}},
         "model": {"m": {"owner": "p", "tier": "frontier", "weights": ["c"]}}, "deployment": {}}
    for i in range(100000):
        d["deployment"]["d%d" % i] = {"runs": "m", "cloud": "c", "operator": "p", "interface": "api"}
    json.dump(d, open(sys.argv[1], "w"), indent=1)


def cmd_stale_handles(*args):
    """A batch summary: no stale verdict handle was accepted (tests/hardening.sh)."""
    import json, sys
    c = json.load(open(sys.argv[1]))["clauses"][0]["counts"]
    assert c["compliant"] == 0 and c["error"] > 1048000, c


def cmd_write_bad_summary(*args):
    """Writes a batch summary with fields of the wrong types (tests/hardening.sh)."""
    import json, sys
    json.dump({"variants": 3, "findings": 0, "clauses": [{"id": "x", "counts": {"breach": "many"},
               "mean_p_breach": 0, "mean_expected_exposure_usd": None}]}, open(sys.argv[1], "w"))


def cmd_write_expect_at(*args):
    """Writes frontier_dual_hosting.json with an expect_at of its own (tests/usage.sh)."""
    d = json.load(open("scenarios/frontier_dual_hosting.json"))
    d["scenario"]["expect_at"] = {"2025-09-01": {"msft-openai-2019/exclusive-cloud": sys.argv[2]}}
    json.dump(d, open(sys.argv[1], "w"))


def cmd_write_many_lines(*args):
    """Writes 100,000 batch result lines (tests/report.sh)."""
    with open(sys.argv[1], "w") as f:
        for i in range(100000):
            f.write("{\"index\":%d,\"values\":[\"v%d\"],\"verdict\":\"breach\",\"clauses\":[{\"id\":\"a/x\",\"verdict\":\"breach\",\"p_breach\":1,\"expected_exposure_usd\":5e9,\"readings\":{\"letter\":\"breach\"}}]}\n" % (i, i % 7))


def cmd_count_lines(*args):
    """Prints how many result lines of a batch satisfy a predicate on d (the
    line) and c (its clauses by id) (tests/whatif.sh)."""
    n = 0
    for l in open(sys.argv[1]):
        d = json.loads(l)
        if "index" not in d:
            continue
        c = {x["id"]: x for x in d["clauses"]}
        n += bool(eval(sys.argv[2], {"d": d, "c": c}))
    print(n)


def cmd_citations_name_passages(*args):
    """Bundled citations name a passage (tests/lawyer.sh)."""
    import json, re, sys
    d = json.load(open(sys.argv[1]))
    cites = [c for k in d["contracts"] for c in k["sources"]]
    for c in d["clauses"]:
        cites += c["sources"] + [x for r in c["readings"] for x in r["sources"]]
        cites += [x for e in c["exception_terms"] for x in e["sources"]]
    assert len(cites) >= 20, len(cites)
    for c in cites:
        assert c["source"] and c["passage"] and c["outlet"] and c["date"], c
        assert len(re.findall(r"[.!?][\"\x27)\u201d]*\s+[A-Z\"\u201c]", c["passage"])) <= 1, c["passage"]
    assert all(s["quotes"] for s in d["sources"])


def cmd_sources_documented(*args):
    """Docs/sources.md lists the sources (tests/lawyer.sh)."""
    import re, sys
    src, doc = open(sys.argv[1]).read(), open(sys.argv[2]).read()
    ids = re.findall(r"^source \"([^\"]+)\"", src, re.M)
    keys = re.findall(r"^    \[\"([^\"]+)\"\] = ", src, re.M)
    assert len(ids) >= 5 and len(keys) >= 20, (ids, keys)
    for i in ids: assert "## `%s`" % i in doc, i
    for k in keys: assert "- `%s`: " % k in doc, k


def cmd_report_law_json(*args):
    """Json: clause terms, citations, facts, bibliography (tests/lawyer.sh)."""
    import json, sys
    d = json.load(open(sys.argv[1]))
    c = {c["id"]: c for c in d["clauses"]}
    x = c["supply/exclusive"]
    assert x["title"] == "Widgets only from Widgetco" and x["text"] == "Acme buys widgets only from Widgetco.", x
    assert x["parties"] == ["acme", "widgetco"] and x["signed"] == "2025-12-20" and x["effective"] == "2026-01-01"
    assert x["holder"] == "widgetco" and x["obligor"] == "acme" and x["exposure_usd"] == 2e9
    assert [s["ref"] for s in x["sources"]] == ["gazette-2026-01-02#exclusive", "gazette-2026-01-02#penalty"]
    assert x["sources"][1]["passage"] == "A breach would cost Acme $2bn, people familiar with the deal said."
    assert x["sources"][0]["url"] == "https://gazette.invalid/acme-widgetco"
    assert x["contract_title"] == "Acme–Widgetco supply deal"
    r = {r["name"]: r for r in x["readings"]}
    assert r["letter"]["weight"] == 0.75 and r["letter"]["doc"] == "Buying means paying for widgets."
    assert r["letter"]["sources"][0]["quote"] == "exclusive" and r["spirit"]["sources"] == []
    e = x["exception_terms"][0]
    assert e["id"] == "supply/trial" and e["text"].startswith("A trial")
    assert e["sources"] == [{"ref": "letter of 3 January 2026, p. 2", "source": None, "quote": None,
        "outlet": None, "title": None, "date": None, "url": None, "passage": None}], e["sources"]
    assert x["conclusion"].startswith("Breach under every reading") and "Widgetco may claim against acme" in x["conclusion"]
    assert any("rival-widgets" in t for t in x["turns_on"]), x["turns_on"]
    f = {(f["kind"], f["id"]): f["sources"][0] for f in d["facts"]}
    assert f[("party", "acme")]["passage"] == "We now take widgets from Rival Inc."
    assert f[("party", "rival")]["source"] == "memo-2026-02" and f[("party", "rival")]["passage"] is None
    rival = [x for x in d["facts"] if x["id"] == "rival"][0]["sources"]
    assert [c["ref"] for c in rival] == ["memo-2026-02", "gazette-2026-01-02#penalty", "a phone call, 5 February 2026"], rival
    assert rival[1]["passage"].startswith("A breach would cost Acme")
    assert f[("cloud", "rc")]["source"] is None and f[("cloud", "rc")]["ref"].startswith("an unpublished")
    b = {s["id"]: s for s in d["sources"]}
    assert sorted(b) == ["gazette-2026-01-02", "memo-2026-02", "newsletter-2026-01"], sorted(b)
    assert [q["key"] for q in b["gazette-2026-01-02"]["quotes"]] == ["exclusive", "penalty"]
    assert b["memo-2026-02"]["outlet"] == "Acme legal"
    assert list(d)[-5:] == ["counts", "paths", "facts", "sources", "manifest"], list(d)


def cmd_exposure_by_claimant_json(*args):
    """Json: exposure by claimant (tests/lawyer.sh)."""
    import json, sys
    d = json.load(open(sys.argv[1]))
    assert d["exposure_by_claimant"] == {
        "widgetco": {"expected_exposure_usd": 2e9, "clauses": ["supply/exclusive"], "not_quantified": []},
        "acme": {"expected_exposure_usd": None, "clauses": ["supply/hosting"], "not_quantified": ["supply/hosting"]}}, d["exposure_by_claimant"]
    assert d["expected_exposure_usd"] == 2e9
    c = {c["id"]: c for c in d["clauses"]}
    assert c["supply/hosting"]["expected_exposure_usd"] is None


def cmd_exposure_csv(*args):
    """Csv: not quantified, holder and obligor (tests/lawyer.sh)."""
    import csv, sys
    rows = list(csv.DictReader(open(sys.argv[1], newline="")))
    h = [r for r in rows if r["clause"] == "supply/hosting"]
    assert h and all(r["expected_exposure_usd"] == "not quantified" for r in h), h
    assert all(r["holder"] == "acme" and r["obligor"] == "widgetco" for r in h)
    assert all(r["expected_exposure_usd"] == "2000000000" for r in rows if r["clause"] == "supply/exclusive")


def cmd_mixed_claimants(*args):
    """Mixed claimants: headline never sums (tests/lawyer.sh)."""
    import json, sys
    d = json.load(open(sys.argv[1]))
    by = d["exposure_by_claimant"]
    assert by["amazon"]["expected_exposure_usd"] == 55200000000, by
    assert by["microsoft"]["expected_exposure_usd"] == 20000000000, by
    assert "msft-openai-2025/ip-license" in by["microsoft"]["not_quantified"], by
    assert d["expected_exposure_usd"] == 55200000000, d["expected_exposure_usd"]


def cmd_html_citation_links(*args):
    """Html: every citation link has its bibliography entry (tests/lawyer.sh)."""
    import re, sys
    t = open(sys.argv[1]).read()
    ids = set(re.findall(r"id=\"src-([^\"]+)\"", t))
    refs = set(re.findall(r"href=\"#src-([^\"]+)\"", t))
    assert refs and refs <= ids, refs - ids


def cmd_show_source_json(*args):
    """Show SOURCE -f json: the source whole (tests/lawyer.sh)."""
    import json, sys
    d = json.load(open(sys.argv[1]))
    assert d["contracts"] == [] and d["clauses"] == [] and [s["id"] for s in d["sources"]] == ["ft-2026-03-18"]
    assert len(d["sources"][0]["quotes"]) >= 14, d["sources"][0]["quotes"]


def cmd_summary_labels_exposure(*args):
    """Summary: labels, base values, exposure by claimant (tests/lawyer.sh)."""
    import json, sys
    d = json.load(open(sys.argv[1]))
    a = {x["path"]: x for x in d["axes"]}
    assert a["deployment.sre-inference.cloud"]["label"] == "Cloud running Frontier's model inference"
    assert a["deployment.sre-inference.cloud"]["base"] == "aws" and a["date"]["base"] == "2026-03-18"
    by = d["exposure_by_claimant"]
    assert set(by) == {"amazon", "microsoft", "openai"}, by
    m = {c["id"]: c["mean_expected_exposure_usd"] for c in d["clauses"]}
    assert by["microsoft"]["mean_expected_exposure_usd"] == sum(m[c] for c in by["microsoft"]["clauses"] if m[c] is not None)
    assert "aws-guidance-2026/messaging" not in sum((v["clauses"] for v in by.values()), [])


def cmd_sqlite_claimant_exposure(*args):
    """Sqlite: claimant_exposure agrees with the lines (tests/lawyer.sh)."""
    import json, sqlite3, sys
    db = sqlite3.connect(sys.argv[1])
    holder = dict(db.execute("SELECT clause, holder FROM clauses WHERE binding"))
    assert holder["msft-openai-2025/api-exclusivity"] == "microsoft"
    rows = {(v, c): (e, n) for v, c, e, n in db.execute("SELECT * FROM claimant_exposure")}
    for line in open(sys.argv[2]):
        d = json.loads(line)
        if "index" not in d: continue
        want = {}
        for c in d["clauses"]:
            if c["id"] not in holder: continue
            e = c["expected_exposure_usd"]
            s = want.setdefault(holder[c["id"]], [None, 0])
            if e is not None: s[0] = (s[0] or 0) + e
            elif c["verdict"] in ("breach", "contested"): s[1] += 1
        for h, (e, n) in want.items():
            got = rows[(d["index"], h)]
            assert got[1] == n and (got[0] is None) == (e is None) and (e is None or abs(got[0] - e) < 1e-3), (d["index"], h, got, e, n)


def cmd_check_csv(*args):
    """Check $S -f csv (tests/report.sh)."""
    import csv, json, sys
    raw = open(sys.argv[1], "rb").read()
    rows = list(csv.reader(open(sys.argv[1], newline=""), strict=True))
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == len(rows), "rows must end with CRLF"
    head, body = rows[0], rows[1:]
    assert head[:4] == ["scenario", "date", "clause", "contract"], head
    assert all(len(r) == len(head) for r in body), "ragged rows"
    text = open(sys.argv[2]).read()
    dec, docs, i = json.JSONDecoder(), [], 0
    while i < len(text):
        while i < len(text) and text[i].isspace(): i += 1
        if i < len(text):
            d, i = dec.raw_decode(text, i); docs.append(d)
    want = [(d["scenario"]["id"], c["id"], r["name"], r["because"], r["verdict"])
            for d in docs for c in d["clauses"] for r in c["readings"]]
    col = {n: k for k, n in enumerate(head)}
    got = [(r[col["scenario"]], r[col["clause"]], r[col["reading"]], r[col["because"]],
            r[col["reading_verdict"]]) for r in body]
    assert got == want, "rows differ from the JSON report: %r vs %r" % (got[:2], want[:2])


def cmd_csv_because_quoted(*args):
    """Csv because with commas, quotes and a line break (tests/report.sh)."""
    import csv, sys
    rows = list(csv.reader(open(sys.argv[1], newline=""), strict=True))
    b = [r[12] for r in rows[1:]]
    assert "he said \"no, never\", then left\nfor good" in b, b
    assert "a, b and c; nothing \"wrong\"" in b, b


def cmd_report_json_paths(*args):
    """Json paths (tests/report.sh)."""
    import json, sys
    d = json.load(open(sys.argv[1]))
    assert list(d)[-5:] == ["counts", "paths", "facts", "sources", "manifest"], list(d)
    p = d["paths"][0]
    keys = ["id", "entry", "entry_cloud", "seller", "operator", "interface", "state",
            "audience", "product", "api_share", "model", "model_owner", "model_tier",
            "model_cloud", "hops", "stateful", "direct_api"]
    assert list(p)[:len(keys)] == keys, list(p)
    assert p["hops"] == ["bedrock-sre", "sre-inference"] and p["model_cloud"] == "aws", p
    assert [h["id"] for h in p["hop_details"]] == p["hops"], p
    assert p["hop_details"][1] == {"id": "sre-inference", "cloud": "aws", "operator": "amazon",
        "interface": "api", "state": "stateless"}, p["hop_details"]
    assert p["unknown"] == [], p


def cmd_batch_csv(*args):
    """Report $R -f csv (tests/report.sh)."""
    import csv, json, sys
    rows = list(csv.reader(open(sys.argv[1], newline=""), strict=True))
    head, body = rows[0], rows[1:]
    want = 0
    for line in open(sys.argv[2]):
        d = json.loads(line)
        if "index" not in d: continue
        want += sum(max(1, len(c.get("readings") or {})) for c in d["clauses"])
    assert len(body) == want, "%d rows, expected %d" % (len(body), want)
    assert head[0] == "index" and head[-6:] == ["clause", "clause_verdict", "p_breach",
        "expected_exposure_usd", "reading", "reading_verdict"], head
    assert all(len(r) == len(head) for r in body), "ragged rows"


def cmd_batch_csv_axes(*args):
    """Batch csv axis columns (tests/report.sh)."""
    import csv, sys
    rows = list(csv.reader(open(sys.argv[1], newline=""), strict=True))
    assert rows[0][1:5] == ["deployment.sre-inference.cloud", "product.frontier.api_share",
        "date", "statement.aws-pitch.text"], rows[0]
    assert rows[1][:5] == ["0", "azure", "0", "2025-09-01", "The SRE is powered by OpenAI"], rows[1]


def cmd_batch_csv_readings(*args):
    """Batch csv readings (tests/report.sh)."""
    import csv, sys
    rows = list(csv.reader(open(sys.argv[1], newline=""), strict=True))
    assert rows[0] == ["index", "deployment.d.cloud", "product.p.api_share", "clause",
        "clause_verdict", "p_breach", "expected_exposure_usd", "reading", "reading_verdict"], rows[0]
    assert rows[1] == ["0", "azure", "0.5", "a/x", "contested", "0.4", "20000000000", "letter",
        "compliant"], rows[1]
    assert [r[-2:] for r in rows[1:]] == [["letter", "compliant"], ["spirit", "breach"],
        ["letter", "compliant"], ["letter", "breach"], ["spirit", "breach"],
        ["letter", "compliant"]], rows


COMMANDS = {
    "json": (cmd_json, 2),
    "same-outside-manifest": (cmd_same_outside_manifest, 2),
    "schema": (cmd_schema, 2),
    "write-layers": (cmd_write_layers, None),
    "write-big-json": (cmd_write_big_json, None),
    "stale-handles": (cmd_stale_handles, None),
    "write-bad-summary": (cmd_write_bad_summary, None),
    "grid-lines": (cmd_grid_lines, None),
    "grid-flips": (cmd_grid_flips, None),
    "messaging-verdicts": (cmd_messaging_verdicts, None),
    "minimal-search": (cmd_minimal_search, None),
    "search-spirit": (cmd_search_spirit, None),
    "interrupted-lines": (cmd_interrupted_lines, None),
    "extract-commands": (cmd_extract_commands, None),
    "write-claims-json": (cmd_write_claims_json, None),
    "store-spirit-variants": (cmd_store_spirit_variants, None),
    "store-verdict-counts": (cmd_store_verdict_counts, None),
    "batch-manifests": (cmd_batch_manifests, None),
    "check-manifest": (cmd_check_manifest, None),
    "write-big-table": (cmd_write_big_table, None),
    "minimize-exposure": (cmd_minimize_exposure, None),
    "conflicts-agree": (cmd_conflicts_agree, None),
    "write-wide-table": (cmd_write_wide_table, None),
    "write-expect-at": (cmd_write_expect_at, 2),
    "write-many-lines": (cmd_write_many_lines, 1),
    "count-lines": (cmd_count_lines, 2),
    "citations-name-passages": (cmd_citations_name_passages, None),
    "sources-documented": (cmd_sources_documented, None),
    "report-law-json": (cmd_report_law_json, None),
    "exposure-by-claimant-json": (cmd_exposure_by_claimant_json, None),
    "exposure-csv": (cmd_exposure_csv, None),
    "mixed-claimants": (cmd_mixed_claimants, None),
    "html-citation-links": (cmd_html_citation_links, None),
    "show-source-json": (cmd_show_source_json, None),
    "summary-labels-exposure": (cmd_summary_labels_exposure, None),
    "sqlite-claimant-exposure": (cmd_sqlite_claimant_exposure, None),
    "check-csv": (cmd_check_csv, None),
    "csv-because-quoted": (cmd_csv_because_quoted, None),
    "report-json-paths": (cmd_report_json_paths, None),
    "batch-csv": (cmd_batch_csv, None),
    "batch-csv-axes": (cmd_batch_csv_axes, None),
    "batch-csv-readings": (cmd_batch_csv_readings, None),
}


def main(argv):
    if len(argv) < 2 or argv[1] not in COMMANDS or \
            COMMANDS[argv[1]][1] not in (None, len(argv) - 2):
        sys.stderr.write(__doc__)
        return 2
    fn, _ = COMMANDS[argv[1]]
    # The checks read their arguments as sys.argv[1:], as scripts do.
    sys.argv = [argv[0] + " " + argv[1]] + argv[2:]
    return fn(*argv[2:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
