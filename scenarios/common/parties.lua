-- scenarios/common/parties.lua — the parties and clouds of the dispute.
-- Included by most scenarios: include("common/parties.lua"). Defines no scenario.
-- The rule packs rely on these ids: "microsoft", "openai", "amazon"; a cloud owned by
-- "microsoft" is Azure.

party "microsoft" { kind = "cloud_provider", name = "Microsoft",
  source = "003_d227dbd3b63d32d3.txt",
  note = "OpenAI's largest backer: $1bn in 2019, $10bn in early 2023 (003, 001)." }
party "openai"    { kind = "model_provider", name = "OpenAI",
  source = "003_d227dbd3b63d32d3.txt" }
party "amazon"    { kind = "cloud_provider", name = "Amazon / AWS",
  source = "003_d227dbd3b63d32d3.txt" }

cloud "azure" { owner = "microsoft", name = "Microsoft Azure",
  source = "003_d227dbd3b63d32d3.txt" }
cloud "aws"   { owner = "amazon", name = "Amazon Web Services (Bedrock runs here)",
  source = "003_d227dbd3b63d32d3.txt" }
