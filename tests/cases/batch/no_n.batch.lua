batch "x" {
  base = "../../../scenarios/frontier_bedrock_sre.lua", mode = "sample",
  vary = { { "product.frontier.api_share", uniform(0, 1) } },
}
