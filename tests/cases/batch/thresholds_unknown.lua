-- thresholds.lua with a third product whose kind, and so api_share, is unknown.
scenario "thresholds-unknown" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
model "m" { owner = "openai" }
product "p" { owner = "openai", kind = "platform", state = "stateful", models = { "m" },
              api_share = 0.4 }
product "r" { owner = "openai", kind = unknown, state = "stateful", models = { "m" } }
deployment "dp" { runs = "p", cloud = "aws", operator = "amazon", audience = { "enterprise" },
                  calls = { "back" } }
deployment "back" { runs = "m", cloud = "aws", operator = "amazon" }
