-- expect 2 (rule pack): tests/cases/bad/rule_unknown_contract.lua:3: expected contract to name a contract, found 'nope' (nearest: 'c')
contract "c" { effective = "2020-01-01" }
clause "c/x" {
  contract = "nope", text = "x",
  check = function(w) return compliant("ok") end,
}
