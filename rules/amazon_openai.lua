-- rules/amazon_openai.lua — the Amazon–OpenAI agreements of February 2026.
--
-- Amazon and OpenAI signed several binding agreements (about $50bn; eyes-legal-action-2026-03): AWS became the
-- exclusive third-party cloud provider for Frontier, OpenAI pledged to buy $138bn of AWS
-- cloud services (ft-2026-03-18), and AWS agreed to sell OpenAI products to US government
-- customers (reported 17 March 2026; pymnts-2026-03). The texts are not public; the clauses
-- paraphrase the reports.
--
-- Conventions (DOMAIN.md): parties "amazon", "openai", "microsoft"; the product
-- "frontier" is OpenAI's Frontier platform; open-weight models are not "OpenAI
-- products" anyone needs a licence to resell; scenario param `api_share_threshold`
-- (default 0.5) is where "primarily an API" lies, as in rules/microsoft_openai.lua.

include("sources.lua")  -- the articles cited below (source = "id#quote")

local OPENAI, MICROSOFT, AMAZON = "openai", "microsoft", "amazon"
local FRONTIER = "frontier"
local COVERED = { "frontier", "standard" }
local DEFAULT_THRESHOLD = 0.5
local GOV_RESALE_FROM = "2026-03-17"  -- AWS may sell OpenAI products to US government from here

local function cloud_owner(w, id)
  local c = w:get("cloud", id)
  return c and c.owner
end

local function threshold(w)
  local params = w.params
  return params and params.api_share_threshold or DEFAULT_THRESHOLD
end

contract "amazon-openai-2026" {
  title = "Amazon–OpenAI agreements (February 2026)",
  parties = { AMAZON, OPENAI },
  effective = "2026-02-27", binding = true,
  sources = { "eyes-legal-action-2026-03#binding-agreements", "ft-2026-03-18#pledge-138bn" },
  note = "'Several binding agreements' (eyes-legal-action-2026-03), about $50bn (weighs-lawsuit-2026-03, eyes-legal-action-2026-03, ft-2026-03-18), with a pledge by OpenAI "
    .. "to buy $138bn of AWS cloud services (Financial Times, 18 March 2026). 27 February 2026 is "
    .. "assumed (the reports say 'last month' on 18 March 2026).",
  attrs = { deal_value_usd = 50e9, purchase_pledge_usd = 138e9 },
}

-- Frontier's hosting: the first cloud hosting Frontier (a deployment running it, or the
-- inference behind a Frontier path) whose owner is not in `allowed`.
-- Returns (nil) when Frontier is not deployed, (false) when every cloud is allowed,
-- (true, evidence, cloud) otherwise.
local function frontier_hosted_outside(w, allowed)
  local any = false
  for d in w:deployments{ runs = FRONTIER } do
    any = true
    local c = d.cloud
    if not allowed[cloud_owner(w, c) or ""] then return true, d, c end
  end
  if not any then return nil end
  for p in w:paths{ product = FRONTIER } do
    local c = p.model_cloud
    if not allowed[cloud_owner(w, c) or ""] then return true, p, c end
  end
  return false
end

local AZURE_EXCEPTED = { [AMAZON] = true, [OPENAI] = true, [MICROSOFT] = true }
local AZURE_INCLUDED = { [AMAZON] = true, [OPENAI] = true }

clause "amazon-openai-2026/frontier-exclusive-third-party" {
  contract = "amazon-openai-2026",
  title = "AWS is the exclusive third-party cloud provider for Frontier",
  holder = AMAZON, obligor = OPENAI,
  text = [[AWS is the exclusive third-party cloud provider for Frontier, OpenAI's enterprise
platform for building and running AI agents.]],
  sources = { "economic-times-2026-03#exclusive-third-party", "weighs-lawsuit-2026-03#50bn-frontier" },
  exposure_usd = 138e9,
  note = "exposure_usd is OpenAI's $138bn AWS purchase pledge, announced with Frontier as the "
    .. "partnership's centrepiece (Financial Times, 18 March 2026): what the relationship this clause "
    .. "anchors is worth to Amazon.",
  readings = {
    ["azure-excepted"] = { weight = 0.6,
      doc = [["Third-party" is read against what both parties knew: Azure is OpenAI's incumbent
cloud under the Microsoft terms, and the same month Microsoft and OpenAI said Frontier would
continue to be hosted on Azure (economic-times-2026-03). AWS is exclusive among the *other* clouds: Frontier (its
platform deployments or its model inference) on any cloud not owned by Amazon, OpenAI or
Microsoft breaches. Weight 0.6: a term is not read to force a party into breach of a contract
the other party knew of, and the deal was announced alongside statements respecting Azure.]],
      check = function(w)
        local hit, e, c = frontier_hosted_outside(w, AZURE_EXCEPTED)
        if hit == nil then return not_applicable("Frontier is not deployed in this world") end
        if hit then
          return breach(("Frontier is hosted on %s, a third-party cloud other than AWS"):format(c), { e })
        end
        return compliant("Frontier runs only on AWS, Azure or OpenAI's own infrastructure")
      end },
    ["azure-included"] = { weight = 0.4,
      doc = [[Microsoft is not a party to the Amazon agreements and OpenAI does not own Azure,
so Azure is a third-party cloud like any other: Frontier hosted (platform or model inference)
on any cloud not owned by Amazon or OpenAI, Azure included, breaches. Weight 0.4: it is the
plain meaning of "third-party", but it would put OpenAI in breach the moment it kept the
promise in the Microsoft joint statement — this is where the two sets of terms collide.]],
      check = function(w)
        local hit, e, c = frontier_hosted_outside(w, AZURE_INCLUDED)
        if hit == nil then return not_applicable("Frontier is not deployed in this world") end
        if hit then
          return breach(("Frontier is hosted on %s, a third-party cloud other than AWS"):format(c), { e })
        end
        return compliant("Frontier runs only on AWS or OpenAI's own infrastructure")
      end },
  },
}

