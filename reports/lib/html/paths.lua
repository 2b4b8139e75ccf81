-- reports/lib/html/paths.lua: the HTML report's access-path diagram: one row
-- per path from customers through the entry deployment and its hops to the
-- model, each box coloured by its cloud.  Returns { path_diagram = fn }.

local fmt, concat = string.format, table.concat
local P = include("page.lua")
local isnull, num, text, esc, list, n2 = P.isnull, P.num, P.text, P.esc, P.list, P.n2
local textw, fit, svg_open, svg_text = P.textw, P.fit, P.svg_open, P.svg_text

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

return { path_diagram = path_diagram }
