-- A small world for the path and filter unit tests.
scenario "paths" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
party "microsoft" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
cloud "azure" { owner = "microsoft" }
model "m" { owner = "openai", tier = "frontier" }
product "p" { owner = "openai", kind = "platform", state = "stateful", models = { "m" } }
deployment "entry" { runs = "p", cloud = "aws", operator = "amazon",
                     audience = { "enterprise" }, calls = { "inf", "inf2" } }
deployment "inf" { runs = "m", cloud = "aws", operator = "amazon" }
deployment "inf2" { runs = "m", cloud = unknown, operator = "amazon" }
deployment "onazure" { runs = "p", cloud = "azure", operator = "microsoft",
                       audience = { "developer" } }
deployment "raw" { runs = "m", cloud = "aws", operator = "amazon", audience = { "developer" } }
