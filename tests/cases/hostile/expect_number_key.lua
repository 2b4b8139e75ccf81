scenario "k" { date = "2026-01-01", expect = { "compliant" } }
