-- A minimal world: one model served as a raw API from AWS.
scenario "minimal" {
  title = "OpenAI model served as an API from AWS",
  date  = "2026-03-18",
  params = { threshold = 0.5 },
  expect = { ["demo-2026/api-on-azure"] = "breach" },
}
party "openai"    { kind = "model_provider" }
party "amazon"    { kind = "cloud_provider" }
party "microsoft" { kind = "cloud_provider" }
cloud "azure" { owner = "microsoft" }
cloud "aws"   { owner = "amazon" }
model "gpt-x" { owner = "openai", tier = "frontier", weights = { "aws" } }
product "gpt-api" { owner = "openai", kind = "api", state = "stateless", models = { "gpt-x" } }
deployment "bedrock-api" { runs = "gpt-api", cloud = "aws", operator = "amazon",
                           audience = { "developer" } }
statement "pitch" { by = "amazon", about = "gpt-api", text = "Powered by OpenAI",
                    audience = { "developer" }, date = "2026-03-01" }
