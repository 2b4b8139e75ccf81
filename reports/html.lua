-- reports/html.lua: redline's HTML report (check and batch).
--
-- Runs in redline's renderer sandbox: string, table, math, utf8, the safe base
-- functions and json (lua-cjson).  Returns { check = fn, batch = fn }, each
-- called as fn(doc, out, opts) and writing one self-contained HTML page
-- through out(): inline CSS and inline SVG, no script, no external resource.
-- All text coming from scenarios is untrusted and goes through esc().
-- Output is deterministic: maps are walked in sorted key order only.
-- This file holds the scenario (check) report; the page shell, the charts,
-- the access-path diagram and the batch report are in reports/lib/html/.

local C = include("lib/common.lua")
local P = include("lib/html/page.lua")
local G = include("lib/html/charts.lua")
local path_diagram = include("lib/html/paths.lua").path_diagram
local batch = include("lib/html/batch.lua").batch
local fmt, concat = string.format, table.concat
local isnull, num, text, esc, escid, usd = P.isnull, P.num, P.text, P.esc, P.escid, P.usd
local prob, list, idlist, sorted_keys = P.prob, P.list, P.idlist, P.sorted_keys
local VERDICTS, badge, page_open, page_close = P.VERDICTS, P.badge, P.page_open, P.page_close
local manifest_footer = P.manifest_footer
local pbar, weights_bar = G.pbar, G.weights_bar

------------------------------------------------------------------------
-- Scenario (check) report
------------------------------------------------------------------------

local function yesno(b)
  if b == true then return "yes" elseif b == false then return "no" end
  return "?"
end

