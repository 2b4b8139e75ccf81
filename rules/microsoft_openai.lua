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
-- Conventions these rules rely on (the canonical ids of DOMAIN.md):
--   * parties "microsoft" and "openai"; a cloud is Azure when its owner is "microsoft"
--     (so "azure" and, say, "azure-gov" both count);
--   * the product "frontier" is OpenAI's Frontier platform;
--   * models of tier "open_weight" are outside every clause here: weights OpenAI has
--     published can be hosted by anyone, so there is nothing for it to route through
--     Azure or to license exclusively. Only tiers "frontier" and "standard" are covered.
--   * scenario param `api_share_threshold` (default 0.5) is where "primarily" lies: a
--     product is *primarily* raw pass-through when api_share > threshold.

include("sources.lua")  -- the articles cited below (source = "id#quote")

local OPENAI, MICROSOFT = "openai", "microsoft"
local FRONTIER = "frontier"
local COVERED = { "frontier", "standard" }  -- model tiers the exclusivity covers
local DEFAULT_THRESHOLD = 0.5

---------------------------------------------------------------------------------------
-- Small helpers shared by the checks of this file.
---------------------------------------------------------------------------------------

local function cloud_owner(w, id)
  local c = w:get("cloud", id)
  return c and c.owner
end

local function on_azure(w, id)
  return cloud_owner(w, id) == MICROSOFT
end

local function threshold(w)
  local params = w.params
  return params and params.api_share_threshold or DEFAULT_THRESHOLD
end

-- "Primarily" = more than the threshold share of use (more than half, by default).
local function primarily_api(share, t)
  return share ~= nil and share > t
end

-- The deployment that serves path p's model (the last hop).
local function model_deployment(w, p)
  local id = p.model_deployment
  if id == nil then
    local hops = p.hops
    id = hops[#hops]
  end
  return w:get("deployment", id)
end

-- Why path p carries a *stateless API call* to its model in the sense of the letter of
-- the API clause, or nil when it carries none. Three ways:
--   (a) the customer calls the model directly: the entry is a stateless API;
--   (b) the entry's product is primarily raw pass-through (api_share above the
--       threshold): in substance the customer is making API calls through a thin shell;
--   (c) the product calls the model over a stateless API on the customer's behalf: the
--       hop that serves the model is itself a stateless API endpoint.
-- It reads nothing about where the model runs, so a path that carries no API call is
-- cleared without touching a cloud that may be unknown.
local function api_call(w, p, t)
  if p.direct_api then
    return ("%s is a stateless API: prompts go straight to %s"):format(p.entry, p.model)
  end
  local share = p.api_share
  if primarily_api(share, t) then
    return ("%s's product %s is primarily raw pass-through (api_share %.2f > %.2f)")
      :format(p.entry, p.product, share, t)
  end
  local d = model_deployment(w, p)
  if d.id ~= p.entry and d.interface == "api" and d.state == "stateless" then
    return ("%s calls %s, a stateless API serving %s"):format(p.entry, d.id, p.model)
  end
  return nil
end

-- Can the red-line carve-out (letter) carry the API call on path p? Only a new product
-- of OpenAI's, made with a third party, that is not primarily offered as an API.
local function carve_out_letter(w, p, t)
  if p.direct_api then
    return false, ("%s is raw stateless API access, not a product"):format(p.entry)
  end
  local prod = p.product
  if prod == nil then
    return false, ("%s serves %s itself, not through a product"):format(p.entry, p.model)
  end
  local share = p.api_share
  if primarily_api(share, t) then
    return false, ("%s is primarily offered as an API (api_share %.2f > %.2f)")
      :format(prod, share, t)
  end
  if w:get("product", prod).owner ~= OPENAI then
    return false, ("%s is not an OpenAI product"):format(prod)
  end
  if cloud_owner(w, p.model_cloud) == OPENAI and p.operator == OPENAI and p.seller == OPENAI then
    return false, ("%s involves no third party"):format(p.entry)
  end
  return true, ("%s is an OpenAI product made with a third party, not primarily an API (api_share %.2f <= %.2f)")
    :format(prod, share or 0, t)
end

---------------------------------------------------------------------------------------
-- Forbidden wording (the AWS staff memo). KEEP IN SYNC with rules/aws_guidance.lua:
-- every rule file runs in its own environment, so the matcher is repeated there.
-- Statements in the memo's forbidden terms are evidence, under the spirit of the API
-- clause, that the product is being offered as access to OpenAI's models.
---------------------------------------------------------------------------------------

