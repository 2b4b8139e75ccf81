party "q\0evil" { kind = "cloud_provider" }
scenario "nul" { date = "2026-01-01" }
