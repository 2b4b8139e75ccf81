-- A sampled batch: uniform draws, lists with unknown, and a param axis.
batch "sampled" {
  base = "../../../scenarios/frontier_bedrock_sre.lua",
  mode = "sample", n = 3000, seed = 7,
  vary = {
    { "product.frontier.api_share", uniform(0, 1) },
    { "deployment.sre-inference.cloud", { "azure", "aws", unknown } },
    { "param.note", { "a", "b" } },
  },
}
