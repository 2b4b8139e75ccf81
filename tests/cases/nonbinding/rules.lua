-- A binding clause that holds and a non-binding one that is breached: the
-- scenario verdict and the exit code follow the binding clause alone.
contract "deal" { effective = "2020-01-01" }
clause "deal/kept" { contract = "deal", text = "kept",
  check = function(w) return compliant("kept") end }
contract "memo" { effective = "2020-01-01", binding = false }
clause "memo/broken" { contract = "memo", text = "broken", exposure_usd = 1e9,
  check = function(w) return breach("broken") end }
