-- rules/lib/terms.lua — the words the clauses share, each with one meaning, written once.
-- A library, never loaded as a rule pack: `local terms = include("lib/terms.lua")`.
-- docs/clauses.md ("Shared words") says the same in prose. Every function takes the
-- world `w` a check was given and reads only what it needs, so a check that uses them
-- still stops on an unknown fact only when that fact matters.

local ids = include("ids.lua")
local words = include("words.lua")

local OPENAI, MICROSOFT, AMAZON = ids.OPENAI, ids.MICROSOFT, ids.AMAZON
local T = { ids = ids, words = words }

---------------------------------------------------------------------------------------
-- Clouds.
---------------------------------------------------------------------------------------

-- The owner of cloud `c` (an id), or nil.
function T.owner(w, c)
  local e = w:get("cloud", c)
  return e and e.owner
end

-- Azure: a cloud owned by Microsoft (so "azure" and "azure-gov" both count).
function T.azure(w, c) return T.owner(w, c) == MICROSOFT end
-- AWS: a cloud owned by Amazon ("aws", "aws-govcloud").
function T.aws(w, c) return T.owner(w, c) == AMAZON end

---------------------------------------------------------------------------------------
-- Covered model: an OpenAI model of tier "frontier" or "standard". Open-weight models
-- and other makers' models are outside every clause. covered_reason says why not.
---------------------------------------------------------------------------------------

function T.covered(m)
  if m.owner ~= OPENAI then return false end
  local tier = m.tier
  for i = 1, #ids.COVERED do if ids.COVERED[i] == tier then return true end end
  return false
end

-- Why the model of path p (or model entity m) is outside the clauses, or nil if covered.
function T.uncovered_reason(p_or_m, is_path)
  local id = is_path and p_or_m.model or p_or_m.id
  local owner = is_path and p_or_m.model_owner or p_or_m.owner
  if owner ~= OPENAI then return ("%s is %s's model, not OpenAI's"):format(id, owner) end
  local tier = is_path and p_or_m.model_tier or p_or_m.tier
  if tier == "open_weight" then return ("%s is open-weight, outside this clause"):format(id) end
  for i = 1, #ids.COVERED do if ids.COVERED[i] == tier then return nil end end
  return ("%s is of tier %s, outside this clause"):format(id, tostring(tier))
end

---------------------------------------------------------------------------------------
-- Primarily an API: a product whose api_share (share of raw pass-through use) is above
-- the threshold (0.5, or scenario param api_share_threshold). At exactly the threshold a
-- product is not primarily an API.
---------------------------------------------------------------------------------------

function T.threshold(w)
  local params = w.params
  return params and params.api_share_threshold or ids.DEFAULT_THRESHOLD
end

-- Is path p's product primarily an API?  Asked with w:above, so that a batch can reuse the
-- verdict for every api_share on the same side of the threshold.
function T.primarily_api(w, p, t)
  return w:above(p, "api_share", t)
end

---------------------------------------------------------------------------------------
-- OpenAI product: a product owned by OpenAI.
---------------------------------------------------------------------------------------

function T.openai_product(w, prod)
  if prod == nil then return false end
  local e = w:get("product", prod)
  return e ~= nil and e.owner == OPENAI
end

---------------------------------------------------------------------------------------
-- Raw API access: what the customer reaches is the model itself, prompts in and
-- completions out — the entry is a stateless API endpoint (whatever product name it is
-- sold under: a completions endpoint branded "Frontier" is still raw access), or the
-- entry serves the model with no product at all. Returns the reason, or nil.
---------------------------------------------------------------------------------------

function T.raw_api(w, p)
  if p.direct_api then
    if p.product ~= nil then
      return ("%s is a stateless API endpoint to %s, though sold as %s")
        :format(p.entry, p.model, p.product)
    end
    return ("%s is a stateless API endpoint to %s"):format(p.entry, p.model)
  end
  if p.product == nil then
    return ("%s serves %s itself, with no product around it"):format(p.entry, p.model)
  end
  return nil
end

