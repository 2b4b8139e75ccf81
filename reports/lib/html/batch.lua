-- reports/lib/html/batch.lua: the HTML report of a batch: its summary, the
-- charts, each claimant's exposure and the variants that matter, read from the
-- summary and the streamed result lines.  Returns { batch = fn }.

local fmt, concat = string.format, table.concat
local C = include("../common.lua")
local P = include("page.lua")
local G = include("charts.lua")
local null = json.null
local isnull, num, text, esc, escid, grp = P.isnull, P.num, P.text, P.esc, P.escid, P.grp
local usd, prob, pct, list, idlist = P.usd, P.prob, P.pct, P.list, P.idlist
local sorted_keys, VERDICTS, vc, badge = P.sorted_keys, P.VERDICTS, P.vc, P.badge
local page_open, page_close, manifest_footer = P.page_open, P.page_close, P.manifest_footer
local CAP, new_axis, axis_key = G.CAP, G.new_axis, G.axis_key
local axes_from_summary, find_axis = G.axes_from_summary, G.find_axis
local verdict_bars, heatmap, tipping_chart = G.verdict_bars, G.heatmap, G.tipping_chart
local flips_chart = G.flips_chart

-- Each claimant's mean expected exposure over the variants, never summed
-- across claimants (the summary has it when the batch is known).
local function batch_claimants_html(out, summary)
  local by = summary.exposure_by_claimant
  if type(by) ~= "table" then return end
  out('<h2>Exposure by claimant</h2>\n<table class="claimants"><thead><tr><th>Claimant</th><th class="num">Mean expected exposure</th><th>Clauses</th><th>At risk, not quantified</th></tr></thead><tbody>\n')
  for _, who in ipairs(sorted_keys(by)) do
    local e = by[who]
    out('<tr><td>' .. esc(who) .. '</td><td class="num">' ..
      (isnull(e.mean_expected_exposure_usd) and "not quantified" or esc(usd(e.mean_expected_exposure_usd))) ..
      '</td><td class="wrap">' .. idlist(e.clauses) .. '</td><td class="wrap">' .. idlist(e.not_quantified) .. '</td></tr>\n')
  end
  out('</tbody></table>\n')
end

