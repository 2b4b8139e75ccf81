-- reports/md.lua: redline's Markdown report, for a lawyer or an editor.
--
-- A renderer module: returns { check = fn, batch = fn }, each called as
-- fn(doc, out, opts) in redline's sandbox (string, table, math, utf8, json,
-- the safe base functions; no io or os).  out(s) appends to the output.
--   check: doc.reports is a list of JSON reports (redline check -f json).
--   batch: doc.summary is the batch summary; doc.lines() iterates over the
--          JSON Lines records, decoded one at a time; doc.manifest is the
--          manifest of the run that wrote them (nil if they carry none).
-- opts: clause (show only that clause), x and y (axis paths: a table of the
-- clause's mean p_breach by the values of x, and y).
-- Output is deterministic: maps are walked in sorted key order only.

local C = include("lib/common.lua")
local isnull, sorted_keys, money, prob = C.isnull, C.sorted_keys, C.money, C.prob
local fmt, concat = string.format, table.concat

-- Text for a Markdown paragraph or table cell: one line, no markup.
local function esc(s)
  if isnull(s) then return "" end
  s = tostring(s):gsub("[\r\n]+", " ")
  return (s:gsub("[\\`*_%[%]<>|#]", "\\%0"))
end

-- An inline code span that holds any text.
local function code(s)
  s = tostring(s):gsub("[\r\n]+", " ")
  local longest = 0
  for run in s:gmatch("`+") do longest = math.max(longest, #run) end
  local fence = ("`"):rep(longest + 1)
  local pad = (s:sub(1, 1) == "`" or s:sub(-1) == "`") and " " or ""
  return fence .. pad .. s .. pad .. fence
end

-- A fact value: integral numbers without ".0", others to 10 digits.
local function value(v)
  if isnull(v) then return "unknown" end
  if type(v) == "number" then
    local i = math.tointeger(v)
    if i then return tostring(i) end
    return fmt("%.10g", v)
  end
  if type(v) == "boolean" then return v and "yes" or "no" end
  return tostring(v)
end

local function list(t, f)
  if isnull(t) then return "unknown" end
  local r = {}
  for i, v in ipairs(t) do r[i] = f and f(v) or value(v) end
  return concat(r, ", ")
end

-- A table row.  A | splits a cell even inside a code span unless escaped
-- (GitHub-flavoured Markdown), so every | not escaped yet is.
local function cell(s) return (tostring(s):gsub("\\?|", function(m) return m == "|" and "\\|" or m end)) end
local function row(cells)
  local r = {}
  for i, c in ipairs(cells) do r[i] = cell(c) end
  return "| " .. concat(r, " | ") .. " |\n"
end

local VERDICTS = { "breach", "contested", "compliant", "unknown", "not_applicable", "error" }
local VERDICT_HEAD = { "breach", "contested", "compliant", "unknown", "n/a", "error" }

------------------------------------------------------------------------
-- check
------------------------------------------------------------------------

local function path_line(p)
  local hops, details = {}, not isnull(p.hop_details) and p.hop_details or {}
  for i, h in ipairs(isnull(p.hops) and {} or p.hops) do
    local d = details[i]
    if type(d) == "table" then
      hops[i] = fmt("%s (%s, %s, %s)", code(h), esc(value(d.cloud)), esc(value(d.interface)),
        esc(value(d.state)))
    else
      hops[i] = code(h)
    end
  end
  local unknown = {}
  for _, f in ipairs(isnull(p.unknown) and {} or p.unknown) do unknown[f] = true end
  local function fact(name, v)
    if unknown[name] then return "unknown" end
    if isnull(v) then return "—" end
    return esc(value(v))
  end
  local via = concat(hops, " → ")
  return fmt("- %s → model %s (owner %s, tier %s) on %s. Entry: %s, %s, on %s; "
    .. "sold by %s to %s%s.\n",
    via, unknown.model and "unknown" or code(value(p.model)),
    fact("model_owner", p.model_owner), fact("model_tier", p.model_tier),
    fact("model_cloud", p.model_cloud),
    fact("interface", p.interface), fact("state", p.state),
    fact("entry_cloud", p.entry_cloud), fact("seller", p.seller),
    unknown.audience and "unknown customers" or esc(list(p.audience)),
    p.direct_api == true and "; a direct stateless API" or "")
end

-- Sources: the bibliography numbers every source the report cites (r.sources,
-- sorted by id); a citation prints its number, outlet, date and passage.
local function numbering(r)
  local num = {}
  for i, s in ipairs(isnull(r.sources) and {} or r.sources) do num[s.id] = i end
  return num
end

local function cite_line(c, num)
  if isnull(c.source) then return esc(c.ref) end
  local head = fmt("[%d] %s, %s", num[c.source] or 0, esc(c.outlet), esc(c.date))
  if isnull(c.passage) then return head end
  return head .. ": “" .. esc(c.passage) .. "”"
end

local function cites_block(out, cites, num, indent, label)
  if isnull(cites) or #cites == 0 then return end
  out(indent .. "- " .. label .. ":\n")
  for _, c in ipairs(cites) do out(indent .. "  - " .. cite_line(c, num) .. "\n") end
end

-- Facts by id (the scenario's entities that cite a source), and the facts an
-- evidence item names: an entity id, or an access path "a->b" (its hops).
local function fact_index(r)
  local by = {}
  for _, f in ipairs(isnull(r.facts) and {} or r.facts) do by[f.id] = f end
  return by
end

local function evidence_sources(ev, facts, num)
  local marks, seen = {}, {}
  for id in (tostring(ev) .. "->"):gmatch("(.-)%->") do
    local f = facts[id]
    if f then
      for _, c in ipairs(f.sources) do
        local m = isnull(c.source) and esc(c.ref) or fmt("[%d]", num[c.source] or 0)
        if not seen[m] then seen[m] = true; marks[#marks + 1] = m end
      end
    end
  end
  if #marks == 0 then return "" end
  return " " .. concat(marks, " ")
end

local APPLIES = { [true] = "applies", [false] = "does not apply" }

local function reading_block(out, rd, ctx)
  out(fmt("- **%s** (weight %.2f): %s\n", esc(rd.name), rd.weight, code(rd.verdict)))
  if not isnull(rd.doc) then
    out("  - Reasoning: " .. esc(rd.doc) .. "\n")
  end
  if not isnull(rd.because) and rd.because ~= "" then
    out("  - Because: " .. esc(rd.because) .. "\n")
  end
  if not isnull(rd.evidence) and #rd.evidence > 0 then
    out("  - Evidence: " .. list(rd.evidence, function(e)
      return code(e) .. evidence_sources(e, ctx.facts, ctx.num)
    end) .. "\n")
  end
  if not isnull(rd.needs) and #rd.needs > 0 then
    out("  - Needs: " .. list(rd.needs, code) .. "\n")
  end
  if not isnull(rd.excused_by) then
    out("  - Excused by: " .. code(rd.excused_by) .. "\n")
  end
  if type(rd.exceptions) == "table" and #rd.exceptions > 0 then
    out("  - Exceptions considered:\n")
    for _, x in ipairs(rd.exceptions) do
      local a = APPLIES[x.applies] or "undecided"
      out(fmt("    - %s: %s%s\n", code(x.id), a,
        isnull(x.because) and "" or (" — " .. esc(x.because))))
    end
  end
  cites_block(out, rd.sources, ctx.num, "  ", "Sources")
  if not isnull(rd.error) then
    out("  - Error: " .. esc((tostring(rd.error):match("^[^\n]*"))) .. "\n")
  end
end

-- Exposure in words: a figure, or "not quantified" where a clause at risk
-- states none (never $0).
local exposure = C.exposure

local function claimants_line(r)
  local by = isnull(r.exposure_by_claimant) and {} or r.exposure_by_claimant
  local parts = {}
  for _, who in ipairs(sorted_keys(by)) do
    local e = by[who]
    parts[#parts + 1] = esc(who) .. " " .. C.claimant_exposure(e)
  end
  if #parts == 0 then return "none (no binding clause in breach or contested)" end
  return concat(parts, "; ")
end

local function dates_of(c)
  local d = {}
  if not isnull(c.signed) then d[#d + 1] = "signed " .. esc(c.signed) end
  if not isnull(c.effective) then d[#d + 1] = "effective " .. esc(c.effective) end
  if not isnull(c.ends) then d[#d + 1] = "ends " .. esc(c.ends) end
  return concat(d, ", ")
end

local function clause_section(out, c, ctx)
  out(fmt("### %s: %s\n\n", code(c.id), code(c.verdict)))
  if not isnull(c.title) then out("**" .. esc(c.title) .. "**\n\n") end
  if not isnull(c.text) then
    out("> " .. esc(c.text) .. "\n\n")
  end
  if not isnull(c.conclusion) then
    out("**Conclusion.** " .. esc(c.conclusion) .. "\n\n")
  end
  if type(c.turns_on) == "table" and #c.turns_on > 0 then
    out("**What would change it:**\n\n")
    for _, t in ipairs(c.turns_on) do out("- " .. esc(t) .. "\n") end
    out("\n")
  end
  local terms = {}
  terms[#terms + 1] = fmt("Contract %s%s", code(c.contract),
    isnull(c.contract_title) and "" or (" (" .. esc(c.contract_title) .. ")"))
  if not isnull(c.parties) and #c.parties > 0 then
    terms[#terms + 1] = "between " .. list(c.parties, esc)
  end
  local d = dates_of(c)
  if d ~= "" then terms[#terms + 1] = d end
  if not isnull(c.supersedes) and #c.supersedes > 0 then
    terms[#terms + 1] = "supersedes " .. list(c.supersedes, code)
  end
  out(concat(terms, "; ") .. ".\n\n")
  out(fmt("%s, %s. Holder (may claim): %s; obligor: %s. Stated exposure %s; p(breach) %s; "
    .. "expected exposure %s.\n\n",
    c.binding and "Binding" or "Non-binding", c.in_force and "in force" or "not in force",
    isnull(c.holder) and "unstated" or esc(c.holder),
    isnull(c.obligor) and "unstated" or esc(c.obligor),
    isnull(c.exposure_usd) and "none" or money(c.exposure_usd), prob(c.p_breach), exposure(c)))
  local srcs = {}
  cites_block(function(s) srcs[#srcs + 1] = s end, c.sources, ctx.num, "", "Clause sources")
  cites_block(function(s) srcs[#srcs + 1] = s end, c.contract_sources, ctx.num, "",
    "Contract sources")
  if #srcs > 0 then out(concat(srcs) .. "\n") end
  out("**Readings**\n\n")
  for _, rd in ipairs(c.readings) do reading_block(out, rd, ctx) end
  out("\n")
  if type(c.exception_terms) == "table" and #c.exception_terms > 0 then
    out("**Exceptions in the terms**\n\n")
    for _, x in ipairs(c.exception_terms) do
      out(fmt("- %s: %s\n", code(x.id), esc(x.text)))
      cites_block(out, x.sources, ctx.num, "  ", "Sources")
    end
    out("\n")
  end
end

local function bibliography(out, r)
  local srcs = isnull(r.sources) and {} or r.sources
  if #srcs == 0 then return end
  out("\n## Sources\n\n")
  for i, s in ipairs(srcs) do
    out(fmt("%d. %s, “%s”, %s%s. Cited passages:\n", i, esc(s.outlet), esc(s.title),
      esc(s.date), isnull(s.url) and "" or (", <" .. tostring(s.url):gsub("[<>%s]", "") .. ">")))
    for _, q in ipairs(s.quotes) do
      out(fmt("   - %s: “%s”\n", code(q.key), esc(q.passage)))
    end
  end
end

local function check_report(out, r, opts)
  local sc = r.scenario
  local title = isnull(sc.title) and sc.id or sc.title
  local ctx = { num = numbering(r), facts = fact_index(r) }
  out("# " .. esc(title) .. "\n\n")
  out(fmt("- **Scenario:** %s (%s)\n", code(sc.id), code(value(sc.file))))
  out(fmt("- **Date:** %s\n", esc(sc.date)))
  out(fmt("- **Verdict:** %s\n", code(r.verdict)))
  out(fmt("- **Expected exposure by claimant:** %s\n", claimants_line(r)))
  out(fmt("- **Expected exposure:** %s (the largest claimant's; figures of different "
    .. "claimants are never added)\n\n",
    isnull(r.expected_exposure_usd) and "not quantified" or money(r.expected_exposure_usd)))

  local clauses = {}
  for _, c in ipairs(r.clauses) do
    if not opts.clause or c.id == opts.clause then clauses[#clauses + 1] = c end
  end

  if not opts.explain then
    local decisive = {}
    for _, c in ipairs(clauses) do
      if c.binding and c.in_force and c.verdict ~= "compliant" and c.verdict ~= "not_applicable"
        and not isnull(c.conclusion) then
        decisive[#decisive + 1] = c
      end
    end
    out("## Conclusion\n\n")
    if #decisive == 0 then
      out("No binding clause in force is in breach, contested, undecided or in error on "
        .. esc(sc.date) .. ".\n\n")
    end
    for _, c in ipairs(decisive) do
      out(fmt("- %s: %s\n", code(c.id), esc(c.conclusion)))
    end
    if #decisive > 0 then out("\n") end

    out("## Clauses\n\n")
    out(row({ "Clause", "Holder → obligor", "Binding", "Verdict", "p(breach)", "Expected exposure" }))
    out("|---|---|---|---|--:|--:|\n")
    for _, c in ipairs(clauses) do
      out(row({ code(c.id), fmt("%s → %s", isnull(c.holder) and "?" or esc(c.holder),
        isnull(c.obligor) and "?" or esc(c.obligor)), c.binding and "yes" or "no",
        code(c.verdict), prob(c.p_breach), exposure(c) }))
    end
    local n = r.counts
    out(fmt("\n%d breach, %d contested, %d compliant, %d unknown, %d not applicable, %d error.\n\n",
      n.breach, n.contested, n.compliant, n.unknown, n.not_applicable, n.error))
  end

  for _, c in ipairs(clauses) do clause_section(out, c, ctx) end

  out("## Access paths\n\n")
  local paths = isnull(r.paths) and {} or r.paths
  if #paths == 0 then out("No customer reaches a model in this world.\n") end
  for _, p in ipairs(paths) do out(path_line(p)) end

  local facts = isnull(r.facts) and {} or r.facts
  if #facts > 0 then
    out("\n## Facts and their sources\n\n")
    for _, f in ipairs(facts) do
      local marks = {}
      for _, c in ipairs(f.sources) do
        marks[#marks + 1] = isnull(c.source) and esc(c.ref) or
          fmt("[%d]%s", ctx.num[c.source] or 0, isnull(c.quote) and "" or (" " .. code(c.quote)))
      end
      out(fmt("- %s %s: %s\n", esc(f.kind), code(f.id), concat(marks, ", ")))
    end
  end
  bibliography(out, r)
end

-- What produced the figures: redline's version, the command, each input file
-- with its SHA-256, the seed (the manifest of the JSON outputs).
local function provenance(out, m)
  if isnull(m) then return end
  out("\n## Provenance\n\n")
  out(fmt("- **redline** %s, run as %s\n", esc(m.redline),
    code(concat(isnull(m.command) and {} or m.command, " "))))
  if not isnull(m.seed) then out(fmt("- **Seed:** %s\n", value(m.seed))) end
  if not isnull(m.started) then out(fmt("- **Started:** %s\n", esc(m.started))) end
  for _, f in ipairs(isnull(m.files) and {} or m.files) do
    out(fmt("- %s %s: SHA-256 %s\n", esc(f.role), code(f.path), code(f.sha256)))
  end
end

local function check(doc, out, opts)
  for i, r in ipairs(doc.reports) do
    if i > 1 then out("\n---\n\n") end
    check_report(out, r, opts)
    provenance(out, r.manifest)
  end
end

------------------------------------------------------------------------
-- batch
------------------------------------------------------------------------

local function axis_values(ax)
  if not isnull(ax.uniform) then
    return fmt("uniform from %s to %s", value(ax.uniform[1]), value(ax.uniform[2]))
  end
  if isnull(ax.values) then   -- a rows batch's column with many distinct values
    return fmt("%s distinct values (from a table)", value(ax.distinct or 0))
  end
  local v = ax.values
  if #v > 8 then
    return fmt("%d values from %s to %s", #v, esc(value(v[1])), esc(value(v[#v])))
  end
  return list(v, function(x) return esc(value(x)) end)
end

-- Streams the lines once: verdicts of each reading per clause, and the
-- mean p_breach of one clause by the values of the x (and y) axes.
local function scan(doc, opts, ix, iy, grid_clause)
  local readings, any = {}, false   -- clause id -> reading name -> verdict -> count
  local cells = {}                  -- "x\0y" -> { n, p }
  for line in doc.lines() do
    for _, c in ipairs(line.clauses) do
      if not isnull(c.readings) and (not opts.clause or c.id == opts.clause) then
        any = true
        local per = readings[c.id] or {}
        readings[c.id] = per
        for name, v in pairs(c.readings) do
          local counts = per[name] or {}
          per[name] = counts
          counts[v] = (counts[v] or 0) + 1
        end
      end
      if ix and c.id == grid_clause then
        local key = value(line.values[ix]) .. "\0" .. (iy and value(line.values[iy]) or "")
        local cell = cells[key] or { n = 0, p = 0, v = {} }
        cells[key] = cell
        cell.n, cell.p = cell.n + 1, cell.p + c.p_breach
        cell.v[c.verdict] = (cell.v[c.verdict] or 0) + 1
      end
    end
  end
  return any and readings or nil, cells
end

-- A table cell: "mean 0.70 · breach 50%, contested 50% · **mixed**".
local function shares(cell)
  local parts, kinds = {}, 0
  for _, v in ipairs(VERDICTS) do
    local k = cell.v[v] or 0
    if k > 0 then
      kinds = kinds + 1
      parts[#parts + 1] = fmt("%s %.0f%%", v, 100 * k / cell.n)
    end
  end
  return fmt("mean %.2f · %s%s", cell.p / cell.n, table.concat(parts, ", "), kinds > 1 and " · **mixed**" or "")
end

-- What would it take: the nearest compliant designs and the conflicts
-- (the summary's what_would_it_take, from a whole run or a merge with --batch).
local function what_would_it_take(s, out)
  local wt = s.what_would_it_take
  out("\n## What would it take\n\n")
  if isnull(wt) or type(wt) ~= "table" then
    out("Not computed (it needs a whole run's summary, or --batch).\n")
    return
  end
  if wt.compliant then
    out("The nearest compliant designs: variants whose scenario verdict is compliant (or not " ..
      "applicable), changing the fewest axes from the base scenario.\n\n")
  else
    out(fmt("No variant is compliant. The nearest are %s binding clause%s short; for each, the " ..
      "clauses that block it and the readings that do.\n\n", value(wt.short), wt.short == 1 and "" or "s"))
  end
  if #(wt.nearest or {}) > 0 then
    out(row({ "Variant", "Changes from the base scenario", "Blocked by" }))
    out("|--:|---|---|\n")
    for _, n in ipairs(wt.nearest) do
      local blocks = {}
      for _, b in ipairs(n.blocking or {}) do
        local rs = {}
        for _, r in ipairs(b.readings or {}) do rs[#rs + 1] = esc(r) end
        blocks[#blocks + 1] = code(b.clause) .. " " .. esc(b.verdict) ..
          (#rs > 0 and (" (under " .. table.concat(rs, ", ") .. ")") or "")
      end
      out(row({ value(n.variant), esc(n.changes), #blocks > 0 and table.concat(blocks, "; ") or "—" }))
    end
    out("\n")
  end
  local cfs = wt.conflicts or {}
  if #cfs == 0 then
    out("No conflicts: every set of binding clauses that variants satisfy apart, some variant " ..
      "satisfies together.\n")
  else
    out(fmt("**%d conflict%s**: binding clauses that variants of this batch satisfy apart but never " ..
      "all together — the contracts leave no way out within the batch.\n\n", #cfs, #cfs == 1 and "" or "s"))
    out(row({ "Clauses", "Witnesses", "They pull apart along", "Readings never satisfied together" }))
    out("|---|---|---|---|\n")
    for _, c in ipairs(cfs) do
      local ids, ws, axs, rp = {}, {}, {}, {}
      for _, id in ipairs(c.clauses or {}) do ids[#ids + 1] = code(id) end
      for _, w in ipairs(c.witnesses or {}) do
        local sat = {}
        for _, id in ipairs(w.satisfies or {}) do sat[#sat + 1] = code(id) end
        ws[#ws + 1] = fmt("variant %s (%s) satisfies %s", value(w.variant), esc(w.changes), table.concat(sat, " and "))
      end
      for _, a in ipairs(c.axes or {}) do axs[#axs + 1] = code(a) end
      for _, pr in ipairs(c.readings or {}) do rp[#rp + 1] = esc(pr[1]) .. " / " .. esc(pr[2]) end
      out(row({ table.concat(ids, ", ") .. (c.level == "reading" and " (under some readings)" or ""),
        table.concat(ws, "; "), #axs > 0 and table.concat(axs, ", ") or "—",
        #rp > 0 and table.concat(rp, "; ") or "—" }))
    end
  end
  if #(wt.unsatisfiable or {}) > 0 then
    local ids = {}
    for _, id in ipairs(wt.unsatisfiable) do ids[#ids + 1] = code(id) end
    out("\nBinding clauses no variant satisfies: " .. table.concat(ids, ", ") .. ".\n")
  end
end

-- Each claimant's mean expected exposure over the variants (never summed
-- across claimants), from the summary when the batch is known.
local function claimants_of_batch(out, s)
  local by = s.exposure_by_claimant
  if isnull(by) or by == nil then return end
  out("## Exposure by claimant\n\n")
  out(row({ "Claimant", "Mean expected exposure", "Clauses", "At risk, not quantified" }))
  out("|---|--:|---|---|\n")
  for _, who in ipairs(sorted_keys(by)) do
    local e = by[who]
    out(row({ esc(who), isnull(e.mean_expected_exposure_usd) and "not quantified"
      or money(e.mean_expected_exposure_usd), list(e.clauses, code),
      #e.not_quantified > 0 and list(e.not_quantified, code) or "—" }))
  end
  out("\n")
end

-- The variants that matter: the first variant of each distinct pattern of
-- clause verdicts, in index order (at most MAX_PATTERNS), each with what it
-- changes from the base scenario (axis labels where the batch gives them).
local MAX_PATTERNS = 12

local function variants_that_matter(out, doc, axes, opts)
  local shown, patterns = C.verdict_patterns(doc.lines(), opts.clause, MAX_PATTERNS)
  if patterns == 0 then return end
  out("## Variants that matter\n\n")
  out(fmt("The first variant of each distinct pattern of clause verdicts (%d pattern%s%s), "
    .. "with what it changes from the base scenario.\n\n", patterns, patterns > 1 and "s" or "",
    patterns > #shown and fmt(", the first %d shown", #shown) or ""))
  for _, line in ipairs(shown) do
    local changes = {}
    for i, v in ipairs(isnull(line.values) and {} or line.values) do
      local ax = axes[i]
      local base = ax and ax.base
      if not ax or isnull(base) or value(base) ~= value(v) then
        local name = ax and (not isnull(ax.label) and esc(ax.label) or code(ax.path)) or ("axis " .. i)
        changes[#changes + 1] = fmt("%s: %s%s", name, esc(value(v)),
          (ax and not isnull(base)) and (" (base " .. esc(value(base)) .. ")") or "")
      end
    end
    local at_risk = {}
    for _, c in ipairs(line.clauses) do
      if (not opts.clause or c.id == opts.clause) and c.verdict ~= "compliant"
        and c.verdict ~= "not_applicable" then
        at_risk[#at_risk + 1] = code(c.id) .. " " .. c.verdict
      end
    end
    out(fmt("- **Variant %s** (%s): %s. %s.\n", value(line.index), code(line.verdict),
      #changes > 0 and concat(changes, "; ") or "the base scenario itself",
      #at_risk > 0 and ("Not compliant: " .. concat(at_risk, ", ")) or "Every clause compliant or not applicable"))
  end
  out("\n")
end

local function batch(doc, out, opts)
  local s = doc.summary
  local axes = isnull(s.axes) and {} or (s.axes or {})
  -- The title names the results, not how the summary came (given or merged).
  out("# Batch report: " .. esc(doc.results) .. "\n\n")
  out(fmt("- **Variants:** %d\n", s.variants or 0))
  local findings = s.findings or 0
  out(fmt("- **With a binding clause in breach or contested:** %d (%.1f%%)\n",
    findings, (s.variants or 0) > 0 and 100 * findings / s.variants or 0))
  for _, ax in ipairs(axes) do
    if isnull(ax.label) then
      out(fmt("- **Axis** %s: %s\n", code(ax.path), axis_values(ax)))
    else
      out(fmt("- **Axis** %s (%s): %s\n", esc(ax.label), code(ax.path), axis_values(ax)))
    end
  end
  out("\n")

  local clauses = {}
  for _, c in ipairs(s.clauses or {}) do
    if not opts.clause or c.id == opts.clause then clauses[#clauses + 1] = c end
  end

  out("## Verdicts by clause\n\n")
  local head = { "Clause" }
  for _, h in ipairs(VERDICT_HEAD) do head[#head + 1] = h end
  head[#head + 1] = "mean p(breach)"
  head[#head + 1] = "mean expected exposure"
  out(row(head))
  out("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
  for _, c in ipairs(clauses) do
    local cells = { code(c.id) }
    for _, v in ipairs(VERDICTS) do cells[#cells + 1] = tostring(math.tointeger(c.counts[v]) or c.counts[v]) end
    cells[#cells + 1] = prob(c.mean_p_breach)
    cells[#cells + 1] = money(c.mean_expected_exposure_usd)
    out(row(cells))
  end
  out("\n")

  claimants_of_batch(out, s)
  variants_that_matter(out, doc, axes, opts)

  local grid_clause = opts.clause or (clauses[1] and clauses[1].id)
  local ix, iy
  for i, ax in ipairs(axes) do
    -- Only list axes make a table (a uniform axis has no values to group by).
    local listed = not isnull(ax.values)
    if ax.path == opts.x and listed then ix = i end
    if ax.path == opts.y and listed then iy = i end
  end
  local readings, grid = scan(doc, opts, ix, iy, grid_clause)

  if readings then
    out("## Verdicts by reading\n\n")
    out(row({ "Clause", "Reading", table.unpack(VERDICT_HEAD) }))
    out("|---|---|--:|--:|--:|--:|--:|--:|\n")
    for _, id in ipairs(sorted_keys(readings)) do
      for _, rname in ipairs(sorted_keys(readings[id])) do
        local counts = readings[id][rname]
        local cells = { code(id), esc(rname) }
        for _, v in ipairs(VERDICTS) do cells[#cells + 1] = tostring(counts[v] or 0) end
        out(row(cells))
      end
    end
    out("\n")
  end

  out("## Verdict flips per axis\n\n")
  if isnull(s.flips) or not s.flips or #s.flips == 0 then
    out("Not computed (flips need a grid batch: give --batch or the run's summary).\n\n")
  else
    out("How often a clause's verdict changes when one axis alone moves to its next value.\n\n")
    out(row({ "Axis", "Pairs", "Clause", "Flips" }))
    out("|---|--:|---|--:|\n")
    for _, f in ipairs(s.flips) do
      local any = false
      for _, id in ipairs(sorted_keys(f.clauses)) do
        local n = f.clauses[id]
        if n > 0 and (not opts.clause or id == opts.clause) then
          any = true
          out(row({ code(f.axis), value(f.pairs), code(id), value(n) }))
        end
      end
      if not any then out(row({ code(f.axis), value(f.pairs), "—", "0" })) end
    end
    out("\n")
  end

  out("## Tipping points\n\n")
  local tips = {}
  for _, t in ipairs(isnull(s.tipping_points) and {} or (s.tipping_points or {})) do
    if not opts.clause or t.clause == opts.clause then tips[#tips + 1] = t end
  end
  if #tips == 0 then
    out("None found" .. (s.tipping_points and "" or " (tipping points need --batch or the run's summary)") .. ".\n")
  else
    out("Where one numeric axis alone, other facts as in the base scenario, changes a verdict; " ..
      "the threshold is found by bisection between the two values.\n\n")
    out(row({ "Axis", "Clause", "Between", "Threshold", "From", "To" }))
    out("|---|---|---|--:|---|---|\n")
    for _, t in ipairs(tips) do
      out(row({ code(t.axis), code(t.clause), value(t.after) .. " and " .. value(t.at),
        t.threshold and value(t.threshold) or "—", code(t.from), code(t.to) }))
    end
  end
  local ths = {}
  for _, t in ipairs(isnull(s.thresholds) and {} or (s.thresholds or {})) do
    if not opts.clause or t.clause == opts.clause then ths[#ths + 1] = t end
  end
  if #ths > 0 then
    out("\n## Exact tipping points per slice\n\n")
    out("For each numeric axis and each combination of the other axes' values, where a clause's " ..
      "verdict changes (not blended across slices).\n\n")
    out(row({ "Axis", "Other axes", "Clause", "Threshold", "Between", "From", "To" }))
    out("|---|---|---|--:|---|---|---|\n")
    for _, t in ipairs(ths) do
      out(row({ code(t.axis), esc(t.slice), code(t.clause), value(t.threshold),
        value(t.after) .. " and " .. value(t.at), code(t.from), code(t.to) }))
    end
  end
  what_would_it_take(s, out)

  if (opts.x and not ix) or (opts.y and not iy) then
    out("\nNo p(breach) table: a uniform axis has no values to group by.\n")
  elseif opts.x and ix and grid_clause then
    out(fmt("\n## %s: mean p(breach) and verdict shares by %s%s\n\n", code(grid_clause), code(opts.x),
      iy and (" and " .. code(opts.y)) or ""))
    local xs, ys = {}, {}
    local xv = isnull(axes[ix].values) and {} or axes[ix].values
    for i, v in ipairs(xv) do xs[i] = value(v) end
    if iy then
      for i, v in ipairs(isnull(axes[iy].values) and {} or axes[iy].values) do ys[i] = value(v) end
    else
      ys[1] = ""
    end
    local headr = { iy and (esc(opts.y) .. " ↓ " .. esc(opts.x) .. " →") or esc(opts.x) .. " →" }
    for _, x in ipairs(xs) do headr[#headr + 1] = esc(x) end
    out(row(headr))
    out("|---" .. ("|--:"):rep(#xs) .. "|\n")
    for _, y in ipairs(ys) do
      local cells = { iy and esc(y) or "mean p(breach)" }
      for _, x in ipairs(xs) do
        local cell = grid[x .. "\0" .. y]
        cells[#cells + 1] = cell and shares(cell) or "—"
      end
      out(row(cells))
    end
    out("\nEach cell: the mean p(breach) of its variants, then each verdict's share of them; " ..
      "**mixed** marks a cell whose variants differ in verdict (its mean blends them).\n")
  end
  -- the run that wrote the lines, else whatever made the summary
  provenance(out, isnull(doc.manifest) and s.manifest or doc.manifest)
end

return { check = check, batch = batch }
