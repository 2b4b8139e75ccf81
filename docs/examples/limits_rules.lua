-- A check that never ends: stopped by the instruction budget.
contract "loop" { effective = "2020-01-01" }
clause "loop/forever" { contract = "loop", text = "Spins.",
  check = function(w) while true do end end }
