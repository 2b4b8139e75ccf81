-- A renderer whose included code raises an error: the message names the
-- included file and its line.
local R = include("lib/raise.lua")
return {
  check = function(doc, out) R.fail() end,
  batch = function(doc, out) R.fail() end,
}
