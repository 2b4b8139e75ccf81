-- expect 2 (rule pack): tests/cases/bad/rule_unknown_clause.lua:7: expected to to name a clause, found 'c/nope' (nearest: 'c/x')
contract "c" { effective = "2020-01-01" }
clause "c/x" {
  contract = "c", text = "x",
  check = function(w) return compliant("ok") end,
}
exception "c/ex" {
  to = "c/nope", text = "y",
  applies = function(w) return true, "yes" end,
}
