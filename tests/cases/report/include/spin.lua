-- A renderer whose included code runs out of its instruction budget.
local L = include("lib/limits.lua")
return {
  check = function(doc, out) L.spin() end,
  batch = function(doc, out) L.spin() end,
}
