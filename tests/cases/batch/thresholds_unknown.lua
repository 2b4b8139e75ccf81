-- thresholds.lua with a third product whose kind, and so api_share, is unknown.
scenario "thresholds-unknown" { base = "thresholds.lua" }
product "r" { owner = "openai", kind = unknown, state = "stateful", models = { "m" } }
