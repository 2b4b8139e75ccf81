-- The reference architecture with the place of model inference unknown: the SRE runs on
-- Bedrock, but the analyst does not know which cloud serves its model calls. The API
-- clause cannot be decided and the report names the fact that would decide it
-- (deployment.sre-inference.cloud). Clauses that do not depend on it still decide as far
-- as they can: the joint statement is breached under the readings that look at Frontier's
-- platform (it runs only on AWS here), and open under the one that looks at its inference,
-- so it is contested (p 0.75), not breached outright.
-- frontier_bedrock_sre_all_contracts.lua with that one fact set to unknown.

scenario "inference-location-unknown" {
  base = "frontier_bedrock_sre_all_contracts.lua",
  set = { ["deployment.sre-inference.cloud"] = unknown },
  title = "Frontier through the Bedrock SRE, place of inference unknown",
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
  note = "Microsoft's experts 'do not believe the technology exists to avoid running Frontier "
    .. "on Azure' (economic-times-2026-03); where the SRE's inference will run has not been reported.",
}
