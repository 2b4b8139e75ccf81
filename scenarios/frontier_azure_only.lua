-- Control for the Microsoft terms: Frontier deployed only on Azure, operated by OpenAI,
-- serving its model from Azure (no `calls`: the deployment serves its product's models
-- from its own cloud). Every Microsoft clause is compliant. The Amazon clause is
-- contested all the same: if Azure counts as a "third-party" cloud, hosting Frontier on
-- Azure breaches AWS's exclusivity — the Microsoft and Amazon terms cannot both be met
-- under that reading.

scenario "frontier-azure-only" {
  title = "Frontier hosted only on Azure (control for the Microsoft terms)",
  date  = "2026-03-18",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "not_applicable",
    ["msft-openai-2025-09/api-on-azure"] = "not_applicable",
    ["msft-openai-2025/api-exclusivity"] = "compliant",
    ["msft-openai-2025/ip-license"] = "compliant",
    ["msft-openai-2026/frontier-on-azure"] = "compliant",
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "contested",
    ["amazon-openai-2026/government-resale"] = "not_applicable",
    ["aws-guidance-2026/messaging"] = "not_applicable",
  },
  source = "ft-2026-03-18#routed-through-azure",
}
include("common/parties.lua")
model "gpt-frontier" { owner = "openai", tier = "frontier", weights = { "azure" },
                       source = "ft-2026-03-18#stateless-stateful" }
product "frontier" { owner = "openai", kind = "platform", state = "stateful",
                     models = { "gpt-frontier" }, api_share = 0.15,
                     source = "weighs-lawsuit-2026-03#50bn-frontier" }
deployment "frontier-azure" { runs = "frontier", cloud = "azure", operator = "openai",
                              audience = { "enterprise" },
                              source = "economic-times-2026-03#hosted-on-azure",
                              note = "'Frontier would continue to be hosted on Azure' (economic-times-2026-03)." }
