-- The reference architecture with the place of model inference unknown: the SRE runs on
-- Bedrock, but the analyst does not know which cloud serves its model calls. The API
-- clause cannot be decided and the report names the fact that would decide it
-- (deployment.sre-inference.cloud). Clauses that do not depend on it still decide as far
-- as they can: the joint statement is breached under the readings that look at Frontier's
-- platform (it runs only on AWS here), and open under the one that looks at its inference,
-- so it is contested (p 0.75), not breached outright.

scenario "inference-location-unknown" {
  title = "Frontier through the Bedrock SRE, place of inference unknown",
  date  = "2026-03-18",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "unknown",
    ["msft-openai-2025/ip-license"] = "unknown",
    ["msft-openai-2026/frontier-on-azure"] = "contested",  -- was breach: see docs/clauses.md
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "unknown",
    ["amazon-openai-2026/government-resale"] = "compliant",
    ["aws-guidance-2026/messaging"] = "compliant",
  },
  source = "ft-2026-03-18#routed-through-azure",
  note = "Microsoft's experts 'do not believe the technology exists to avoid running Frontier "
    .. "on Azure' (economic-times-2026-03); where the SRE's inference will run has not been reported.",
}
include("common/parties.lua")
include("common/frontier.lua")
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           interface = "platform", state = "stateful",
                           audience = { "enterprise", "government" }, calls = { "sre-inference" },
                           source = "ft-2026-03-18#sre" }
deployment "sre-inference" { runs = "gpt-frontier", cloud = unknown, operator = "amazon",
                             interface = "api", state = "stateless",
                             source = "ft-2026-03-18#sre" }
statement "aws-pitch" { by = "amazon", about = "frontier", text = "The SRE is powered by OpenAI",
                        source = "ft-2026-03-18#staff-memo" }
