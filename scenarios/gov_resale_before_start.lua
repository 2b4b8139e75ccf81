-- The application resale of gov_resale_application.lua, a week early: 10 March 2026,
-- before 17 March 2026, when AWS agreed to sell OpenAI products to US government
-- customers (ft-2026-03-18). The product is within the grant; the date is not.

scenario "gov-resale-before-start" {
  title = "AWS sells ChatGPT Enterprise to US government customers before 17 March 2026",
  date  = "2026-03-10",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "compliant",
    ["msft-openai-2025/ip-license"] = "compliant",
    ["msft-openai-2026/frontier-on-azure"] = "not_applicable",
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "not_applicable",
    ["amazon-openai-2026/government-resale"] = "breach",
    ["aws-guidance-2026/messaging"] = "not_applicable",
  },
  source = "pymnts-2026-03#government",
}
include("common/parties.lua")
include("common/government.lua")
product "chatgpt-enterprise" { owner = "openai", kind = "application", state = "stateful",
                               models = { "gpt-standard" },
                               name = "ChatGPT Enterprise",
                               source = "pymnts-2026-03#government" }
deployment "govcloud-chatgpt" { runs = "chatgpt-enterprise", cloud = "aws-govcloud",
                                operator = "openai", seller = "amazon",
                                audience = { "government" }, calls = { "openai-inference" },
                                source = "pymnts-2026-03#government" }
deployment "openai-inference" { runs = "gpt-standard", cloud = "azure", operator = "openai",
                                interface = "api", state = "stateless",
                                source = "weighs-lawsuit-2026-03#stateless-apis" }
