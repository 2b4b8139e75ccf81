-- rules/amazon_openai.lua — the Amazon–OpenAI agreements of February 2026.
--
-- Amazon and OpenAI signed several binding agreements (about $50bn; eyes-legal-action-2026-03): AWS became the
-- exclusive third-party cloud provider for Frontier, OpenAI pledged to buy $138bn of AWS
-- cloud services (ft-2026-03-18), and AWS agreed to sell OpenAI products to US government
-- customers (reported 17 March 2026; pymnts-2026-03). The texts are not public; the clauses
-- paraphrase the reports.
--
-- The ids these rules rely on are in rules/lib/ids.lua; shared words (covered model,
-- hosted, raw API access, primarily an API, OpenAI product) in rules/lib/terms.lua.

include("sources.lua")  -- the articles cited below (source = "id#quote")
local terms = include("lib/terms.lua")
local ids = terms.ids
relies(ids.RELIES)

local OPENAI, MICROSOFT, AMAZON = ids.OPENAI, ids.MICROSOFT, ids.AMAZON
local FRONTIER = ids.FRONTIER
local GOV_RESALE_FROM = "2026-03-17"  -- AWS may sell OpenAI products to US government from here

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

-- Frontier's hosting in both senses of rules/lib/terms.lua (its platform deployments and
-- the inference behind its paths): the first entry on a cloud whose owner is not in
-- `allowed`, known clouds first. Returns a verdict.
local function frontier_hosted_within(w, allowed, allowed_say)
  local h = terms.hosting(w, FRONTIER)
  if h == nil then return not_applicable("Frontier is not deployed in this world") end
  local notes = terms.notes()
  for pass = 1, 2 do
    for _, e in ipairs(h) do
      if pass == 2 or w:known(e.what, e.field) then
        local c = terms.hosted_cloud(e)
        local owner = terms.owner(w, c)
        if not allowed[owner or ""] then
          return breach(("Frontier is hosted on %s (owned by %s), a third-party cloud other "
            .. "than AWS: %s"):format(c, tostring(owner), terms.hosted_say(e)), { e.what })
        end
        if pass == 1 then notes:ok(terms.hosted_say(e)) end
      end
    end
  end
  return compliant(notes:say("Frontier is hosted, platform and inference, only on " .. allowed_say))
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
platform deployments or its model inference: "hosted" in both senses of rules/lib/terms.lua,
since a cloud serving Frontier's inference is a cloud provider for Frontier) on any cloud not
owned by Amazon, OpenAI or Microsoft breaches. Weight 0.6: a term is not read to force a party into breach of a contract
the other party knew of, and the deal was announced alongside statements respecting Azure.]],
      check = function(w)
        return frontier_hosted_within(w, AZURE_EXCEPTED, "AWS, Azure or OpenAI's own clouds")
      end },
    ["azure-included"] = { weight = 0.4,
      doc = [[Microsoft is not a party to the Amazon agreements and OpenAI does not own Azure,
so Azure is a third-party cloud like any other: Frontier hosted (platform or model inference)
on any cloud not owned by Amazon or OpenAI, Azure included, breaches. Weight 0.4: it is the
plain meaning of "third-party", but it would put OpenAI in breach the moment it kept the
promise in the Microsoft joint statement — this is where the two sets of terms collide.]],
      check = function(w)
        return frontier_hosted_within(w, AZURE_INCLUDED, "AWS or OpenAI's own clouds")
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
  if not terms.openai_product(w, prod) then
    return ("%s sells %s, which is not an OpenAI product"):format(p.entry, prod)
  end
  return nil
end

-- Both readings: each covered path Amazon sells to government customers is checked by
-- `extra` (nil: in the grant); uncovered ones are set aside and said.
local function gov_resale(w, extra, claim)
  local notes = terms.notes()
  local any = false
  for p in w:paths{ seller = AMAZON, audience = "government" } do
    local aside = terms.uncovered_reason(p, true)
    if aside then
      notes:set_aside(aside)
    else
      any = true
      local why = outside_grant(w, p) or (extra and extra(p))
      if why then return breach(why, { p }) end
      notes:ok(("%s sells %s"):format(p.id, p.product))
    end
  end
  if not any then
    return not_applicable(notes:say("Amazon sells government customers no covered OpenAI model"))
  end
  return compliant(notes:say(claim))
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
stateless API entry, an API product, or a product primarily raw pass-through).
Open-weight models are set aside, as in every clause. Weight 0.6: a
grant made by a party bound by a prior exclusivity is read so as not to conflict with it.]],
      check = function(w)
        local t = terms.threshold(w)
        return gov_resale(w, function(p)
          -- p.interface is the entry's interface, by default its product's kind
          local api = terms.offered_as_api(w, p, t)
          if api or p.interface == "api" then
            return ("%s sells API access to %s, not an OpenAI product: %s")
              :format(p.entry, p.model, api or (p.entry .. " has an API interface"))
          end
        end, "Amazon sells government customers covered OpenAI models only within "
          .. "OpenAI products, not as API access, from 17 March 2026")
      end },
    broad = { weight = 0.4,
      doc = [["OpenAI products" in the ordinary commercial sense includes whatever OpenAI
sells, its API among them. Resale breaches only when it comes before 17 March 2026 or is not
OpenAI's product at all (Amazon serving the model itself, or a product of its own). Weight 0.4:
plain commercial usage, but it ignores the context both parties negotiated in.]],
      check = function(w)
        return gov_resale(w, nil, "Amazon sells government customers covered OpenAI "
          .. "models only within OpenAI's products, from 17 March 2026")
      end },
  },
}
