-- Hostile checks: each must end as an error verdict within its limits,
-- and "hostile/fine" must still be evaluated.
contract "hostile" { effective = "2000-01-01" }
clause "hostile/xpcall-handler" {
  contract = "hostile", text = "a message handler that never returns",
  check = function(w) return xpcall(error, function() while true do end end) end,
}
clause "hostile/xpcall-after-limit" {
  contract = "hostile", text = "a handler reached by the budget error",
  check = function(w)
    xpcall(function() while true do end end, function() while true do end end)
    return compliant("unreachable")
  end,
}
clause "hostile/gc" {
  contract = "hostile", text = "a finalizer that never returns",
  check = function(w)
    setmetatable({}, { __gc = function() while true do end end })
    return compliant("made a finalizer")
  end,
}
clause "hostile/backtrack" {
  contract = "hostile", text = "exponential pattern backtracking",
  check = function(w)
    local r = ("a"):rep(40):find(("a*"):rep(40) .. "b")
    return compliant(tostring(r))
  end,
}
clause "hostile/insert" {
  contract = "hostile", text = "table.insert at the front of a big table",
  check = function(w)
    local t = {}
    for i = 1, 1000000 do t[i] = i end
    while true do table.insert(t, 1, 0); table.remove(t) end
  end,
}
clause "hostile/returned" {
  contract = "hostile", text = "the verdict returned is not the last built",
  check = function(w)
    local v = breach("the returned one")
    compliant("scratch")
    return v
  end,
}
clause "hostile/fine" {
  contract = "hostile", text = "still evaluated",
  check = function(w) return compliant("fine") end,
}
