-- Two cheap clauses, one contested on every variant (so a batch has
-- findings and exits 1): for tests about batch files, resume, allocation
-- failures and full disks, which need many variants but no costly checks.
contract "bat" { effective = "2000-01-01" }
clause "bat/ok" { contract = "bat", text = "always compliant",
  check = function(w) return compliant("nothing to find") end }
clause "bat/split" {
  contract = "bat", text = "the readings disagree",
  readings = {
    a = { weight = 0.5, check = function(w) return breach("a") end },
    b = { weight = 0.5, check = function(w) return compliant("b") end },
  },
}
