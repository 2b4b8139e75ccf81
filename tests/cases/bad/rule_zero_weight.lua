-- expect 2 (rule pack): tests/cases/bad/rule_zero_weight.lua:3: clause c/x reading letter: expected weight to be a positive number
contract "c" { effective = "2020-01-01" }
clause "c/x" {
  contract = "c", text = "x",
  readings = {
    letter = { weight = 0, check = function(w) return compliant("ok") end },
  },
}
