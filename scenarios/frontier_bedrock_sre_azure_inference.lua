-- The reference example (frontier_bedrock_sre.lua) with one fact changed: the SRE's model inference runs on Azure.
-- The SRE (the stateful layer) stays on Bedrock and calls a stateless inference endpoint
-- hosted on Azure. The question: how does the answer change with where inference runs?
-- Microsoft's API clause is satisfied under both readings; the price is the Amazon
-- clause, which reads as contested once Azure serves Frontier's inference.

scenario "frontier-bedrock-sre-azure-inference" {
  title = "Frontier through the Bedrock SRE, model inference on Azure",
  date  = "2026-03-18",
  contracts = { "msft-openai-2019", "msft-openai-2025", "amazon-openai-2026" },
  expect = { ["msft-openai-2025/api-exclusivity"] = "compliant",
             ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
             ["msft-openai-2025/ip-license"] = "compliant",        -- the model runs on Azure
             ["amazon-openai-2026/frontier-exclusive-third-party"] = "contested", -- is Azure "third-party"?
             ["amazon-openai-2026/government-resale"] = "compliant" },
  source = "ft-2026-03-18#routed-through-azure",
}
party "microsoft" { kind = "cloud_provider", source = "ft-2026-03-18#weighs-legal-action" }
party "openai"    { kind = "model_provider", source = "ft-2026-03-18#weighs-legal-action" }
party "amazon"    { kind = "cloud_provider", source = "ft-2026-03-18#weighs-legal-action" }
cloud "azure" { owner = "microsoft", source = "ft-2026-03-18#routed-through-azure" }
cloud "aws"   { owner = "amazon", source = "ft-2026-03-18#sre" }
model "gpt-frontier" { owner = "openai", tier = "frontier", weights = { "azure", "aws" },
                       source = "ft-2026-03-18#stateless-stateful" }
product "frontier" { owner = "openai", kind = "platform", state = "stateful",
                     models = { "gpt-frontier" }, api_share = 0.15,
                     source = "weighs-lawsuit-2026-03#50bn-frontier" }
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           interface = "platform", state = "stateful",
                           audience = { "enterprise", "government" }, calls = { "sre-inference" },
                           source = "ft-2026-03-18#sre" }
deployment "sre-inference" { runs = "gpt-frontier", cloud = "azure", operator = "amazon",
                             interface = "api", state = "stateless",  -- internal: no audience
                             source = "weighs-lawsuit-2026-03#stateless-apis",
                             note = "Served from Azure, as Microsoft says the contract requires (weighs-lawsuit-2026-03)." }
statement "aws-pitch" { by = "amazon", about = "frontier", text = "The SRE is powered by OpenAI",
                        source = "ft-2026-03-18#staff-memo" }
