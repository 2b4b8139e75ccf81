-- Sixteen clauses, clause bN a breach when bit N of x * 65536 is set:
-- nearly every variant of patterns.batch.lua has findings no other variant
-- has, the worst case for a results database that stores each distinct
-- set of findings once (tests/store.sh).
contract "pat" { effective = "2000-01-01" }
for n = 0, 15 do
  clause("pat/b" .. n) { contract = "pat", text = "bit " .. n .. " of x is clear",
    check = function(w)
      if math.floor(w.params.x * 65536 / 2 ^ n) % 2 == 1 then return breach("set") end
      return compliant("clear")
    end }
end
