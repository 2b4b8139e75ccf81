-- A check that keeps the verdict handle of its first run and returns it in
-- every later check: stale, so an error.  A handle must never be accepted
-- again, however many checks later (handles carry a 20-bit generation).
contract "stale" { effective = "2000-01-01" }
local first
clause "stale/kept" {
  contract = "stale", text = "returns a kept verdict",
  check = function(w)
    if not first then
      first = compliant("kept from the first check")
      return breach("fresh")
    end
    return first
  end,
}
