contract "c" { effective = "2020-01-01" }
clause "c/x" {
  contract = "c", text = "x",
  readings = {
    letter = { weight = 0, check = function(w) return compliant("ok") end },
  },
}
