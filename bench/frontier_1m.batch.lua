-- The standard benchmark batch: one million sampled variants of the
-- Frontier-via-Bedrock-SRE world, over the full clause library.
batch "bench-frontier-1m" {
  base = "../scenarios/frontier_bedrock_sre_all_contracts.lua",
  mode = "sample", n = 1000000, seed = 2026,
  vary = {
    { "deployment.sre-inference.cloud", { "azure", "aws", unknown } },
    { "product.frontier.api_share", uniform(0, 1) },
    { "date", { "2025-06-15", "2025-09-15", "2026-03-18" } },
    { "statement.aws-pitch.text", { "The SRE is powered by OpenAI",
                                    "The SRE enables access to ChatGPT",
                                    "Integrates with OpenAI's frontier models" } },
  },
}
