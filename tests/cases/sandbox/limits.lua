contract "lim" { effective = "2000-01-01" }
clause "lim/loop" {
  contract = "lim", text = "infinite loop",
  check = function(w) while true do end end,
}
clause "lim/memory" {
  contract = "lim", text = "unbounded growth",
  check = function(w)
    local t, s = {}, "x"
    while true do s = s .. s; t[#t + 1] = s end
  end,
}
clause "lim/runtime" {
  contract = "lim", text = "runtime error",
  check = function(w)
    local x = nil
    return x.y
  end,
}
clause "lim/fine" {
  contract = "lim", text = "still alive",
  check = function(w) return compliant("fine") end,
}