-- Words that name OpenAI or one of its models, looked for just after a verb phrase.
local OPENAI_NAMES = { " chatgpt", " openai", " gpt" }
-- Generic objects that point at OpenAI only when the statement is about an OpenAI
-- product or model ("enables access to its models", "calls on the model").
local GENERIC_NAMES = { " model", " frontier", " agent", " it " }
-- Words that say something is available on AWS.
local ON_AWS = { " availab", " on aws ", " in aws ", " via aws ", " through aws ", " from aws ",
                 " on bedrock ", " in bedrock ", " via bedrock ", " through bedrock ",
                 " from bedrock ", " on amazon " }
local WINDOW = 28  -- characters after the verb phrase in which its object must appear

-- Lower-case, every punctuation mark or non-ASCII byte (curly quotes, dashes) to a
-- space, spaces collapsed, one space of padding each side so " word" finds word starts.
local function normalise(text)
  local s = text:lower():gsub("[%p\128-\255]+", " "):gsub("%s+", " ")
  return " " .. s .. " "
end

local function contains_any(s, list, from, to)
  local window = (from and s:sub(from, to)) or s
  for i = 1, #list do
    if window:find(list[i], 1, true) then return true end
  end
  return false
end

-- Does OpenAI (or, in a statement about OpenAI, a generic object) follow position `from`?
local function object_is_openai(s, from, about_openai)
  return contains_any(s, OPENAI_NAMES, from, from + WINDOW)
    or (about_openai and contains_any(s, GENERIC_NAMES, from, from + WINDOW))
end

-- "enables access", "enabling access", "Enables-access", "enables secure access",
-- "enables you to access", "enables direct, low-latency access": up to MAX_GAP words may
-- stand between the verb and "access", unless the first is "by" ("enabled by OpenAI",
-- which the memo allows).
local MAX_GAP = 3
local function enables_access(s, about_openai)
  local init = 1
  while true do
    local a, b = s:find(" enabl%a*", init)
    if not a then return false end
    local pos, e = b + 1, nil
    for gap = 0, MAX_GAP do
      local _, ae = s:find("^ access%a*", pos)
      if ae then e = ae break end
      local word, nxt = s:match("^ (%w+)()", pos)
      if not word or (gap == 0 and word == "by") then break end
      pos = nxt
    end
    if e and object_is_openai(s, e + 1, about_openai) then return true end
    init = b + 1
  end
end

-- "calls on", "calling on", "called upon" followed by ChatGPT / OpenAI / GPT.
local function calls_on(s, pat, about_openai)
  local init = 1
  while true do
    local a, e = s:find(pat, init)
    if not a then return false end
    if object_is_openai(s, e, about_openai) then return true end
    init = a + 1
  end
end

-- Why `text` breaks the memo, or nil. about_openai: the statement is about an OpenAI
-- product or model; about_frontier: about an OpenAI model of tier "frontier".
local function forbidden(text, about_openai, about_frontier)
  local s = normalise(text)
  if enables_access(s, about_openai) then
    return 'says it "enables access" to OpenAI'
  end
  if calls_on(s, " call%a* on ", about_openai) or calls_on(s, " call%a* upon ", about_openai) then
    return 'says it "calls on" OpenAI'
  end
  local names_openai = about_openai or contains_any(s, OPENAI_NAMES)
  local frontier = about_frontier or
    (names_openai and (s:find(" frontier model", 1, true) or s:find(" most advanced", 1, true)))
  if frontier and contains_any(s, ON_AWS) then
    return "suggests OpenAI's frontier models are available on AWS"
  end
  return nil
end

