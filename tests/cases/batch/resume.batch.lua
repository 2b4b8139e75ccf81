-- Killed and resumed by the CLI tests: every variant must appear once.
batch "resume" {
  base = "../../../scenarios/frontier_bedrock_sre.lua",
  mode = "sample", n = 60000, seed = 5,
  vary = {
    { "product.frontier.api_share", uniform(0, 1) },
    { "deployment.sre-inference.cloud", { "azure", "aws", unknown } },
  },
}
