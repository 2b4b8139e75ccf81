-- An entity handle kept from the first check is refused in every later
-- one (run with --no-memo -j 1: the check keeps state between checks).
contract "wapi-stale" { effective = "2000-01-01" }
local kept
clause "wapi-stale/kept" {
  contract = "wapi-stale", text = "reads a kept entity",
  check = function(w)
    if not kept then
      kept = w:get("deployment", "d1")
      return compliant("first check: " .. kept.cloud)
    end
    return breach("read " .. tostring(kept.cloud))
  end,
}