-- The first statement by a rival cloud provider (a party that owns a cloud, other than
-- Microsoft and OpenAI) about OpenAI that uses forbidden wording: statement, reason.
local function rival_statement(w)
  for s in w:statements() do
    local by = s.by
    if by ~= MICROSOFT and by ~= OPENAI and w:count("cloud", { owner = by }) > 0 then
      local about, about_openai, about_frontier, relevant = s.about, false, false, true
      if about ~= nil then
        local e = w:get("product", about)
        if e == nil then
          e = w:get("model", about)
          if e ~= nil and e.tier == "open_weight" then relevant = false end
          about_frontier = e ~= nil and e.owner == OPENAI and e.tier == "frontier"
        end
        about_openai = e ~= nil and e.owner == OPENAI
        relevant = relevant and about_openai
      end
      if relevant then
        local why = forbidden(s.text, about_openai, about_frontier)
        if why then return s, why end
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
local function hosted_off_azure(w)
  for pass = 1, 2 do
    for m in w:models{ owner = OPENAI, tier = COVERED } do
      for d in w:deployments{ runs = m.id } do
        if pass == 2 or w:known(d, "cloud") then
          local c = d.cloud
          if not on_azure(w, c) then
            return d, ("%s serves OpenAI's model %s from %s"):format(d.id, m.id, c)
          end
        end
      end
    end
    for pr in w:products{ owner = OPENAI } do
      for d in w:deployments{ runs = pr.id } do
        if pass == 2 or w:known(d, "cloud") then
          local c = d.cloud
          if not on_azure(w, c) then
            return d, ("%s hosts OpenAI's product %s on %s"):format(d.id, pr.id, c)
          end
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
      doc = [[Hosting means running. OpenAI's (non-open-weight) models are served, and its
products run, only on Azure: any deployment, customer-facing or internal, that runs one of them
on another cloud breaches. Weight 0.7: "exclusive cloud provider" is plain, every report (ft-2026-03-18,
weighs-lawsuit-2026-03) describes it as Microsoft hosting OpenAI's workloads, and it needs no theory of storage.]],
      check = function(w)
        local d, why = hosted_off_azure(w)
        if d then return breach(why, { d }) end
        return compliant("every OpenAI model and product runs on Azure")
      end },
    spirit = { weight = 0.3,
      doc = [[Exclusivity of the cloud covers where OpenAI puts its models at all: besides
everything the letter catches, holding a covered model's weights on another cloud (ready to
serve from it) breaches. Weight 0.3: it stretches "hosting" from serving to storage, which the
reports do not speak to; it matters only when weights sit off Azure with nothing served there.]],
      check = function(w)
        local d, why = hosted_off_azure(w)
        if d then return breach(why, { d }) end
        for m in w:models{ owner = OPENAI, tier = COVERED } do
          local ws = m.weights
          if ws then
            for i = 1, #ws do
              if not on_azure(w, ws[i]) then
                return breach(("the weights of %s are held on %s"):format(m.id, ws[i]), { m })
              end
            end
          end
        end
        return compliant("OpenAI's models, products and weights are all on Azure")
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
      doc = [[The only reading modelled: customer-facing API access, i.e. a stateless API
entry or a product that is primarily raw pass-through, to a covered OpenAI model served outside
Azure, breaches; products that call the model internally are left to the later definitive terms.
Weight 1: the deal's text is unreported, so there is nothing to weigh one reading against
another; being non-binding, its verdict never counts towards a scenario's.]],
      check = function(w)
        local t = threshold(w)
        for p in w:paths{ model_owner = OPENAI, model_tier = COVERED } do
          if p.direct_api or primarily_api(p.api_share, t) then
            local c = p.model_cloud
            if not on_azure(w, c) then
              return breach(("%s gives customers API access to %s served from %s")
                :format(p.entry, p.model, c), { p })
            end
          end
        end
        return compliant("customers' API access to OpenAI models is served from Azure")
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
    letter = { weight = 0.6,
      sources = { "weighs-lawsuit-2026-03#stateless-apis", "ft-2026-03-18#stateless-stateful" },
      doc = [[The words: every *stateless API call* to a covered OpenAI model is served from
Azure — whether the customer makes it directly (a stateless API entry), through a product that
is primarily raw pass-through (api_share above the threshold: an API call with a thin wrapper is
still an API call), or whether a product makes it on the customer's behalf to a stateless API
endpoint. A stateful product that runs the model without a stateless API call is outside the
words. The red-line exception (letter) then excuses calls made by OpenAI's new third-party
products that are not primarily APIs — OpenAI's case. Weight 0.6: courts start from the text,
Microsoft's own spokesperson frames the clause as "stateless OpenAI APIs" (weighs-lawsuit-2026-03, ft-2026-03-18), and
Microsoft itself concedes the letter is arguable ("the spirit, if not the letter", ft-2026-03-18).]],
      check = function(w)
        local t = threshold(w)
        for p in w:paths{ model_owner = OPENAI, model_tier = COVERED } do
          local why = api_call(w, p, t)
          if why then
            local c = p.model_cloud
            if not on_azure(w, c) then
              return breach(("%s; %s is served from %s, not Azure"):format(why, p.model, c), { p })
            end
          end
        end
        return compliant("every stateless API call to an OpenAI model is served from Azure")
      end },
    spirit = { weight = 0.4,
      sources = { "ft-2026-03-18#spirit-not-letter", "ft-2026-03-18#no-technology" },
      doc = [[The purpose: Microsoft keeps the serving of OpenAI's models. Any customer-facing
path to a covered OpenAI model whose inference runs outside Azure breaches, however it is
packaged — a stateful layer on top does not change where the model runs, and Microsoft's
experts "do not believe the technology exists to avoid running Frontier on Azure" (ft-2026-03-18). A rival
cloud provider's statements saying its product "enables access" to or "calls on" OpenAI, or
that OpenAI's frontier models are available on it (the AWS memo's forbidden terms), are
evidence the product is offered as model access and breach too. Weight 0.4: it is Microsoft's
position and would make the red-line carve-out nearly empty; a court would need the purpose to
override words the parties chose after negotiating the October terms.]],
      check = function(w)
        -- Statements first: a statement in forbidden terms decides the reading even where
        -- the place of inference is unknown.
        local s, why = rival_statement(w)
        if s then
          return breach(("%s (by %s) %s"):format(s.id, s.by, why), { s })
        end
        for p in w:paths{ model_owner = OPENAI, model_tier = COVERED } do
          local c = p.model_cloud
          if not on_azure(w, c) then
            return breach(("%s gives customers %s served from %s, not Azure")
              :format(p.entry, p.model, c), { p })
          end
        end
        return compliant("every customer-facing path to an OpenAI model is served from Azure")
      end },
  },
}

