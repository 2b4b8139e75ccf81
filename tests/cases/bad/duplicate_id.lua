-- expect 2: tests/cases/bad/duplicate_id.lua:7: expected a new cloud id, found 'aws' already defined
scenario "bad" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
model "m" { owner = "openai" }
cloud "aws" { owner = "openai" }
