-- tests/browser/harness.lua: run reports/html.lua outside redline, in an
-- environment that mimics redline's renderer sandbox (string, table, math
-- without random, utf8, safe base functions, json).  For development and as
-- the test's fallback while `redline check -f html` / `redline report -f html`
-- are missing.  Plain lua5.4 + lua-cjson.
--
--   lua5.4 tests/browser/harness.lua check SCENARIO...            > out.html
--   lua5.4 tests/browser/harness.lua batch SUMMARY.json LINES.jsonl [x=AXIS] [y=AXIS] [clause=ID] > out.html
--   lua5.4 tests/browser/harness.lua render REPORT.json [clause=ID] [explain=1] > out.html
--     (a saved JSON report, as is: HTML_LUA=reports/md.lua renders Markdown)
--
-- check runs $REDLINE (default ./redline) `check -f json` and `explain` (for
-- the access-path list); the other path fields are read from the scenario's
-- own facts, which the harness loads with stub constructors.

local json = require "cjson"
local REDLINE = os.getenv("REDLINE") or "./redline"
local RULES = os.getenv("REDLINE_RULES_DIR") or "rules"
local HTML = os.getenv("HTML_LUA") or "reports/html.lua"

local function die(msg) io.stderr:write("harness: ", msg, "\n"); os.exit(2) end

local function sh(cmd)
  local p = assert(io.popen(cmd, "r"))
  local s = p:read("a")
  p:close()
  return s
end

