-- Large enough that the interrupt test always stops it part-way.
batch "big" {
  base = "../../../scenarios/frontier_bedrock_sre.lua",
  mode = "sample", n = 50000000, seed = 3,
  vary = { { "product.frontier.api_share", uniform(0, 1) } },
}
