-- reports/lib/common.lua: what every renderer shares (md, html, csv).
--
-- Not a renderer: -f takes md, html or csv, never lib.  A renderer gets it
-- with include("lib/common.lua"), which runs it in the renderer's sandbox
-- and returns the table below.

local fmt, concat = string.format, table.concat
local null = json.null

local M = { null = null }

-- JSON null and a missing field read alike.
local function isnull(v) return v == nil or v == null end
M.isnull = isnull

-- A table's keys in order, so that maps are walked the same way every run:
-- strings before numbers would be a type error in table.sort, so keys of
-- different types are ordered by their type's name first.
function M.sorted_keys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    return a < b
  end)
  return ks
end

-- A sum of money: $20.0B, $950.0M, $12.5K, $300; "—" when there is none.
function M.money(x)
  if type(x) ~= "number" then return "—" end
  local a, sign = math.abs(x), x < 0 and "-" or ""
  if a >= 1e12 then return fmt("%s$%.1fT", sign, a / 1e12) end
  if a >= 1e9 then return fmt("%s$%.1fB", sign, a / 1e9) end
  if a >= 1e6 then return fmt("%s$%.1fM", sign, a / 1e6) end
  if a >= 1e3 then return fmt("%s$%.1fK", sign, a / 1e3) end
  return fmt("%s$%.0f", sign, a)
end

-- A probability to two places; "—" when there is none.
function M.prob(p)
  if type(p) ~= "number" then return "—" end
  return fmt("%.2f", p)
end

-- A clause in breach or contested that states no exposure: its exposure is
-- "not quantified", never $0 (nor an empty cell a spreadsheet sums as 0).
function M.not_quantified(c)
  return isnull(c.expected_exposure_usd) and (c.verdict == "breach" or c.verdict == "contested")
end

-- Exposure of one clause in words: a figure, "not quantified", or "—".
function M.exposure(c)
  if M.not_quantified(c) then return "not quantified" end
  return M.money(c.expected_exposure_usd)
end

-- A claimant's exposure in words: the expected figure, and how many of its
-- clauses at risk state none ("$1.2B + 2 clauses not quantified").
function M.claimant_exposure(e)
  local s = isnull(e.expected_exposure_usd) and "" or M.money(e.expected_exposure_usd)
  local nq = type(e.not_quantified) == "table" and #e.not_quantified or 0
  if nq > 0 then
    s = s .. (isnull(e.expected_exposure_usd) and "" or " + ") ..
      fmt("%d clause%s not quantified", nq, nq > 1 and "s" or "")
  end
  return s
end

-- The variants that matter in a batch: the first line of each distinct
-- pattern of clause verdicts (only opts.clause's verdict when it is given),
-- in index order.  Returns at most `most` lines, and the number of patterns.
function M.verdict_patterns(lines, clause, most)
  local seen, shown, patterns = {}, {}, 0
  for line in lines do
    local key = {}
    for _, c in ipairs(type(line.clauses) == "table" and line.clauses or {}) do
      if not clause or c.id == clause then key[#key + 1] = tostring(c.id) .. "=" .. tostring(c.verdict) end
    end
    key = concat(key, " ")
    if not seen[key] then
      seen[key] = true
      patterns = patterns + 1
      if #shown < most then shown[#shown + 1] = line end
    end
  end
  return shown, patterns
end

return M
