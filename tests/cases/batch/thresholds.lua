-- Two products whose api_share thresholds.batch.lua draws, each served on
-- its own path; thresholds_rules.lua compares them with numbers.
scenario "thresholds" { date = "2026-03-18", params = { t = 0.3 } }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
model "m" { owner = "openai" }
product "p" { owner = "openai", kind = "platform", state = "stateful", models = { "m" },
              api_share = 0.4 }
product "q" { owner = "openai", kind = "platform", state = "stateful", models = { "m" },
              api_share = 0.7 }
deployment "dp" { runs = "p", cloud = "aws", operator = "amazon", audience = { "enterprise" },
                  calls = { "back" } }
deployment "dq" { runs = "q", cloud = "aws", operator = "amazon", audience = { "developer" },
                  calls = { "back" } }
deployment "back" { runs = "m", cloud = "aws", operator = "amazon" }
