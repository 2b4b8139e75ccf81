-- A raw endpoint beside a platform: the Frontier SRE runs on Bedrock with its inference on
-- Azure (the compliant architecture), and beside it Amazon exposes a stateless completions
-- endpoint under Frontier's name, served from AWS. The endpoint is raw API access whatever
-- it is called: the red line cannot carry it (a raw endpoint is no "new product", ft-2026-03-18), and
-- the narrow reading of the IP licence catches it (a third party serving the model to
-- customers outside a product). Checks every contract.

scenario "raw-endpoint-beside-platform" {
  title = "Frontier's SRE on Bedrock (inference on Azure) beside a raw completions endpoint on AWS",
  date  = "2026-03-18",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "breach",     -- the endpoint, under every reading
    ["msft-openai-2025/ip-license"] = "breach",          -- narrow too: raw access, not a product
    ["msft-openai-2026/frontier-on-azure"] = "contested",  -- inference on Azure, platform not
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "contested",  -- is Azure third-party?
    ["amazon-openai-2026/government-resale"] = "not_applicable",
    ["aws-guidance-2026/messaging"] = "compliant",
  },
  source = "ft-2026-03-18#routed-through-azure",
  note = "Hypothetical: the case issue reviewers found escaping the IP licence's narrow reading.",
}
include("common/parties.lua")
include("common/frontier.lua")
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           interface = "platform", state = "stateful",
                           audience = { "enterprise" }, calls = { "sre-inference" },
                           source = "ft-2026-03-18#sre" }
deployment "sre-inference" { runs = "gpt-frontier", cloud = "azure", operator = "openai",
                             interface = "api", state = "stateless",
                             source = "weighs-lawsuit-2026-03#stateless-apis" }
deployment "frontier-completions" { runs = "frontier", cloud = "aws", operator = "amazon",
                                    interface = "api", state = "stateless",
                                    audience = { "developer" }, calls = { "completions-inference" },
                                    source = "ft-2026-03-18#red-line",
                                    note = "Prompts in, completions out, under Frontier's name." }
deployment "completions-inference" { runs = "gpt-frontier", cloud = "aws", operator = "amazon",
                                     interface = "api", state = "stateless",
                                     source = "ft-2026-03-18#red-line" }
statement "sre-pitch" { by = "amazon", about = "frontier", text = "The SRE is powered by OpenAI",
                        source = "ft-2026-03-18#staff-memo" }
