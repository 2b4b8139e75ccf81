-- rules/microsoft_openai.lua — the Microsoft–OpenAI contract family.
--
-- Four instruments, in date order:
--   msft-openai-2019     the 2019 investment terms: Azure is OpenAI's exclusive cloud.
--   msft-openai-2025-09  the non-binding September 2025 deal (evaluated and reported,
--                        never raises a scenario's verdict).
--   msft-openai-2025     the October 2025 terms signed with the restructuring: general
--                        cloud exclusivity given up, the API clause and the IP licence
--                        kept, and OpenAI's "red line" carve-out for third-party products.
--   msft-openai-2026     the February 2026 joint statement: Frontier stays hosted on Azure.
--
-- The contract texts are not public. Each clause paraphrases what the published reports
-- (rules/sources.lua) say of it; `source` and `sources` cite the passages it rests on.
--
-- The ids these rules rely on are in rules/lib/ids.lua; the words the clauses share
-- (covered model, raw API access, primarily an API, hosted, third party, OpenAI product,
-- offered to customers) are defined once in rules/lib/terms.lua; the memo's wording in
-- rules/lib/words.lua. docs/clauses.md says where two clauses mean different things.

include("sources.lua")  -- the articles cited below (source = "id#quote")
local terms = include("lib/terms.lua")
local ids, words = terms.ids, terms.words
relies(ids.RELIES)

local OPENAI, MICROSOFT = ids.OPENAI, ids.MICROSOFT
local FRONTIER = ids.FRONTIER
local COVERED = ids.COVERED

-- Every path, split: covered paths for `each`, the others noted as set aside.
local function covered_paths(w, notes)
  local out = {}
  for p in w:paths() do
    local why = terms.uncovered_reason(p, true)
    if why then notes:set_aside(why) else out[#out + 1] = p end
  end
  return out
end

-- The first statement by a rival cloud provider (a party owning a cloud, other than
-- Microsoft and OpenAI) that is evidence, under the spirit, that its product is offered
-- as access to OpenAI's covered models: statement, reason. Notes what it set aside.
local function rival_statement(w, notes)
  local names = terms.model_names(w)
  for s in w:statements() do
    local by = s.by
    if not terms.rival_cloud(w, by) then
      notes:set_aside(("%s is by %s, not a rival cloud provider"):format(s.id, by))
    else
      local r = terms.classify(w, s, names)
      local why = words.spirit_evidence(r.claims, r.subject)
      if why then
        return s, ("%s (decided by %s)"):format(why, r.source)
      elseif r.subject == "open_weight" then
        notes:set_aside(("%s is about an open-weight model, outside this clause"):format(s.id))
      elseif r.subject == nil then
        notes:set_aside(("%s names no OpenAI model or product"):format(s.id))
      else
        notes:ok(("%s claims no model access (%s)"):format(s.id, r.source))
      end
    end
  end
  return nil
end

---------------------------------------------------------------------------------------
-- 2019: Azure as OpenAI's exclusive cloud.
---------------------------------------------------------------------------------------

contract "msft-openai-2019" {
  title = "Microsoft–OpenAI investment terms (2019): Azure as exclusive cloud provider",
  parties = { MICROSOFT, OPENAI },
  effective = "2019-07-22", signed = "2019-07-22", binding = true,
  sources = { "ft-2026-03-18#exclusive-since-2019", "economic-times-2026-03#investments" },
  note = "Microsoft invested $1bn in 2019 and became OpenAI's exclusive cloud provider; it gave "
    .. "that right up in October 2025 (ft-2026-03-18; also weighs-lawsuit-2026-03). The 22 July 2019 date "
    .. "is the announcement of the investment; the reports give only the year.",
}

-- A deployment off Azure that runs a covered OpenAI model or any OpenAI product.
-- A deployment known to be off Azure decides it whatever else is unknown, so the
-- deployments whose cloud is known are looked at first (pass 1); only then can an
-- unknown cloud leave the answer open (pass 2 reads it, and the check stops there).
-- Returns the deployment and why, or nil; notes what held and what was set aside.
local function hosted_off_azure(w, notes)
  local models = {}
  for m in w:models() do
    local why = terms.uncovered_reason(m, false)
    if why then
      if m.owner == OPENAI and w:count("deployments", { runs = m.id }) > 0 then
        notes:set_aside(why)
      end
    else
      models[#models + 1] = m
    end
  end
  for pass = 1, 2 do
    for _, m in ipairs(models) do
      for d in w:deployments{ runs = m.id } do
        if pass == 2 or w:known(d, "cloud") then
          local c = d.cloud
          if not terms.azure(w, c) then
            return d, ("%s serves OpenAI's model %s from %s, not Azure"):format(d.id, m.id, c)
          end
          if pass == 1 then notes:ok(("%s serves %s from %s"):format(d.id, m.id, c)) end
        end
      end
    end
    for pr in w:products{ owner = OPENAI } do
      for d in w:deployments{ runs = pr.id } do
        if pass == 2 or w:known(d, "cloud") then
          local c = d.cloud
          if not terms.azure(w, c) then
            return d, ("%s hosts OpenAI's product %s on %s, not Azure"):format(d.id, pr.id, c)
          end
          if pass == 1 then notes:ok(("%s hosts %s on %s"):format(d.id, pr.id, c)) end
        end
      end
    end
  end
  return nil
end

clause "msft-openai-2019/exclusive-cloud" {
  contract = "msft-openai-2019",
  title = "Azure is OpenAI's exclusive cloud provider",
  holder = MICROSOFT, obligor = OPENAI,
  text = [[Microsoft is OpenAI's exclusive cloud provider: OpenAI's models and products are
hosted only on Azure.]],
  source = "ft-2026-03-18#exclusive-since-2019",
  exposure_usd = 1e9,
  note = "exposure_usd is the $1bn Microsoft paid in 2019 for the relationship that carried this "
    .. "exclusivity (ft-2026-03-18, weighs-lawsuit-2026-03): a floor on its value, not a damages estimate.",
  readings = {
    letter = { weight = 0.7,
      doc = [[Hosting means running, in both senses of rules/lib/terms.lua: every deployment,
customer-facing or internal, that runs a covered OpenAI model (serves inference) or any OpenAI
product (hosts the platform) runs on Azure; one on another cloud breaches. Open-weight models
are set aside. Weight 0.7: "exclusive cloud provider" is plain, every report (ft-2026-03-18, weighs-lawsuit-2026-03)
describes it as Microsoft hosting OpenAI's workloads, and it needs no theory of storage.]],
      check = function(w)
        local notes = terms.notes()
        local d, why = hosted_off_azure(w, notes)
        if d then return breach(why, { d }) end
        return compliant(notes:say("every covered OpenAI model and OpenAI product runs on Azure",
          "no covered OpenAI model or OpenAI product is deployed"))
      end },
    spirit = { weight = 0.3,
      doc = [[Exclusivity of the cloud covers where OpenAI puts its models at all: besides
everything the letter catches, holding a covered model's weights on another cloud (ready to
serve from it) breaches. Weight 0.3: it stretches "hosting" from serving to storage, which the
reports do not speak to; it matters only when weights sit off Azure with nothing served there.]],
      check = function(w)
        local notes = terms.notes()
        local d, why = hosted_off_azure(w, notes)
        if d then return breach(why, { d }) end
        for m in w:models{ owner = OPENAI } do
          if terms.covered(m) then
            local ws = m.weights
            for i = 1, #(ws or {}) do
              if not terms.azure(w, ws[i]) then
                return breach(("the weights of %s are held on %s, not Azure"):format(m.id, ws[i]),
                              { m })
              end
            end
            if ws and #ws > 0 then notes:ok(("%s's weights on Azure"):format(m.id)) end
          end
        end
        return compliant(notes:say("every covered OpenAI model, OpenAI product and covered "
          .. "model's weights are on Azure", "no covered OpenAI model or OpenAI product is "
          .. "deployed and no covered weights are held off Azure"))
      end },
  },
}

---------------------------------------------------------------------------------------
-- September 2025: the non-binding deal under new relationship terms.
---------------------------------------------------------------------------------------

contract "msft-openai-2025-09" {
  title = "Microsoft–OpenAI non-binding deal under new relationship terms (September 2025)",
  parties = { MICROSOFT, OPENAI },
  effective = "2025-09-11", binding = false,
  sources = { "weighs-lawsuit-2026-03#non-binding", "economic-times-2026-03#non-binding-september" },
  note = "A non-binding deal that paved the way for OpenAI's deals with SoftBank, Nvidia and "
    .. "Amazon (weighs-lawsuit-2026-03; economic-times-2026-03). Its terms were not reported; the clause below "
    .. "models it as the draft of the October API clause. 11 September 2025 is the announcement "
    .. "date; the reports give only the month. Superseded by msft-openai-2025.",
}

clause "msft-openai-2025-09/api-on-azure" {
  contract = "msft-openai-2025-09",
  title = "API access to OpenAI models stays on Azure (non-binding)",
  holder = MICROSOFT, obligor = OPENAI,
  text = [[OpenAI may sign cloud and compute deals with others, but customers' API access to
OpenAI models stays on Azure.]],
  source = "weighs-lawsuit-2026-03#non-binding",
  readings = {
    letter = { weight = 1,
      doc = [[The only reading modelled: a path that offers customers a covered OpenAI model as
an API (raw API access, or a product primarily offered as an API: rules/lib/terms.lua) and is
served outside Azure breaches; products that call the model internally are left to the later
definitive terms. Weight 1: the deal's text is unreported, so there is nothing to weigh one
reading against another; being non-binding, its verdict never counts towards a scenario's.]],
      check = function(w)
        local t = terms.threshold(w)
        local notes = terms.notes()
        for _, p in ipairs(covered_paths(w, notes)) do
          local why = terms.offered_as_api(w, p, t)
          if why then
            local c = p.model_cloud
            if not terms.azure(w, c) then
              return breach(("%s; it is served from %s, not Azure"):format(why, c), { p })
            end
            notes:ok(("%s from %s"):format(p.id, c))
          else
            notes:set_aside(("%s is not offered as an API"):format(p.id))
          end
        end
        return compliant(notes:say("customers' API access to covered OpenAI models is served "
          .. "from Azure", "no customer is offered a covered OpenAI model as an API"))
      end },
  },
}

---------------------------------------------------------------------------------------
-- October 2025: the terms signed with the restructuring.
---------------------------------------------------------------------------------------

contract "msft-openai-2025" {
  title = "Microsoft–OpenAI terms after the October 2025 restructuring",
  parties = { MICROSOFT, OPENAI },
  effective = "2025-10-28", signed = "2025-10-28", binding = true,
  supersedes = { "msft-openai-2019/exclusive-cloud", "msft-openai-2025-09" },
  sources = { "ft-2026-03-18#exclusive-since-2019", "ft-2026-03-18#api-clause" },
  note = "Microsoft gave up general cloud exclusivity when it signed off on the restructuring in "
    .. "October, kept the API clause (ft-2026-03-18; weighs-lawsuit-2026-03) and an exclusive licence to "
    .. "OpenAI's IP (economic-times-2026-03). 28 October 2025 is the announcement date; the reports give the month.",
}

-- The letter readings' check: every stateless API call (rules/lib/terms.lua) to a covered
-- model served from Azure. Breach names every path outside Azure.
local function api_calls_on_azure(w)
  local t = terms.threshold(w)
  local notes = terms.notes()
  local bad, first = {}, nil
  for _, p in ipairs(covered_paths(w, notes)) do
    local why = terms.api_call(w, p, t)
    if why then
      local c = p.model_cloud
      if not terms.azure(w, c) then
        bad[#bad + 1] = p
        first = first or ("%s; %s is served from %s, not Azure"):format(why, p.model, c)
      else
        notes:ok(("%s from %s"):format(p.id, c))
      end
    else
      notes:set_aside(("%s carries no stateless API call (a stateful product runs %s)")
        :format(p.id, p.model))
    end
  end
  if first then
    if #bad > 1 then first = first .. (" (and %d other path(s))"):format(#bad - 1) end
    return breach(first, bad)
  end
  return compliant(notes:say("every stateless API call to a covered OpenAI model is served "
    .. "from Azure", "no path carries a stateless API call to a covered OpenAI model"))
end

clause "msft-openai-2025/api-exclusivity" {
  contract = "msft-openai-2025",
  title = "All API calls to OpenAI models are routed through Azure",
  holder = MICROSOFT, obligor = OPENAI,
  text = [[All API calls to OpenAI models are routed through Azure. ("Azure remains the
exclusive cloud provider of stateless OpenAI APIs.")]],
  sources = { "ft-2026-03-18#api-clause", "weighs-lawsuit-2026-03#stateless-apis" },
  exposure_usd = 50e9,
  note = "exposure_usd is the reported value of the Amazon–OpenAI agreements (about $50bn; weighs-lawsuit-2026-03, "
    .. "eyes-legal-action-2026-03, ft-2026-03-18) that Microsoft says this clause puts in question.",
  readings = {
    letter = { weight = 0.35,
      sources = { "weighs-lawsuit-2026-03#stateless-apis", "ft-2026-03-18#stateless-stateful" },
      doc = [[The words: every *stateless API call* to a covered OpenAI model is served from
Azure — whether the customer makes it directly (raw API access), through a product primarily
offered as an API (an API call with a thin wrapper is still an API call), or whether a product
makes it on the customer's behalf to a stateless API endpoint (rules/lib/terms.lua, api_call).
A stateful product that runs the model without a stateless API call is outside the words. The
red-line exception then excuses calls made by OpenAI's new products "with third parties" that
are not primarily APIs, where a cloud whose compute the product rents makes its owner such a
third party (terms.lua, third party in the "compute" sense): OpenAI's own product on rented AWS
compute is made with Amazon. Weight 0.35 (of the letter's 0.6): courts start from the text,
Microsoft's own spokesperson frames the clause as "stateless OpenAI APIs" (weighs-lawsuit-2026-03, ft-2026-03-18), and
Microsoft concedes the letter is arguable ("the spirit, if not the letter", ft-2026-03-18); the $138bn
compute pledge is itself the deal with Amazon (ft-2026-03-18), which favours this sense of "with".]],
      check = api_calls_on_azure },
    ["letter-partner"] = { weight = 0.25,
      sources = { "ft-2026-03-18#red-line", "ft-2026-03-18#pledge-138bn" },
      doc = [[The same words and the same check as `letter`; only the red line's "third
parties" differ: a product is made "with a third party" when a party other than OpenAI and
Microsoft operates or sells it (terms.lua, the "partner" sense). Renting compute does not make
the landlord a partner, so OpenAI's own product, operated and sold by OpenAI on rented AWS
compute, is not excused. Weight 0.25 (of the letter's 0.6): "make new products with third
parties" (ft-2026-03-18) reads most naturally as building with a partner; the sources do not say which
sense the parties meant, so both are kept.]],
      check = api_calls_on_azure },
    spirit = { weight = 0.4,
      sources = { "ft-2026-03-18#spirit-not-letter", "ft-2026-03-18#no-technology" },
      doc = [[The purpose: Microsoft keeps the serving of, and the selling of access to,
OpenAI's models. Any customer-facing path to a covered OpenAI model whose inference runs outside
Azure breaches, however it is packaged — a stateful layer on top does not change where the model
runs, and Microsoft's experts "do not believe the technology exists to avoid running Frontier on
Azure" (ft-2026-03-18). A rival cloud provider's statement that offers access to OpenAI's covered models,
says it calls on them, or says they are available on it (rules/lib/words.lua: claims access,
calls_on, availability or frontier_on_aws; an analyst's `claims` decide before the wording) is
evidence that it sells itself as the cloud through which customers reach them, and breaches too,
even where the calls end on Azure. Weight 0.4: it is Microsoft's position and would make the
red-line carve-out nearly empty; a court would need the purpose to override words the parties
chose after negotiating the October terms.]],
      check = function(w)
        -- Statements first: a statement that is evidence decides the reading even where
        -- the place of inference is unknown.
        local notes = terms.notes()
        local s, why = rival_statement(w, notes)
        if s then
          return breach(("%s (by %s) %s"):format(s.id, s.by, why), { s })
        end
        for _, p in ipairs(covered_paths(w, notes)) do
          local c = p.model_cloud
          if not terms.azure(w, c) then
            return breach(("%s gives customers %s served from %s, not Azure")
              :format(p.entry, p.model, c), { p })
          end
          notes:ok(("%s from %s"):format(p.id, c))
        end
        return compliant(notes:say("every customer-facing path to a covered OpenAI model is "
          .. "served from Azure, and no rival cloud's statement offers access to them",
          "no customer reaches a covered OpenAI model, and no rival cloud's statement offers "
          .. "access to them"))
      end },
  },
}

-- Can the red-line carve-out carry the API call on path p, with "third parties" in
-- `sense` ("compute" or "partner")? Only a new product of OpenAI's, made with a third
-- party, that is not primarily offered as an API. Returns ok, why.
local function carve_out(w, p, t, sense)
  local raw = terms.raw_api(w, p)
  if raw then return false, ("%s: raw API access is not a product"):format(raw) end
  local prod = p.product
  if terms.primarily_api(w, p, t) then
    return false, ("%s is primarily offered as an API (api_share %s > %.2f)")
      :format(prod, w:cite(p, "api_share", 2), t)
  end
  if not terms.openai_product(w, prod) then
    return false, ("%s is not an OpenAI product"):format(prod)
  end
  local parties, who = terms.third_parties(w, p, sense)
  if #parties == 0 then
    return false, ("%s involves no third party in the %s sense (OpenAI and Microsoft %s "
      .. "every hop%s)"):format(p.id, sense, sense == "compute" and "own, operate and sell"
      or "operate and sell", sense == "partner" and ", whatever cloud it rents" or "")
  end
  return true, ("%s is an OpenAI product made with %s, not primarily an API (api_share "
    .. "%s <= %.2f)"):format(prod, who, w:cite(p, "api_share", 2), t)
end

-- The letter exception: every API call outside Azure is carried by the carve-out.
local function red_line_letter(sense)
  return function(w)
    local t = terms.threshold(w)
    local n, said = 0, {}
    for p in w:paths() do
      if not terms.uncovered_reason(p, true) and terms.api_call(w, p, t)
         and not terms.azure(w, p.model_cloud) then
        local ok, why = carve_out(w, p, t, sense)
        if not ok then return false, why end
        n = n + 1
        if n <= 2 then said[#said + 1] = why end
      end
    end
    if n == 0 then return false, "no stateless API call to a covered model outside Azure to excuse" end
    return true, ("every stateless API call outside Azure is carried by the carve-out: %s%s")
      :format(table.concat(said, "; "), n > 2 and ("; and %d more"):format(n - 2) or "")
  end
end

exception "msft-openai-2025/red-line" {
  to = "msft-openai-2025/api-exclusivity",
  contract = "msft-openai-2025",
  title = "OpenAI's red line: new third-party products are allowed unless primarily an API",
  text = [[OpenAI may make new products with third parties so long as they do not cross the
"red line" of being primarily offered as an API.]],
  source = "ft-2026-03-18#red-line",
  readings = {
    letter = {
      doc = [["Primarily" is a threshold on the product's api_share (rules/lib/terms.lua).
The carve-out excuses the letter reading's breach when every API call it found outside Azure
is made by an OpenAI product, made with a third party — a party other than OpenAI and
Microsoft that operates, sells or owns the cloud of any hop (renting compute counts) — that is
not primarily an API. Raw API access is never a "new product". Not modelled: whether the
product is "new".]],
      applies = red_line_letter("compute") },
    ["letter-partner"] = {
      doc = [[As under `letter`, except that a third party must operate or sell a hop of the
path: OpenAI running its own product on a cloud it rents makes no product "with" the cloud's
owner.]],
      applies = red_line_letter("partner") },
    spirit = {
      doc = [[The carve-out lets OpenAI build products with third parties; it cannot carry
access to OpenAI's covered models served outside Azure, nor a product its seller describes as
access to them (the "backdoor access to its stateless models" OpenAI itself disclaims, ft-2026-03-18).
So under the spirit it never excuses what the spirit reading catches; it is written out so that
the report says why.]],
      applies = function(w)
        local notes = terms.notes()
        local s, why = rival_statement(w, notes)
        if s then
          return false, ("%s %s: offered as model access"):format(s.id, why)
        end
        local t = terms.threshold(w)
        for _, p in ipairs(covered_paths(w, notes)) do
          local c = p.model_cloud
          if not terms.azure(w, c) then
            return false, ("the carve-out cannot carry %s served from %s"):format(p.model, c)
          end
          local api = terms.offered_as_api(w, p, t)
          if api then return false, api end
          notes:ok(("%s from %s"):format(p.id, c))
        end
        return true, notes:say("every path the carve-out would cover is served from Azure and "
          .. "none is offered as an API", "no path to a covered model for the carve-out to cover")
      end },
  },
}

-- A third party (neither OpenAI nor Microsoft) operating deployment d on a cloud owned by
-- neither: OpenAI's weights on infrastructure outside the Microsoft–OpenAI perimeter.
local function third_party_outside(w, d)
  if not terms.third_party(d.operator) then return false end
  local owner = terms.owner(w, d.cloud)
  return terms.third_party(owner)
end

clause "msft-openai-2025/ip-license" {
  contract = "msft-openai-2025",
  title = "Microsoft's exclusive licence to OpenAI's IP",
  holder = MICROSOFT, obligor = OPENAI,
  text = [[Microsoft keeps an "exclusive license and access to intellectual property across
OpenAI models and products".]],
  source = "economic-times-2026-03#joint-statement",
  readings = {
    letter = { weight = 0.5,
      doc = [[An exclusive licence means nobody else may hold a licence to the models. A third
party (rules/lib/terms.lua: neither OpenAI nor Microsoft) that itself runs a covered OpenAI
model (operates the deployment that serves it) on a cloud owned by neither holds the weights
and the right to run them: a licence in substance, whatever the paperwork calls it. OpenAI
operating on compute it rents is not a licensee. Weight 0.5: the phrase is all the reports give
(economic-times-2026-03); it is as likely to be read this way as the narrow way.]],
      check = function(w)
        local notes = terms.notes()
        for m in w:models{ owner = OPENAI } do
          local aside = terms.uncovered_reason(m, false)
          for d in w:deployments{ runs = m.id } do
            if aside then
              notes:set_aside(aside)
            elseif third_party_outside(w, d) then
              return breach(("%s, operated by %s on %s, runs OpenAI's model %s")
                :format(d.id, d.operator, d.cloud, m.id), { d })
            else
              notes:ok(("%s operated by %s on %s"):format(d.id, d.operator, d.cloud))
            end
          end
        end
        return compliant(notes:say("no third party runs a covered OpenAI model outside "
          .. "Microsoft's and OpenAI's clouds", "no covered OpenAI model is deployed"))
      end },
    narrow = { weight = 0.5,
      doc = [[A licence is a grant of rights to use the IP for one's own purposes. A third party
that runs the model only to serve OpenAI's own product, on OpenAI's behalf, is a contractor, not
a licensee. Breach only where a third party outside Microsoft and OpenAI runs a covered model
that customers reach as raw API access (terms.lua: a stateless endpoint, even one sold under an
OpenAI product's name, or the model with no product) or through a product that is not
OpenAI's. Weight 0.5: ordinary licensing law supports it, but it lets the weights leave
Microsoft's perimeter, which "exclusive ... access" (economic-times-2026-03) seems meant to prevent.]],
      check = function(w)
        local notes = terms.notes()
        for _, p in ipairs(covered_paths(w, notes)) do
          local raw = terms.raw_api(w, p)
          local prod = p.product
          local d = terms.model_deployment(w, p)
          if raw or not terms.openai_product(w, prod) then
            if third_party_outside(w, d) then
              return breach(("%s, operated by %s on %s, serves %s to customers %s")
                :format(d.id, d.operator, d.cloud, p.model,
                        raw and ("as raw API access (" .. raw .. ")")
                        or ("through %s, not an OpenAI product"):format(prod)), { p })
            end
            notes:ok(("%s: %s operated by %s"):format(p.id, d.id, d.operator))
          else
            notes:ok(("%s serves OpenAI's product %s"):format(p.id, prod))
          end
        end
        return compliant(notes:say("third parties run covered OpenAI models only to serve "
          .. "OpenAI's own products", "no customer reaches a covered OpenAI model"))
      end },
  },
}

---------------------------------------------------------------------------------------
-- February 2026: the joint statement.
---------------------------------------------------------------------------------------

contract "msft-openai-2026" {
  title = "Microsoft–OpenAI joint statement (February 2026)",
  parties = { MICROSOFT, OPENAI },
  effective = "2026-02-27", binding = true,
  source = "economic-times-2026-03#joint-statement",
  note = "A public joint statement, not a contract: treated as binding because it records what "
    .. "both parties say their binding October terms require (Azure the exclusive cloud for "
    .. "OpenAI's models; Frontier continues to be hosted on Azure), and OpenAI made it jointly. "
    .. "27 February 2026 is assumed (the reports say 'last month' on 18 March 2026).",
}

-- Frontier's hosting (rules/lib/terms.lua) in one sense: the entries, known clouds first.
local function frontier_in(w, sense)
  local h = terms.hosting(w, FRONTIER)
  if h == nil then return nil end
  local out = {}
  for i = 1, #h do if h[i].sense == sense then out[#out + 1] = h[i] end end
  return out
end

-- Cloud of hosting entry e, read only on the pass it belongs to (known facts first).
local function entry_cloud_known(w, e)
  return w:known(e.what, e.field)
end

-- "Some Frontier hosting in `sense` is on Azure."
local function continued_on_azure(w, sense)
  local list = frontier_in(w, sense)
  if list == nil then return not_applicable("Frontier is not deployed in this world") end
  if #list == 0 then
    return not_applicable("Frontier is deployed, but no customer reaches it: no inference "
      .. "to locate")
  end
  for pass = 1, 2 do
    for _, e in ipairs(list) do
      if pass == 2 or entry_cloud_known(w, e) then
        if terms.azure(w, terms.hosted_cloud(e)) then
          return compliant(("Frontier is hosted on Azure in the %s sense: %s"):format(sense, terms.hosted_say(e)),
                           { e.what })
        end
      end
    end
  end
  local ev, said = {}, {}
  for _, e in ipairs(list) do
    ev[#ev + 1] = e.what
    if #said < 3 then said[#said + 1] = terms.hosted_say(e) end
  end
  return breach(("Frontier is hosted nowhere on Azure in the %s sense: %s"):format(sense,
    table.concat(said, "; ")), ev)
end

clause "msft-openai-2026/frontier-on-azure" {
  contract = "msft-openai-2026",
  title = "Frontier continues to be hosted on Azure",
  holder = MICROSOFT, obligor = OPENAI,
  text = [[Azure remains the exclusive cloud provider for OpenAI's models, and Frontier will
continue to be hosted on Azure.]],
  source = "economic-times-2026-03#hosted-on-azure",
  readings = {
    continuity = { weight = 0.35,
      doc = [["Continue to be hosted on Azure" — not "only on Azure": the statement is met as
long as Frontier's platform runs on Azure somewhere (a deployment of the product, with its state
and agents: "hosted" in the platform sense of rules/lib/terms.lua); Frontier may also run
elsewhere. Breach when Frontier is deployed but its platform runs nowhere on Azure. Weight 0.35
(of the 0.6 "continue, not only" carries): it is what the words say, and the same statement says
Microsoft is "excited to see" what Amazon and OpenAI build together (economic-times-2026-03).]],
      check = function(w) return continued_on_azure(w, "platform") end },
    ["continuity-inference"] = { weight = 0.25,
      doc = [[As `continuity`, with "hosted" in the inference sense: Frontier continues to be
hosted on Azure while some of its paths are served, model inference included, from Azure —
the platform's state may live elsewhere. This is the architecture the parties appear to be
building (state on AWS, the stateless models on Azure; 003) and what Microsoft's experts doubt
"the technology exists" for. Weight 0.25 (of 0.6): the sources leave open where a platform is
"hosted"; the platform sense is the more ordinary one.]],
      check = function(w) return continued_on_azure(w, "inference") end },
    exclusive = { weight = 0.4,
      doc = [[Read with the sentence before it ("Azure remained the exclusive cloud provider for
OpenAI's models"): Frontier is hosted on Azure and nowhere else, in both senses — every Frontier
deployment and the inference behind every Frontier path runs on Azure. Weight 0.4: it reads
"exclusive" from the models' sentence into Frontier's, which the words do not do, but it is how
Microsoft presents the statement (economic-times-2026-03).]],
      check = function(w)
        local h = terms.hosting(w, FRONTIER)
        if h == nil then return not_applicable("Frontier is not deployed in this world") end
        local notes = terms.notes()
        for pass = 1, 2 do
          for _, e in ipairs(h) do
            if pass == 2 or entry_cloud_known(w, e) then
              if not terms.azure(w, terms.hosted_cloud(e)) then
                return breach(("Frontier is hosted off Azure in the %s sense: %s")
                  :format(e.sense, terms.hosted_say(e)), { e.what })
              end
              if pass == 1 then notes:ok(terms.hosted_say(e)) end
            end
          end
        end
        return compliant(notes:say("Frontier's platform and model inference are hosted only "
          .. "on Azure"))
      end },
  },
}
