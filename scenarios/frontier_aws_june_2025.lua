-- The reference architecture (Frontier through the Bedrock SRE, inference on AWS), dated
-- 15 June 2025: before the October 2025 restructuring, when Microsoft was still OpenAI's
-- exclusive cloud provider (ft-2026-03-18). Counterfactual: Frontier did not exist yet; the point is
-- the date axis. The 2019 exclusivity is breached; the API clause is not
-- yet in force.

scenario "frontier-aws-june-2025" {
  title = "Frontier on AWS through the Bedrock SRE, in June 2025",
  date  = "2025-06-15",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "breach",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "not_applicable",
    ["msft-openai-2025/ip-license"] = "not_applicable",
    ["msft-openai-2026/frontier-on-azure"] = "not_applicable",
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "not_applicable",
    ["amazon-openai-2026/government-resale"] = "not_applicable",
    ["aws-guidance-2026/messaging"] = "not_applicable",
  },
  source = "ft-2026-03-18#routed-through-azure",
  note = "Hypothetical: the same facts as frontier_bedrock_sre.lua on an earlier date.",
}
include("common/parties.lua")
include("common/frontier.lua")
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           interface = "platform", state = "stateful",
                           audience = { "enterprise" }, calls = { "sre-inference" },
                           source = "ft-2026-03-18#sre" }
deployment "sre-inference" { runs = "gpt-frontier", cloud = "aws", operator = "amazon",
                             interface = "api", state = "stateless",
                             source = "ft-2026-03-18#sre" }
