-- expect 2: tests/cases/bad/syntax_error.lua:8: expected valid Lua, found ... near <eof>
scenario "bad" { date = "2026-03-18" }
party "openai" { kind = "model_provider" }
party "amazon" { kind = "cloud_provider" }
cloud "aws" { owner = "amazon" }
model "m" { owner = "openai" }
local x = {