-- Offered as an API: raw API access, or a product primarily offered as an API.
function T.offered_as_api(w, p, t)
  local why = T.raw_api(w, p)
  if why then return why end
  if T.primarily_api(w, p, t) then
    return ("%s's product %s is primarily offered as an API (api_share %s > %.2f)")
      :format(p.entry, p.product, w:cite(p, "api_share", 2), t)
  end
  return nil
end

-- The deployment that serves path p's model (the last hop).
function T.model_deployment(w, p)
  local id = p.model_deployment
  if id == nil then
    local hops = p.hops
    id = hops[#hops]
  end
  return w:get("deployment", id)
end

-- A stateless API call to the model on path p: offered as an API to the customer, or
-- made by the product on the customer's behalf to a stateless API endpoint serving the
-- model. Returns the reason, or nil (a stateful product running the model in-process).
function T.api_call(w, p, t)
  local why = T.offered_as_api(w, p, t)
  if why then return why end
  local d = T.model_deployment(w, p)
  if d.id ~= p.entry and d.interface == "api" and d.state == "stateless" then
    return ("%s calls %s, a stateless API serving %s"):format(p.entry, d.id, p.model)
  end
  return nil
end

---------------------------------------------------------------------------------------
-- Offered to customers: reached by an access path, i.e. from a deployment with an
-- audience. An internal deployment is offered to customers only through the paths that
-- call it.
---------------------------------------------------------------------------------------

function T.reached(w, deployment_id)
  for p in w:paths() do
    local hops = p.hops
    for i = 1, #hops do if hops[i] == deployment_id then return true, p end end
  end
  return false
end

---------------------------------------------------------------------------------------
-- Hosted: where a product is hosted, in two senses the sources leave open, kept apart:
--   "platform"   a deployment runs the product there (its state, memory, agents);
--   "inference"  a path of the product is served, model inference included, from there.
-- hosting(w, prod) lists { sense, what, field } for every deployment and path of the
-- product (nil when the product is not deployed); hosted_cloud(e) reads the cloud (a fact
-- that may be unknown: check w:known(e.what, e.field) first), hosted_say(e) says it.
-- A clause says which senses it means.
---------------------------------------------------------------------------------------

function T.hosting(w, prod)
  local out = {}
  for d in w:deployments{ runs = prod } do
    out[#out + 1] = { sense = "platform", what = d, field = "cloud", prod = prod }
  end
  if #out == 0 then return nil end
  for p in w:paths{ product = prod } do
    out[#out + 1] = { sense = "inference", what = p, field = "model_cloud", prod = prod }
  end
  return out
end

function T.hosted_cloud(e)
  return e.what[e.field]
end

function T.hosted_say(e)
  if e.sense == "platform" then
    return ("%s runs %s on %s"):format(e.what.id, e.prod, e.what.cloud)
  end
  return ("%s serves %s's model %s from %s"):format(e.what.id, e.prod, e.what.model,
                                                   e.what.model_cloud)
end

---------------------------------------------------------------------------------------
-- Third party (to the Microsoft–OpenAI terms): a party that is neither Microsoft nor
-- OpenAI. Who takes part in a path, in two senses the sources leave open:
--   "partner"  the parties that operate or sell any hop of the path;
--   "compute"  those, and the owners of the clouds the hops run on (renting compute
--              from AWS makes Amazon a party to the product).
-- third_parties(w, p, sense) returns the sorted list of third parties, and why each.
---------------------------------------------------------------------------------------

function T.third_party(party)
  return party ~= nil and party ~= OPENAI and party ~= MICROSOFT
end

function T.third_parties(w, p, sense)
  local seen, list = {}, {}
  local function put(party, why)
    if T.third_party(party) and not seen[party] then
      seen[party] = why
      list[#list + 1] = party
    end
  end
  local hops = p.hops
  for i = 1, #hops do
    local d = w:get("deployment", hops[i])
    put(d.operator, ("operates %s"):format(d.id))
    put(d.seller, ("sells %s"):format(d.id))
    if sense == "compute" then
      put(T.owner(w, d.cloud), ("owns %s, where %s runs"):format(d.cloud, d.id))
    end
  end
  table.sort(list)
  local say = {}
  for i = 1, #list do say[i] = ("%s (%s)"):format(list[i], seen[list[i]]) end
  return list, table.concat(say, "; ")
end

---------------------------------------------------------------------------------------
-- Notes: what a check examined and what it set aside, so that a compliant reading
-- says exactly what held, and where ("within what it examined").
---------------------------------------------------------------------------------------

local Notes = {}
Notes.__index = Notes

function T.notes()
  return setmetatable({ seen = {}, aside = {}, nseen = 0, naside = 0 }, Notes)
end

local MAX_LISTED = 4

-- Something examined that passed: a short phrase.
function Notes:ok(s)
  self.nseen = self.nseen + 1
  if #self.seen < MAX_LISTED then self.seen[#self.seen + 1] = s end
end

-- Something set aside, and why.
function Notes:set_aside(s)
  for i = 1, #self.aside do if self.aside[i] == s then return end end
  self.naside = self.naside + 1
  if #self.aside < MAX_LISTED then self.aside[#self.aside + 1] = s end
end

local function listing(items, n)
  local s = table.concat(items, "; ")
  if n > #items then s = s .. ("; and %d more"):format(n - #items) end
  return s
end

-- The because of a compliant (or not applicable) reading: the claim, restricted to
-- what was examined, then what was set aside.
function Notes:say(claim, none)
  local s
  if self.nseen == 0 then
    s = none or claim
  else
    s = ("%s (%s)"):format(claim, listing(self.seen, self.nseen))
  end
  if self.naside > 0 then
    s = s .. "; set aside: " .. listing(self.aside, self.naside)
  end
  return s
end

---------------------------------------------------------------------------------------
-- Statements: who is a rival cloud provider, and what a statement claims.
---------------------------------------------------------------------------------------

-- A rival cloud provider: a party that owns a cloud and is neither Microsoft nor OpenAI.
function T.rival_cloud(w, party)
  return party ~= MICROSOFT and party ~= OPENAI and w:count("cloud", { owner = party }) > 0
end

-- The names of the world's OpenAI models, longest first, for the wording classifier.
local names_cache = {}
local function model_names(w)
  local key = {}
  for m in w:models{ owner = OPENAI } do key[#key + 1] = m.id .. "=" .. tostring(m.tier) end
  key = table.concat(key, " ")
  local hit = names_cache[key]
  if hit then return hit end
  local names = { key = key }
  for m in w:models{ owner = OPENAI } do
    names[#names + 1] = { words = words.tokens(m.id), tier = m.tier }
  end
  table.sort(names, function(a, b)
    if #a.words ~= #b.words then return #a.words > #b.words end
    return table.concat(a.words, " ") < table.concat(b.words, " ")
  end)
  if #names_cache >= 64 then names_cache = {} end
  names_cache[key] = names
  names_cache[#names_cache + 1] = key
  return names
end

-- What statement s is about, for the classifier: "product" (an OpenAI product), the
-- tier of an OpenAI model, "other" (something not OpenAI's) or nil.
function T.about(w, s)
  local about = s.about
  if about == nil then return nil end
  local e = w:get("product", about)
  if e ~= nil then return e.owner == OPENAI and "product" or "other" end
  e = w:get("model", about)
  if e ~= nil and e.owner == OPENAI then return e.tier end
  return "other"
end

-- Statement s classified (rules/lib/words.lua): the analyst's claims when set, else the
-- wording. Adds r.source: how the classification was decided, for a because.
function T.classify(w, s, names)
  names = names or model_names(w)
  local r = words.classify(s.text, s.claims, { about = T.about(w, s), names = names,
                                               names_key = names.key })
  if r.decided == "claims" then
    local c = {}
    for i = 1, #r.claims do c[i] = r.claims[i] end
    r.source = ("claims set by the analyst: %s"):format(#c > 0 and table.concat(c, ", ") or "none")
  else
    local c = {}
    for i = 1, #r.claims do c[i] = ('"%s"'):format(r.words[r.claims[i]]) end
    r.source = #c > 0 and ("its wording: %s"):format(table.concat(c, ", ")) or "its wording"
  end
  return r
end

T.model_names = model_names

return T
