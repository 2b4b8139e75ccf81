-- Two claimants in one world: Frontier kept on Azure (as the February 2026 joint
-- statement says) and also offered through the Stateful Runtime Environment on
-- Bedrock with inference on AWS. Microsoft's API clause is contested (its spirit
-- reading: $50bn x 0.4 = $20bn expected, claimed against OpenAI), and so is Amazon's
-- exclusivity for Frontier (if Azure counts as a "third-party" cloud: $138bn x 0.4 =
-- $55.2bn expected, claimed by Amazon against OpenAI). The IP licence and the
-- promise that Frontier stays on Azure are contested too, with no stated exposure:
-- "not quantified", never $0.
--
-- The headline reports each claimant's figure apart: Microsoft $20.0bn plus two
-- clauses not quantified, Amazon $55.2bn. Adding them ($75.2bn) would mix two
-- different parties' claims against OpenAI, so redline never does; the scenario's
-- `expected_exposure_usd` is the largest single claimant's figure.

scenario "mixed-claimants-frontier" {
  title = "Frontier on Azure and through Bedrock SRE: Microsoft and Amazon both have a claim",
  date  = "2026-03-18",
  contracts = { "msft-openai-2025", "msft-openai-2026", "amazon-openai-2026" },
  expect = {
    ["msft-openai-2025/api-exclusivity"] = "contested",
    ["msft-openai-2025/ip-license"] = "contested",
    ["msft-openai-2026/frontier-on-azure"] = "contested",  -- Frontier also runs off Azure
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "contested",
    ["amazon-openai-2026/government-resale"] = "not_applicable",  -- no government sales
  },
  source = "ft-2026-03-18#weighs-legal-action",
}
include("common/parties.lua")
model "gpt-frontier" { owner = "openai", tier = "frontier", weights = { "azure", "aws" },
                       source = "ft-2026-03-18#stateless-stateful" }
product "frontier" { owner = "openai", kind = "platform", state = "stateful",
                     models = { "gpt-frontier" }, api_share = 0.15,
                     source = "ft-2026-03-18#frontier-agents" }
deployment "frontier-azure" { runs = "frontier", cloud = "azure", operator = "openai",
                              audience = { "enterprise" },
                              source = "economic-times-2026-03#hosted-on-azure" }
deployment "bedrock-sre" { runs = "frontier", cloud = "aws", operator = "amazon",
                           interface = "platform", state = "stateful",
                           audience = { "enterprise" }, calls = { "sre-inference" },
                           source = "ft-2026-03-18#sre" }
deployment "sre-inference" { runs = "gpt-frontier", cloud = "aws", operator = "amazon",
                             interface = "api", state = "stateless",
                             source = "ft-2026-03-18#sre" }
