-- 2^20 + 10 variants: one check each (with --no-memo).
batch "stale" { base = "tiny.lua", vary = { { "param.i", range(0, 1048585, 1) } } }
