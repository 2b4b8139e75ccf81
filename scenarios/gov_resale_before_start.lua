-- The application resale of gov_resale_application.lua, a week early: 10 March 2026,
-- before 17 March 2026, when AWS agreed to sell OpenAI products to US government
-- customers (ft-2026-03-18). The product is within the grant; the date is not.

scenario "gov-resale-before-start" {
  base = "gov_resale_application.lua",
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
}
