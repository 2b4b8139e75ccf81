-- The scenario of docs/semantics.md: an OpenAI API served from AWS for
-- research, and an internal deployment whose cloud nobody knows.
scenario "semantics" {
  title = "A research API on AWS, and a deployment of unknown cloud",
  date = "2026-03-18",
  params = { research = true },
}
party "openai"    { kind = "model_provider" }
party "amazon"    { kind = "cloud_provider" }
party "microsoft" { kind = "cloud_provider" }
cloud "azure" { owner = "microsoft" }
cloud "aws"   { owner = "amazon" }
model "gpt-x" { owner = "openai", tier = "frontier" }
product "lab-api" { owner = "openai", kind = "api", state = "stateless", models = { "gpt-x" } }
deployment "lab" { runs = "lab-api", cloud = "aws", operator = "amazon",
                   audience = { "developer" } }
deployment "backup" { runs = "gpt-x", cloud = unknown, operator = "openai" }
