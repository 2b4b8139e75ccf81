-- A scenario whose expectation is wrong on purpose: `redline test` must
-- report it as FAIL, name the clause with expected and got, and exit 1.
scenario "wrong-expect" {
  date = "2026-03-18",
  expect = { ["msft-openai-2025/api-exclusivity"] = "compliant" },
}
party "openai"    { kind = "model_provider" }
party "amazon"    { kind = "cloud_provider" }
party "microsoft" { kind = "cloud_provider" }
cloud "aws"   { owner = "amazon" }
cloud "azure" { owner = "microsoft" }
model "gpt-frontier" { owner = "openai", tier = "frontier" }
deployment "resold" { runs = "gpt-frontier", cloud = "aws", operator = "amazon",
                      audience = { "developer" } }
