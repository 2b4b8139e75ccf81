-- expect 2: tests/cases/bad/cycle.lua:7: expected `calls` to form no cycle, found the cycle a -> b -> a
scenario "bad" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
model "m" { owner = "openai" }
deployment "a" { runs = "m", cloud = "aws", operator = "amazon", audience = { "enterprise" }, calls = { "b" } }
deployment "b" { runs = "m", cloud = "aws", operator = "amazon", calls = { "a" } }
