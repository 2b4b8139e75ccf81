-- Included by badsyntax.lua: line 3 is not Lua.
local M = {}
M.x = = 1
return M
