-- Variants from an analyst's table: one per row, the header naming axis paths.
batch "frontier-rows" {
  base = "../../../scenarios/frontier_bedrock_sre.lua",
  rows = csv_file("variants.csv"),
}
