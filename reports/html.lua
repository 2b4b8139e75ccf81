-- reports/html.lua: redline's HTML report (check and batch).
--
-- Runs in redline's renderer sandbox: string, table, math, utf8, the safe base
-- functions and json (lua-cjson).  Returns { check = fn, batch = fn }, each
-- called as fn(doc, out, opts) and writing one self-contained HTML page
-- through out(): inline CSS and inline SVG, no script, no external resource.
-- All text coming from scenarios is untrusted and goes through esc().
-- Output is deterministic: maps are walked in sorted key order only.

local json = json
local null = json and json.null

------------------------------------------------------------------------
-- Small helpers
------------------------------------------------------------------------

local fmt, concat, floor = string.format, table.concat, math.floor

local function isnull(v) return v == nil or v == null end

-- Replace bytes that are not valid UTF-8 and control characters HTML forbids.
local function clean(s)
  if utf8.len(s) == nil then
    local parts, i = {}, 1
    while i <= #s do
      local ok, bad = utf8.len(s, i)
      if ok then parts[#parts + 1] = s:sub(i); break end
      parts[#parts + 1] = s:sub(i, bad - 1) .. "\u{FFFD}"
      i = bad + 1
    end
    s = concat(parts)
  end
  return (s:gsub("[%z\1-\8\11\12\14-\31\127]", "\u{FFFD}"))
end

local ENT = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&#39;" }

local function num(x)
  if x ~= x then return "NaN" end
  if x == math.huge then return "inf" elseif x == -math.huge then return "-inf" end
  if x == floor(x) and math.abs(x) < 1e15 then return fmt("%d", x) end
  local s = fmt("%.4g", x)
  return s
end

-- Any JSON value as display text (not yet escaped).
local function text(v)
  if v == nil then return "" end
  if v == null then return "unknown" end
  local t = type(v)
  if t == "number" then return num(v) end
  if t == "string" then return v end
  if t == "boolean" then return v and "true" or "false" end
  if t == "table" then
    local ok, s = pcall(json.encode, v)
    return ok and s or "[table]"
  end
  return tostring(v)
end

local function esc(v) return (clean(text(v)):gsub("[&<>\"']", ENT)) end

-- An id, escaped, with line-break opportunities after / and ->.
local function escid(v)
  return (esc(v):gsub("([/.])", "%1<wbr>"):gsub("%-&gt;", "-&gt;<wbr>"))
end

-- Whole counts with thousands separators (1,000,000); other numbers as num().
local function grp(x)
  if type(x) ~= "number" or x ~= floor(x) or math.abs(x) >= 1e15 then return type(x) == "number" and num(x) or text(x) end
  local s = fmt("%d", math.abs(x))
  local r = s:reverse():gsub("(%d%d%d)", "%1,"):reverse()
  if r:sub(1, 1) == "," then r = r:sub(2) end
  return (x < 0 and "-" or "") .. r
end

-- Counts short enough for a bar segment: 950, 12k, 1.2M.
local function compact(n)
  if n < 10000 then return fmt("%d", n) end
  if n < 1e6 then return fmt("%.0fk", n / 1e3) end
  return fmt("%.1fM", n / 1e6)
end

local function usd(x)
  if isnull(x) or type(x) ~= "number" then return "—" end
  local a = math.abs(x)
  if a >= 1e12 then return fmt("$%.1fT", x / 1e12) end
  if a >= 1e9 then return fmt("$%.1fB", x / 1e9) end
  if a >= 1e6 then return fmt("$%.1fM", x / 1e6) end
  if a >= 1e3 then return fmt("$%.1fK", x / 1e3) end
  return fmt("$%.0f", x)
end

local function prob(p)
  if type(p) ~= "number" then return "—" end
  return fmt("%.2f", p)
end

local function pct(a, b)
  if not b or b == 0 then return "0%" end
  local v = 100 * a / b
  if v > 0 and v < 1 then return "<1%" end
  return fmt("%.0f%%", v)
end

local function list(v)
  if type(v) == "table" then return v end
  return {}
end

local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    return a < b
  end)
  return ks
end

-- SVG numbers: short and fixed.
local function n2(x) return fmt("%.1f", x) end

-- Approximate rendered width of s at font size fs (DejaVu Sans-like).
local function textw(s, fs) return (utf8.len(clean(s)) or #s) * fs * 0.56 end

-- Cut s to fit px at font size fs, with an ellipsis.
local function fit(s, px, fs)
  s = clean(s)
  local n = utf8.len(s) or #s
  local maxc = floor(px / (fs * 0.56))
  if n <= maxc then return s end
  if maxc < 2 then return "…" end
  return s:sub(1, utf8.offset(s, maxc) - 1) .. "…"
end

------------------------------------------------------------------------
-- Verdicts: one palette, with symbols and words so print and colour-blind
-- readers never depend on colour alone.
------------------------------------------------------------------------

local VERDICTS = { "breach", "contested", "unknown", "compliant", "not_applicable", "error" }
local VC = {
  breach         = { fill = "#c62828", ink = "#ffffff", sym = "✗", label = "breach" },
  contested      = { fill = "#f59e0b", ink = "#3b2500", sym = "◐", label = "contested" },
  unknown        = { fill = "#6b7280", ink = "#ffffff", sym = "?", label = "unknown" },
  compliant      = { fill = "#2e7d32", ink = "#ffffff", sym = "✓", label = "compliant" },
  not_applicable = { fill = "#d1d5db", ink = "#374151", sym = "–", label = "not applicable" },
  error          = { fill = "#7b1fa2", ink = "#ffffff", sym = "!", label = "error" },
}
local OTHER_V = { fill = "#9ca3af", ink = "#111827", sym = "·", label = "other" }
local function vc(v) return VC[v] or OTHER_V end

local function badge(v, big)
  local c = vc(v)
  local label = VC[v] and c.label or text(v)
  return fmt('<span class="badge%s v-%s" style="background:%s;color:%s">%s %s</span>',
    big and " big" or "", VC[v] and v or "other", c.fill, c.ink, c.sym, esc(label))
end

------------------------------------------------------------------------
-- Page shell
------------------------------------------------------------------------

local CSS = [[
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 14px/1.45 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
       color: #1f2937; background: #fff; max-width: 1120px; margin: 0 auto; padding: 24px 28px; }
h1 { font-size: 24px; margin: 0 0 4px; line-height: 1.25; }
h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 2px solid #e5e7eb; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p { margin: 6px 0; }
code, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.92em; }
.muted { color: #6b7280; }
.small { font-size: 12px; }
.sw { display: inline-block; min-width: 15px; text-align: center; border-radius: 3px; font-weight: bold;
      font-size: 11px; border: 1px solid rgba(0,0,0,.25); }
table.counts th { white-space: nowrap; font-size: 11px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: bold;
         font-size: 12px; white-space: nowrap; border: 1px solid rgba(0,0,0,.25); }
.badge.big { font-size: 18px; padding: 4px 14px; border-radius: 16px; }
.head { display: flex; flex-wrap: wrap; gap: 18px 32px; align-items: center;
        border: 1px solid #e5e7eb; border-radius: 8px; padding: 14px 18px; margin: 14px 0; }
.kpi { display: flex; flex-direction: column; }
.kpi .k { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: #6b7280; }
.kpi .val { font-size: 22px; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #e5e7eb; }
th { font-size: 12px; color: #374151; background: #f3f4f6; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
.wrap { overflow-wrap: anywhere; }
.card { border: 1px solid #e5e7eb; border-radius: 8px; padding: 10px 14px; margin: 10px 0;
        break-inside: avoid; page-break-inside: avoid; }
.card h3 { margin-top: 2px; }
blockquote.clause-text { margin: 6px 0; padding: 4px 12px; border-left: 3px solid #9ca3af; background: #f9fafb; white-space: pre-line; }
.conclusion { background: #fefce8; border: 1px solid #fde68a; border-radius: 6px; padding: 6px 10px; }
ol.bib li { margin: 6px 0; }
.passage { font-style: italic; }
figure { margin: 14px 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 12px; color: #4b5563; margin-top: 4px; }
svg { max-width: 100%; height: auto; display: block; }
svg.inline { display: inline-block; vertical-align: middle; }
ul.plain { margin: 0; padding-left: 16px; }
.footer { margin-top: 32px; border-top: 1px solid #e5e7eb; padding-top: 8px; font-size: 11px; color: #6b7280; }
.footer table { font-size: 11px; }
.footer td, .footer th { padding: 2px 6px; }
nav + .scenario, .scenario + .scenario { margin-top: 40px; padding-top: 18px; border-top: 3px solid #e5e7eb; }
.scenario + .scenario { break-before: page; page-break-before: always; }
nav ol { margin: 4px 0; }
a { color: #1d4ed8; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  table { font-size: 8.5pt; }
  th, td { padding: 3px 5px; }
  .badge { font-size: 8pt; }
  table.counts th { white-space: normal; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
]]

local function page_open(out, title)
  out('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
  out('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
  out('<meta name="generator" content="redline reports/html.lua">\n')
  out('<title>' .. esc(title) .. '</title>\n<style>' .. CSS .. '</style>\n</head>\n<body>\n')
end

local function page_close(out) out('</body>\n</html>\n') end

-- Provenance footer from a manifest object of any shape (sorted keys).
local function manifest_footer(out, m)
  if type(m) ~= "table" then return end
  out('<div class="footer"><strong>Provenance</strong>\n<table>\n')
  local function row(k, v, depth)
    if type(v) == "table" and v ~= null then
      local ks = sorted_keys(v)
      if #ks == 0 then
        out(fmt('<tr><th style="padding-left:%dpx">%s</th><td class="mono wrap">—</td></tr>\n', 6 + 14 * depth, esc(k)))
        return
      end
      -- A list of scalars fits on one line.
      local scalars = #v == #ks
      for _, kk in ipairs(ks) do if type(v[kk]) == "table" then scalars = false end end
      if scalars then
        local parts = {}
        for _, x in ipairs(v) do parts[#parts + 1] = esc(x) end
        out(fmt('<tr><th style="padding-left:%dpx">%s</th><td class="mono wrap">%s</td></tr>\n', 6 + 14 * depth, esc(k), concat(parts, " ")))
        return
      end
      out(fmt('<tr><th colspan="2" style="padding-left:%dpx">%s</th></tr>\n', 6 + 14 * depth, esc(k)))
      for _, kk in ipairs(ks) do row(kk, v[kk], depth + 1) end
    else
      out(fmt('<tr><th style="padding-left:%dpx">%s</th><td class="mono wrap">%s</td></tr>\n', 6 + 14 * depth, esc(k), esc(v)))
    end
  end
  for _, k in ipairs(sorted_keys(m)) do row(k, m[k], 0) end
  out('</table></div>\n')
end

------------------------------------------------------------------------
-- SVG helpers
------------------------------------------------------------------------

local function svg_open(out, w, h, title, desc, class)
  out(fmt('<svg xmlns="http://www.w3.org/2000/svg" class="chart%s" viewBox="0 0 %d %d" width="%d" height="%d" role="img" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif">\n',
    class and (" " .. class) or "", w, h, w, h))
  out('<title>' .. esc(title) .. '</title>')
  if desc then out('<desc>' .. esc(desc) .. '</desc>') end
  out('\n')
end

local function svg_text(out, x, y, s, attrs)
  out(fmt('<text x="%s" y="%s"%s>%s</text>\n', n2(x), n2(y), attrs and (" " .. attrs) or "", esc(s)))
end

-- A horizontal row of verdict swatches with labels; returns the height used.
local function verdict_legend(out, x, y, which)
  local cx = x
  for _, v in ipairs(which or VERDICTS) do
    local c = vc(v)
    out(fmt('<rect x="%s" y="%s" width="14" height="14" rx="2" fill="%s" stroke="#374151" stroke-width="0.5"/>\n', n2(cx), n2(y), c.fill))
    svg_text(out, cx + 3.5, y + 11, c.sym, fmt('font-size="10" fill="%s" font-weight="bold"', c.ink))
    local label = c.label
    svg_text(out, cx + 19, y + 11.5, label, 'font-size="12" fill="#1f2937"')
    cx = cx + 19 + textw(label, 12) + 18
  end
  return 20
end

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
-- Access-path diagram
------------------------------------------------------------------------

local CLOUDS = {
  azure   = { fill = "#dbeafe", stroke = "#1d4ed8", label = "Azure" },
  aws     = { fill = "#ffedd5", stroke = "#c2410c", label = "AWS" },
  other   = { fill = "#ccfbf1", stroke = "#0f766e", label = "other cloud" },
  unknown = { fill = "#f3f4f6", stroke = "#6b7280", label = "cloud unknown" },
}

local function cloud_class(c)
  if isnull(c) or c == "unknown" or c == "" then return "unknown" end
  if type(c) ~= "string" then return "other" end
  local l = c:lower()
  if l:find("^azure") then return "azure" end
  if l:find("^aws") or l:find("^amazon") then return "aws" end
  return "other"
end

local BOX_W, BOX_H, GAP, ROW_H, LEFT = 196, 78, 46, 134, 16

-- One node box.  node = { lines = {...}, cloud = id or nil, state = ..., tag = ... }
local function draw_box(out, x, y, node)
  local cc = CLOUDS[cloud_class(node.cloud)]
  local dash = node.state == "stateful" and ' stroke-dasharray="7 4"' or ""
  local sw = node.state == "stateful" and "2.2" or "1.6"
  out(fmt('<g><title>%s</title>\n', esc(node.tip or node.lines[1])))
  out(fmt('<rect x="%s" y="%s" width="%d" height="%d" rx="%d" fill="%s" stroke="%s" stroke-width="%s"%s/>\n',
    n2(x), n2(y), BOX_W, BOX_H, node.model and 14 or 4, cc.fill, cc.stroke, sw, dash))
  local ty = y + 17
  for i, l in ipairs(node.lines) do
    local attrs = i == 1 and 'font-size="12.5" font-weight="bold" fill="#111827"' or 'font-size="11" fill="#374151"'
    local tagw = (i == 1 and node.tag) and (textw(node.tag, 9) * 1.25 + 14) or 0
    svg_text(out, x + 8, ty, fit(l, BOX_W - 16 - tagw, i == 1 and 12.5 or 11), attrs)
    ty = ty + 15
  end
  if node.tag then
    local tw = textw(node.tag, 9) * 1.25 + 8
    local api = node.tag == "API"
    out(fmt('<rect x="%s" y="%s" width="%s" height="13" rx="2" fill="%s" stroke="#111827" stroke-width="0.8"/>\n',
      n2(x + BOX_W - tw - 4), n2(y + 5), n2(tw), api and "#111827" or "#ffffff"))
    svg_text(out, x + BOX_W - tw, y + 15, node.tag, fmt('font-size="9" font-weight="bold" fill="%s"', api and "#ffffff" or "#111827"))
  end
  if node.state then
    -- state marker: a filled circle for stateful (memory), a ring for stateless
    local sx, sy = x + BOX_W - 10, y + BOX_H - 10
    if node.state == "stateful" then
      out(fmt('<circle cx="%s" cy="%s" r="4.5" fill="#111827"/>\n', n2(sx), n2(sy)))
    elseif node.state == "stateless" then
      out(fmt('<circle cx="%s" cy="%s" r="4" fill="#ffffff" stroke="#111827" stroke-width="1.4"/>\n', n2(sx), n2(sy)))
    end
  end
  out('</g>\n')
end

local function draw_arrow(out, x1, x2, y, label)
  out(fmt('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#374151" stroke-width="1.6"/>\n', n2(x1), n2(y), n2(x2 - 7), n2(y)))
  out(fmt('<path d="M%s %s L%s %s L%s %s Z" fill="#374151"/>\n', n2(x2 - 8), n2(y - 5), n2(x2), n2(y), n2(x2 - 8), n2(y + 5)))
  if label then svg_text(out, (x1 + x2) / 2, y - 6, label, 'font-size="9.5" fill="#4b5563" text-anchor="middle"') end
end

local function interface_tag(i)
  if i == "api" then return "API" elseif i == "platform" then return "PLATFORM"
  elseif i == "application" then return "APP" end
  return nil
end

-- Nodes of one path: entry, intermediate hops, the deployment serving the
-- model (if distinct from the entry), then the model itself.
local function path_nodes(p)
  local hops = list(p.hops)
  local nodes = {}
  local n = #hops
  if n == 0 then hops = { p.entry }; n = 1 end
  for i, h in ipairs(hops) do
    -- per-hop facts, when the path carries them: hops as objects, or a
    -- parallel hop_details list ({id, cloud, interface, state, operator})
    local hid, hinfo = h, nil
    if type(h) == "table" then hinfo = h; hid = h.id end
    if not hinfo and type(p.hop_details) == "table" and type(p.hop_details[i]) == "table" then hinfo = p.hop_details[i] end
    local node = { lines = { text(hid) } }
    if i == 1 then
      node.cloud = p.entry_cloud
      node.state = not isnull(p.state) and p.state or nil
      node.tag = interface_tag(p.interface)
      local who = {}
      if not isnull(p.operator) then who[#who + 1] = "run by " .. text(p.operator) end
      if not isnull(p.seller) and p.seller ~= p.operator then who[#who + 1] = "sold by " .. text(p.seller) end
      node.lines[2] = (isnull(p.entry_cloud) and "cloud unknown" or ("on " .. text(p.entry_cloud)))
        .. (#who > 0 and (" · " .. who[1]) or "")
      node.lines[3] = fmt("%s · %s", isnull(p.interface) and "interface ?" or text(p.interface),
        isnull(p.state) and "state ?" or text(p.state))
      if not isnull(p.product) then node.lines[4] = "product " .. text(p.product) end
      node.tip = fmt("entry %s on %s, %s, %s, operator %s, seller %s", text(hid), text(p.entry_cloud),
        text(p.interface), text(p.state), text(p.operator), text(p.seller))
    end
    if i == n then
      -- the deployment that runs the model
      if i > 1 then
        node.cloud = p.model_cloud
        node.lines[2] = isnull(p.model_cloud) and "cloud unknown" or ("on " .. text(p.model_cloud))
        node.lines[3] = "runs the model"
        node.tip = fmt("%s serves %s from %s", text(hid), text(p.model), text(p.model_cloud))
      end
      if p.stateful == false then node.state = "stateless" end
    elseif i > 1 then
      node.lines[2] = "intermediate hop"
      if p.stateful == false then node.state = "stateless" end
    end
    if hinfo then
      if hinfo.cloud ~= nil and i > 1 then
        node.cloud = hinfo.cloud
        node.lines[2] = (isnull(hinfo.cloud) and "cloud unknown" or ("on " .. text(hinfo.cloud)))
          .. (isnull(hinfo.operator) and "" or (" · run by " .. text(hinfo.operator)))
      end
      if not isnull(hinfo.state) then node.state = hinfo.state end
      if not isnull(hinfo.interface) then node.tag = interface_tag(hinfo.interface) end
      if i > 1 and not isnull(hinfo.interface) and not isnull(hinfo.state) then
        node.lines[3] = text(hinfo.interface) .. " · " .. text(hinfo.state)
        if i == n then node.lines[4] = "runs the model" end
      end
    end
    nodes[#nodes + 1] = node
  end
  local m = { model = true, cloud = p.model_cloud,
    lines = { text(p.model),
      (isnull(p.model_owner) and "owner ?" or text(p.model_owner)) .. " · " .. (isnull(p.model_tier) and "tier ?" or text(p.model_tier)),
      "inference on " .. (isnull(p.model_cloud) and "unknown cloud" or text(p.model_cloud)) },
    tip = fmt("model %s (%s, %s), inference on %s", text(p.model), text(p.model_owner), text(p.model_tier), text(p.model_cloud)) }
  nodes[#nodes + 1] = m
  return nodes
end

local function path_diagram(out, paths, cited)
  if #paths == 0 then
    out('<p class="muted">No access paths: no customer-facing deployment reaches a model.</p>\n')
    return
  end
  local maxn = 0
  local all = {}
  for i, p in ipairs(paths) do
    all[i] = path_nodes(p)
    if #all[i] > maxn then maxn = #all[i] end
  end
  local custw = 112
  local w = LEFT + custw + GAP + maxn * BOX_W + (maxn - 1) * GAP + LEFT
  if w < 720 then w = 720 end
  local legend_h = 108
  local h = 36 + #paths * ROW_H + legend_h
  svg_open(out, w, h, "Access paths: how customers reach each model",
    "Each row is one path from customers through the entry deployment and its hops to the model. Box colour is the cloud; a dashed border marks a stateful hop, a solid border a stateless one.",
    "paths")
  svg_text(out, LEFT, 20, "Access paths — customers → entry → hops → model", 'font-size="14" font-weight="bold" fill="#111827"')
  for r, p in ipairs(paths) do
    local y0 = 36 + (r - 1) * ROW_H
    local by = y0 + 36
    local cy = by + BOX_H / 2
    -- row caption: path id and flags
    local flags = {}
    if p.direct_api == true then flags[#flags + 1] = "direct stateless API" end
    if p.stateful == true then flags[#flags + 1] = "stateful path" elseif p.stateful == false then flags[#flags + 1] = "stateless path" end
    if type(p.api_share) == "number" then flags[#flags + 1] = "api_share " .. num(p.api_share) end
    local cap = text(p.id) .. (#flags > 0 and ("   (" .. concat(flags, ", ") .. ")") or "")
    svg_text(out, LEFT, y0 + 14, fit(cap, w - 2 * LEFT, 12), 'font-size="12" font-weight="bold" fill="#374151"')
    local c = cited and cited[text(p.id)]
    if c then
      svg_text(out, LEFT, y0 + 26, fit("evidence for " .. c, w - 2 * LEFT, 10.5), 'font-size="10.5" fill="#6b7280"')
    end
    -- customers
    local aud = {}
    for _, a in ipairs(list(p.audience)) do aud[#aud + 1] = text(a) end
    out(fmt('<g><title>customers: %s</title>\n', esc(#aud > 0 and concat(aud, ", ") or "none")))
    out(fmt('<rect x="%d" y="%s" width="%d" height="%d" rx="%d" fill="#ffffff" stroke="#6b7280" stroke-width="1"/>\n',
      LEFT, n2(by + 4), custw, BOX_H - 8, 22))
    -- audience words, two to a line, at most three lines
    local alines = {}
    if #aud == 0 then alines[1] = "internal only" end
    for k = 1, #aud do
      if #alines == 3 then alines[3] = alines[3] .. " …"; break end
      alines[#alines + 1] = aud[k]
    end
    local ay = by + BOX_H / 2 - (#alines * 12 + 13) / 2 + 10
    svg_text(out, LEFT + custw / 2, ay, "customers", 'font-size="11" font-weight="bold" fill="#374151" text-anchor="middle"')
    for k, l in ipairs(alines) do
      svg_text(out, LEFT + custw / 2, ay + 1 + 12 * k, fit(l, custw - 12, 9.5), 'font-size="9.5" fill="#4b5563" text-anchor="middle"')
    end
    out('</g>\n')
    local x = LEFT + custw + GAP
    draw_arrow(out, LEFT + custw, x, cy, nil)
    for i, node in ipairs(all[r]) do
      draw_box(out, x, by, node)
      if i < #all[r] then
        local nxt = all[r][i + 1]
        local label = (i == #all[r] - 1) and "serves" or
          ((nxt.tag == "API" and nxt.state == "stateless") and "API call" or "calls")
        draw_arrow(out, x + BOX_W, x + BOX_W + GAP, cy, label)
      end
      x = x + BOX_W + GAP
    end
  end
  -- legend
  local ly = 36 + #paths * ROW_H + 6
  svg_text(out, LEFT, ly + 12, "Cloud:", 'font-size="12" font-weight="bold" fill="#111827"')
  local lx = LEFT + 52
  for _, k in ipairs({ "azure", "aws", "other", "unknown" }) do
    local cc = CLOUDS[k]
    out(fmt('<rect x="%s" y="%s" width="22" height="14" rx="2" fill="%s" stroke="%s" stroke-width="1.4"/>\n', n2(lx), n2(ly + 1), cc.fill, cc.stroke))
    svg_text(out, lx + 27, ly + 12.5, cc.label, 'font-size="12" fill="#1f2937"')
    lx = lx + 27 + textw(cc.label, 12) + 18
  end
  local ly2 = ly + 26
  svg_text(out, LEFT, ly2 + 12, "State:", 'font-size="12" font-weight="bold" fill="#111827"')
  lx = LEFT + 52
  out(fmt('<rect x="%s" y="%s" width="22" height="14" rx="2" fill="#ffffff" stroke="#111827" stroke-width="1.6"/>\n', n2(lx), n2(ly2 + 1)))
  out(fmt('<circle cx="%s" cy="%s" r="4" fill="#ffffff" stroke="#111827" stroke-width="1.4"/>\n', n2(lx + 11), n2(ly2 + 8)))
  svg_text(out, lx + 27, ly2 + 12.5, "stateless (solid border, ring)", 'font-size="12" fill="#1f2937"')
  lx = lx + 27 + textw("stateless (solid border, ring)", 12) + 18
  out(fmt('<rect x="%s" y="%s" width="22" height="14" rx="2" fill="#ffffff" stroke="#111827" stroke-width="2.2" stroke-dasharray="7 4"/>\n', n2(lx), n2(ly2 + 1)))
  out(fmt('<circle cx="%s" cy="%s" r="4.5" fill="#111827"/>\n', n2(lx + 11), n2(ly2 + 8)))
  svg_text(out, lx + 27, ly2 + 12.5, "stateful (dashed border, dot)", 'font-size="12" fill="#1f2937"')
  lx = lx + 27 + textw("stateful (dashed border, dot)", 12) + 18
  ly2 = ly2 + 24
  svg_text(out, LEFT, ly2 + 12, "Interface:", 'font-size="12" font-weight="bold" fill="#111827"')
  lx = LEFT + 76
  out(fmt('<rect x="%s" y="%s" width="26" height="13" rx="2" fill="#111827"/>\n', n2(lx), n2(ly2 + 1)))
  svg_text(out, lx + 5, ly2 + 11, "API", 'font-size="9" font-weight="bold" fill="#ffffff"')
  svg_text(out, lx + 30, ly2 + 12.5, "API", 'font-size="12" fill="#1f2937"')
  lx = lx + 60
  out(fmt('<rect x="%s" y="%s" width="58" height="13" rx="2" fill="#ffffff" stroke="#111827" stroke-width="0.8"/>\n', n2(lx), n2(ly2 + 1)))
  svg_text(out, lx + 4, ly2 + 11, "PLATFORM", 'font-size="9" font-weight="bold" fill="#111827"')
  svg_text(out, lx + 62, ly2 + 12.5, "platform", 'font-size="12" fill="#1f2937"')
  lx = lx + 62 + textw("platform", 12) + 12
  out(fmt('<rect x="%s" y="%s" width="30" height="13" rx="2" fill="#ffffff" stroke="#111827" stroke-width="0.8"/>\n', n2(lx), n2(ly2 + 1)))
  svg_text(out, lx + 4, ly2 + 11, "APP", 'font-size="9" font-weight="bold" fill="#111827"')
  svg_text(out, lx + 34, ly2 + 12.5, "application", 'font-size="12" fill="#1f2937"')
  svg_text(out, LEFT, ly2 + 32, "A box without a dot or ring: the path data does not give that hop's state. Rounded box: the model.",
    'font-size="10.5" fill="#6b7280"')
  out('</svg>\n')
end

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

local function idlist(xs, sep)
  local t = {}
  for _, x in ipairs(list(xs)) do t[#t + 1] = '<code>' .. escid(x) .. '</code>' end
  if #t == 0 then return '<span class="muted">—</span>' end
  return concat(t, sep or "<br>")
end

-- Exposure of one clause: a figure, or "not quantified" when a clause at risk
-- states none (never $0).
local function clause_exposure(c)
  if isnull(c.expected_exposure_usd) then
    if c.verdict == "breach" or c.verdict == "contested" then return "not quantified" end
    return "—"
  end
  return usd(c.expected_exposure_usd)
end

-- The headline: each claimant's expected exposure, never summed across them.
local function claimants_html(r)
  local by = type(r.exposure_by_claimant) == "table" and r.exposure_by_claimant or {}
  local parts = {}
  for _, who in ipairs(sorted_keys(by)) do
    local e = by[who]
    local s = '<span class="claimant">' .. esc(who) .. ' '
    if not isnull(e.expected_exposure_usd) then s = s .. esc(usd(e.expected_exposure_usd)) end
    local nq = #list(e.not_quantified)
    if nq > 0 then
      s = s .. (isnull(e.expected_exposure_usd) and "" or " + ") ..
        fmt("%d clause%s not quantified", nq, nq > 1 and "s" or "")
    end
    parts[#parts + 1] = s .. '</span>'
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
-- Batch report
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
  local seen, shown, patterns = {}, {}, 0
  for line in doc.lines() do
    local key = {}
    for _, c in ipairs(list(line.clauses)) do
      if not opts.clause or c.id == opts.clause then key[#key + 1] = text(c.id) .. "=" .. text(c.verdict) end
    end
    key = concat(key, " ")
    if not seen[key] then
      seen[key] = true
      patterns = patterns + 1
      if #shown < MAX_PATTERNS then shown[#shown + 1] = line end
    end
  end
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

return { check = check, batch = batch }
