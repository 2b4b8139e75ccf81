-- reports/lib/html/page.lua: the HTML report's page: escaping and number
-- formats, the verdict palette, the page shell and its provenance footer, and
-- the SVG primitives the charts and the path diagram draw with.  Included by
-- reports/html.lua and its other parts; returns the table at the end.

local C = include("../common.lua")
local json = json
local null, isnull, sorted_keys, usd, prob = C.null, C.isnull, C.sorted_keys, C.money, C.prob

------------------------------------------------------------------------
-- Small helpers
------------------------------------------------------------------------

local fmt, concat, floor = string.format, table.concat, math.floor

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

-- Ids as code, one a line (or joined by sep); "—" for none.
local function idlist(xs, sep)
  local t = {}
  for _, x in ipairs(list(xs)) do t[#t + 1] = '<code>' .. escid(x) .. '</code>' end
  if #t == 0 then return '<span class="muted">—</span>' end
  return concat(t, sep or "<br>")
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

return {
  isnull = isnull, sorted_keys = sorted_keys, usd = usd, prob = prob, num = num, text = text,
  esc = esc, escid = escid, grp = grp, compact = compact, pct = pct, list = list,
  idlist = idlist, n2 = n2, textw = textw, fit = fit, VERDICTS = VERDICTS, VC = VC, vc = vc,
  badge = badge, page_open = page_open, page_close = page_close,
  manifest_footer = manifest_footer, svg_open = svg_open, svg_text = svg_text,
  verdict_legend = verdict_legend
}