local function counts_line(counts)
  if type(counts) ~= "table" then return "" end
  local parts = {}
  for _, v in ipairs(VERDICTS) do
    local n = counts[v]
    if type(n) == "number" and n > 0 then
      parts[#parts + 1] = fmt('%s&nbsp;%s', badge(v), esc(num(n)))
    end
  end
  return concat(parts, " ")
end

-- Exposure of one clause: a figure, or "not quantified" when a clause at risk
-- states none (never $0).
local clause_exposure = C.exposure

-- The headline: each claimant's expected exposure, never summed across them.
local function claimants_html(r)
  local by = type(r.exposure_by_claimant) == "table" and r.exposure_by_claimant or {}
  local parts = {}
  for _, who in ipairs(sorted_keys(by)) do
    local e = by[who]
    parts[#parts + 1] = '<span class="claimant">' .. esc(who) .. ' ' .. esc(C.claimant_exposure(e)) .. '</span>'
  end
  if #parts == 0 then return esc(usd(0)) end
  return concat(parts, "<br>")
end

local function cite_html(c, ctx)
  if isnull(c.source) then return esc(c.ref) end
  local n = ctx.num[text(c.source)] or 0
  local s = fmt('<a href="#src-%s">[%d]</a> %s, %s', escid(c.source), n, esc(c.outlet), esc(c.date))
  if not isnull(c.passage) then s = s .. ': <span class="passage">“' .. esc(c.passage) .. '”</span>' end
  return s
end

local function cites_html(out, cites, ctx, label)
  cites = list(cites)
  if #cites == 0 then return end
  out('<div class="small"><strong>' .. esc(label) .. '</strong><ul>\n')
  for _, c in ipairs(cites) do out('<li>' .. cite_html(c, ctx) .. '</li>\n') end
  out('</ul></div>\n')
end

local function evidence_html(ev, ctx)
  local t = {}
  for _, e in ipairs(list(ev)) do
    local marks, seen = {}, {}
    for id in (text(e) .. "->"):gmatch("(.-)%->") do
      local f = ctx.facts[id]
      for _, c in ipairs(f and list(f.sources) or {}) do
        local m = isnull(c.source) and esc(c.ref) or
          fmt('<a href="#src-%s">[%d]</a>', escid(c.source), ctx.num[text(c.source)] or 0)
        if not seen[m] then seen[m] = true; marks[#marks + 1] = m end
      end
    end
    t[#t + 1] = '<code>' .. escid(e) .. '</code>' .. (#marks > 0 and (" " .. concat(marks, " ")) or "")
  end
  if #t == 0 then return '<span class="muted">—</span>' end
  return concat(t, "<br>")
end

local function conclusion_html(out, clauses, sc)
  local decisive = {}
  for _, c in ipairs(clauses) do
    if c.binding == true and c.in_force == true and c.verdict ~= "compliant" and
      c.verdict ~= "not_applicable" and not isnull(c.conclusion) then
      decisive[#decisive + 1] = c
    end
  end
  out('<h2>Conclusion</h2>\n<div class="conclusion">\n')
  if #decisive == 0 then
    out('<p>No binding clause in force is in breach, contested, undecided or in error on ' .. esc(sc.date) .. '.</p>\n')
  else
    out('<ul>\n')
    for _, c in ipairs(decisive) do
      out('<li><code>' .. escid(c.id) .. '</code> ' .. badge(c.verdict) .. ' ' .. esc(c.conclusion) .. '</li>\n')
    end
    out('</ul>\n')
  end
  out('</div>\n')
end

local function clause_law(out, c, ctx)
  if not isnull(c.title) then out('<p><strong>' .. esc(c.title) .. '</strong></p>\n') end
  if not isnull(c.text) then out('<blockquote class="clause-text">' .. esc(c.text) .. '</blockquote>\n') end
  if not isnull(c.conclusion) then
    out('<p class="conclusion"><strong>Conclusion.</strong> ' .. esc(c.conclusion) .. '</p>\n')
  end
  local turns = list(c.turns_on)
  if #turns > 0 then
    out('<p class="small"><strong>What would change it</strong></p><ul class="small">\n')
    for _, t in ipairs(turns) do out('<li>' .. esc(t) .. '</li>\n') end
    out('</ul>\n')
  end
  local terms = { 'contract <code>' .. escid(c.contract) .. '</code>' ..
    (isnull(c.contract_title) and "" or (' (' .. esc(c.contract_title) .. ')')) }
  if #list(c.parties) > 0 then
    local p = {}
    for _, x in ipairs(c.parties) do p[#p + 1] = esc(x) end
    terms[#terms + 1] = 'between ' .. concat(p, ", ")
  end
  for _, k in ipairs({ "signed", "effective", "ends" }) do
    if not isnull(c[k]) then terms[#terms + 1] = k .. ' ' .. esc(c[k]) end
  end
  if #list(c.supersedes) > 0 then terms[#terms + 1] = 'supersedes ' .. idlist(c.supersedes, ", ") end
  terms[#terms + 1] = 'holder (may claim) <strong>' .. (isnull(c.holder) and "unstated" or esc(c.holder)) ..
    '</strong>, obligor <strong>' .. (isnull(c.obligor) and "unstated" or esc(c.obligor)) .. '</strong>'
  terms[#terms + 1] = 'stated exposure ' .. (isnull(c.exposure_usd) and "none" or esc(usd(c.exposure_usd)))
  out('<p class="small terms">' .. concat(terms, " · ") .. '</p>\n')
  cites_html(out, c.sources, ctx, "Clause sources")
  cites_html(out, c.contract_sources, ctx, "Contract sources")
  local xs = list(c.exception_terms)
  if #xs > 0 then
    out('<div class="small"><strong>Exceptions in the terms</strong><ul>\n')
    for _, x in ipairs(xs) do
      out('<li><code>' .. escid(x.id) .. '</code>: ' .. esc(x.text))
      local cs = {}
      for _, ci in ipairs(list(x.sources)) do cs[#cs + 1] = cite_html(ci, ctx) end
      if #cs > 0 then out('<br>' .. concat(cs, '<br>')) end
      out('</li>\n')
    end
    out('</ul></div>\n')
  end
end

local APPLIES = { [true] = "applies", [false] = "does not apply" }

-- Each reading's reasoning (why it carries its weight), the exceptions
-- considered under it and its sources.
local function reading_law(out, rds, ctx)
  local any = false
  for _, rd in ipairs(rds) do
    if not isnull(rd.doc) or #list(rd.exceptions) > 0 or #list(rd.sources) > 0 then any = true end
  end
  if not any then return end
  out('<dl class="reasoning small">\n')
  for _, rd in ipairs(rds) do
    out('<dt><strong>' .. esc(rd.name) .. '</strong> (weight ' ..
      (type(rd.weight) == "number" and fmt("%.2f", rd.weight) or esc(rd.weight)) .. ')</dt>\n<dd>')
    if not isnull(rd.doc) then out('<p>' .. esc(rd.doc) .. '</p>') end
    local xs = list(rd.exceptions)
    if #xs > 0 then
      out('<p><strong>Exceptions considered:</strong></p><ul class="exceptions">')
      for _, x in ipairs(xs) do
        out('<li><code>' .. escid(x.id) .. '</code>: ' .. esc(APPLIES[x.applies] or "undecided") ..
          (isnull(x.because) and "" or (' — ' .. esc(x.because))) .. '</li>')
      end
      out('</ul>')
    end
    local cs = list(rd.sources)
    if #cs > 0 then
      out('<ul>')
      for _, c in ipairs(cs) do out('<li>' .. cite_html(c, ctx) .. '</li>') end
      out('</ul>')
    end
    out('</dd>\n')
  end
  out('</dl>\n')
end

local function facts_and_sources(out, r, ctx)
  local facts = list(r.facts)
  if #facts > 0 then
    out('<h2>Facts and their sources</h2>\n<ul class="small facts">\n')
    for _, f in ipairs(facts) do
      local cs = {}
      for _, c in ipairs(list(f.sources)) do
        cs[#cs + 1] = isnull(c.source) and esc(c.ref) or
          fmt('<a href="#src-%s">[%d]</a>%s', escid(c.source), ctx.num[text(c.source)] or 0,
            isnull(c.quote) and "" or (' <code>' .. escid(c.quote) .. '</code>'))
      end
      out('<li>' .. esc(f.kind) .. ' <code>' .. escid(f.id) .. '</code>: ' .. concat(cs, ", ") .. '</li>\n')
    end
    out('</ul>\n')
  end
  local srcs = list(r.sources)
  if #srcs == 0 then return end
  out('<h2>Sources</h2>\n<ol class="bib">\n')
  for _, src in ipairs(srcs) do
    out('<li id="src-' .. escid(src.id) .. '">' .. esc(src.outlet) .. ', “' .. esc(src.title) .. '”, ' .. esc(src.date))
    if not isnull(src.url) then out(', <a href="' .. esc(src.url) .. '">' .. esc(src.url) .. '</a>') end
    out(' <span class="small muted">(' .. esc(src.id) .. ')</span><ul class="small">')
    for _, q in ipairs(list(src.quotes)) do
      out('<li><code>' .. escid(q.key) .. '</code>: <span class="passage">“' .. esc(q.passage) .. '”</span></li>')
    end
    out('</ul></li>\n')
  end
  out('</ol>\n')
end

local function scenario_report(out, r, idx, only)
  local sc = type(r.scenario) == "table" and r.scenario or {}
  local title = not isnull(sc.title) and sc.title or (not isnull(sc.id) and sc.id or "scenario")
  out(fmt('<section class="scenario" id="scenario-%d">\n', idx))
  out('<h1>' .. esc(title) .. '</h1>\n')
  local meta = {}
  if not isnull(sc.id) then meta[#meta + 1] = 'scenario <code>' .. esc(sc.id) .. '</code>' end
  if not isnull(sc.date) then meta[#meta + 1] = 'evaluated on <strong>' .. esc(sc.date) .. '</strong>' end
  if not isnull(sc.file) then meta[#meta + 1] = 'file <code>' .. esc(sc.file) .. '</code>' end
  out('<p class="muted">' .. concat(meta, " · ") .. '</p>\n')

  out('<div class="head">\n')
  out('<div class="kpi"><span class="k">Scenario verdict</span>' .. badge(r.verdict, true) .. '</div>\n')
  out('<div class="kpi"><span class="k">Expected exposure by claimant</span><span class="val">' .. claimants_html(r) .. '</span></div>\n')
  out('<div class="kpi"><span class="k">Clauses</span><span>' .. counts_line(r.counts) .. '</span></div>\n')
  out('</div>\n')
  out('<p class="small muted">The scenario verdict is the worst verdict among binding clauses (error &gt; breach &gt; contested &gt; unknown &gt; compliant &gt; not applicable). Expected exposure = p(breach) × the clause’s exposure, attributed to the clause’s holder (the party that may claim); figures of different claimants are never added. “not quantified”: a clause in breach or contested that states no exposure.</p>\n')

  local clauses = list(r.clauses)
  if only then
    local keep = {}
    for _, c in ipairs(clauses) do if c.id == only then keep[#keep + 1] = c end end
    clauses = keep
    out('<p class="small">Showing clause <code>' .. escid(only) .. '</code> only' ..
      (#keep == 0 and ': this scenario has no such clause.' or '.') .. '</p>\n')
  end
  local ctx = { num = {}, facts = {} }
  for i2, src in ipairs(list(r.sources)) do ctx.num[text(src.id)] = i2 end
  for _, f in ipairs(list(r.facts)) do ctx.facts[text(f.id)] = f end
  conclusion_html(out, clauses, sc)
  -- which clauses cite which path
  local cited, citedk = {}, {}
  for _, c in ipairs(clauses) do
    for _, rd in ipairs(list(c.readings)) do
      for _, e in ipairs(list(rd.evidence)) do
        local k = text(e)
        cited[k] = cited[k] or {}
        if not cited[k][text(c.id)] then
          cited[k][text(c.id)] = true
          citedk[k] = citedk[k] or {}
          citedk[k][#citedk[k] + 1] = text(c.id)
        end
      end
    end
  end
  local citedtext = {}
  for k, ids in pairs(citedk) do citedtext[k] = concat(ids, ", ") end

  out('<h2>Clauses</h2>\n')
  if #clauses == 0 then out('<p class="muted">No clauses were evaluated (no contract of this scenario is loaded).</p>\n') end
  if #clauses > 0 then out('<table class="clauses">\n<thead><tr><th>Clause</th><th>Holder → obligor</th><th>Verdict</th><th>p(breach), 0–1</th><th class="num">Expected exposure</th><th>Binding</th><th>In force</th></tr></thead>\n<tbody>\n') end
  for i, c in ipairs(clauses) do
    out(fmt('<tr><td class="wrap"><a href="#s%d-c%d"><code>%s</code></a><br><span class="small muted">%s</span></td><td>%s → %s</td><td>%s</td><td>%s</td><td class="num">%s</td><td>%s</td><td>%s</td></tr>\n',
      idx, i, escid(c.id), isnull(c.contract) and "" or ("contract " .. esc(c.contract)),
      isnull(c.holder) and "?" or esc(c.holder), isnull(c.obligor) and "?" or esc(c.obligor),
      badge(c.verdict), pbar(c.p_breach, c.verdict),
      esc(clause_exposure(c)), yesno(c.binding), yesno(c.in_force)))
  end
  if #clauses > 0 then out('</tbody></table>\n') end

  out('<h2>Access paths</h2>\n<figure>\n')
  path_diagram(out, list(r.paths), citedtext)
  out('<figcaption>Every way a customer reaches a model in this world, traced through <code>calls</code>. The last box is the model, coloured by the cloud its inference runs on.</figcaption>\n</figure>\n')

  if #clauses > 0 then out('<h2>Readings</h2>\n') end
  for i, c in ipairs(clauses) do
    out(fmt('<div class="card" id="s%d-c%d">\n<h3><code>%s</code> %s</h3>\n', idx, i, escid(c.id), badge(c.verdict)))
    out(fmt('<p class="small">p(breach) <strong>%s</strong> · expected exposure <strong>%s</strong> · %s · %s</p>\n',
      prob(c.p_breach), esc(clause_exposure(c)),
      c.binding == false and "not binding" or "binding",
      c.in_force == false and "not in force on this date" or "in force"))
    clause_law(out, c, ctx)
    local rds = list(c.readings)
    local wb = weights_bar(rds)
    if wb ~= "" then
      out('<p class="small">Reading weights by verdict ' .. wb .. ' <span class="muted">— the breach segments add up to p(breach)</span></p>\n')
    end
    if #rds == 0 then
      out('<p class="muted">No readings.</p>\n')
    else
      out('<table class="readings"><colgroup><col style="width:11%"><col style="width:7%"><col style="width:13%"><col style="width:32%"><col style="width:13%"><col style="width:13%"><col style="width:11%"></colgroup>\n<thead><tr><th>Reading</th><th class="num">Weight</th><th>Verdict</th><th>Because</th><th>Evidence</th><th>Needs</th><th>Excused by</th></tr></thead>\n<tbody>\n')
      for _, rd in ipairs(rds) do
        out(fmt('<tr><td><strong>%s</strong></td><td class="num">%s</td><td>%s</td><td class="wrap">%s</td><td class="wrap">%s</td><td class="wrap">%s</td><td class="wrap">%s</td></tr>\n',
          esc(rd.name), type(rd.weight) == "number" and fmt("%.2f", rd.weight) or esc(rd.weight), badge(rd.verdict),
          esc(rd.because), evidence_html(rd.evidence, ctx), idlist(rd.needs),
          isnull(rd.excused_by) and '<span class="muted">—</span>' or ('<code>' .. escid(rd.excused_by) .. '</code>')))
      end
      out('</tbody></table>\n')
      reading_law(out, rds, ctx)
    end
    out('</div>\n')
  end
  facts_and_sources(out, r, ctx)
  if r.manifest then manifest_footer(out, r.manifest) end
  out('</section>\n')
end

local function check(doc, out, opts)
  local reports = list(doc and doc.reports)
  local title = "redline report"
  if #reports == 1 and type(reports[1].scenario) == "table" then
    local sc = reports[1].scenario
    title = "redline — " .. text(not isnull(sc.title) and sc.title or sc.id)
  elseif #reports > 1 then
    title = fmt("redline — %d scenarios", #reports)
  end
  page_open(out, title)
  if #reports > 1 then
    out('<h1>redline — ' .. #reports .. ' scenarios</h1>\n<nav><table><thead><tr><th>#</th><th>Scenario</th><th>Date</th><th>Verdict</th><th class="num">Expected exposure</th></tr></thead><tbody>\n')
    for i, r in ipairs(reports) do
      local sc = type(r.scenario) == "table" and r.scenario or {}
      out(fmt('<tr><td>%d</td><td class="wrap"><a href="#scenario-%d">%s</a></td><td style="white-space:nowrap">%s</td><td>%s</td><td class="num">%s</td></tr>\n',
        i, i, esc(not isnull(sc.title) and sc.title or sc.id), isnull(sc.date) and "—" or esc(sc.date), badge(r.verdict), isnull(r.expected_exposure_usd) and "not quantified" or esc(usd(r.expected_exposure_usd))))
    end
    out('</tbody></table></nav>\n')
  end
  if #reports == 0 then out('<p class="muted">No scenario reports.</p>\n') end
  local only = type(opts) == "table" and type(opts.clause) == "string" and opts.clause ~= "" and opts.clause or nil
  for i, r in ipairs(reports) do scenario_report(out, r, i, only) end
  if doc and doc.manifest then manifest_footer(out, doc.manifest) end
  page_close(out)
end

------------------------------------------------------------------------

return { check = check, batch = batch }
