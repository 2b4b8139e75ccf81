-- What-if batch over the Frontier-via-Bedrock-SRE world (docs/batch.md):
-- where inference runs, how much of Frontier's use is raw pass-through,
-- the date, and what AWS staff say.
batch "frontier-design-space" {
  base = "frontier_bedrock_sre.lua",
  vary = {
    { "deployment.sre-inference.cloud", { "azure", "aws" },
      label = "Cloud running Frontier's model inference" },
    { "product.frontier.api_share", range(0, 1, 0.05),
      label = "Share of Frontier's use that is raw model pass-through" },
    { "date", { "2025-09-01", "2026-03-18" }, label = "Date of evaluation" },
    { "statement.aws-pitch.text", { "The SRE is powered by OpenAI",
                                    "The SRE enables access to ChatGPT" },
      label = "What AWS tells customers" },
  },
  mode = "grid",
}
