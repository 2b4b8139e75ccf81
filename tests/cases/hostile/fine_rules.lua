-- One clause that costs nothing: for tests about many scenarios.
contract "fine" { effective = "2000-01-01" }
clause "fine/ok" { contract = "fine", text = "always compliant",
  check = function(w) return compliant("fine") end }
