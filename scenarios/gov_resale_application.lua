-- AWS resells an OpenAI *application* (ChatGPT Enterprise) to US government customers
-- after 17 March 2026, the date AWS agreed to sell OpenAI products to them (ft-2026-03-18). The
-- application runs in AWS GovCloud; its model inference is OpenAI's own, on Azure. Within
-- the government-resale grant under both readings, and compliant with the API clause.
-- Compare gov_resale_api.lua.

scenario "gov-resale-application" {
  title = "AWS sells ChatGPT Enterprise to US government customers (inference on Azure)",
  date  = "2026-03-18",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "compliant",
    ["msft-openai-2025/ip-license"] = "compliant",
    ["msft-openai-2026/frontier-on-azure"] = "not_applicable",
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "not_applicable",
    ["amazon-openai-2026/government-resale"] = "compliant",
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
