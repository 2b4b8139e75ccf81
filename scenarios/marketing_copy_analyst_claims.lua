-- An analyst's reading of the copy decides before its words: `claims` on a statement.
-- "Powered by OpenAI" is permitted wording, but the analyst read it in context (a demo that
-- sent customers' prompts straight to the model) as an offer of access; "enables access to
-- ChatGPT" appears only quoted in a denial, so the analyst set it to integration. The report
-- says, for each, that the analyst's claims decided.

scenario "marketing-copy-analyst-claims" {
  title = "Copy whose meaning the analyst set with claims (inference on Azure)",
  date  = "2026-03-18",
  contracts = { "msft-openai-2025", "aws-guidance-2026" },
  expect = {
    ["msft-openai-2025/api-exclusivity"] = "contested",
    ["msft-openai-2025/ip-license"] = "compliant",
    ["aws-guidance-2026/messaging"] = "breach",
  },
  source = "ft-2026-03-18#staff-memo",
  note = "Hypothetical context for the claims; the words are the memo's (ft-2026-03-18).",
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
statement "demo" { by = "amazon", about = "frontier", claims = { "access" },
                   text = "The SRE is powered by OpenAI", source = "ft-2026-03-18#staff-memo" }
statement "denial-quote" { by = "amazon", about = "frontier", claims = { "integration" },
                           text = "The SRE enables access to ChatGPT",
                           source = "ft-2026-03-18#staff-memo" }
