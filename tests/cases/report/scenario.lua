scenario "quoted" { title = "Quotes, commas | pipes", date = "2026-03-18" }
party "p" { kind = "model_provider" }
cloud "c" { owner = "p" }
model "m" { owner = "p" }
deployment "api" { runs = "m", cloud = "c", operator = "p", audience = { "developer" } }
