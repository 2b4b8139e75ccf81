-- Checks that compare api_share with numbers (w:above, w:below) in every way
-- a batch's reuse of verdicts must get right: nested comparisons whose
-- numbers depend on an earlier answer, a threshold from a param, more
-- numbers than are kept per reading, a fact compared beside one read whole,
-- paths, and an exception.  thresholds.batch.lua runs them with and without
-- reuse; tests/cli.sh requires the same lines.
contract "t" { title = "Thresholds", effective = "2020-01-01" }

local function prod(w, id) return w:get("product", id) end

clause "t/simple" { contract = "t", text = "p is not primarily an API.",
  check = function(w)
    local p = prod(w, "p")
    if w:above(p, "api_share", 0.5) then
      return breach(("p is primarily an API (api_share %s > 0.50)"):format(w:cite(p, "api_share", 2)))
    end
    return compliant(("p is not (api_share %s)"):format(w:cite(p, "api_share")), { p })
  end }

exception "t/q-small" { to = "t/simple", contract = "t", title = "q is small",
  text = "Excused while q is small.",
  applies = function(w)
    local q = prod(w, "q")
    return w:below(q, "api_share", 0.2), ("q's api_share is %s, against 0.2"):format(w:cite(q, "api_share", 3))
  end }

clause "t/nested" { contract = "t", text = "The numbers depend on earlier answers.",
  readings = {
    letter = { weight = 0.5, check = function(w)
      local p = prod(w, "p")
      if w:above(p, "api_share", 0.5) then
        if w:below(p, "api_share", 0.75) then return breach("between 0.5 and 0.75") end
        return compliant("above 0.75")
      end
      if w:below(p, "api_share", 0.125) then return not_applicable("below 0.125") end
      if w:above(p, "api_share", 0.375) then return breach("between 0.375 and 0.5") end
      return compliant("between 0.125 and 0.375")
    end },
    spirit = { weight = 0.5, check = function(w)
      local p, q = prod(w, "p"), prod(w, "q")
      -- q's threshold is p's side of 0.5
      local t = w:above(p, "api_share", 0.5) and 0.9 or 0.1
      if w:above(q, "api_share", t) then return breach("q above " .. t) end
      return compliant("q at most " .. t)
    end },
  } }

clause "t/param" { contract = "t", text = "A threshold from a param.",
  check = function(w)
    for path in w:paths() do
      if w:above(path, "api_share", w.params.t) then
        return breach(path.id .. " above " .. w.params.t)
      end
    end
    return compliant("no path above " .. w.params.t)
  end }

clause "t/many" { contract = "t", text = "More numbers than a reading keeps.",
  check = function(w)
    local p, n = prod(w, "p"), 0
    for i = 1, 40 do
      if w:above(p, "api_share", i / 41) then n = n + 1 end
    end
    if n % 2 == 0 then return breach(n .. " of 40") end
    return compliant(n .. " of 40")
  end }

clause "t/mixed" { contract = "t", text = "One fact compared, one read whole.",
  check = function(w)
    local p, q = prod(w, "p"), prod(w, "q")
    local v = q.api_share
    if w:above(p, "api_share", 0.5) == (v > 0.5) then return breach("same side") end
    return compliant("other sides")
  end }
