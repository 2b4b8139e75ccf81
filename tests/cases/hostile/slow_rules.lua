-- A check that only a deadline stops (--max-instructions set very high).
contract "slow" { effective = "2000-01-01" }
clause "slow/forever" {
  contract = "slow", text = "never ends",
  check = function(w) while true do end end,
}
clause "slow/fine" {
  contract = "slow", text = "still evaluated",
  check = function(w) return compliant("fine") end,
}
