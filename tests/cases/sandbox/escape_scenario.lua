-- A scenario file probing the sandbox at load time: every escape hatch is
-- absent or refused, so the asserts hold and the scenario loads.
assert(io == nil and os == nil and package == nil and debug == nil)
assert(require == nil and dofile == nil and loadfile == nil and collectgarbage == nil)
assert(string.dump == nil and ("").dump == nil)
assert(not pcall(load, "\27LuaT\0", "bin", "b"))
local ok, f = pcall(load, "\27LuaT\0")
assert(not ok or f == nil)
assert(getmetatable("") == false)
scenario "sandboxed" { date = "2026-03-18" }
