batch "axis" { base = "tiny.lua", vary = { { "param.x", { 1 } }, #{ "date" } } }
