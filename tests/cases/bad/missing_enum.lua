-- expect 2: tests/cases/bad/missing_enum.lua:6: product p: expected field 'state' (one of stateless, stateful), found nothing
scenario "bad" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
model "m" { owner = "openai" }
-- a required field of a fixed set of values, missing: the message lists them
product "p" { owner = "openai", kind = "platform", models = { "m" } }
