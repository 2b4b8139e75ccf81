-- A minimal rule pack: one contract, one clause with two readings, one exception.
contract "demo-2026" {
  title = "Demo exclusivity", parties = { "microsoft", "openai" },
  effective = "2026-01-01", binding = true,
}
clause "demo-2026/api-on-azure" {
  contract = "demo-2026", holder = "microsoft", obligor = "openai",
  text = [[All API calls to OpenAI models are served from Azure.]],
  exposure_usd = 1e9,
  readings = {
    letter = { weight = 0.6, doc = "stateless API access outside Azure",
      check = function(w)
        for p in w:paths{ model_owner = "openai", direct_api = true } do
          if p.model_cloud ~= "azure" then
            return breach(("%s serves %s from %s"):format(p.entry, p.model, p.model_cloud), { p })
          end
        end
        return compliant("every stateless API path is served from Azure")
      end },
    spirit = { weight = 0.4, doc = "any customer-facing path outside Azure",
      check = function(w)
        local n = w:count("paths", { model_owner = "openai", model_cloud = { "aws" } })
        if n > 0 then return breach(n .. " path(s) served from AWS") end
        return compliant("no path served from AWS")
      end },
  },
}
exception "demo-2026/research" {
  to = "demo-2026/api-on-azure",
  text = [[Research use is allowed.]],
  applies = function(w) return false end,
}
