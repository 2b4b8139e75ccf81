-- The June 2025 counterfactual of frontier_aws_june_2025.lua with the place of
-- inference unknown. The SRE itself runs OpenAI's product Frontier on AWS, so the
-- 2019 exclusivity is breached whatever the unknown fact turns out to be: a certain
-- breach is not left `unknown` because some other fact is (the clause looks at the
-- deployments whose cloud is known first, with w:known).

scenario "frontier-june-2025-inference-unknown" {
  base = "frontier_aws_june_2025.lua",
  set = { ["deployment.sre-inference.cloud"] = unknown },
  title = "Frontier on AWS through the Bedrock SRE in June 2025, inference location unknown",
  expect = {
    ["msft-openai-2019/exclusive-cloud"] = "breach",
    ["msft-openai-2025/api-exclusivity"] = "not_applicable",
    ["amazon-openai-2026/frontier-exclusive-third-party"] = "not_applicable",
  },
  note = "Hypothetical: frontier_aws_june_2025.lua with sre-inference.cloud = unknown.",
}
