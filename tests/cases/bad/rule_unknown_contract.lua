contract "c" { effective = "2020-01-01" }
clause "c/x" {
  contract = "nope", text = "x",
  check = function(w) return compliant("ok") end,
}
