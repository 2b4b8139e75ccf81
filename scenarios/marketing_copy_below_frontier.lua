-- Where the memo and the API clause part ways: AWS says a standard-tier OpenAI model is
-- available on Bedrock. The memo guards only OpenAI's "most advanced frontier models" (ft-2026-03-18),
-- so the copy keeps to it; but the model is covered by the API clause, and under its spirit a
-- rival cloud saying it offers OpenAI's covered models is evidence it sells access to them.

scenario "marketing-copy-below-frontier" {
  title = "AWS says a standard-tier OpenAI model is available on Bedrock",
  date  = "2026-03-18",
  contracts = { "msft-openai-2025", "aws-guidance-2026" },
  expect = {
    ["msft-openai-2025/api-exclusivity"] = "contested",  -- spirit: evidence
    ["msft-openai-2025/ip-license"] = "compliant",
    ["aws-guidance-2026/messaging"] = "compliant",       -- not a frontier model
  },
  source = "ft-2026-03-18#staff-memo",
  note = "Hypothetical copy; the model is served from Azure through OpenAI's own API.",
}
include("common/parties.lua")
model "gpt-4o-mini" { owner = "openai", tier = "standard", weights = { "azure" },
                      source = "ft-2026-03-18#staff-memo" }
deployment "openai-api-azure" { runs = "gpt-4o-mini", cloud = "azure", operator = "openai",
                                audience = { "developer" }, source = "weighs-lawsuit-2026-03#stateless-apis" }
statement "listing" { by = "amazon", about = "gpt-4o-mini", source = "ft-2026-03-18#staff-memo",
                      text = "GPT-4o mini is available on Bedrock" }
