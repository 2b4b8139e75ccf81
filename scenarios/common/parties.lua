-- scenarios/common/parties.lua — the parties and clouds of the dispute.
-- Included by most scenarios: include("common/parties.lua"). Defines no scenario.
-- The rule packs rely on these ids: "microsoft", "openai", "amazon"; a cloud owned by
-- "microsoft" is Azure.

party "microsoft" { kind = "cloud_provider", name = "Microsoft",
  source = "ft-2026-03-18#weighs-legal-action",
  note = "OpenAI's largest backer: $1bn in 2019, $10bn in early 2023 (economic-times-2026-03, weighs-lawsuit-2026-03)." }
party "openai"    { kind = "model_provider", name = "OpenAI",
  source = "ft-2026-03-18#weighs-legal-action" }
party "amazon"    { kind = "cloud_provider", name = "Amazon / AWS",
  source = "ft-2026-03-18#weighs-legal-action" }

cloud "azure" { owner = "microsoft", name = "Microsoft Azure",
  source = "ft-2026-03-18#routed-through-azure" }
cloud "aws"   { owner = "amazon", name = "Amazon Web Services (Bedrock runs here)",
  source = "ft-2026-03-18#sre" }
