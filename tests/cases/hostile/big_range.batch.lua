batch "big-range" { base = "tiny.lua", vary = { { "param.x", range(0, 2e7, 1) } } }
