-- expect 2: tests/cases/bad/unknown_constructor.lua:7: expected a constructor ... found unknown name 'partyy' (did you mean 'party'?)
scenario "bad" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
model "m" { owner = "openai" }
partyy "x" { kind = "customer" }
