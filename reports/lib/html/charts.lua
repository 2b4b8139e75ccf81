-- reports/lib/html/charts.lua: the HTML report's SVG charts: a clause's
-- p(breach) and reading-weight bars, and for a batch the axis bookkeeping
-- the heatmap bins by, the verdict bars, the heatmap, the tipping-point and
-- flip charts.  Returns the table at the end.

local fmt, concat, floor = string.format, table.concat, math.floor
local P = include("page.lua")
local num, text, esc, grp, compact, prob = P.num, P.text, P.esc, P.grp, P.compact, P.prob
local pct, list, sorted_keys, n2, textw = P.pct, P.list, P.sorted_keys, P.n2, P.textw
local fit, VERDICTS, VC, vc, svg_open = P.fit, P.VERDICTS, P.VC, P.vc, P.svg_open
local svg_text, verdict_legend = P.svg_text, P.verdict_legend

-- The small p(breach) bar used in clause tables.
local function pbar(p, verdict)
  local w, h = 110, 16
  local c = vc(verdict)
  local pv = type(p) == "number" and math.max(0, math.min(1, p)) or 0
  local t = {}
  t[#t + 1] = fmt('<svg xmlns="http://www.w3.org/2000/svg" class="inline pbar" viewBox="0 0 %d %d" width="%d" height="%d" role="img">', w + 34, h, w + 34, h)
  t[#t + 1] = '<title>p(breach) ' .. prob(p) .. ' on a 0 to 1 scale</title>'
  t[#t + 1] = fmt('<rect x="0" y="3" width="%d" height="10" fill="#f3f4f6" stroke="#9ca3af" stroke-width="0.5"/>', w)
  if pv > 0 then
    t[#t + 1] = fmt('<rect x="0" y="3" width="%s" height="10" fill="%s"/>', n2(w * pv), c.fill)
  end
  t[#t + 1] = fmt('<line x1="%s" y1="1" x2="%s" y2="15" stroke="#6b7280" stroke-width="0.5"/>', n2(w / 2), n2(w / 2))
  t[#t + 1] = fmt('<text x="%d" y="12.5" font-size="11" fill="#1f2937">%s</text>', w + 5, prob(p))
  t[#t + 1] = '</svg>'
  return concat(t)
end

-- How a clause's readings split the weight, one segment per reading coloured
-- by its verdict: the breach segments add up to p(breach).
local function weights_bar(readings)
  local total = 0
  for _, rd in ipairs(readings) do
    if type(rd.weight) == "number" and rd.weight > 0 then total = total + rd.weight end
  end
  if total <= 0 then return "" end
  local W, H = 420, 22
  local t = {}
  t[#t + 1] = fmt('<svg xmlns="http://www.w3.org/2000/svg" class="inline weights" viewBox="0 0 %d %d" width="%d" height="%d" role="img">', W, H, W, H)
  local desc = {}
  for _, rd in ipairs(readings) do
    if type(rd.weight) == "number" and rd.weight > 0 then
      desc[#desc + 1] = fmt("%s %.2f %s", text(rd.name), rd.weight, vc(rd.verdict).label)
    end
  end
  t[#t + 1] = '<title>' .. esc("Reading weights by verdict: " .. concat(desc, ", ")) .. '</title>'
  local x = 0
  for _, rd in ipairs(readings) do
    if type(rd.weight) == "number" and rd.weight > 0 then
      local w = W * rd.weight / total
      local c = vc(rd.verdict)
      t[#t + 1] = fmt('<rect x="%s" y="1" width="%s" height="%d" fill="%s" stroke="#ffffff" stroke-width="1"/>', n2(x), n2(w), H - 2, c.fill)
      local lab = fmt("%s %s %.2f", c.sym, text(rd.name), rd.weight)
      if textw(lab, 11) * 1.1 + 8 > w then lab = fmt("%s %.2f", c.sym, rd.weight) end
      if textw(lab, 11) * 1.1 + 4 <= w then
        t[#t + 1] = fmt('<text x="%s" y="15" font-size="11" fill="%s" text-anchor="middle">%s</text>', n2(x + w / 2), c.ink, esc(lab))
      end
      x = x + w
    end
  end
  t[#t + 1] = '</svg>'
  return concat(t)
end

------------------------------------------------------------------------

------------------------------------------------------------------------
-- Batch charts
------------------------------------------------------------------------
local CAP = 24          -- most distinct values (or bins) an axis keeps for the heatmap

-- Axis value bookkeeping while streaming.  Numbers keep exact values until
-- there are more than CAP, then fall into bins whose width doubles as needed;
-- other values keep the first CAP-1 distinct and lump the rest as "other".
local function new_axis(name)
  return { name = name, vals = {}, n = 0, width = nil, min = nil, max = nil, numeric = true, seen = false, pairs = {} }
end

local function rekey_axis(ax, width)
  local map, nv, cnt = {}, {}, 0
  for k, e in pairs(ax.vals) do
    local b = floor(e.lo / width + 1e-9)
    local nk = "b" .. fmt("%d", b)
    map[k] = nk
    if not nv[nk] then
      nv[nk] = { lo = b * width, hi = (b + 1) * width, num = b * width, bin = true }
      cnt = cnt + 1
    end
  end
  ax.vals, ax.n, ax.width = nv, cnt, width
  -- move every heatmap cell keyed on this axis
  for _, pr in ipairs(ax.pairs) do
    local cells = {}
    for ck, cell in pairs(pr.cells) do
      local kx, ky = ck:match("^(.-)\0(.*)$")
      if pr.ax == ax then kx = map[kx] end
      if pr.ay == ax then ky = map[ky] end
      local nk = kx .. "\0" .. ky
      local t = cells[nk]
      if not t then cells[nk] = cell
      else
        t.n, t.sum = t.n + cell.n, t.sum + cell.sum
        for v, c in pairs(cell.v) do t.v[v] = (t.v[v] or 0) + c end
      end
    end
    pr.cells = cells
  end
  return map
end

local function axis_key(ax, v)
  ax.seen = true
  if type(v) == "number" and ax.numeric then
    if not ax.min or v < ax.min then ax.min = v end
    if not ax.max or v > ax.max then ax.max = v end
    local k
    if ax.width then
      k = "b" .. fmt("%d", floor(v / ax.width + 1e-9))
    else
      k = fmt("n%.17g", v)
    end
    if ax.vals[k] then return k end
    if not ax.width and ax.n >= CAP then
      local span = ax.max - ax.min
      local w = span / (CAP / 2)
      if w <= 0 then w = 1 end
      rekey_axis(ax, w)
      return axis_key(ax, v)
    end
    if ax.width and ax.n >= CAP then
      rekey_axis(ax, ax.width * 2)
      return axis_key(ax, v)
    end
    if ax.width then
      local b = floor(v / ax.width + 1e-9)
      ax.vals[k] = { lo = b * ax.width, hi = (b + 1) * ax.width, num = b * ax.width, bin = true }
    else
      ax.vals[k] = { lo = v, num = v, label = num(v) }
    end
    ax.n = ax.n + 1
    return k
  end
  if type(v) ~= "number" and ax.numeric and ax.n > 0 then
    -- mixed types: fall back to labels
    ax.numeric = false
  elseif type(v) ~= "number" then
    ax.numeric = false
  end
  local k = "s" .. text(v)
  if type(v) == "number" then k = "s" .. num(v) end
  if ax.vals[k] then return k end
  if ax.n >= CAP - 1 then
    k = "~other"
    if not ax.vals[k] then ax.vals[k] = { label = "(other values)", other = true, ord = math.huge }; ax.n = ax.n + 1 end
    return k
  end
  ax.n = ax.n + 1
  ax.vals[k] = { label = type(v) == "number" and num(v) or text(v), ord = ax.n }
  return k
end

local function axis_order(ax)
  local ks = {}
  for k in pairs(ax.vals) do ks[#ks + 1] = k end
  local allnum = true
  for _, k in ipairs(ks) do if ax.vals[k].num == nil then allnum = false end end
  table.sort(ks, function(a, b)
    local ea, eb = ax.vals[a], ax.vals[b]
    if allnum then
      if ea.num ~= eb.num then return ea.num < eb.num end
      return a < b
    end
    -- the batch's own order of values when known, else sorted labels
    local d = ax.declared
    local da, db = d and ea.label and d[ea.label], d and eb.label and d[eb.label]
    if da and db and da ~= db then return da < db end
    if (da ~= nil) ~= (db ~= nil) then return da ~= nil end
    if (ea.other or false) ~= (eb.other or false) then return eb.other == true end
    local la, lb = ea.label or a, eb.label or b
    if la ~= lb then return la < lb end
    return a < b
  end)
  return ks
end

local function axis_label(ax, k)
  local e = ax.vals[k]
  if e.bin then
    local lo, hi = e.lo, e.hi
    local a, b = ax.ulo or ax.min, ax.uhi or ax.max
    if a and lo < a then lo = a end
    if b and hi > b then hi = b end
    local function short(x)
      if math.abs(x) < 1e-12 then return "0" end
      return (fmt("%.3g", x))
    end
    return short(lo) .. "–" .. short(hi)
  end
  return e.label or k
end

-- Axis names and, where the summary allows, their number of distinct values.
local function axes_from_summary(doc, summary)
  local names, counts, uniform, declared = {}, {}, {}, {}
  local src = (type(summary.axes) == "table" and summary.axes) or (type(doc.axes) == "table" and doc.axes)
    or (type(summary.vary) == "table" and summary.vary) or nil
  if src then
    for i, a in ipairs(src) do
      if type(a) == "table" then
        names[i] = text(a.path or a.axis or a.name or a[1] or ("axis " .. i))
        local vals = a.values or a[2]
        if type(vals) == "table" and #vals > 0 then
          counts[i] = #vals
          declared[i] = {}
          for k, v in ipairs(vals) do
            local key = type(v) == "number" and num(v) or text(v)
            if declared[i][key] == nil then declared[i][key] = k end
          end
        elseif type(a.count) == "number" then counts[i] = a.count
        elseif type(a.n) == "number" then counts[i] = a.n end
        local u = a.uniform
        if type(u) == "table" and type(u[1]) == "number" and type(u[2]) == "number" and u[2] > u[1] then
          uniform[i] = { u[1], u[2] }
        end
      else
        names[i] = text(a)
      end
    end
  end
  local V = summary.variants
  for i, f in ipairs(list(summary.flips)) do
    if type(f) == "table" then
      if not src then names[i] = text(f.axis) end
      -- grid mode: an axis of n values has V(n-1)/n neighbouring pairs
      local idx
      for j, nm in ipairs(names) do if nm == text(f.axis) then idx = j break end end
      if idx and not counts[idx] and type(V) == "number" and type(f.pairs) == "number" and V > f.pairs then
        counts[idx] = floor(V / (V - f.pairs) + 0.5)
      end
    end
  end
  return names, counts, uniform, declared
end

local function find_axis(names, want, flag)
  if want == nil or want == "" then return nil end
  for i, n in ipairs(names) do if n == want then return i end end
  local k = tonumber(want)
  if k and k == floor(k) and names[k] then return k end
  local avail = {}
  for _, n in ipairs(names) do avail[#avail + 1] = n end
  error(fmt("html report: %s: no axis %q (axes: %s)", flag, want, #avail > 0 and concat(avail, ", ") or "none"), 0)
end

-- Colour scale for mean p(breach): compliant green -> contested amber -> breach red.
local SCALE = { { 0, 0xe8, 0xf5, 0xe9 }, { 0.25, 0xa5, 0xd6, 0xa7 }, { 0.5, 0xfc, 0xd3, 0x4d }, { 0.75, 0xf9, 0x73, 0x16 }, { 1, 0xc6, 0x28, 0x28 } }
local function pcolour(p)
  if p < 0 then p = 0 elseif p > 1 then p = 1 end
  for i = 2, #SCALE do
    local a, b = SCALE[i - 1], SCALE[i]
    if p <= b[1] then
      local t = (p - a[1]) / (b[1] - a[1])
      return fmt("#%02x%02x%02x", floor(a[2] + (b[2] - a[2]) * t + 0.5), floor(a[3] + (b[3] - a[3]) * t + 0.5), floor(a[4] + (b[4] - a[4]) * t + 0.5))
    end
  end
  return "#c62828"
end
local function pink(p) return p > 0.62 and "#ffffff" or "#111827" end

-- Nice tick step for a span.
local function nice_step(span, n)
  if span <= 0 then return 1 end
  local raw = span / n
  local mag = 10 ^ floor(math.log(raw, 10))
  local f = raw / mag
  local s = f <= 1 and 1 or f <= 2 and 2 or f <= 2.5 and 2.5 or f <= 5 and 5 or 10
  return s * mag
end

local function verdict_bars(out, clauses, variants)
  local LW, BW, RH = 360, 520, 28
  local w = LW + BW + 70
  local h = 64 + #clauses * RH + 52
  svg_open(out, w, h, "Verdict counts per clause",
    "One horizontal bar per clause; segment length is the share of variants with each verdict.", "verdicts")
  svg_text(out, 10, 20, "Verdict counts per clause", 'font-size="14" font-weight="bold" fill="#111827"')
  verdict_legend(out, 10, 32)
  local y0 = 60
  for i, c in ipairs(clauses) do
    local y = y0 + (i - 1) * RH
    local counts = type(c.counts) == "table" and c.counts or {}
    local total = 0
    for _, v in ipairs(VERDICTS) do total = total + (tonumber(counts[v]) or 0) end
    svg_text(out, LW - 8, y + 17, fit(text(c.id), LW - 14, 11.5), 'font-size="11.5" fill="#111827" text-anchor="end"')
    out(fmt('<rect x="%d" y="%s" width="%d" height="%d" fill="#ffffff" stroke="#9ca3af" stroke-width="0.5"/>\n', LW, n2(y + 4), BW, RH - 8))
    local x = LW
    for _, v in ipairs(VERDICTS) do
      local n = tonumber(counts[v]) or 0
      if n > 0 and total > 0 then
        local sw = BW * n / total
        local c2 = vc(v)
        out(fmt('<rect x="%s" y="%s" width="%s" height="%d" fill="%s" stroke="#ffffff" stroke-width="0.6"><title>%s: %s %s (%s)</title></rect>\n',
          n2(x), n2(y + 4), n2(sw), RH - 8, c2.fill, esc(c.id), esc(grp(n)), esc(c2.label), pct(n, total)))
        local lab = c2.sym .. " " .. compact(n)
        if textw(lab, 10.5) * 1.15 + 8 > sw then lab = compact(n) end
        if textw(lab, 10.5) * 1.15 + 4 <= sw then
          svg_text(out, x + sw / 2, y + 18, lab, fmt('font-size="10.5" fill="%s" text-anchor="middle" font-weight="bold"', c2.ink))
        end
        x = x + sw
      end
    end
  end
  -- x axis
  local ya = y0 + #clauses * RH + 2
  out(fmt('<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="#374151" stroke-width="1"/>\n', LW, n2(ya), LW + BW, n2(ya)))
  for k = 0, 4 do
    local x = LW + BW * k / 4
    out(fmt('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#374151" stroke-width="1"/>\n', n2(x), n2(ya), n2(x), n2(ya + 5)))
    local lab = fmt("%d%%", k * 25)
    if type(variants) == "number" then lab = lab .. " (" .. grp(floor(variants * k / 4 + 0.5)) .. ")" end
    svg_text(out, x, ya + 17, lab, 'font-size="10.5" fill="#374151" text-anchor="middle"')
  end
  svg_text(out, LW + BW / 2, ya + 36, "share of variants" .. (type(variants) == "number" and (" (count of " .. grp(variants) .. ")") or ""),
    'font-size="11.5" fill="#111827" text-anchor="middle"')
  out('</svg>\n')
end

local function heatmap(out, pr, clause_id)
  local ax, ay = pr.ax, pr.ay
  local xs, ys = axis_order(ax), axis_order(ay)
  local cw = math.max(38, math.min(90, floor(680 / math.max(1, #xs))))
  local ch = 34
  local ylabw = 10
  for _, k in ipairs(ys) do ylabw = math.max(ylabw, textw(fit(axis_label(ay, k), 230, 11), 11)) end
  local LW = floor(ylabw) + 40
  -- the y axis name runs vertically when the grid is tall enough, else it
  -- sits above the row labels
  local yname = fit(ay.name, 320, 12)
  local yvertical = #ys * ch >= textw(yname, 12) + 8
  if not yvertical then LW = math.max(LW, floor(textw(yname, 12)) + 24) end
  local rotate = false
  for _, k in ipairs(xs) do if textw(axis_label(ax, k), 10.5) > cw - 4 then rotate = true end end
  local xlab_h = rotate and 96 or 24
  local top = yvertical and 52 or 66
  local w = math.max(LW + #xs * cw + 30, 760)
  local gy = top + #ys * ch
  local h = gy + xlab_h + 30 + 84
  svg_open(out, w, h, "Mean p(breach) of " .. clause_id .. " by " .. ax.name .. " and " .. ay.name,
    "Each cell is the mean p(breach) over the variants with those two axis values, with each verdict's share of them; cells whose variants differ in verdict are marked mixed.", "heatmap")
  svg_text(out, 10, 20, fit("Mean p(breach) — " .. clause_id, w - 20, 14), 'font-size="14" font-weight="bold" fill="#111827"')
  svg_text(out, 10, 38, fit("by " .. ax.name .. " (x) and " .. ay.name .. " (y)", w - 20, 11.5), 'font-size="11.5" fill="#4b5563"')
  for j, ky in ipairs(ys) do
    local y = top + (j - 1) * ch
    svg_text(out, LW - 8, y + ch / 2 + 4, fit(axis_label(ay, ky), 230, 11), 'font-size="11" fill="#111827" text-anchor="end"')
    for i, kx in ipairs(xs) do
      local x = LW + (i - 1) * cw
      local cell = pr.cells[kx .. "\0" .. ky]
      if cell and cell.n > 0 then
        local p = cell.sum / cell.n
        -- one verdict across the cell: show its symbol too
        local only, nv = nil, 0
        for _, v in ipairs(VERDICTS) do if (cell.v[v] or 0) > 0 then only = v; nv = nv + 1 end end
        local lab = fmt("%.2f", p)
        -- the share of the cell's variants per verdict (not blended)
        local shares = {}
        for _, v in ipairs(VERDICTS) do
          local k = cell.v[v] or 0
          if k > 0 then shares[#shares + 1] = fmt("%s %.0f%%", vc(v).label, 100 * k / cell.n) end
        end
        out(fmt('<rect x="%s" y="%s" width="%d" height="%d" fill="%s" stroke="#ffffff" stroke-width="1"><title>%s = %s, %s = %s: mean p(breach) %.3f over %d variants; %s%s</title></rect>\n',
          n2(x), n2(y), cw, ch, pcolour(p), esc(ax.name), esc(axis_label(ax, kx)), esc(ay.name), esc(axis_label(ay, ky)), p, cell.n,
          esc(concat(shares, ", ")), nv == 1 and "" or " (mixed verdicts)"))
        -- a bar along the foot of the cell: each verdict's share of its variants
        local bx = x + 2
        for _, v in ipairs(VERDICTS) do
          local k = cell.v[v] or 0
          if k > 0 then
            local bw = (cw - 4) * k / cell.n
            out(fmt('<rect x="%s" y="%s" width="%s" height="5" fill="%s" stroke="#ffffff" stroke-width="0.5"/>\n',
              n2(bx), n2(y + ch - 7), n2(bw), vc(v).fill))
            bx = bx + bw
          end
        end
        if nv > 1 then
          -- mixed: a dashed outline, so a middling mean is not read as one verdict
          out(fmt('<rect x="%s" y="%s" width="%d" height="%d" fill="none" stroke="#111827" stroke-width="1" stroke-dasharray="3 2"/>\n',
            n2(x + 1.5), n2(y + 1.5), cw - 3, ch - 3))
        end
        if cw >= 30 then
          svg_text(out, x + cw / 2, y + (cw >= 44 and 15 or 21), lab, fmt('font-size="10.5" fill="%s" text-anchor="middle"', pink(p)))
          if cw >= 44 then
            svg_text(out, x + cw / 2, y + 28, nv == 1 and vc(only).sym or "mixed", fmt('font-size="%s" fill="%s" text-anchor="middle"', nv == 1 and "10" or "8.5", pink(p)))
          end
        end
      else
        out(fmt('<rect x="%s" y="%s" width="%d" height="%d" fill="#ffffff" stroke="#d1d5db" stroke-width="0.5" stroke-dasharray="2 2"><title>no variants</title></rect>\n', n2(x), n2(y), cw, ch))
      end
    end
  end
  -- x tick labels
  for i, kx in ipairs(xs) do
    local x = LW + (i - 1) * cw + cw / 2
    local lab = fit(axis_label(ax, kx), rotate and 92 or cw, 10.5)
    if rotate then
      svg_text(out, x + 3, gy + 8, lab, fmt('font-size="10.5" fill="#111827" text-anchor="end" transform="rotate(-60 %s %s)"', n2(x + 3), n2(gy + 8)))
    else
      svg_text(out, x, gy + 15, lab, 'font-size="10.5" fill="#111827" text-anchor="middle"')
    end
  end
  svg_text(out, LW + #xs * cw / 2, gy + xlab_h + 10, fit(ax.name, math.max(320, #xs * cw), 12), 'font-size="12" font-weight="bold" fill="#111827" text-anchor="middle"')
  if yvertical then
    local ym = top + #ys * ch / 2
    svg_text(out, 16, ym, yname, fmt('font-size="12" font-weight="bold" fill="#111827" text-anchor="middle" transform="rotate(-90 16 %s)"', n2(ym)))
  else
    svg_text(out, 10, top - 7, yname .. " ↓", 'font-size="12" font-weight="bold" fill="#111827"')
  end
  -- colour scale legend (discrete steps: no gradient ids needed)
  local ly = gy + xlab_h + 30
  svg_text(out, 10, ly + 12, "mean p(breach):", 'font-size="11.5" fill="#111827"')
  local lx, steps, sw = 110, 20, 14
  for s = 0, steps - 1 do
    out(fmt('<rect x="%s" y="%s" width="%d" height="14" fill="%s"/>\n', n2(lx + s * sw), n2(ly), sw, pcolour((s + 0.5) / steps)))
  end
  out(fmt('<rect x="%s" y="%s" width="%d" height="14" fill="none" stroke="#374151" stroke-width="0.6"/>\n', n2(lx), n2(ly), steps * sw))
  for k = 0, 4 do
    local x = lx + steps * sw * k / 4
    out(fmt('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#374151"/>\n', n2(x), n2(ly + 14), n2(x), n2(ly + 18)))
    svg_text(out, x, ly + 29, fmt("%.2f", k / 4), 'font-size="10" fill="#374151" text-anchor="middle"')
  end
  svg_text(out, lx + steps * sw + 12, ly + 12, "0 = compliant/n.a. everywhere, 1 = breach everywhere", 'font-size="10.5" fill="#4b5563"')
  svg_text(out, 10, ly + 50, "The number is the mean p(breach). A symbol under it: every variant in the cell has that verdict (✗ breach, ◐ contested, ? unknown, ✓ compliant, – n/a);",
    'font-size="10.5" fill="#4b5563"')
  svg_text(out, 10, ly + 64, "“mixed” and a dashed outline: the cell's variants differ in verdict. The bar at the foot of a cell: each verdict's share of its variants.",
    'font-size="10.5" fill="#4b5563"')
  out('</svg>\n')
end

local function tipping_chart(out, axis, tps, ax)
  local w, LM, RM = 900, 40, 40
  local lo, hi = ax and (ax.ulo or ax.min), ax and (ax.uhi or ax.max)
  for _, t in ipairs(tps) do
    for _, v in ipairs({ t.after, t.at }) do
      if type(v) == "number" then
        if not lo or v < lo then lo = v end
        if not hi or v > hi then hi = v end
      end
    end
  end
  if not lo then lo, hi = 0, 1 end
  if hi == lo then lo, hi = lo - 0.5, hi + 0.5 end
  local function X(v) return LM + (w - LM - RM) * (v - lo) / (hi - lo) end
  local lineY = 76
  local h = lineY + 36 + #tps * 32 + 10
  if #tps == 0 then h = lineY + 60 end
  svg_open(out, w, h, "Tipping points along " .. axis,
    "A number line of the axis; each marker is where one clause's verdict changes, other facts as in the base scenario.", "tipping")
  svg_text(out, 10, 20, fit("Tipping points — " .. axis, w - 20, 14), 'font-size="14" font-weight="bold" fill="#111827"')
  -- legend
  out('<rect x="10" y="30" width="16" height="12" fill="#fde68a" stroke="#b45309"/>\n')
  svg_text(out, 31, 40, "interval where the verdict changes (last value before → first value after); the dot marks the exact threshold", 'font-size="11" fill="#374151"')
  out(fmt('<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="#111827" stroke-width="1.5"/>\n', LM, n2(lineY), w - RM, n2(lineY)))
  local step = nice_step(hi - lo, 8)
  local t0 = math.ceil(lo / step - 1e-9) * step
  local k = 0
  while t0 + k * step <= hi + 1e-9 and k < 40 do
    local v = t0 + k * step
    if math.abs(v) < 1e-12 then v = 0 end
    out(fmt('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#111827"/>\n', n2(X(v)), n2(lineY - 4), n2(X(v)), n2(lineY + 4)))
    svg_text(out, X(v), lineY + 17, num(tonumber(fmt("%.10g", v))), 'font-size="10.5" fill="#374151" text-anchor="middle"')
    k = k + 1
  end
  svg_text(out, LM, lineY - 14, "axis: " .. axis, 'font-size="11.5" font-weight="bold" fill="#111827"')
  if #tps == 0 then
    svg_text(out, LM, lineY + 40, "no verdict changes along this axis", 'font-size="11.5" fill="#6b7280"')
  end
  for i, t in ipairs(tps) do
    local a = type(t.after) == "number" and t.after or t.at
    local b = type(t.at) == "number" and t.at or a
    if type(a) == "number" and type(b) == "number" then
      local xa, xb = X(math.min(a, b)), X(math.max(a, b))
      out(fmt('<rect x="%s" y="%s" width="%s" height="16" fill="#fde68a" stroke="#b45309" stroke-width="1"/>\n', n2(xa), n2(lineY - 8), n2(math.max(3, xb - xa))))
      -- the exact threshold (bisected), else the interval's middle
      local at = type(t.threshold) == "number" and t.threshold or nil
      local xm = at and X(at) or (xa + xb) / 2
      local ty = lineY + 40 + (i - 1) * 32
      out(fmt('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#b45309" stroke-width="1" stroke-dasharray="3 2"/>\n', n2(xm), n2(lineY + 8), n2(xm), n2(ty - 10)))
      out(fmt('<circle cx="%s" cy="%s" r="3.5" fill="#b45309"/>\n', n2(xm), n2(ty - 10)))
      local fromv, tov = vc(t.from), vc(t.to)
      local lab = fmt("%s: %s %s → %s %s  (%sbetween %s and %s)", text(t.clause), fromv.sym, VC[t.from] and fromv.label or text(t.from),
        tov.sym, VC[t.to] and tov.label or text(t.to), at and ("at " .. num(at) .. ", ") or "", num(a), num(b))
      lab = fit(lab, w - 20, 11.5)
      local lw = textw(lab, 11.5)
      local lx = math.max(10, math.min(xm - 8, w - 10 - lw))
      svg_text(out, lx, ty + 6, lab, 'font-size="11.5" fill="#111827"')
    end
  end
  out('</svg>\n')
end

local function flips_chart(out, flips, clause_ids, only)
  local rows = {}
  for _, f in ipairs(flips) do
    local cl = type(f.clauses) == "table" and f.clauses or {}
    local items = {}
    local keys = {}
    -- clause order as in the summary, then any others sorted
    local seen = {}
    for _, id in ipairs(clause_ids) do if cl[id] ~= nil then keys[#keys + 1] = id; seen[id] = true end end
    for _, id in ipairs(sorted_keys(cl)) do if not seen[id] then keys[#keys + 1] = id end end
    for _, id in ipairs(keys) do
      local n = tonumber(cl[id]) or 0
      if n > 0 and (not only or id == only) then items[#items + 1] = { id = id, n = n } end
    end
    rows[#rows + 1] = { axis = text(f.axis), pairs = tonumber(f.pairs) or 0, items = items }
  end
  local LW, BW, RH = 330, 420, 18
  local w = LW + BW + 150
  local h = 44
  for _, r in ipairs(rows) do h = h + 22 + math.max(1, #r.items) * RH + 6 end
  h = h + 46
  svg_open(out, w, h, "Verdict flips per axis",
    "For each axis, how many neighbouring variant pairs (differing in that axis alone) change each clause's verdict.", "flips")
  svg_text(out, 10, 20, "Verdict flips per axis", 'font-size="14" font-weight="bold" fill="#111827"')
  out('<rect x="10" y="28" width="16" height="11" fill="#4f46e5"/>\n')
  svg_text(out, 31, 38, "share of neighbouring pairs (one axis moves to its next value) whose clause verdict flips", 'font-size="11" fill="#374151"')
  local y = 50
  for _, r in ipairs(rows) do
    svg_text(out, 10, y + 12, fit(r.axis .. "  (" .. grp(r.pairs) .. " pairs)", w - 20, 12), 'font-size="12" font-weight="bold" fill="#111827"')
    y = y + 20
    if #r.items == 0 then
      svg_text(out, LW - 8, y + 12, "no clause flips", 'font-size="11" fill="#6b7280" text-anchor="end"')
      y = y + RH
    end
    for _, it in ipairs(r.items) do
      svg_text(out, LW - 8, y + 12, fit(it.id, LW - 20, 11), 'font-size="11" fill="#111827" text-anchor="end"')
      local frac = r.pairs > 0 and math.min(1, it.n / r.pairs) or 0
      out(fmt('<rect x="%d" y="%s" width="%d" height="%d" fill="#f3f4f6"/>\n', LW, n2(y + 2), BW, RH - 5))
      out(fmt('<rect x="%d" y="%s" width="%s" height="%d" fill="#4f46e5"><title>%s: %s of %s pairs flip</title></rect>\n',
        LW, n2(y + 2), n2(math.max(1, BW * frac)), RH - 5, esc(it.id), esc(grp(it.n)), esc(grp(r.pairs))))
      svg_text(out, LW + BW + 6, y + 12, grp(it.n) .. " / " .. grp(r.pairs) .. " (" .. pct(it.n, r.pairs) .. ")", 'font-size="11" fill="#374151"')
      y = y + RH
    end
    y = y + 6
  end
  out(fmt('<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="#374151"/>\n', LW, n2(y), LW + BW, n2(y)))
  for k = 0, 4 do
    local x = LW + BW * k / 4
    out(fmt('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#374151"/>\n', n2(x), n2(y), n2(x), n2(y + 5)))
    svg_text(out, x, y + 17, fmt("%d%%", k * 25), 'font-size="10.5" fill="#374151" text-anchor="middle"')
  end
  svg_text(out, LW + BW / 2, y + 34, "share of neighbouring pairs that flip", 'font-size="11.5" fill="#111827" text-anchor="middle"')
  out('</svg>\n')
end

return {
  pbar = pbar, weights_bar = weights_bar, CAP = CAP, new_axis = new_axis, axis_key = axis_key,
  axes_from_summary = axes_from_summary, find_axis = find_axis, verdict_bars = verdict_bars,
  heatmap = heatmap, tipping_chart = tipping_chart, flips_chart = flips_chart
}
