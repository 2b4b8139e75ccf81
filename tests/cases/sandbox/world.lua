scenario "sb" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
