-- w:get answers by the id's text, however the string was made and whatever
-- string w:get saw before (w:get remembers recent answers by the strings'
-- addresses; a collected string's address can come back for another one).
contract "wapi" { effective = "2000-01-01" }
clause "wapi/dynamic" {
  contract = "wapi", text = "ids made at run time",
  check = function(w)
    local i = math.tointeger(w.params.i)
    -- Ids made anew (no constant holds them), with garbage in between so
    -- that the collector frees strings and reuses their memory.
    for k = 0, 7 do
      local junk = {}
      for n = 1, 200 do junk[n] = { n .. "x" .. k .. i } end
      local id = "d" .. ((i + k) % 4 + 1)
      local d = w:get("deployment", id)
      assert(d.id == id and w:get("deployments", id) == d, "wrong entity for " .. id)
    end
    if w:get("deployment", "d" .. (i % 2 + 1)).id == "d" .. 1 then
      return breach("d1 for an even i")
    end
    return compliant("d2 for an odd i")
  end,
}
clause "wapi/missing" {
  contract = "wapi", text = "what w:get does not find",
  check = function(w)
    assert(w:get("deployment", "nope") == nil)
    local d1 = "d" .. 1
    assert(w:get("deployment", d1 .. "\0x") ~= nil)  -- ids are C strings
    assert(w:get("model", d1) == nil and w:get("deployment", 7) == nil)
    assert(w:get("model", "m1").attrs.where == "c1")
    local ok, err = pcall(function() return w:get("deployment", d1).nope end)
    assert(not ok and err:find("deployment d1 has no field 'nope'", 1, true), err)
    ok, err = pcall(function() return w:get("dep", d1) end)
    assert(not ok and err:find("expected a kind", 1, true), err)
    assert(w.date == "2026-01-01" and w.scenario.id == "worldapi" and w.params.i ~= nil)
    assert(w["count"] == w.count and w:count("deployments") == 4)
    ok, err = pcall(function() return w.nope end)
    assert(not ok and err:find("the world has no field 'nope'", 1, true), err)
    local n = 0
    for p in w:paths() do
      assert(p.id == p["i" .. "d"] and p.model == "m1")
      n = n + 1
    end
    assert(n == 4, n)
    return compliant("nil, errors and attrs as documented")
  end,
}
clause "wapi/attrs-unknown" {
  contract = "wapi", text = "an unknown fact in attrs",
  check = function(w)
    if w:get("model", "m1").attrs.secret then return breach("known") end
    return compliant("not reached")
  end,
}
