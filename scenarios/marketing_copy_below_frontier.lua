-- Where the memo and the API clause part ways: AWS says a standard-tier OpenAI model is
-- available on Bedrock. The memo guards only OpenAI's "most advanced frontier models" (003),
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
  source = "003_d227dbd3b63d32d3.txt",
  note = "Hypothetical copy; the model is served from Azure through OpenAI's own API.",
}
include("common/parties.lua")
model "gpt-4o-mini" { owner = "openai", tier = "standard", weights = { "azure" },
                      source = "003_d227dbd3b63d32d3.txt" }
deployment "openai-api-azure" { runs = "gpt-4o-mini", cloud = "azure", operator = "openai",
                                audience = { "developer" }, source = "001_aa7f602c2ec8af34.txt" }
statement "listing" { by = "amazon", about = "gpt-4o-mini", source = "003_d227dbd3b63d32d3.txt",
                      text = "GPT-4o mini is available on Bedrock" }
