batch "nan-n" {
  base = "tiny.lua", mode = "sample", n = 0/0, seed = 1,
  vary = { { "date", { "2026-01-01" } } },
}
