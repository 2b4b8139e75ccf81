-- scenarios/common/frontier.lua — OpenAI's frontier model and the Frontier platform,
-- as in the reference example (frontier_bedrock_sre.lua). Include after common/parties.lua. Defines no scenario.

model "gpt-frontier" { owner = "openai", tier = "frontier", weights = { "azure", "aws" },
  name = "OpenAI's most advanced (frontier) model",
  source = "ft-2026-03-18#stateless-stateful",
  note = "Stateless by default: no memory between calls (ft-2026-03-18). Weights on both clouds as in "
    .. "the reference example." }

product "frontier" { owner = "openai", kind = "platform", state = "stateful",
  models = { "gpt-frontier" }, api_share = 0.15,
  name = "Frontier",
  source = "ft-2026-03-18#frontier-agents",
  note = "OpenAI's enterprise platform for building and running fleets of AI agents inside "
    .. "businesses (ft-2026-03-18, weighs-lawsuit-2026-03). api_share 0.15 (raw pass-through share of use) is the reference "
    .. "example figure, not a reported one." }
