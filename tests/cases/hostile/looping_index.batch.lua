local fields = { base = "tiny.lua", vary = { { "date", { "2026-01-01" } } } }
local t = setmetatable({}, { __index = function(t, k) while true do end end })
batch "looping-index" (t)