exception "msft-openai-2025/red-line" {
  to = "msft-openai-2025/api-exclusivity",
  contract = "msft-openai-2025",
  title = "OpenAI's red line: new third-party products are allowed unless primarily an API",
  text = [[OpenAI may make new products with third parties so long as they do not cross the
"red line" of being primarily offered as an API.]],
  source = "ft-2026-03-18#red-line",
  readings = {
    letter = {
      doc = [["Primarily" is a threshold on the product's api_share: a product is primarily
offered as an API when more than the threshold (0.5; scenario param api_share_threshold) of its
use is raw pass-through. The carve-out excuses the letter reading's breach when every API call
it found outside Azure is made by an OpenAI product, made with a third party, that is not
primarily an API. Raw API access (a stateless API entry, or a deployment serving the model
itself) is never a "new product". Not modelled: whether the product is "new".]],
      applies = function(w)
        local t = threshold(w)
        local n = 0
        for p in w:paths{ model_owner = OPENAI, model_tier = COVERED } do
          if api_call(w, p, t) and not on_azure(w, p.model_cloud) then
            local ok, why = carve_out_letter(w, p, t)
            if not ok then return false, why end
            n = n + 1
          end
        end
        if n == 0 then return false, "no API call outside Azure to excuse" end
        return true, "every API call outside Azure is made by an OpenAI product with a third "
          .. "party that is not primarily offered as an API"
      end },
    spirit = {
      doc = [[The carve-out lets OpenAI build products with third parties; it cannot carry
access to OpenAI's models served outside Azure, nor a product its seller describes as access to
OpenAI's models (the "backdoor access to its stateless models" OpenAI itself disclaims, ft-2026-03-18).
So under the spirit it never excuses what the spirit reading catches; it is written out so that
the report says why.]],
      applies = function(w)
        local s, why = rival_statement(w)
        if s then
          return false, ("%s %s: offered as model access"):format(s.id, why)
        end
        local t = threshold(w)
        for p in w:paths{ model_owner = OPENAI, model_tier = COVERED } do
          local c = p.model_cloud
          if not on_azure(w, c) then
            return false, ("the carve-out cannot carry %s served from %s"):format(p.model, c)
          end
          if primarily_api(p.api_share, t) then
            return false, ("%s is primarily offered as an API"):format(p.entry)
          end
        end
        return true, "every path the carve-out would cover is served from Azure"
      end },
  },
}

