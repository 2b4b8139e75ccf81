-- expect 2: tests/cases/bad/dangling_ref.lua:7: deployment d: expected cloud to name a cloud, found 'awz' (nearest: 'aws')
scenario "bad" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
model "m" { owner = "openai" }
deployment "d" { runs = "m", cloud = "awz", operator = "amazon" }
