-- expect 2: tests/cases/bad/wrong_type.lua:7: product p: expected api_share to be a number from 0 to 1, found 'high'
scenario "bad" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
model "m" { owner = "openai" }
product "p" { owner = "openai", kind = "platform", state = "stateful", api_share = "high" }
