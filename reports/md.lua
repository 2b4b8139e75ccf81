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

local null = json.null
local fmt, concat = string.format, table.concat

local function isnull(v) return v == nil or v == null end

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

-- $20.0B, $950.0M, $12.5K, $300
local function money(x)
  if isnull(x) then return "—" end
  local a, sign = math.abs(x), x < 0 and "-" or ""
  if a >= 1e12 then return fmt("%s$%.1fT", sign, a / 1e12) end
  if a >= 1e9 then return fmt("%s$%.1fB", sign, a / 1e9) end
  if a >= 1e6 then return fmt("%s$%.1fM", sign, a / 1e6) end
  if a >= 1e3 then return fmt("%s$%.1fK", sign, a / 1e3) end
  return fmt("%s$%.0f", sign, a)
end

local function prob(p)
  if isnull(p) then return "—" end
  return fmt("%.2f", p)
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

local function sorted_keys(t)
  local k = {}
  for key in pairs(t) do k[#k + 1] = key end
  table.sort(k)
  return k
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

local function reading_block(out, rd)
  out(fmt("- **%s** (weight %.2f): %s\n", esc(rd.name), rd.weight, code(rd.verdict)))
  if not isnull(rd.because) and rd.because ~= "" then
    out("  - Because: " .. esc(rd.because) .. "\n")
  end
  if not isnull(rd.evidence) and #rd.evidence > 0 then
    out("  - Evidence: " .. list(rd.evidence, code) .. "\n")
  end
  if not isnull(rd.needs) and #rd.needs > 0 then
    out("  - Needs: " .. list(rd.needs, code) .. "\n")
  end
  if not isnull(rd.excused_by) then
    out("  - Excused by: " .. code(rd.excused_by) .. "\n")
  end
  if not isnull(rd.error) then
    out("  - Error: " .. esc((tostring(rd.error):match("^[^\n]*"))) .. "\n")
  end
end

local function check_report(out, r, opts)
  local sc = r.scenario
  local title = isnull(sc.title) and sc.id or sc.title
  out("# " .. esc(title) .. "\n\n")
  out(fmt("- **Scenario:** %s (%s)\n", code(sc.id), code(value(sc.file))))
  out(fmt("- **Date:** %s\n", esc(sc.date)))
  out(fmt("- **Verdict:** %s\n", code(r.verdict)))
  out(fmt("- **Expected exposure:** %s\n\n", money(r.expected_exposure_usd)))

  local clauses = {}
  for _, c in ipairs(r.clauses) do
    if not opts.clause or c.id == opts.clause then clauses[#clauses + 1] = c end
  end

  out("## Clauses\n\n")
  out(row({ "Clause", "Binding", "Verdict", "p(breach)", "Expected exposure" }))
  out("|---|---|---|--:|--:|\n")
  for _, c in ipairs(clauses) do
    out(row({ code(c.id), c.binding and "yes" or "no", code(c.verdict),
      prob(c.p_breach), money(c.expected_exposure_usd) }))
  end
  local n = r.counts
  out(fmt("\n%d breach, %d contested, %d compliant, %d unknown, %d not applicable, %d error.\n\n",
    n.breach, n.contested, n.compliant, n.unknown, n.not_applicable, n.error))

  for _, c in ipairs(clauses) do
    out(fmt("### %s: %s\n\n", code(c.id), code(c.verdict)))
    out(fmt("Contract %s, %s, %s. p(breach) %s, expected exposure %s.\n\n",
      code(c.contract), c.binding and "binding" or "non-binding",
      c.in_force and "in force" or "not in force", prob(c.p_breach),
      money(c.expected_exposure_usd)))
    for _, rd in ipairs(c.readings) do reading_block(out, rd) end
    out("\n")
  end

  out("## Access paths\n\n")
  local paths = isnull(r.paths) and {} or r.paths
  if #paths == 0 then out("No customer reaches a model in this world.\n") end
  for _, p in ipairs(paths) do out(path_line(p)) end
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
        local cell = cells[key] or { n = 0, p = 0 }
        cells[key] = cell
        cell.n, cell.p = cell.n + 1, cell.p + c.p_breach
      end
    end
  end
  return any and readings or nil, cells
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
    out(fmt("- **Axis** %s: %s\n", code(ax.path), axis_values(ax)))
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
    out("Where one numeric axis alone, other facts as in the base scenario, changes a verdict.\n\n")
    out(row({ "Axis", "Clause", "Between", "From", "To" }))
    out("|---|---|---|---|---|\n")
    for _, t in ipairs(tips) do
      out(row({ code(t.axis), code(t.clause), value(t.after) .. " and " .. value(t.at),
        code(t.from), code(t.to) }))
    end
  end

  if (opts.x and not ix) or (opts.y and not iy) then
    out("\nNo p(breach) table: a uniform axis has no values to group by.\n")
  elseif opts.x and ix and grid_clause then
    out(fmt("\n## %s: mean p(breach) by %s%s\n\n", code(grid_clause), code(opts.x),
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
        cells[#cells + 1] = cell and fmt("%.2f", cell.p / cell.n) or "—"
      end
      out(row(cells))
    end
  end
  -- the run that wrote the lines, else whatever made the summary
  provenance(out, isnull(doc.manifest) and s.manifest or doc.manifest)
end

return { check = check, batch = batch }
