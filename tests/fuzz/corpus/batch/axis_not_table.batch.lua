batch "axis" { base = "base.lua", vary = { { "param.x", { 1 } }, #{ "date" } } }
