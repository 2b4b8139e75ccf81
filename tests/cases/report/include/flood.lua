-- A renderer whose included code writes more than --max-output allows.
local L = include("lib/limits.lua")
return {
  check = function(doc, out) L.flood(out) end,
  batch = function(doc, out) L.flood(out) end,
}
