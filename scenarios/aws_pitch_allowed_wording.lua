-- Control for the memo matcher: AWS describes the SRE only in the words the memo allows
-- ("powered by", "enabled by", "integrates with"; ft-2026-03-18), in several spellings. Inference
-- runs on Azure. Nothing breaches: the messaging clause is compliant and the API clause
-- is compliant under both readings.

scenario "aws-pitch-allowed-wording" {
  title = "AWS describes the SRE only in permitted words (inference on Azure)",
  date  = "2026-03-18",
  contracts = { "msft-openai-2025", "aws-guidance-2026" },
  expect = {
    ["msft-openai-2025/api-exclusivity"] = "compliant",
    ["msft-openai-2025/ip-license"] = "compliant",
    ["aws-guidance-2026/messaging"] = "compliant",
  },
  source = "ft-2026-03-18#routed-through-azure",
}
include("common/parties.lua")
include("common/frontier.lua")
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           interface = "platform", state = "stateful",
                           audience = { "enterprise" }, calls = { "sre-inference" },
                           source = "ft-2026-03-18#sre" }
deployment "sre-inference" { runs = "gpt-frontier", cloud = "azure", operator = "openai",
                             interface = "api", state = "stateless",
                             source = "weighs-lawsuit-2026-03#stateless-apis" }
statement "pitch-powered" { by = "amazon", about = "frontier",
                            text = "The SRE is Powered-By OpenAI.",
                            source = "ft-2026-03-18#staff-memo" }
statement "pitch-enabled" { by = "amazon", about = "frontier",
                            text = "Enabled by OpenAI: access your company data on AWS with agents that remember.",
                            source = "ft-2026-03-18#staff-memo" }
statement "pitch-integrates" { by = "amazon", about = "frontier",
                               text = "The SRE integrates with ChatGPT and runs in Bedrock.",
                               source = "ft-2026-03-18#staff-memo" }
