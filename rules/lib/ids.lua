-- rules/lib/ids.lua — the ids and enumerations every rule pack relies on, written once.
-- A library, never loaded as a rule pack: `local ids = include("lib/ids.lua")`.
--
-- Scenarios must use these ids (the canonical ones of the dispute): a cloud is Azure
-- when its owner is "microsoft", AWS when its owner is "amazon"; the product "frontier"
-- is OpenAI's Frontier platform. Each pack declares what it relies on with
-- `relies(ids.RELIES)`, so that `redline lint` and `redline check` warn when a scenario
-- names "ms" where the packs look for "microsoft".

local words = include("words.lua")

local ids = {
  OPENAI = "openai",
  MICROSOFT = "microsoft",
  AMAZON = "amazon",
  FRONTIER = "frontier",         -- OpenAI's Frontier platform (a product id)
  -- Model tiers the exclusivity covers. Open-weight models are outside every clause:
  -- weights OpenAI has published can be hosted by anyone.
  COVERED = { "frontier", "standard" },
  -- Where "primarily" lies: a product is primarily offered as an API when its api_share
  -- is above this (scenario param api_share_threshold overrides it).
  DEFAULT_THRESHOLD = 0.5,
}

ids.RELIES = {
  party = { ids.AMAZON, ids.MICROSOFT, ids.OPENAI },
  product = { ids.FRONTIER },
  claims = words.CLAIMS,
  params = { "api_share_threshold" },
}

return ids
