-- The raw OpenAI API resold on Bedrock: Amazon runs OpenAI's model itself and offers
-- developers a stateless API to it — prompts in, completions out. This is the
-- "backdoor access to its stateless models" OpenAI says its Amazon deal does not
-- allow (ft-2026-03-18), and the plainest case under the API clause: a breach under every reading.

scenario "raw-api-bedrock" {
  title = "OpenAI's model served as a raw stateless API on Bedrock",
  date  = "2026-03-18",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "breach",
    ["msft-openai-2025/ip-license"] = "breach",
    ["msft-openai-2026/frontier-on-azure"] = "not_applicable",
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "not_applicable",
    ["amazon-openai-2026/government-resale"] = "not_applicable",
    ["aws-guidance-2026/messaging"] = "not_applicable",
  },
  source = "ft-2026-03-18#routed-through-azure",
  note = "Hypothetical: no report says this is planned; it is the case both sides agree is out.",
}
include("common/parties.lua")
include("common/frontier.lua")
deployment "bedrock-openai-api" { runs = "gpt-frontier", cloud = "aws", operator = "amazon",
                                  interface = "api", state = "stateless",
                                  audience = { "developer" },
                                  source = "ft-2026-03-18#api-clause" }
