scenario "j" { date = "2026-01-01", params = json_file("scalar_null.json") }
