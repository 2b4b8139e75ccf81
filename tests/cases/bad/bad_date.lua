-- expect 2: tests/cases/bad/bad_date.lua:2: scenario bad: expected date to be a date YYYY-MM-DD, found '2026-02-30'
scenario "bad" { date = "2026-02-30" }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
model "m" { owner = "openai" }
