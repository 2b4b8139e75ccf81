-- A world whose access paths run front -> mid -> back; the batch
-- calls_cycle.batch.lua makes mid call front instead: a cycle.
scenario "calls-cycle" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
model "m" { owner = "openai" }
product "p" { owner = "openai", kind = "platform", state = "stateful", models = { "m" } }
deployment "front" { runs = "p", cloud = "aws", operator = "amazon", audience = { "enterprise" },
                     calls = { "mid" } }
deployment "mid" { runs = "p", cloud = "aws", operator = "amazon", calls = { "back" } }
deployment "back" { runs = "m", cloud = "aws", operator = "amazon" }
