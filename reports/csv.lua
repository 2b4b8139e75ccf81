-- reports/csv.lua: redline's CSV report (RFC 4180).
--
-- A renderer module: returns { check = fn, batch = fn }, each called as
-- fn(doc, out, opts) in redline's sandbox.  A header row, then one row per
-- (scenario, clause, reading) for a check and one per (variant, clause,
-- reading) for a batch; CRLF line ends; a field holding a comma, quote, CR
-- or LF is quoted, with quotes doubled.  Rows are written as they are made
-- (a batch's lines stream through).  opts.clause keeps one clause's rows.
-- Numbers are written so that they read back exactly; null is empty.

local C = include("lib/common.lua")
local isnull, sorted_keys = C.isnull, C.sorted_keys
local fmt, concat = string.format, table.concat

-- The shortest decimal that reads back as the same double.
local function number(x)
  local i = math.tointeger(x)
  if i then return tostring(i) end
  if x ~= x or x == math.huge or x == -math.huge then return tostring(x) end
  for _, p in ipairs({ 15, 16, 17 }) do
    local s = fmt("%." .. p .. "g", x)
    if tonumber(s) == x then return s end
  end
  return fmt("%.17g", x)
end

local function text(v)
  if isnull(v) then return "" end
  if type(v) == "number" then return number(v) end
  if type(v) == "boolean" then return v and "true" or "false" end
  if type(v) == "table" then
    local r = {}
    for i, x in ipairs(v) do r[i] = text(x) end
    return concat(r, "; ")
  end
  return tostring(v)
end

local function field(v)
  local s = text(v)
  -- A text cell that a spreadsheet would read as a formula (=, +, -, @,
  -- or a tab or CR first) gets a leading apostrophe; numbers stay numbers.
  if type(v) ~= "number" and s:find("^[=+%-@\t\r]") then s = "'" .. s end
  if s:find('[,"\r\n]') then return '"' .. s:gsub('"', '""') .. '"' end
  return s
end

local function emit(out, cells)
  local r = {}
  for i = 1, cells.n or #cells do r[i] = field(cells[i]) end
  out(concat(r, ",") .. "\r\n")
end

-- A clause in breach or contested that states no exposure: "not quantified",
-- never an empty cell a spreadsheet would sum as 0.
local function exposure(c)
  if C.not_quantified(c) then return "not quantified" end
  return c.expected_exposure_usd
end

local function check(doc, out, opts)
  emit(out, { "scenario", "date", "clause", "contract", "binding", "in_force",
    "clause_verdict", "p_breach", "expected_exposure_usd", "reading", "weight",
    "reading_verdict", "because", "evidence", "needs", "excused_by", "holder", "obligor" })
  for _, r in ipairs(doc.reports) do
    for _, c in ipairs(r.clauses) do
      if not opts.clause or c.id == opts.clause then
        local readings = c.readings
        if #readings == 0 then readings = { {} } end
        for _, rd in ipairs(readings) do
          emit(out, { n = 18, r.scenario.id, r.scenario.date, c.id, c.contract, c.binding,
            c.in_force, c.verdict, c.p_breach, exposure(c), rd.name,
            rd.weight, rd.verdict, rd.because, rd.evidence, rd.needs, rd.excused_by,
            c.holder, c.obligor })
        end
      end
    end
  end
end

local function batch(doc, out, opts)
  local s = doc.summary
  local axes = (not isnull(s.axes) and s.axes) or nil
  local header_done = false
  local function header(nvalues)
    local h = { "index" }
    for i = 1, nvalues do
      h[#h + 1] = axes and axes[i] and axes[i].path or ("value_" .. i)
    end
    for _, name in ipairs({ "clause", "clause_verdict", "p_breach",
      "expected_exposure_usd", "reading", "reading_verdict" }) do
      h[#h + 1] = name
    end
    emit(out, h)
    header_done = true
  end
  if axes then header(#axes) end
  -- Each line's and each clause's fields are quoted once, then shared by
  -- the rows of its readings.
  for line in doc.lines() do
    local values = isnull(line.values) and {} or line.values
    if not header_done then header(#values) end
    local prefix = { field(line.index) }
    for i = 1, #values do prefix[#prefix + 1] = field(values[i]) end
    prefix = concat(prefix, ",")
    for _, c in ipairs(line.clauses) do
      if not opts.clause or c.id == opts.clause then
        local head = concat({ prefix, field(c.id), field(c.verdict), field(c.p_breach),
          field(exposure(c)) }, ",")
        local rds = not isnull(c.readings) and c.readings or nil
        if rds and next(rds) then
          local rows = {}
          for _, name in ipairs(sorted_keys(rds)) do
            rows[#rows + 1] = head .. "," .. field(name) .. "," .. field(rds[name]) .. "\r\n"
          end
          out(concat(rows))
        else
          out(head .. ",,\r\n")
        end
      end
    end
  end
  if not header_done then header(0) end
end

return { check = check, batch = batch }