-- A third party (neither OpenAI nor Microsoft) running a covered model on a cloud owned by
-- neither: OpenAI's weights on infrastructure outside the Microsoft–OpenAI perimeter.
local function third_party_outside(w, d)
  local op = d.operator
  if op == OPENAI or op == MICROSOFT then return false end
  local owner = cloud_owner(w, d.cloud)
  return owner ~= MICROSOFT and owner ~= OPENAI
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
party that itself runs a covered OpenAI model (operates the deployment that serves it) on a
cloud outside Microsoft and OpenAI holds the weights and the right to run them: a licence in
substance, whatever the paperwork calls it. Weight 0.5: the phrase is all the reports give
(economic-times-2026-03); it is as likely to be read this way as the narrow way.]],
      check = function(w)
        for m in w:models{ owner = OPENAI, tier = COVERED } do
          for d in w:deployments{ runs = m.id } do
            if third_party_outside(w, d) then
              return breach(("%s, operated by %s on %s, runs OpenAI's model %s")
                :format(d.id, d.operator, d.cloud, m.id), { d })
            end
          end
        end
        return compliant("no third party runs an OpenAI model outside Azure and OpenAI")
      end },
    narrow = { weight = 0.5,
      doc = [[A licence is a grant of rights to use the IP for one's own purposes. A third party
that runs the model only to serve OpenAI's own product, on OpenAI's behalf, is a contractor, not
a licensee. Breach only where a third party outside Microsoft and OpenAI serves a covered model
to customers other than through an OpenAI product (raw model resale, or its own product).
Weight 0.5: ordinary licensing law supports it, but it lets the weights leave Microsoft's
perimeter, which "exclusive ... access" (economic-times-2026-03) seems meant to prevent.]],
      check = function(w)
        for p in w:paths{ model_owner = OPENAI, model_tier = COVERED } do
          local prod = p.product
          if prod == nil or w:get("product", prod).owner ~= OPENAI then
            local d = model_deployment(w, p)
            if third_party_outside(w, d) then
              return breach(("%s, operated by %s on %s, serves %s to customers outside any "
                .. "OpenAI product"):format(d.id, d.operator, d.cloud, p.model), { p })
            end
          end
        end
        return compliant("third parties run OpenAI's models only to serve OpenAI's own products")
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

clause "msft-openai-2026/frontier-on-azure" {
  contract = "msft-openai-2026",
  title = "Frontier continues to be hosted on Azure",
  holder = MICROSOFT, obligor = OPENAI,
  text = [[Azure remains the exclusive cloud provider for OpenAI's models, and Frontier will
continue to be hosted on Azure.]],
  source = "economic-times-2026-03#hosted-on-azure",
  readings = {
    continuity = { weight = 0.6,
      doc = [["Continue to be hosted on Azure" — not "only on Azure": the statement is met as
long as some deployment of Frontier runs on Azure; Frontier may also run elsewhere. Breach when
Frontier is deployed but nowhere on Azure. Weight 0.6: it is what the words say, and the same
statement says Microsoft is "excited to see" what Amazon and OpenAI build together (economic-times-2026-03).]],
      check = function(w)
        local any = false
        for d in w:deployments{ runs = FRONTIER } do
          any = true
          if on_azure(w, d.cloud) then
            return compliant(("%s hosts Frontier on Azure"):format(d.id), { d })
          end
        end
        if not any then return not_applicable("Frontier is not deployed in this world") end
        local ev = {}
        for d in w:deployments{ runs = FRONTIER } do ev[#ev + 1] = d end
        return breach("Frontier is deployed, but not on Azure", ev)
      end },
    exclusive = { weight = 0.4,
      doc = [[Read with the sentence before it ("Azure remained the exclusive cloud provider for
OpenAI's models"): Frontier is hosted on Azure and nowhere else — every Frontier deployment and
the inference behind every Frontier path runs on Azure. Weight 0.4: it reads "exclusive" from
the models' sentence into Frontier's, which the words do not do, but it is how Microsoft
presents the statement (economic-times-2026-03).]],
      check = function(w)
        local any = false
        for d in w:deployments{ runs = FRONTIER } do
          any = true
          local c = d.cloud
          if not on_azure(w, c) then
            return breach(("%s hosts Frontier on %s"):format(d.id, c), { d })
          end
        end
        if not any then return not_applicable("Frontier is not deployed in this world") end
        for p in w:paths{ product = FRONTIER } do
          local c = p.model_cloud
          if not on_azure(w, c) then
            return breach(("Frontier's model %s is served from %s"):format(p.model, c), { p })
          end
        end
        return compliant("Frontier and its model inference are hosted only on Azure")
      end },
  },
}
