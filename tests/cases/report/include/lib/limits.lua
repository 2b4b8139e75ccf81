-- Included by flood.lua and spin.lua: endless output on line 6, an endless
-- loop on line 11.
local M = {}
function M.flood(out)
  local chunk = string.rep("x", 65536)
  while true do out(chunk) end
end
function M.spin()
  local n = 0
  while true do
    n = n + 1
  end
end
return M
