-- Frontier through the Bedrock SRE, inference on AWS (the facts of
-- frontier_bedrock_sre.lua), judged under every contract of the library: no
-- `contracts` list. The standard benchmark batch (bench/) varies this world,
-- so that a million variants exercise the full clause library.

scenario "frontier-bedrock-sre-all-contracts" {
  title = "Frontier via the Bedrock SRE, inference on AWS, under every contract",
  date  = "2026-03-18",
  expect = { ["msft-openai-2025/api-exclusivity"] = "contested",     -- letter no, spirit yes
             ["msft-openai-2025/ip-license"] = "contested",
             ["msft-openai-2019/exclusive-cloud"] = "not_applicable",  -- superseded
             ["msft-openai-2025-09/api-on-azure"] = "not_applicable",  -- superseded, non-binding
             ["msft-openai-2026/frontier-on-azure"] = "breach",        -- Frontier runs on AWS
             ["amazon-openai-2026/frontier-exclusive-third-party"] = "compliant",
             ["amazon-openai-2026/government-resale"] = "compliant",
             ["aws-guidance-2026/messaging"] = "compliant" },          -- "powered by"
  source = "ft-2026-03-18#routed-through-azure",
}
include("common/parties.lua")
include("common/frontier.lua")
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           interface = "platform", state = "stateful",
                           audience = { "enterprise", "government" }, calls = { "sre-inference" },
                           source = "ft-2026-03-18#sre" }
deployment "sre-inference" { runs = "gpt-frontier", cloud = "aws", operator = "amazon",
                             interface = "api", state = "stateless",  -- internal: no audience
                             source = "ft-2026-03-18#sre" }
statement "aws-pitch" { by = "amazon", about = "frontier", text = "The SRE is powered by OpenAI",
                        source = "ft-2026-03-18#staff-memo" }
