-- For tests/allocs.c: list axes only (36 combinations), so that after the
-- first variants every reading's verdict is reused and the per-variant
-- loop reaches its steady state.
batch "steady" {
  base = "../../../scenarios/frontier_bedrock_sre.lua",
  mode = "sample", n = 20000, seed = 11,
  vary = {
    { "deployment.sre-inference.cloud", { "azure", "aws", unknown } },
    { "date", { "2025-06-15", "2025-09-15", "2026-03-18" } },
    { "product.frontier.kind", { "platform", "api" } },
    { "statement.aws-pitch.text", { "The SRE is powered by OpenAI",
                                    "The SRE enables access to ChatGPT" } },
  },
}
