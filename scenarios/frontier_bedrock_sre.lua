-- Frontier through a Stateful Runtime Environment on Bedrock, inference on AWS.
-- The reference example of the scenario language, with `source` added (and `expect`
-- extended to every clause of the contracts it names). The headline question:
-- does "Frontier via Bedrock SRE" breach the API clause, under its letter and its spirit?

scenario "frontier-bedrock-sre" {
  title = "Frontier through a Stateful Runtime Environment on Bedrock, inference on AWS",
  date  = "2026-03-18",                  -- evaluation date, ISO 8601
  contracts = { "msft-openai-2019", "msft-openai-2025", "amazon-openai-2026" }, -- default: all loaded
  expect = { ["msft-openai-2025/api-exclusivity"] = "contested",               -- for `redline test`
             ["msft-openai-2019/exclusive-cloud"] = "not_applicable",           -- superseded in October 2025
             ["msft-openai-2025/ip-license"] = "contested",                     -- Amazon runs the model on AWS
             ["amazon-openai-2026/frontier-exclusive-third-party"] = "compliant",
             ["amazon-openai-2026/government-resale"] = "compliant" },         -- Frontier is a product
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
deployment "sre-inference" { runs = "gpt-frontier", cloud = "aws", operator = "amazon",
                             interface = "api", state = "stateless",  -- internal: no audience
                             source = "ft-2026-03-18#sre" }
statement "aws-pitch" { by = "amazon", about = "frontier", text = "The SRE is powered by OpenAI",
                        source = "ft-2026-03-18#staff-memo" }
