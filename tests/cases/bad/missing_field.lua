-- expect 2: tests/cases/bad/missing_field.lua:7: deployment d: expected field 'cloud' ... found nothing
scenario "bad" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
model "m" { owner = "openai" }
deployment "d" { runs = "m", operator = "amazon" }
