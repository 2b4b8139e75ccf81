-- One product whose hosting the two hosting contracts dispute.
scenario "hosting" { date = "2026-03-18", params = { volume = 1 } }
party "openai"    { kind = "model_provider" }
party "amazon"    { kind = "cloud_provider" }
party "microsoft" { kind = "cloud_provider" }
party "google"    { kind = "cloud_provider" }
cloud "azure" { owner = "microsoft" }
cloud "aws"   { owner = "amazon" }
cloud "gcp"   { owner = "google" }
model "gpt-x" { owner = "openai", tier = "frontier" }
product "frontier" { owner = "openai", kind = "api", state = "stateless", models = { "gpt-x" } }
deployment "host" { runs = "frontier", cloud = "azure", operator = "openai", audience = { "government" } }
