-- How much weight the letter reading of the 2025 API exclusivity must carry
-- before the clause's verdict changes, wherever inference runs.
batch "api-letter-weight" {
  base = "../../../scenarios/frontier_bedrock_sre.lua",
  vary = {
    { "weight.msft-openai-2025/api-exclusivity.letter", { 0, 0.25, 0.5, 0.75, 1 } },
    { "deployment.sre-inference.cloud", { "azure", "aws" } },
  },
}
