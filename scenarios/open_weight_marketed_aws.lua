-- An open-weight model marketed on AWS, beside a covered model served from Azure: Amazon
-- resells gpt-oss-120b (open-weight) on Bedrock, to developers and to government, and
-- markets it in words that would be forbidden of a frontier model ("Access ...", "most
-- advanced ... now on AWS"). Open-weight models are outside every clause and the memo
-- guards only the frontier models, so nothing breaches — and every compliant reading says
-- it set gpt-oss-120b aside, rather than claiming something of all OpenAI models.

scenario "open-weight-marketed-aws" {
  title = "gpt-oss-120b marketed and sold on Bedrock; OpenAI's covered model served from Azure",
  date  = "2026-03-18",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "compliant",
    ["msft-openai-2025/ip-license"] = "compliant",
    ["msft-openai-2026/frontier-on-azure"] = "not_applicable",
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "not_applicable",
    ["amazon-openai-2026/government-resale"] = "not_applicable",  -- gpt-oss is set aside
    ["aws-guidance-2026/messaging"] = "compliant",
  },
  source = "ft-2026-03-18#staff-memo",
  note = "The open-weight model and its listing are an analyst's assumption; the memo's ban on "
    .. "suggesting the 'most advanced frontier models' are on AWS (ft-2026-03-18) leaves lesser ones open.",
}
include("common/parties.lua")
include("common/government.lua")
model "gpt-oss-120b" { owner = "openai", tier = "open_weight", weights = { "aws" },
                       name = "gpt-oss-120b", source = "analyst assumption: no report names an open-weight model" }
deployment "bedrock-gpt-oss" { runs = "gpt-oss-120b", cloud = "aws", operator = "amazon",
                               interface = "api", state = "stateless",
                               audience = { "developer", "government" },
                               source = "analyst assumption: no report names an open-weight model" }
deployment "openai-api-azure" { runs = "gpt-standard", cloud = "azure", operator = "openai",
                                interface = "api", state = "stateless",
                                audience = { "developer" },
                                source = "weighs-lawsuit-2026-03#stateless-apis",
                                note = "OpenAI's own API, on Azure as the clause requires." }
statement "oss-access" { by = "amazon", about = "gpt-oss-120b",
                         text = "Access gpt-oss-120b on Amazon Bedrock",
                         source = "ft-2026-03-18#staff-memo" }
statement "oss-headline" { by = "amazon", about = "gpt-oss-120b",
                           text = "gpt-oss-120b, OpenAI's most advanced open-weight model, now on AWS",
                           source = "ft-2026-03-18#staff-memo" }
