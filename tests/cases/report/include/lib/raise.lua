-- Included by raise.lua: fail() raises an error on line 5.
local M = {}
function M.fail()
  local why = "x"
  error(why)
end
return M
