batch "x" {
  base = "../../../scenarios/frontier_bedrock_sre.lua",
  vary = { { "deployment.sre-inference.cloud", { "gcp" } } },
}
