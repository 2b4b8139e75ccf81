-- Marketing copy of every permitted kind: the memo's own words ("powered by", "enabled by",
-- "integrates with") with odd punctuation and capitals, foreign quotation marks, a negation,
-- Frontier (the platform, which AWS is the exclusive third-party cloud for: 002) announced on
-- AWS, and an open-weight model offered on Bedrock. Inference runs on Azure. Nothing is
-- forbidden and nothing is evidence of model access.

scenario "marketing-copy-permitted" {
  title = "AWS marketing copy in every permitted form (inference on Azure)",
  date  = "2026-03-18",
  contracts = { "msft-openai-2025", "aws-guidance-2026" },
  expect = {
    ["msft-openai-2025/api-exclusivity"] = "compliant",
    ["msft-openai-2025/ip-license"] = "compliant",
    ["aws-guidance-2026/messaging"] = "compliant",
  },
  source = "ft-2026-03-18#staff-memo",
  note = "The statements are an analyst's test copy in the memo's permitted terms (ft-2026-03-18).",
}
include("common/parties.lua")
include("common/frontier.lua")
model "gpt-oss-120b" { owner = "openai", tier = "open_weight", weights = { "aws" },
                       source = "analyst assumption: no report names an open-weight model" }
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           interface = "platform", state = "stateful",
                           audience = { "enterprise" }, calls = { "sre-inference" },
                           source = "ft-2026-03-18#sre" }
deployment "sre-inference" { runs = "gpt-frontier", cloud = "azure", operator = "openai",
                             interface = "api", state = "stateless",
                             source = "weighs-lawsuit-2026-03#stateless-apis" }
deployment "bedrock-gpt-oss" { runs = "gpt-oss-120b", cloud = "aws", operator = "amazon",
                               audience = { "developer" }, source = "analyst assumption: no report names an open-weight model" }
local SRC = "ft-2026-03-18#staff-memo"
statement "powered" { by = "amazon", about = "frontier", source = SRC,
                      text = "The SRE is Powered-By OpenAI." }
statement "enabled" { by = "amazon", about = "frontier", source = SRC,
                      text = "Enabled by OpenAI: access your company data on AWS with agents that remember." }
statement "integrates" { by = "amazon", about = "frontier", source = SRC,
                         text = "The SRE integrates with ChatGPT" }
statement "german-quotes" { by = "amazon", about = "frontier", source = SRC,
                            text = "„Powered by OpenAI“ – the SRE on Bedrock" }
statement "negated" { by = "amazon", about = "frontier", source = SRC,
                      text = "The SRE doesn’t call on ChatGPT; it is powered by OpenAI" }
statement "platform-launch" { by = "amazon", about = "frontier", source = "eyes-legal-action-2026-03#binding-agreements",
                              text = "Frontier is now available on AWS" }
statement "open-weight" { by = "amazon", about = "gpt-oss-120b", source = SRC,
                          text = "Access gpt-oss-120b on Amazon Bedrock" }
