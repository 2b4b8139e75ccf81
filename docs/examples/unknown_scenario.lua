-- Where the inference runs is not known: the check stops on it.
scenario "unknown-cloud" { date = "2026-03-18" }
include("common/parties.lua")
local facts = json_file("common/facts.json")
model "gpt-x" { owner = "openai" }
product "platform" { owner = "openai", kind = "platform", state = "stateful",
                     models = { "gpt-x" }, api_share = facts.api_share }
deployment "sre" { runs = "platform", cloud = "aws", operator = "amazon",
                   audience = { "enterprise" }, calls = { "inference" } }
deployment "inference" { runs = "gpt-x", cloud = unknown, operator = "amazon" }
