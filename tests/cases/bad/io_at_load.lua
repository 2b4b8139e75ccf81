-- expect 2: tests/cases/bad/io_at_load.lua:7: expected a global of the sandbox, found 'io'
scenario "bad" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
model "m" { owner = "openai" }
local f = io.open("/etc/passwd")
