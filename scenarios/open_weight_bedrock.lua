-- Control: an OpenAI *open-weight* model served on Bedrock as a stateless API. Weights
-- OpenAI has published can be hosted by anyone; none of the exclusivity clauses reaches
-- them (rules/microsoft_openai.lua covers tiers "frontier" and "standard" only). The memo's
-- ban on suggesting that OpenAI's "most advanced frontier models" are on AWS (ft-2026-03-18) implies
-- that lesser OpenAI models can be. Not a breach of anything.

scenario "open-weight-bedrock" {
  title = "An OpenAI open-weight model served as an API on Bedrock (control)",
  date  = "2026-03-18",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "compliant",
    ["msft-openai-2025/ip-license"] = "compliant",
    ["msft-openai-2026/frontier-on-azure"] = "not_applicable",
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "not_applicable",
    ["amazon-openai-2026/government-resale"] = "not_applicable",
    ["aws-guidance-2026/messaging"] = "compliant",
  },
  source = "ft-2026-03-18#routed-through-azure",
  note = "The open-weight model is an analyst's assumption; no published report mentions one.",
}
include("common/parties.lua")
model "gpt-open" { owner = "openai", tier = "open_weight", weights = { "aws" },
                   name = "An OpenAI open-weight model",
                   source = "ft-2026-03-18#stateless-stateful" }
deployment "bedrock-gpt-open" { runs = "gpt-open", cloud = "aws", operator = "amazon",
                                interface = "api", state = "stateless",
                                audience = { "developer", "enterprise" },
                                source = "ft-2026-03-18#api-clause" }
statement "bedrock-listing" { by = "amazon", about = "gpt-open",
                              text = "OpenAI's open-weight model is available on Bedrock.",
                              source = "ft-2026-03-18#staff-memo",
                              note = "Not a frontier model: permitted." }
