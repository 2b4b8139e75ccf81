-- The peer workload: one variant per row of variants.csv (written by gen,
-- see README.md), over the world of world.lua, checked by rules.lua.
batch "peer" {
  base = "world.lua",
  rows = csv_file("variants.csv"),
}