-- The variants that matter: the first variant of each distinct pattern of
-- clause verdicts, with what it changes from the base scenario.
local MAX_PATTERNS = 12
local function variants_html(out, doc, summary, opts)
  if type(doc.lines) ~= "function" then return end
  local axes = list(summary.axes)
  local shown, patterns = C.verdict_patterns(doc.lines(), opts.clause, MAX_PATTERNS)
  if patterns == 0 then return end
  out('<h2>Variants that matter</h2>\n')
  out(fmt('<p class="small">The first variant of each distinct pattern of clause verdicts (%d pattern%s%s), with what it changes from the base scenario.</p>\n',
    patterns, patterns > 1 and "s" or "", patterns > #shown and fmt(", the first %d shown", #shown) or ""))
  out('<table class="variants"><thead><tr><th>Variant</th><th>Verdict</th><th>Changes from the base scenario</th><th>Clauses not compliant</th></tr></thead><tbody>\n')
  for _, line in ipairs(shown) do
    local changes = {}
    for i, v in ipairs(list(line.values)) do
      local ax = axes[i]
      local base = type(ax) == "table" and ax.base or nil
      if type(ax) ~= "table" or isnull(base) or text(base) ~= text(v) then
        local name = type(ax) == "table" and (type(ax.label) == "string" and esc(ax.label) or ('<code>' .. escid(ax.path) .. '</code>')) or ("axis " .. i)
        changes[#changes + 1] = name .. ': <strong>' .. esc(v) .. '</strong>' ..
          ((type(ax) == "table" and not isnull(base)) and (' <span class="muted">(base ' .. esc(base) .. ')</span>') or "")
      end
    end
    local risk = {}
    for _, c in ipairs(list(line.clauses)) do
      if (not opts.clause or c.id == opts.clause) and c.verdict ~= "compliant" and c.verdict ~= "not_applicable" then
        risk[#risk + 1] = '<code>' .. escid(c.id) .. '</code> ' .. badge(c.verdict)
      end
    end
    out('<tr><td class="num">' .. esc(line.index) .. '</td><td>' .. badge(line.verdict) .. '</td><td class="wrap">' ..
      (#changes > 0 and concat(changes, "<br>") or "the base scenario itself") .. '</td><td class="wrap">' ..
      (#risk > 0 and concat(risk, "<br>") or '<span class="muted">—</span>') .. '</td></tr>\n')
  end
  out('</tbody></table>\n')
end

local function batch(doc, out, opts)
  opts = type(opts) == "table" and opts or {}
  local summary = type(doc.summary) == "table" and doc.summary or {}
  local names, counts, uniform, declared = axes_from_summary(doc, summary)
  local labels = {}     -- axis labels the batch gives, shown instead of paths
  for i, a in ipairs(list(summary.axes)) do
    if type(a) == "table" and type(a.label) == "string" then labels[i] = a.label end
  end
  local sclauses = list(summary.clauses)
  local clause_ids = {}
  for i, c in ipairs(sclauses) do clause_ids[i] = text(c.id) end

  -- which clause the heatmap shows
  local clause_id = opts.clause
  if clause_id and #clause_ids > 0 then
    local ok = false
    for _, id in ipairs(clause_ids) do if id == clause_id then ok = true end end
    if not ok then error(fmt("html report: --clause: no clause %q in this batch (clauses: %s)", clause_id, concat(clause_ids, ", ")), 0) end
  end
  if not clause_id then
    for _, id in ipairs(clause_ids) do if id == "msft-openai-2025/api-exclusivity" then clause_id = id end end
    clause_id = clause_id or clause_ids[1]
  end

  -- which axis pairs to aggregate: the requested one, the default when the
  -- axis sizes are known up front, else every pair of the first five axes
  local xi, yi = find_axis(names, opts.x, "--x"), find_axis(names, opts.y, "--y")
  local candidates = {}
  if xi and yi then
    candidates[1] = { xi, yi }
  elseif #names >= 2 then
    local few = {}
    local known = true
    for i = 1, #names do
      if not counts[i] then known = false end
      if counts[i] and counts[i] <= CAP then few[#few + 1] = i end
    end
    if xi or yi then
      local fixed = xi or yi
      for i = 1, math.min(#names, 5) do
        if i ~= fixed then candidates[#candidates + 1] = xi and { xi, i } or { i, yi } end
      end
    elseif known and #few >= 2 then
      local a, b = few[1], few[2]
      if counts[b] > counts[a] then a, b = b, a end  -- more values across
      candidates[1] = { a, b }
    else
      local m = math.min(#names, 5)
      for i = 1, m do for j = i + 1, m do candidates[#candidates + 1] = { i, j } end end
    end
  end

  -- stream the lines
  local axes = {}
  local function getaxis(i)
    if not axes[i] then
      axes[i] = new_axis(labels[i] or names[i] or ("axis " .. i))
      -- a uniform(a, b) axis is binned from the start: 12 bins over [a, b]
      if uniform[i] then
        axes[i].width = (uniform[i][2] - uniform[i][1]) / 12
        axes[i].ulo, axes[i].uhi = uniform[i][1], uniform[i][2]
      end
      axes[i].declared = declared[i]
    end
    return axes[i]
  end
  local prs = {}
  local function make_pairs()
    for _, c in ipairs(candidates) do
      local pr = { ax = getaxis(c[1]), ay = getaxis(c[2]), i = c[1], j = c[2], cells = {} }
      prs[#prs + 1] = pr
      pr.ax.pairs[#pr.ax.pairs + 1] = pr
      if pr.ay ~= pr.ax then pr.ay.pairs[#pr.ay.pairs + 1] = pr end
    end
  end
  make_pairs()
  local nlines, cpos = 0, nil
  local own_counts, own_order = nil, {}
  if #sclauses == 0 then own_counts = {} end
  local iter = type(doc.lines) == "function" and doc.lines() or nil
  if iter then
    for rec in iter do
      nlines = nlines + 1
      local vals = list(rec.values)
      if nlines == 1 and #names < 2 and #vals >= 2 and #prs == 0 then
        -- no axis list at all: learn the count from the first line
        for i = 1, #vals do names[i] = names[i] or ("axis " .. i) end
        local m = math.min(#vals, 5)
        for i = 1, m do for j = i + 1, m do candidates[#candidates + 1] = { i, j } end end
        make_pairs()
      end
      for i = 1, #vals do getaxis(i) end
      local keys = {}
      for i, v in ipairs(vals) do keys[i] = axis_key(axes[i], v) end
      local cl = list(rec.clauses)
      if own_counts then
        for _, c in ipairs(cl) do
          local id = text(c.id)
          local t = own_counts[id]
          if not t then t = { n = 0, sum = 0, counts = {} }; own_counts[id] = t; own_order[#own_order + 1] = id end
          t.counts[c.verdict] = (t.counts[c.verdict] or 0) + 1
          if type(c.p_breach) == "number" then t.sum = t.sum + c.p_breach end
          t.n = t.n + 1
        end
        if not clause_id and cl[1] then clause_id = text(cl[1].id) end
      end
      local ce
      if cpos and cl[cpos] and cl[cpos].id == clause_id then ce = cl[cpos]
      else
        for k, c in ipairs(cl) do if c.id == clause_id then ce = c; cpos = k; break end end
      end
      if ce and #prs > 0 then
        local p = type(ce.p_breach) == "number" and ce.p_breach or 0
        local v = text(ce.verdict)
        for _, pr in ipairs(prs) do
          local kx, ky = keys[pr.i], keys[pr.j]
          if kx and ky then
            local ck = kx .. "\0" .. ky
            local cell = pr.cells[ck]
            if not cell then cell = { n = 0, sum = 0, v = {} }; pr.cells[ck] = cell end
            cell.n = cell.n + 1
            cell.sum = cell.sum + p
            cell.v[v] = (cell.v[v] or 0) + 1
          end
        end
      end
    end
  end
  if own_counts then
    for _, id in ipairs(own_order) do
      local t = own_counts[id]
      local cts = {}
      for _, v in ipairs(VERDICTS) do cts[v] = t.counts[v] or 0 end
      sclauses[#sclauses + 1] = { id = id, counts = cts, mean_p_breach = t.n > 0 and t.sum / t.n or null }
      clause_ids[#clause_ids + 1] = id
    end
  end

  -- choose the heatmap pair: first two axes with few distinct values
  local chosen
  if #prs == 1 then chosen = prs[1]
  elseif #prs > 1 then
    local few = {}
    for i = 1, #names do
      local ax = axes[i]
      if ax and ax.n >= 1 and ax.n <= CAP and not ax.width and not ax.vals["~other"] then few[#few + 1] = i end
    end
    local want
    if xi or yi then
      local fixed = xi or yi
      for _, i in ipairs(few) do if i ~= fixed then want = xi and { xi, i } or { i, yi } break end end
    elseif #few >= 2 then
      local a, b = few[1], few[2]
      if axes[b].n > axes[a].n then a, b = b, a end
      want = { a, b }
    end
    for _, pr in ipairs(prs) do
      if want and ((pr.i == want[1] and pr.j == want[2]) or (pr.i == want[2] and pr.j == want[1])) then
        chosen = pr
        if pr.i ~= want[1] then
          -- transpose so the axis with more values runs across
          local cells = {}
          for ck, cell in pairs(pr.cells) do
            local kx, ky = ck:match("^(.-)\0(.*)$")
            cells[ky .. "\0" .. kx] = cell
          end
          chosen = { ax = pr.ay, ay = pr.ax, i = pr.j, j = pr.i, cells = cells }
        end
      end
    end
    chosen = chosen or prs[1]
  end

  -- page
  local bid = summary.batch or summary.id or (type(doc.batch) == "string" and doc.batch) or nil
  local title = "redline batch report" .. (bid and (" — " .. text(bid)) or "")
  page_open(out, title)
  out('<h1>' .. esc(title) .. '</h1>\n')
  local meta = {}
  if not isnull(summary.base) then meta[#meta + 1] = "base scenario <code>" .. esc(summary.base) .. "</code>" end
  if not isnull(summary.mode) then meta[#meta + 1] = "mode " .. esc(summary.mode) end
  if #names > 0 then
    local t = {}
    for i, n in ipairs(names) do
      local c = counts[i] or (axes[i] and not axes[i].width and not axes[i].vals["~other"] and axes[i].n) or nil
      t[#t + 1] = "<code>" .. esc(n) .. "</code>" .. (c and (" (" .. num(c) .. " values)") or "")
    end
    meta[#meta + 1] = "axes " .. concat(t, ", ")
  end
  if #meta > 0 then out('<p class="muted">' .. concat(meta, " · ") .. '</p>\n') end
  local variants = tonumber(summary.variants) or nlines
  local findings = tonumber(summary.findings)
  out('<div class="head">\n')
  out('<div class="kpi"><span class="k">Variants</span><span class="val">' .. esc(grp(variants)) .. '</span></div>\n')
  if findings then
    out('<div class="kpi"><span class="k">With a binding breach or contested clause</span><span class="val">' .. esc(grp(findings)) ..
      ' <span class="small muted">(' .. pct(findings, variants) .. ')</span></span></div>\n')
  end
  out('</div>\n')

  local shown = sclauses
  if opts.clause then
    shown = {}
    for _, c in ipairs(sclauses) do if text(c.id) == opts.clause then shown[#shown + 1] = c end end
    out('<p class="small">Showing clause <code>' .. escid(opts.clause) .. '</code> only.</p>\n')
  end
  out('<h2>Verdicts per clause</h2>\n<figure>\n')
  verdict_bars(out, shown, variants)
  out('<figcaption>How often each clause ends in each verdict across the variants.</figcaption>\n</figure>\n')
  out('<table class="counts"><thead><tr><th style="width:34%">Clause</th>')
  for _, v in ipairs(VERDICTS) do
    local c = vc(v)
    out(fmt('<th class="num"><span class="sw" style="background:%s;color:%s">%s</span> %s</th>', c.fill, c.ink, c.sym, esc(v == "not_applicable" and "n/a" or c.label)))
  end
  out('<th class="num">mean p(breach)</th><th class="num">mean expected exposure</th></tr></thead><tbody>\n')
  for _, c in ipairs(shown) do
    out('<tr><td><code>' .. escid(c.id) .. '</code></td>')
    local cts = type(c.counts) == "table" and c.counts or {}
    for _, v in ipairs(VERDICTS) do out('<td class="num">' .. esc(grp(tonumber(cts[v]) or 0)) .. '</td>') end
    out('<td class="num">' .. prob(c.mean_p_breach) .. '</td><td class="num">' .. esc(usd(c.mean_expected_exposure_usd)) .. '</td></tr>\n')
  end
  out('</tbody></table>\n')
  batch_claimants_html(out, summary)
  variants_html(out, doc, summary, opts)

  out('<h2>Where the clause tips: mean p(breach) and verdict shares over two axes</h2>\n')
  if chosen and clause_id then
    out('<figure>\n')
    heatmap(out, chosen, clause_id)
    out(fmt('<figcaption>Clause <code>%s</code>; each cell shows the mean p(breach) over every variant with those values of <code>%s</code> and <code>%s</code> (the other axes vary) and, along its foot, each verdict’s share of them; a mean between 0 and 1 may blend worlds that are each certain, so mixed cells are outlined. Choose with <code>--x</code>, <code>--y</code> and <code>--clause</code>.</figcaption>\n</figure>\n',
      esc(clause_id), esc(chosen.ax.name), esc(chosen.ay.name)))
  else
    out('<p class="muted">Needs at least two axes and the lines of the batch (JSON Lines) to draw.</p>\n')
  end

  -- tipping points: one number line per numeric axis
  local tps = list(summary.tipping_points)
  local numeric, seen = {}, {}
  for i = 1, #names do
    local ax = axes[i]
    if ax and ax.seen and ax.numeric then numeric[#numeric + 1] = names[i]; seen[names[i]] = ax end
  end
  for _, t in ipairs(tps) do
    local a = text(t.axis)
    if seen[a] == nil then numeric[#numeric + 1] = a; seen[a] = false end
  end
  out('<h2>Tipping points</h2>\n')
  if #numeric == 0 then
    out('<p class="muted">No numeric axis in this batch.</p>\n')
  else
    out('<p class="small muted">Where a clause’s verdict changes as one numeric axis moves, the other facts as in the base scenario.</p>\n')
    for _, a in ipairs(numeric) do
      local mine = {}
      for _, t in ipairs(tps) do
        if text(t.axis) == a and (not opts.clause or text(t.clause) == opts.clause) then mine[#mine + 1] = t end
      end
      out('<figure>\n')
      tipping_chart(out, a, mine, seen[a] or nil)
      out('</figure>\n')
    end
  end

  local ths = list(summary.thresholds)
  if #ths > 0 then
    out('<h2>Exact tipping points per slice</h2>\n')
    out('<p class="small muted">For each numeric axis and each combination of the other axes’ values, the threshold (found by bisection) where a clause’s verdict changes; not blended across slices.</p>\n')
    out('<table class="counts"><thead><tr><th>Axis</th><th>Other axes</th><th>Clause</th><th class="num">Threshold</th><th>Between</th><th>Change</th></tr></thead><tbody>\n')
    local shown_th = 0
    for _, t in ipairs(ths) do
      if (not opts.clause or text(t.clause) == opts.clause) and shown_th < 200 then
        shown_th = shown_th + 1
        out(fmt('<tr><td><code>%s</code></td><td class="small">%s</td><td><code>%s</code></td><td class="num">%s</td><td>%s and %s</td><td>%s → %s</td></tr>\n',
          esc(text(t.axis)), esc(text(t.slice)), escid(text(t.clause)), esc(num(t.threshold)), esc(num(t.after)), esc(num(t.at)),
          esc(vc(t.from).label), esc(vc(t.to).label)))
      end
    end
    out('</tbody></table>\n')
  end

  -- what would it take: the nearest compliant designs and the conflicts
  local wt = summary.what_would_it_take
  out('<h2>What would it take</h2>\n')
  if type(wt) ~= "table" then
    out('<p class="muted">Not computed (it needs a whole run’s summary, or <code>--batch</code>).</p>\n')
  else
    local near = list(wt.nearest)
    if wt.compliant then
      out('<p>The nearest compliant designs: the variants whose scenario verdict is compliant (or not applicable), changing the fewest axes from the base scenario.</p>\n')
    else
      out(fmt('<p>No variant is compliant. The nearest are %s binding clause%s short; for each, the clauses that block it and the readings that do.</p>\n',
        esc(num(wt.short)), wt.short == 1 and "" or "s"))
    end
    if #near > 0 then
      out('<table class="counts"><thead><tr><th>Variant</th><th>Changes from the base scenario</th><th>Blocked by</th></tr></thead><tbody>\n')
      for _, n in ipairs(near) do
        local blocks = {}
        for _, b in ipairs(list(n.blocking)) do
          local rs = list(b.readings)
          for i, r in ipairs(rs) do rs[i] = esc(text(r)) end
          blocks[#blocks + 1] = '<code>' .. escid(text(b.clause)) .. '</code> ' .. esc(vc(b.verdict).label) ..
            (#rs > 0 and (' (under ' .. concat(rs, ", ") .. ')') or '')
        end
        out(fmt('<tr><td class="num">%s</td><td>%s</td><td>%s</td></tr>\n', esc(num(n.variant)), esc(text(n.changes)),
          #blocks > 0 and concat(blocks, '<br>') or '—'))
      end
      out('</tbody></table>\n')
    end
    local cfs = list(wt.conflicts)
    if #cfs == 0 then
      out('<p>No conflicts: every set of binding clauses that variants satisfy apart, some variant satisfies together.</p>\n')
    else
      out(fmt('<p><strong>%d conflict%s</strong>: binding clauses that variants of this batch satisfy apart but never all together. The contracts leave no way out within the batch.</p>\n',
        #cfs, #cfs == 1 and "" or "s"))
      out('<table class="counts"><thead><tr><th>Clauses</th><th>Witnesses</th><th>They pull apart along</th><th>Readings never satisfied together</th></tr></thead><tbody>\n')
      for _, c in ipairs(cfs) do
        local ids = {}
        for _, id in ipairs(list(c.clauses)) do ids[#ids + 1] = '<code>' .. escid(text(id)) .. '</code>' end
        local ws = {}
        for _, w in ipairs(list(c.witnesses)) do
          local sat = {}
          for _, id in ipairs(list(w.satisfies)) do sat[#sat + 1] = escid(text(id)) end
          ws[#ws + 1] = fmt('variant %s (%s) satisfies %s', esc(num(w.variant)), esc(text(w.changes)), concat(sat, " and "))
        end
        local axs = {}
        for _, a in ipairs(list(c.axes)) do axs[#axs + 1] = '<code>' .. esc(text(a)) .. '</code>' end
        local rp = {}
        for _, pr in ipairs(list(c.readings)) do rp[#rp + 1] = esc(text(pr[1])) .. ' / ' .. esc(text(pr[2])) end
        out(fmt('<tr><td>%s%s</td><td class="small">%s</td><td>%s</td><td>%s</td></tr>\n', concat(ids, '<br>'),
          c.level == "reading" and ' <span class="small muted">(under some readings)</span>' or '',
          concat(ws, '<br>'), #axs > 0 and concat(axs, ", ") or '—', #rp > 0 and concat(rp, '; ') or '—'))
      end
      out('</tbody></table>\n')
    end
    local un = list(wt.unsatisfiable)
    if #un > 0 then
      local ids = {}
      for _, id in ipairs(un) do ids[#ids + 1] = '<code>' .. escid(text(id)) .. '</code>' end
      out('<p>Binding clauses no variant satisfies: ' .. concat(ids, ", ") .. '.</p>\n')
    end
  end

  out('<h2>Verdict flips per axis</h2>\n')
  local flips = list(summary.flips)
  if #flips == 0 then
    out('<p class="muted">No flip counts (they are computed in grid mode).</p>\n')
  else
    out('<figure>\n')
    flips_chart(out, flips, clause_ids, opts.clause)
    out('<figcaption>A flip: two variants that differ only in one axis (its neighbouring values) and get different verdicts for a clause.</figcaption>\n</figure>\n')
  end
  local m = doc.manifest or summary.manifest
  if m then manifest_footer(out, m) end
  page_close(out)
end

return { batch = batch }
