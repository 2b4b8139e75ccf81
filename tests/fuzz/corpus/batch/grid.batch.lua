batch "g" { base = "base.lua", vary = {
  { "deployment.d.cloud", { "c" } }, { "param.x", range(0, 1, 0.25) },
  { "date", { "2025-01-01", "2026-01-01" } }, { "model.m.tier", { "frontier", "open_weight" } } } }
