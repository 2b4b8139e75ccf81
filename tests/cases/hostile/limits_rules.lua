-- Limits that must hold and must not fire falsely.
contract "lim" { effective = "2000-01-01" }
clause "lim/garbage" {
  contract = "lim", text = "much garbage, little live data: fits after a collection",
  check = function(w)
    local s
    for i = 1, 40 do s = string.rep("x", (4 << 20) + i) end
    return compliant("made garbage of " .. #s)
  end,
}
clause "lim/weights" {
  contract = "lim", text = "huge weights",
  readings = {
    a = { weight = 1e308, check = function(w) return breach("a") end },
    b = { weight = 1e308, check = function(w) return compliant("b") end },
  },
}
