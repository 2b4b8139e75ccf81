-- The reference example (frontier_bedrock_sre.lua) with one fact changed: the SRE's model inference runs on Azure.
-- The SRE (the stateful layer) stays on Bedrock and calls a stateless inference endpoint
-- hosted on Azure. The question: how does the answer change with where inference runs?
-- Microsoft's API clause is satisfied under both readings; the price is the Amazon
-- clause, which reads as contested once Azure serves Frontier's inference.

scenario "frontier-bedrock-sre-azure-inference" {
  base = "frontier_bedrock_sre.lua",
  set = {
    ["deployment.sre-inference.cloud"] = "azure",
    ["deployment.sre-inference.source"] = "weighs-lawsuit-2026-03#stateless-apis",
    ["deployment.sre-inference.note"] = "Served from Azure, as Microsoft says the contract requires (weighs-lawsuit-2026-03).",
  },
  title = "Frontier through the Bedrock SRE, model inference on Azure",
  expect = { ["msft-openai-2025/api-exclusivity"] = "compliant",
             ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
             ["msft-openai-2025/ip-license"] = "compliant",        -- the model runs on Azure
             ["amazon-openai-2026/frontier-exclusive-third-party"] = "contested", -- is Azure "third-party"?
             ["amazon-openai-2026/government-resale"] = "compliant" },
}
