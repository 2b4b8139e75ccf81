-- For tests/hardening.sh (the world API's lookups): four deployments of one
-- model, whose attrs hold a fact nobody knows.
scenario "worldapi" { date = "2026-01-01", params = { i = 0 } }
party "p1" { kind = "model_provider" }
cloud "c1" { owner = "p1" }
model "m1" { owner = "p1", tier = "frontier", attrs = { where = "c1", secret = unknown } }
deployment "d1" { runs = "m1", cloud = "c1", operator = "p1", audience = { "enterprise" } }
deployment "d2" { runs = "m1", cloud = "c1", operator = "p1", audience = { "enterprise" } }
deployment "d3" { runs = "m1", cloud = "c1", operator = "p1", audience = { "enterprise" } }
deployment "d4" { runs = "m1", cloud = "c1", operator = "p1", audience = { "enterprise" } }
