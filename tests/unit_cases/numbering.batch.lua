-- Variant numbering (tests/unit.c): 2 x 3 x 2 = 12 grid variants, the last
-- axis fastest; the first value of each axis is the base scenario's.
batch "numbering" {
  base = "../../scenarios/frontier_bedrock_sre.lua",
  mode = "grid",
  vary = {
    { "deployment.bedrock-sre.cloud", { "aws", "azure" } },
    { "product.frontier.api_share", { 0.15, 0.5, 0.9 } },
    { "date", { "2026-03-18", "2025-06-15" } },
  },
}
