-- The rule pack of docs/semantics.md: one clause for each part of the
-- verdict algebra.
contract "old-2019" { effective = "2019-01-01" }
clause "old-2019/exclusive" { contract = "old-2019", text = "Azure is the only cloud.",
  exposure_usd = 5e8,
  check = function(w) return breach("the 2019 terms are breached whenever they bind") end }

contract "deal-2025" { effective = "2025-01-01", supersedes = { "old-2019" } }
clause "deal-2025/served-on-azure" {
  contract = "deal-2025", exposure_usd = 1e9,
  text = [[OpenAI's models are served to customers from Azure.]],
  readings = {
    letter = { weight = 3, doc = "API access only",
      check = function(w)
        for p in w:paths{ model_owner = "openai", direct_api = true } do
          if p.model_cloud ~= "azure" then
            return breach(p.entry .. " serves " .. p.model .. " from " .. p.model_cloud, { p })
          end
        end
        return compliant("every API path is served from Azure")
      end },
    spirit = { weight = 1, doc = "any customer-facing path",
      check = function(w)
        for p in w:paths{ model_owner = "openai" } do
          if p.model_cloud ~= "azure" then return breach(p.id .. " is outside Azure", { p }) end
        end
        return compliant("every path is served from Azure")
      end },
  },
}
exception "deal-2025/research" {
  to = "deal-2025/served-on-azure",
  text = [[Research access may be served from anywhere.]],
  readings = {
    letter = { applies = function(w) return w.params.research == true, "research access" end },
  },
}
clause "deal-2025/weights-on-azure" {
  contract = "deal-2025", text = "Every deployment of OpenAI's models runs on Azure.",
  check = function(w)
    for d in w:deployments{ runs = "gpt-x" } do
      if d.cloud ~= "azure" then return breach(d.id .. " runs on " .. d.cloud, { d }) end
    end
    return compliant("every deployment of gpt-x is on Azure")
  end }
clause "deal-2025/later" { contract = "deal-2025", text = "From 2027, no AWS at all.",
  effective = "2027-01-01",
  check = function(w) return breach("the 2027 term is breached whenever it binds") end }

contract "memo-2025" { effective = "2025-06-01", binding = false }
clause "memo-2025/wording" { contract = "memo-2025", text = "Say 'powered by Azure'.",
  check = function(w) return breach("nobody says it") end }
