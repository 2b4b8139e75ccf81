-- OpenAI's own product on rented AWS compute: OpenAI operates and sells Frontier itself,
-- platform and inference, on AWS capacity it buys (the $138bn pledge, ft-2026-03-18). No AWS staff sell
-- anything. Whether that is a product made "with a third party" (the red line, ft-2026-03-18) is what
-- the sources leave open: renting compute makes Amazon a party under the API clause's
-- `letter` reading (excused), not under `letter-partner` (breach). Checks every contract.

scenario "openai-rented-aws-compute" {
  title = "OpenAI runs and sells Frontier itself on AWS compute it rents",
  date  = "2026-03-18",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "contested",  -- p 0.65: letter-partner and spirit
    ["msft-openai-2025/ip-license"] = "compliant",       -- OpenAI is nobody's licensee
    ["msft-openai-2026/frontier-on-azure"] = "breach",   -- Frontier off Azure in every sense
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "compliant",  -- AWS hosts it
    ["amazon-openai-2026/government-resale"] = "not_applicable",
    ["aws-guidance-2026/messaging"] = "not_applicable",
  },
  source = "ft-2026-03-18#pledge-138bn",
  note = "OpenAI pledged to buy $138bn of AWS cloud services (ft-2026-03-18); who operates Frontier on "
    .. "AWS has not been reported.",
}
include("common/parties.lua")
include("common/frontier.lua")
deployment "openai-frontier-aws" { runs = "frontier", cloud = "aws", operator = "openai",
                                   seller = "openai", audience = { "enterprise" },
                                   calls = { "openai-inference-aws" },
                                   source = "ft-2026-03-18#pledge-138bn" }
deployment "openai-inference-aws" { runs = "gpt-frontier", cloud = "aws", operator = "openai",
                                    interface = "api", state = "stateless",
                                    source = "ft-2026-03-18#pledge-138bn" }
