-- Frontier's state on AWS, its inference on Azure, under every contract: the SRE (the
-- stateful layer, with company data on AWS) runs on Bedrock, and every model call goes to a
-- stateless endpoint OpenAI runs on Azure — the architecture the parties appear to be
-- building (ft-2026-03-18). The API clause and the IP licence are met under every reading. What is
-- left open is where a platform is "hosted": the joint statement is met if Frontier is
-- hosted where its inference runs, breached if where its platform runs; and the Amazon
-- exclusivity turns on whether Azure, serving Frontier's inference, is a "third-party" cloud.

scenario "frontier-state-aws-inference-azure" {
  title = "Frontier's SRE (state) on Bedrock, its model inference on Azure, every contract",
  date  = "2026-03-18",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "compliant",
    ["msft-openai-2025/ip-license"] = "compliant",
    ["msft-openai-2026/frontier-on-azure"] = "contested",   -- p 0.75: hosted where?
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "contested",  -- p 0.4
    ["amazon-openai-2026/government-resale"] = "compliant",
    ["aws-guidance-2026/messaging"] = "compliant",
  },
  source = "ft-2026-03-18#routed-through-azure",
}
include("common/parties.lua")
include("common/frontier.lua")
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           interface = "platform", state = "stateful",
                           audience = { "enterprise", "government" }, calls = { "sre-inference" },
                           source = "ft-2026-03-18#sre",
                           note = "Reads company data stored on AWS; agents remember prior work (ft-2026-03-18)." }
deployment "sre-inference" { runs = "gpt-frontier", cloud = "azure", operator = "openai",
                             interface = "api", state = "stateless",
                             source = "weighs-lawsuit-2026-03#stateless-apis",
                             note = "All API calls routed through Azure (weighs-lawsuit-2026-03, ft-2026-03-18)." }
statement "sre-pitch" { by = "amazon", about = "frontier", text = "The SRE is powered by OpenAI",
                        source = "ft-2026-03-18#staff-memo" }
