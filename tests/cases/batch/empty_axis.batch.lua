batch "x" {
  base = "../../../scenarios/frontier_bedrock_sre.lua",
  vary = { { "product.frontier.api_share", {} } },
}
