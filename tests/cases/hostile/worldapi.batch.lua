-- 300 variants of worldapi.lua, for the world API's lookups
-- (worldapi_rules.lua, worldapi_stale_rules.lua).
batch "worldapi" { base = "worldapi.lua", vary = { { "param.i", range(0, 299, 1) } } }
