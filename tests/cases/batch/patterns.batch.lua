-- With patterns.lua: 20,000 variants, nearly all with findings of their own.
batch "patterns" {
  base = "patterns_base.lua",
  mode = "sample", n = 20000, seed = 3,
  vary = { { "param.x", uniform(0, 1) } },
}
