-- The reference architecture on 15 September 2025: the non-binding September deal is in
-- force (weighs-lawsuit-2026-03, ft-2026-03-18), the 2019 exclusivity still binds, the October terms do not exist
-- yet. The non-binding clause is evaluated and reported (compliant: the SRE offers no
-- API access to customers) but cannot lower or raise the verdict; the 2019 clause,
-- still binding, is breached.
-- The facts are frontier_aws_june_2025.lua's; only the date differs.

scenario "mou-september-2025" {
  base = "frontier_aws_june_2025.lua",
  title = "Frontier on AWS through the Bedrock SRE while the September 2025 deal is in force",
  date  = "2025-09-15",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "breach",
    ["msft-openai-2025-09/api-on-azure"] = "compliant",
    ["msft-openai-2025/api-exclusivity"] = "not_applicable",
    ["msft-openai-2025/ip-license"] = "not_applicable",
    ["msft-openai-2026/frontier-on-azure"] = "not_applicable",
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "not_applicable",
    ["amazon-openai-2026/government-resale"] = "not_applicable",
    ["aws-guidance-2026/messaging"] = "not_applicable",
  },
  note = "Hypothetical timing: Frontier launched in February 2026.",
}
