scenario "tiny" { date = "2026-01-01" }
