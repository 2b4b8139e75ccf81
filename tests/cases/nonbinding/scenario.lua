scenario "plain" { date = "2026-03-18" }