-- Checks shared by both readings of the government-resale clause, for one path that
-- Amazon sells to government customers: why it is outside the grant, or nil.
local function outside_grant(w, p)
  if w.date < GOV_RESALE_FROM then
    return ("Amazon sells %s to government customers on %s, before %s")
      :format(p.entry, w.date, GOV_RESALE_FROM)
  end
  local prod = p.product
  if prod == nil then
    return ("%s sells the model %s itself, not an OpenAI product"):format(p.entry, p.model)
  end
  if w:get("product", prod).owner ~= OPENAI then
    return ("%s sells %s, which is not an OpenAI product"):format(p.entry, prod)
  end
  return nil
end

clause "amazon-openai-2026/government-resale" {
  contract = "amazon-openai-2026",
  title = "AWS may sell OpenAI products to US government customers",
  holder = OPENAI, obligor = AMAZON,
  text = [[AWS may sell OpenAI products to US government customers, from 17 March 2026.]],
  source = "pymnts-2026-03#government",
  note = "A grant: what breaches it is Amazon selling OpenAI model access to government "
    .. "customers beyond it — before 17 March 2026, or something that is not an OpenAI product. "
    .. "Not applicable where Amazon sells no OpenAI model access to government customers.",
  readings = {
    narrow = { weight = 0.6,
      doc = [["OpenAI products" means products, not model access: the whole Amazon arrangement
is, on OpenAI's own account, no "backdoor access to its stateless models" (ft-2026-03-18), and both
parties knew the Microsoft API clause. Resale to government customers breaches when it comes
before 17 March 2026, is the model itself or another company's product, or is API access (a
stateless API entry, an API product, or a product primarily raw pass-through). Weight 0.6: a
grant made by a party bound by a prior exclusivity is read so as not to conflict with it.]],
      check = function(w)
        local t = threshold(w)
        local any = false
        for p in w:paths{ seller = AMAZON, audience = "government",
                          model_owner = OPENAI, model_tier = COVERED } do
          any = true
          local why = outside_grant(w, p)
          if why then return breach(why, { p }) end
          local share = p.api_share
          -- p.interface is the entry's interface, by default its product's kind
          if p.direct_api or p.interface == "api" or (share ~= nil and share > t) then
            return breach(("%s sells API access to %s, not an OpenAI product")
              :format(p.entry, p.model), { p })
          end
        end
        if not any then
          return not_applicable("Amazon sells no OpenAI model access to government customers")
        end
        return compliant("Amazon sells government customers only OpenAI products, from 17 March 2026")
      end },
    broad = { weight = 0.4,
      doc = [["OpenAI products" in the ordinary commercial sense includes whatever OpenAI
sells, its API among them. Resale breaches only when it comes before 17 March 2026 or is not
OpenAI's product at all (Amazon serving the model itself, or a product of its own). Weight 0.4:
plain commercial usage, but it ignores the context both parties negotiated in.]],
      check = function(w)
        local any = false
        for p in w:paths{ seller = AMAZON, audience = "government",
                          model_owner = OPENAI, model_tier = COVERED } do
          any = true
          local why = outside_grant(w, p)
          if why then return breach(why, { p }) end
        end
        if not any then
          return not_applicable("Amazon sells no OpenAI model access to government customers")
        end
        return compliant("Amazon sells government customers only OpenAI's products, from 17 March 2026")
      end },
  },
}
