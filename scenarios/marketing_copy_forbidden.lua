-- Marketing copy of every forbidden kind (tests/cases/wording.tsv has each with its
-- reason): an imperative, a passive, a headline, foreign punctuation, a product name and a
-- model name. The architecture is the compliant one (SRE on Bedrock, inference on Azure),
-- so the words alone move the clauses: the memo is breached (every statement is named as
-- evidence) and the API clause's spirit counts them as the offer of model access.

scenario "marketing-copy-forbidden" {
  title = "AWS marketing copy in every forbidden form (inference on Azure)",
  date  = "2026-03-18",
  contracts = { "msft-openai-2025", "aws-guidance-2026" },
  expect = {
    ["msft-openai-2025/api-exclusivity"] = "contested",  -- spirit: evidence of model access
    ["msft-openai-2025/ip-license"] = "compliant",
    ["aws-guidance-2026/messaging"] = "breach",
  },
  source = "ft-2026-03-18#staff-memo",
  note = "The statements are an analyst's test copy in the memo's forbidden terms (ft-2026-03-18).",
}
include("common/parties.lua")
include("common/frontier.lua")
model "gpt-5" { owner = "openai", tier = "frontier", weights = { "azure" },
                source = "ft-2026-03-18#staff-memo",
                note = "A frontier-tier model named in copy; OpenAI serves it from Azure." }
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           interface = "platform", state = "stateful",
                           audience = { "enterprise" }, calls = { "sre-inference" },
                           source = "ft-2026-03-18#sre" }
deployment "sre-inference" { runs = "gpt-frontier", cloud = "azure", operator = "openai",
                             interface = "api", state = "stateless",
                             source = "weighs-lawsuit-2026-03#stateless-apis" }
deployment "openai-api-azure" { runs = "gpt-5", cloud = "azure", operator = "openai",
                                audience = { "developer" }, source = "weighs-lawsuit-2026-03#stateless-apis" }
local SRC = "ft-2026-03-18#staff-memo"
statement "imperative" { by = "amazon", about = "frontier", source = SRC,
                         text = "Access OpenAI models on AWS" }
statement "passive" { by = "amazon", about = "frontier", source = SRC,
                      text = "Access to ChatGPT is enabled by the SRE" }
statement "headline" { by = "amazon", about = "gpt-5", source = SRC,
                       text = "GPT-5 Arrives on Amazon Bedrock" }
statement "guillemets" { by = "amazon", about = "frontier", source = SRC,
                         text = "« The SRE enables access to ChatGPT »" }
statement "product-name" { by = "amazon", about = "frontier", source = SRC,
                           text = "Use ChatGPT on AWS" }
statement "calls-on" { by = "amazon", about = "frontier", source = SRC,
                       text = "The SRE calls on ChatGPT for every answer" }
