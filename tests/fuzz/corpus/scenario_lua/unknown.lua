-- The reference architecture with the place of model inference unknown: the SRE runs on
-- Bedrock, but the analyst does not know which cloud serves its model calls. The API
-- clause cannot be decided and the report names the fact that would decide it
-- (deployment.sre-inference.cloud). Clauses that do not depend on it still decide: the
-- joint statement is breached whatever the answer, since Frontier itself runs only on
-- AWS here.

scenario "inference-location-unknown" {
  title = "Frontier through the Bedrock SRE, place of inference unknown",
  date  = "2026-03-18",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "unknown",
    ["msft-openai-2025/ip-license"] = "unknown",
    ["msft-openai-2026/frontier-on-azure"] = "breach",
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "unknown",
    ["amazon-openai-2026/government-resale"] = "compliant",
    ["aws-guidance-2026/messaging"] = "compliant",
  },
  source = "003_d227dbd3b63d32d3.txt",
  note = "Microsoft's experts 'do not believe the technology exists to avoid running Frontier "
    .. "on Azure' (003); where the SRE's inference will run has not been reported.",
}
include("common/parties.lua")
include("common/frontier.lua")
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           interface = "platform", state = "stateful",
                           audience = { "enterprise", "government" }, calls = { "sre-inference" },
                           source = "003_d227dbd3b63d32d3.txt" }
deployment "sre-inference" { runs = "gpt-frontier", cloud = unknown, operator = "amazon",
                             interface = "api", state = "stateless",
                             source = "003_d227dbd3b63d32d3.txt" }
statement "aws-pitch" { by = "amazon", about = "frontier", text = "The SRE is powered by OpenAI",
                        source = "003_d227dbd3b63d32d3.txt" }
