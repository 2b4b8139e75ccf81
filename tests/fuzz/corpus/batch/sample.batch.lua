batch "s" { base = "base.lua", mode = "sample", n = 10, seed = 7, vary = {
  { "param.x", uniform(0, 1) }, { "deployment.d.attrs.k", { 1, "a", true } } } }
