-- expect 2: tests/cases/bad/bad_enum.lua:7: party x: expected kind to be one of ... found 'bank'
scenario "bad" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
model "m" { owner = "openai" }
party "x" { kind = "bank" }
