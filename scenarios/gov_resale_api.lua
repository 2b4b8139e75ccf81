-- AWS resells the raw OpenAI API to US government customers: Amazon serves OpenAI's
-- model itself, as a stateless API, in GovCloud. Not a "product" under either reading of
-- the government grant (pymnts-2026-03: AWS may sell OpenAI *products*), and raw API access outside
-- Azure under the API clause. Compare gov_resale_application.lua.

scenario "gov-resale-api" {
  title = "AWS sells raw OpenAI API access to US government customers from GovCloud",
  date  = "2026-03-18",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "breach",
    ["msft-openai-2025/ip-license"] = "breach",
    ["msft-openai-2026/frontier-on-azure"] = "not_applicable",
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "not_applicable",
    ["amazon-openai-2026/government-resale"] = "breach",
    ["aws-guidance-2026/messaging"] = "not_applicable",
  },
  source = "pymnts-2026-03#government",
}
include("common/parties.lua")
include("common/government.lua")
deployment "govcloud-openai-api" { runs = "gpt-standard", cloud = "aws-govcloud",
                                   operator = "amazon",
                                   interface = "api", state = "stateless",
                                   audience = { "government" },
                                   source = "pymnts-2026-03#government" }
