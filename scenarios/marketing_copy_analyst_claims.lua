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
  source = "003_d227dbd3b63d32d3.txt",
  note = "Hypothetical context for the claims; the words are the memo's (003).",
}
include("common/parties.lua")
include("common/frontier.lua")
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           interface = "platform", state = "stateful",
                           audience = { "enterprise" }, calls = { "sre-inference" },
                           source = "003_d227dbd3b63d32d3.txt" }
deployment "sre-inference" { runs = "gpt-frontier", cloud = "azure", operator = "openai",
                             interface = "api", state = "stateless",
                             source = "001_aa7f602c2ec8af34.txt" }
statement "demo" { by = "amazon", about = "frontier", claims = { "access" },
                   text = "The SRE is powered by OpenAI", source = "003_d227dbd3b63d32d3.txt" }
statement "denial-quote" { by = "amazon", about = "frontier", claims = { "integration" },
                           text = "The SRE enables access to ChatGPT",
                           source = "003_d227dbd3b63d32d3.txt" }
