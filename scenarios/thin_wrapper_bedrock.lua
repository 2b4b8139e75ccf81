-- A thin wrapper: an OpenAI product, sold through Bedrock, whose use is 90% raw
-- pass-through to the model, with inference on AWS. It is a "product" in name only:
-- primarily offered as an API, it crosses OpenAI's own red line (ft-2026-03-18), so the carve-out
-- does not excuse it and the API clause is breached under every reading.
-- The question: how does the answer change with how much of the use is raw pass-through?

scenario "thin-wrapper-bedrock" {
  title = "A thin agent gateway on Bedrock (api_share 0.9), inference on AWS",
  date  = "2026-03-18",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "breach",
    ["msft-openai-2025/ip-license"] = "contested",   -- Amazon runs the model, but for OpenAI's product
    ["msft-openai-2026/frontier-on-azure"] = "not_applicable",
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "not_applicable",
    ["amazon-openai-2026/government-resale"] = "not_applicable",
    ["aws-guidance-2026/messaging"] = "not_applicable",
  },
  source = "ft-2026-03-18#routed-through-azure",
  note = "Hypothetical product; tests the 'primarily offered as an API' line (ft-2026-03-18).",
}
include("common/parties.lua")
include("common/frontier.lua")
product "agent-gateway" { owner = "openai", kind = "platform", state = "stateful",
                          models = { "gpt-frontier" }, api_share = 0.9,
                          name = "A thin agent gateway: 90% of calls pass straight to the model",
                          note = "Stateful for the 10% of use that is agent work (a stateless "
                            .. "platform would be an API: redline lint warns of one).",
                          source = "ft-2026-03-18#red-line" }
deployment "bedrock-gateway" { runs = "agent-gateway", cloud = "aws", operator = "amazon",
                               audience = { "enterprise", "developer" },
                               calls = { "gateway-inference" },
                               source = "ft-2026-03-18#api-clause" }
deployment "gateway-inference" { runs = "gpt-frontier", cloud = "aws", operator = "amazon",
                                 interface = "api", state = "stateless",
                                 source = "ft-2026-03-18#api-clause" }
