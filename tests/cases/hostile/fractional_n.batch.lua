batch "fractional-n" {
  base = "tiny.lua", mode = "sample", n = 2.7, seed = 1,
  vary = { { "date", { "2026-01-01" } } },
}
