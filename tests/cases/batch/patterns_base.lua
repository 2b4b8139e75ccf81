scenario "patterns" { date = "2026-01-01", params = { x = 0 } }