local function q(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

-- The renderer, loaded into a sandbox-like environment.
local function renderer()
  local f = assert(io.open(HTML, "r"))
  local src = f:read("a")
  f:close()
  local m = {}
  for k, v in pairs(math) do m[k] = v end
  m.random, m.randomseed = nil, nil
  local env = {
    string = string, table = table, math = m, utf8 = utf8,
    pairs = pairs, ipairs = ipairs, tostring = tostring, tonumber = tonumber, type = type,
    select = select, error = error, pcall = pcall, xpcall = xpcall, assert = assert, next = next,
    rawget = rawget, rawset = rawset, rawequal = rawequal, rawlen = rawlen,
    setmetatable = setmetatable, getmetatable = getmetatable,
    json = { encode = json.encode, decode = json.decode, null = json.null },
  }
  -- include(path), as redline gives renderers: another file of the
  -- renderer's tree, relative to the including file, run in the same _ENV.
  function env.include(rel)
    local from = debug.getinfo(2, "S").source:sub(2)
    local path = (from:match("^(.*)/") or ".") .. "/" .. rel
    local f = assert(io.open(path, "r"))
    local text = f:read("a")
    f:close()
    return assert(load(text, "@" .. path, "t", env))()
  end
  local chunk, err = load(src, "@" .. HTML, "t", env)
  if not chunk then die(err) end
  local r = chunk()
  assert(type(r) == "table" and type(r.check) == "function" and type(r.batch) == "function",
    "html.lua must return { check = fn, batch = fn }")
  return r
end

-- Scenario facts through stub constructors (Lua) or JSON.
local function facts(file)
  local F = { deployment = {}, product = {}, model = {}, cloud = {}, party = {}, statement = {}, scenario = {} }
  if file:match("%.json$") then
    local f = assert(io.open(file))
    local d = json.decode(f:read("a"))
    f:close()
    for kind, t in pairs(d) do
      if kind == "scenario" then F.scenario = t elseif F[kind] then F[kind] = t end
    end
    return F
  end
  local env
  local function ctor(kind)
    return function(id)
      return function(t)
        if kind == "scenario" then F.scenario = t; t.id = id else F[kind][id] = t end
      end
    end
  end
  local function run(path)
    local f = assert(io.open(path))
    local src = f:read("a")
    f:close()
    local chunk = assert(load(src, "@" .. path, "t", env))
    chunk()
  end
  local dir = file:match("^(.*)/") or "."
  env = setmetatable({
    unknown = setmetatable({}, { __name = "unknown" }),
    include = function(p) run(dir .. "/" .. p) end,
    json_file = function(p)
      local f = assert(io.open(dir .. "/" .. p)); local d = json.decode(f:read("a")); f:close(); return d
    end,
    range = function(a, b, s) local t = {} for k = 0, math.floor((b - a) / s + 1e-9) do t[#t + 1] = a + k * s end return t end,
  }, { __index = function(_, k)
    if F[k] then return ctor(k) end
    return _G[k]
  end })
  run(file)
  return F
end

local function val(v, F)
  if type(v) == "table" and getmetatable(v) and getmetatable(v).__name == "unknown" then return json.null end
  if v == nil then return json.null end
  return v
end

local function paths_of(file, F, report)
  local clause
  for _, c in ipairs(report.clauses or {}) do clause = clause or c.id end
  if not clause then return {} end
  local txt = sh(REDLINE .. " explain " .. q(file) .. " " .. q(clause) .. " -r " .. q(RULES) .. " 2>/dev/null")
  local paths = {}
  local on = false
  for line in txt:gmatch("[^\n]+") do
    if line:match("^access paths") then on = true
    elseif on then
      local id, model, mcloud = line:match("^%s+(%S+): model (%S+) on ([^,]+),")
      if id then
        local hops = {}
        local entry_id = id:match("^(.-)%[.*%]$")
        if entry_id then hops = { entry_id }
        else for h in (id .. "->"):gmatch("(.-)%->") do hops[#hops + 1] = h end end
        local d = F.deployment[hops[1]] or {}
        local prod = F.product[d.runs]
        local m = F.model[model] or {}
        local iface = d.interface or (prod and prod.kind) or "api"
        local state = d.state or (prod and prod.state) or "stateless"
        local stateful = false
        local details = {}
        for k, h in ipairs(hops) do
          local hd = F.deployment[h] or {}
          local hp = F.product[hd.runs]
          local hstate = hd.state or (hp and hp.state) or "stateless"
          if hstate == "stateful" then stateful = true end
          details[k] = { id = h, cloud = val(hd.cloud), operator = val(hd.operator),
            interface = val(hd.interface or (hp and hp.kind) or "api"), state = val(hstate) }
        end
        paths[#paths + 1] = {
          id = id, entry = hops[1], entry_cloud = val(d.cloud), seller = val(d.seller or d.operator),
          operator = val(d.operator), interface = val(iface), state = val(state),
          audience = d.audience or {}, product = prod and d.runs or json.null,
          api_share = prod and (prod.api_share or (prod.kind == "api" and 1 or 0)) or 1,
          model = model, model_owner = val(m.owner), model_tier = val(m.tier or "standard"),
          model_cloud = mcloud == "unknown" and json.null or mcloud,
          hops = hops, stateful = stateful, direct_api = iface == "api" and state == "stateless",
          hop_details = details,
        }
      end
    end
  end
  return paths
end

local function collect()
  local parts = {}
  return function(s)
    assert(type(s) == "string", "out() takes a string")
    parts[#parts + 1] = s
  end, parts
end

local cmd = arg[1]
if cmd == "check" then
  local doc = { reports = {} }
  for i = 2, #arg do
    local file = arg[i]
    local s = sh(REDLINE .. " check " .. q(file) .. " -f json -r " .. q(RULES) .. " 2>/dev/null")
    local ok, r = pcall(json.decode, s)
    if not ok then die("cannot decode the JSON report of " .. file) end
    r.paths = paths_of(file, facts(file), r)
    doc.reports[#doc.reports + 1] = r
  end
  local out, parts = collect()
  renderer().check(doc, out, {})
  io.write(table.concat(parts))
elseif cmd == "batch" then
  local sf = assert(io.open(arg[2]))
  local summary = json.decode(sf:read("a"))
  sf:close()
  local lines_file = arg[3]
  local opts = {}
  for i = 4, #arg do
    local k, v = arg[i]:match("^(%w+)=(.*)$")
    if k then opts[k] = v end
  end
  local doc = { summary = summary, manifest = summary.manifest }
  doc.lines = function()
    local it = io.lines(lines_file)
    return function()
      local l = it()
      while l and l == "" do l = it() end
      if l then return json.decode(l) end
    end
  end
  local out, parts = collect()
  local ok, err = pcall(renderer().batch, doc, out, opts)
  if not ok then die(tostring(err)) end
  io.write(table.concat(parts))
elseif cmd == "render" then
  local f = assert(io.open(arg[2] or die("usage: harness.lua render REPORT.json")))
  local r = json.decode(f:read("a"))
  f:close()
  local opts = {}
  for i = 3, #arg do
    local k, v = arg[i]:match("^(%w+)=(.*)$")
    if k then opts[k] = v end
  end
  local out, parts = collect()
  local ok, err = pcall(renderer().check, { reports = { r } }, out, opts)
  if not ok then die(tostring(err)) end
  io.write(table.concat(parts))
elseif cmd == "selftest" then
  -- Edge cases the bundled scenarios do not reach; each page goes to DIR.
  local dir = arg[2] or die("usage: harness.lua selftest DIR")
  local R = renderer()
  local null = json.null
  local evil = "<b>x</b> & \"'\1\255"
  local function lines_of(list) return function() local i = 0 return function() i = i + 1 return list[i] end end end
  local cases = {
    { "check-empty", "check", { reports = {} } },
    { "check-nulls", "check", { manifest = { version = "0.1.0", command = { "redline", "check", evil },
        files = { ["rules/a.lua"] = "sha256:00", [evil] = "sha256:ff" }, empty = {} },
      reports = {
      { scenario = { id = evil, title = null, date = null, file = null }, verdict = "error",
        expected_exposure_usd = null, counts = { error = 1, unknown = 1 },
        clauses = {
          { id = evil, contract = null, binding = null, in_force = null, verdict = "error", p_breach = null,
            expected_exposure_usd = null, readings = {} },
          { id = "c/2", contract = "c", binding = false, in_force = true, verdict = "weird", p_breach = 2,
            expected_exposure_usd = 1.5e13, readings = {
              { name = evil, weight = null, verdict = "unknown", because = evil, evidence = { evil, "a->b" },
                excused_by = evil, needs = { "deployment.x.cloud", evil } } } } },
        paths = {
          { id = "a->b->c->d", entry = "a", entry_cloud = null, seller = "s", operator = "o", interface = "application",
            state = null, audience = {}, product = null, api_share = null, model = "m", model_owner = null,
            model_tier = null, model_cloud = "gcp", hops = { "a", { id = "b", cloud = "azure", state = "stateful", interface = "api" }, "c", "d" },
            stateful = true, direct_api = false, unknown = { "entry_cloud" } },
          { id = "solo[m]", entry = "solo", entry_cloud = "aws-govcloud", interface = "api", state = "stateless",
            audience = { "enterprise", "government", "developer", "consumer" }, model = "m", model_cloud = "aws-govcloud",
            hops = { "solo" }, stateful = false, direct_api = true } } },
      { scenario = { id = "two", title = "Second" }, verdict = "compliant", expected_exposure_usd = 0, clauses = {}, paths = {} } } } },
    { "batch-nosummary", "batch", { summary = {}, lines = lines_of({
        { index = 0, values = { "x", 1, evil }, verdict = "breach", clauses = { { id = "k/1", verdict = "breach", p_breach = 1 } } },
        { index = 1, values = { "y", 2, evil }, verdict = "compliant", clauses = { { id = "k/1", verdict = "compliant", p_breach = 0 } } } }) } },
    { "batch-oneaxis", "batch", { summary = { variants = 2, findings = 0, clauses = { { id = "k/1", counts = { compliant = 2 },
        mean_p_breach = 0, mean_expected_exposure_usd = null } }, axes = { { path = "date", values = { "2025-01-01", "2026-01-01" } } } },
      lines = lines_of({ { index = 0, values = { "2025-01-01" }, clauses = { { id = "k/1", verdict = "compliant", p_breach = 0 } } },
        { index = 1, values = { "2026-01-01" }, clauses = { { id = "k/1", verdict = "compliant", p_breach = 0 } } } }) } },
  }
  cases[#cases + 1] = { "check-clause", "check", cases[2][3], { clause = "c/2" } }
  cases[#cases + 1] = { "check-noclause", "check", cases[2][3], { clause = "no/such" } }
  -- many numeric values: the heatmap bins them
  local many = {}
  for i = 0, 999 do
    many[#many + 1] = { index = i, values = { i % 3 == 0 and "azure" or "aws", (i * 7919 % 1000) / 1000, i * 0.5 },
      clauses = { { id = "msft-openai-2025/api-exclusivity", verdict = i % 2 == 0 and "breach" or "compliant", p_breach = i % 2 } } }
  end
  cases[#cases + 1] = { "batch-binned", "batch", { summary = { variants = 1000, clauses = { { id = "msft-openai-2025/api-exclusivity",
      counts = { breach = 500, compliant = 500 }, mean_p_breach = 0.5 } },
      axes = { { path = "cloud", values = { "azure", "aws" } }, { path = "share", uniform = { 0, 1 } }, { path = "n" } },
      tipping_points = { { axis = "share", clause = evil, after = 0.1, at = 0.2, from = "compliant", to = "breach" },
        { axis = "n", clause = "k", after = 499, at = 499.5, from = "breach", to = "nonsense" } } },
    lines = lines_of(many) }, { x = "n", y = "share" } }
  local failed = 0
  for _, c in ipairs(cases) do
    local runs = {}
    for k = 1, 2 do
      local out, parts = collect()
      local ok, err = pcall(R[c[2]], c[3], out, c[4] or {})
      if not ok then io.stderr:write(c[1], ": ", tostring(err), "\n"); failed = failed + 1; break end
      runs[k] = table.concat(parts)
    end
    if runs[2] then
      if runs[1] ~= runs[2] then io.stderr:write(c[1], ": output differs between runs\n"); failed = failed + 1 end
      local f = assert(io.open(dir .. "/" .. c[1] .. ".html", "w"))
      f:write(runs[1])
      f:close()
      print(c[1] .. ".html")
    end
  end
  -- bad options are errors that say what exists
  local binned = cases[#cases][3]
  local ok, err = pcall(R.batch, binned, function() end, { x = "nope" })
  if ok or not tostring(err):find("no axis", 1, true) then io.stderr:write("opts.x=nope: expected an error naming the axes\n"); failed = failed + 1 end
  ok, err = pcall(R.batch, binned, function() end, { clause = "nope" })
  if ok or not tostring(err):find("no clause", 1, true) then io.stderr:write("opts.clause=nope: expected an error\n"); failed = failed + 1 end
  os.exit(failed == 0 and 0 or 1)
else
  die("usage: harness.lua check SCENARIO... | batch SUMMARY.json LINES.jsonl [x=] [y=] [clause=] | selftest DIR")
end
