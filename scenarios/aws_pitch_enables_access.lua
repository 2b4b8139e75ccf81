-- An AWS sales pitch that says the SRE "enables access to ChatGPT" — the wording the
-- AWS staff memo forbids (ft-2026-03-18). The architecture is otherwise the compliant one (SRE on
-- Bedrock, inference on Azure), so the statement alone moves the API clause: the
-- letter is met, but under the spirit the pitch is evidence the SRE is offered as access
-- to OpenAI's models. The question: how does the answer change with what AWS staff say?

scenario "aws-pitch-enables-access" {
  title = "AWS pitches the SRE as 'enabling access to ChatGPT' (inference on Azure)",
  date  = "2026-03-18",
  contracts = { "msft-openai-2025", "aws-guidance-2026" },
  expect = {
    ["msft-openai-2025/api-exclusivity"] = "contested",  -- spirit: the pitch is evidence
    ["msft-openai-2025/ip-license"] = "compliant",
    ["aws-guidance-2026/messaging"] = "breach",          -- non-binding: reported only
  },
  source = "ft-2026-03-18#routed-through-azure",
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
statement "aws-pitch" { by = "amazon", about = "frontier", audience = { "enterprise" },
                        text = "The SRE enables access to ChatGPT",
                        source = "ft-2026-03-18#staff-memo",
                        note = "The forbidden wording itself, from the memo (ft-2026-03-18)." }
statement "aws-blog" { by = "amazon", about = "frontier",
                       text = "Frontier on AWS is powered by OpenAI and integrates with your data.",
                       source = "ft-2026-03-18#staff-memo",
                       note = "Permitted wording: not evidence." }
