-- scenarios/common/government.lua — the US government buyer and AWS's government
-- region, for the government-resale scenarios. Include after common/parties.lua.
-- Defines no scenario.

party "us-government" { kind = "government", name = "US government customers",
  source = "pymnts-2026-03#government",
  note = "AWS agreed to sell OpenAI products to US government customers (pymnts-2026-03, reported 17 March 2026)." }
cloud "aws-govcloud" { owner = "amazon", name = "AWS GovCloud (US)",
  source = "pymnts-2026-03#government",
  note = "AWS is already a major cloud provider to several government agencies (ft-2026-03-18)." }
model "gpt-standard" { owner = "openai", tier = "standard", weights = { "azure" },
  name = "An OpenAI model below the frontier tier",
  source = "ft-2026-03-18#stateless-stateful" }
