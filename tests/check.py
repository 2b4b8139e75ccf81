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
