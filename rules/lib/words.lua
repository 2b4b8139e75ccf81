-- rules/lib/words.lua — what a statement claims about OpenAI's models and AWS.
--
-- Shared by rules/aws_guidance.lua (the AWS staff memo) and rules/microsoft_openai.lua
-- (the spirit of the API clause). A library, never loaded as a rule pack: a pack gets it
-- with `local words = include("lib/words.lua")`. Pure string code: it reads no world, so
-- tests/wording.lua runs it outside redline against tests/cases/wording.tsv.
--
-- A statement is reduced to claims, each one of CLAIMS below:
--   access           it gives customers access to OpenAI's models ("enables access to
--                    ChatGPT", "Access OpenAI models on AWS", "access to GPT is enabled")
--   calls_on         it calls on OpenAI's models ("calls on ChatGPT", "Call GPT-4o from
--                    your agents", "ChatGPT is called upon")
--   availability     OpenAI's models are available or usable on AWS ("Use ChatGPT on AWS",
--                    "GPT-4o, now on Bedrock")
--   frontier_on_aws  it suggests OpenAI's most advanced (frontier) models are on AWS
--   integration      the permitted words: "powered by", "enabled by", "integrates with",
--                    "built on" OpenAI
-- and a subject: "open_weight" when the only OpenAI models it names are open-weight ones,
-- else "openai" when it names OpenAI or one of its models, else nil.
--
-- Matching works on words, not characters: the text is lower-cased, accented Latin
-- letters lose their accents, full-width letters become ASCII, and every other mark
-- (curly quotes, guillemets, dashes, ¿¡, ideographic punctuation) separates words. A verb
-- right after "not", "never", "without", "cannot" or "n't" claims nothing.

local M = {}

M.CLAIMS = { "access", "calls_on", "availability", "frontier_on_aws", "integration" }

local FOLD = {}
do
  local groups = {
    a = "àáâãäåÀÁÂÃÄÅāĀ", c = "çÇčČ", e = "èéêëÈÉÊËēĒěĚ", i = "ìíîïÌÍÎÏīĪ",
    n = "ñÑ", o = "òóôõöøÒÓÔÕÖØōŌ", u = "ùúûüÙÚÛÜūŪ", y = "ýÿÝ", z = "žŽ", s = "šŠ",
  }
  for base, chars in pairs(groups) do
    for _, cp in utf8.codes(chars) do FOLD[cp] = base end
  end
  FOLD[0xDF] = "ss"; FOLD[0xE6] = "ae"; FOLD[0xC6] = "ae"; FOLD[0x153] = "oe"; FOLD[0x152] = "oe"
end

-- Results are kept per text: a pure function of its arguments, so keeping them changes
-- nothing but the time a batch takes (each pack's state has its own copy, emptied when
-- it grows past CACHE_MAX entries).
local CACHE_MAX = 512
local function cache()
  local c = { n = 0, v = {} }
  function c.get(k) return c.v[k] end
  function c.put(k, x)
    if c.n >= CACHE_MAX then c.v, c.n = {}, 0 end
    c.v[k] = x
    c.n = c.n + 1
    return x
  end
  return c
end
local token_cache, claims_cache = cache(), cache()

-- The words of `text`, as a list (shared: do not change it).
function M.tokens(text)
  local hit = token_cache.get(text)
  if hit then return hit end
  return token_cache.put(text, M.tokens_uncached(text))
end

function M.tokens_uncached(text)
  local out = {}
  local ok = utf8.len(text) ~= nil
  local buf = {}
  local function put(ch) buf[#buf + 1] = ch end
  local function sep() buf[#buf + 1] = " " end
  if ok then
    for _, cp in utf8.codes(text) do
      if cp >= 0xFF01 and cp <= 0xFF5E then cp = cp - 0xFEE0 end  -- full-width ASCII
      if cp < 128 then
        local ch = string.char(cp)
        if ch:match("%w") then put(ch:lower()) else sep() end
      elseif FOLD[cp] then
        put(FOLD[cp])
      else
        sep()
      end
    end
  else
    put((text:lower():gsub("[^%w]", " ")))
  end
  for w in table.concat(buf):gmatch("%S+") do out[#out + 1] = w end
  return out
end

local NEGATORS = { ["not"] = true, never = true, without = true, cannot = true, t = true,
                   nor = true }
local AUX = { is = true, are = true, be = true, been = true, being = true, gets = true,
              get = true, was = true, were = true, can = true }
local DETS = { the = true, its = true, their = true, our = true, your = true, all = true,
               of = true, s = true, a = true, an = true, to = true, direct = true,
               secure = true, full = true, instant = true, native = true }
local ON = { on = true, ["in"] = true, via = true, through = true, from = true, inside = true,
             within = true, with = true }
local AWS = { aws = true, bedrock = true, amazon = true, sagemaker = true, govcloud = true }
local GENERIC = { model = true, models = true, it = true, llm = true, llms = true }
local FRONTIER_WORDS = { latest = true, newest = true, flagship = true, best = true,
                         strongest = true }

local function negated(t, i)
  for k = i - 1, math.max(1, i - 2), -1 do
    if NEGATORS[t[k]] then return true end
  end
  return false
end

-- Is word i a name of an OpenAI model ("openai", "chatgpt", "gpt…", a model the world
-- names)? Returns "open_weight", "frontier", "standard", "openai" (no tier known), or nil.
-- ctx.names: a list of { words = {...}, tier = ... }, longest first.
local function openai_name(t, i, ctx)
  local w = t[i]
  if w == nil then return nil end
  for _, nm in ipairs(ctx.names or {}) do
    local ok = true
    for n = 1, #nm.words do
      if t[i + n - 1] ~= nm.words[n] then ok = false break end
    end
    if ok then
      return nm.tier == "open_weight" and "open_weight" or nm.tier == "frontier" and "frontier"
        or nm.tier == "standard" and "standard" or "openai"
    end
  end
  if w == "gpt" and t[i + 1] == "oss" then return "open_weight" end
  if w:match("^gptoss") then return "open_weight" end
  if w == "openai" then
    -- "OpenAI's open-weight models", "OpenAI's most advanced open weight model"
    for k = i + 1, i + 4 do
      if t[k] == "open" and (t[k + 1] == "weight" or t[k + 1] == "weights") then
        return "open_weight"
      end
      if t[k] == "openweight" then return "open_weight" end
    end
    return "openai"
  end
  if w == "chatgpt" or w:match("^gpt") then return "openai" end
  if ctx.generic and GENERIC[w] then return ctx.generic end
  return nil
end

local function mentions_aws(t)
  for i = 1, #t do if AWS[t[i]] then return true end end
  return false
end

-- Does the statement say "frontier models", "most advanced", or name a frontier-tier
-- model? With weak, also "latest", "newest", "flagship", "best" (which point at the
-- frontier only when the statement offers the models themselves).
local function says_frontier(t, ctx, weak)
  for i = 1, #t do
    local w = t[i]
    if w == "frontier" and (t[i + 1] == "model" or t[i + 1] == "models") then return true end
    if w == "most" and (t[i + 1] == "advanced" or t[i + 1] == "capable"
                        or t[i + 1] == "powerful") then return true end
    if w == "state" and t[i + 1] == "of" and t[i + 2] == "the" and t[i + 3] == "art" then
      return true
    end
    if w == "cutting" and t[i + 1] == "edge" then return true end
    if weak and FRONTIER_WORDS[w] then return true end
    if openai_name(t, i, { names = ctx.names }) == "frontier" then return true end
  end
  return false
end

local function add(found, claim, words)
  if not found[claim] then
    found[claim] = words
    found[#found + 1] = claim
  end
end

local function span(t, a, b)
  return table.concat(t, " ", math.max(1, a), math.min(#t, b))
end

local ACCESS = { "^access", "^acces", "^acced", "^zugang", "^zugriff" }
local ENABLE = { "^enabl", "^permet", "^permit", "^ermoglich" }
local AVAILABLE = { "^availab", "^disponib", "^verfugbar" }
local function any_match(w, pats)
  if w == nil then return false end
  for _, p in ipairs(pats) do if w:match(p) then return true end end
  return false
end
-- Words that may stand between a model's name and "on AWS" ("GPT-5 arrives on Amazon
-- Bedrock", "OpenAI's models, now on AWS").
local BETWEEN = { now = true, models = true, model = true, s = true, is = true, are = true,
                  mini = true, live = true, here = true, today = true, ist = true,
                  jetzt = true }
local USE = { use = true, run = true, try = true, get = true, deploy = true, build = true,
              chat = true, now = true, call = true }
local ON_AWS = { on = true, ["in"] = true, via = true, through = true, from = true,
                 inside = true, within = true, to = true, sur = true, auf = true, en = true,
                 bei = true, arrives = true, comes = true }

-- What `text` claims.  ctx (optional):
--   about = "product" (an OpenAI product), "frontier" | "standard" | "open_weight" (an
--           OpenAI model of that tier), "other" (something not OpenAI's) or nil;
--   names = list of { words = M.tokens(name), tier = tier }, longest first: the world's
--           OpenAI models, so "GPT-5" or "gpt-oss-120b" are known by tier.
-- Returns found (the claims, in order; found[claim] = the words that made it), subject
-- ("openai", "open_weight" or nil) and below_frontier (the OpenAI models it is about are
-- known to be below the frontier tier).
function M.claims(text, ctx)
  ctx = ctx or {}
  local key = nil
  if ctx.names_key then
    key = table.concat({ text, ctx.about or "", ctx.names_key }, "\0")
    local hit = claims_cache.get(key)
    if hit then return hit[1], hit[2], hit[3] end
  end
  local found, subject, below = M.claims_uncached(text, ctx)
  if key then claims_cache.put(key, { found, subject, below }) end
  return found, subject, below
end

-- M.claims without the cache.
function M.claims_uncached(text, ctx)
  local about = ctx.about
  local about_model = about == "frontier" or about == "standard" or about == "open_weight"
  local c = { names = ctx.names,
              generic = (about == "product" or about_model) and
                        (about_model and about or "openai") or nil }
  local t = M.tokens(text)
  local found, kinds = {}, {}
  for i = 1, #t do
    local k = openai_name(t, i, { names = ctx.names })
    if k then kinds[k] = true end
  end
  local function object(from, to)
    for k = math.max(1, from), math.min(to, #t) do
      local kind = openai_name(t, k, c)
      if kind then return kind, k end
    end
    return nil
  end
  local aws = mentions_aws(t)
  for i = 1, #t do
    local w = t[i]
    -- the permitted words: "powered by", "enabled by", "integrates with", "built on"
    if (w == "powered" or any_match(w, ENABLE) or w == "built" or w == "backed")
        and (t[i + 1] == "by" or t[i + 1] == "on" or t[i + 1] == "with")
        and object(i + 2, i + 3) then
      add(found, "integration", span(t, i, i + 2))
    elseif w:match("^integrat") and object(i + 1, i + 3) then
      add(found, "integration", span(t, i, i + 2))
    end
    if not negated(t, i) then
      -- enabl… [up to three words] access… X ("enables you to access", "permite el acceso")
      if any_match(w, ENABLE) and t[i + 1] ~= "by" then
        for k = i + 1, i + 4 do
          if any_match(t[k], ACCESS) then
            local kind, at = object(k + 1, k + 5)
            if kind then add(found, "access", span(t, i, at)) end
            break
          end
        end
      end
      -- access… X, access to X; passive: X can be accessed
      if any_match(w, ACCESS) then
        local kind, at = object(i + 1, i + 5)
        if kind then
          add(found, "access", span(t, i, at))
        elseif (w == "accessed" or w == "accessible") and AUX[t[i - 1]]
               and object(i - 6, i - 1) then
          add(found, "access", span(t, i - 1, i))
        end
      end
      -- call… on/upon X, call X; passive: X is called on
      if w:match("^call") and t[i - 1] ~= "api" and t[i + 1] ~= "to" then
        local from = (t[i + 1] == "on" or t[i + 1] == "upon") and i + 2 or i + 1
        local kind, at = object(from, from + 3)
        if kind then
          add(found, "calls_on", span(t, i, at))
        elseif AUX[t[i - 1]] and from == i + 2 and object(i - 5, i - 2) then
          add(found, "calls_on", span(t, i - 1, i + 1))
        end
      end
      -- available near an OpenAI name; or, about an OpenAI model, available at all
      if any_match(w, AVAILABLE) then
        if object(i - 8, i + 6) or (about_model and aws) then
          add(found, "availability", w)
        end
      end
      -- use/run/try/get/deploy X (on AWS); "now X"
      if USE[w] and aws then
        local from = (t[i + 1] == "with" or t[i + 1] == "on") and i + 2 or i + 1
        local kind, at = object(from, from + 3)
        if kind then add(found, "availability", span(t, i, at)) end
      end
      -- X on/in/via AWS or Bedrock; X comes to / arrives on AWS; X, now on AWS
      if openai_name(t, i, c) then
        for k = i + 1, i + 5 do
          if AWS[t[k]] and ON_AWS[t[k - 1]] then
            add(found, "availability", span(t, i, k))
            break
          end
          if not (ON_AWS[t[k]] or BETWEEN[t[k]] or AWS[t[k]] or (t[k] or ""):match("%d")) then
            break
          end
        end
      end
    end
  end
  local subject
  if kinds.openai or kinds.frontier or kinds.standard then subject = "openai"
  elseif kinds.open_weight then subject = "open_weight"
  elseif about == "open_weight" then subject = "open_weight"
  elseif about == "product" or about_model then subject = "openai" end
  local below = (about == "standard" and not (kinds.openai or kinds.frontier))
    or (kinds.standard and not (kinds.openai or kinds.frontier) and about ~= "frontier")
  local offered = found.availability or found.access
  if subject == "openai" and offered and
     (about == "frontier" or kinds.frontier or says_frontier(t, c, true)) then
    add(found, "frontier_on_aws", "frontier models: " .. offered)
  elseif subject == "openai" and aws and says_frontier(t, c, false) then
    add(found, "frontier_on_aws", "frontier models on aws")
  end
  return found, subject, below and true or false
end

-- A statement classified: the analyst's `claims` when given (decided = "claims"), else
-- what its words claim (decided = "wording").  Returns a table { claims, subject,
-- below_frontier, decided, words }.
function M.classify(text, analyst_claims, ctx)
  local found, subject, below = M.claims(text, ctx)
  local r = { subject = subject, below_frontier = below }
  if analyst_claims ~= nil then
    r.claims, r.decided, r.words = analyst_claims, "claims", {}
    if subject == nil and #analyst_claims > 0 and (ctx == nil or ctx.about ~= "other") then
      r.subject = "openai"   -- the analyst says it claims something of OpenAI's models
    end
  else
    r.claims, r.decided, r.words = found, "wording", found
  end
  return r
end

local function has(list, x)
  if list[x] then return true end
  for i = 1, #list do if list[i] == x then return true end end
  return false
end
M.has = has

-- The memo: staff must not say the SRE "enables access" to or "calls on" ChatGPT, nor
-- suggest OpenAI's most advanced frontier models are available on AWS. A claim of
-- availability suggests the frontier models unless the subject is known to be below
-- them (below_frontier: a standard-tier model). Open-weight subjects are outside it.
-- claims: a list of claim names (a table from M.claims, or an analyst's list).
-- Returns the reason or nil.
function M.memo_forbids(claims, subject, below_frontier)
  if subject ~= "openai" then return nil end
  if has(claims, "access") then
    return 'offers access to OpenAI\'s models (the memo bans "enables access")'
  end
  if has(claims, "calls_on") then
    return 'says it calls on OpenAI\'s models (the memo bans "calls on")'
  end
  if has(claims, "frontier_on_aws") then
    return "suggests OpenAI's most advanced frontier models are available on AWS"
  end
  if has(claims, "availability") and not below_frontier then
    return "says OpenAI's models are available on AWS, which suggests the most advanced ones are"
  end
  return nil
end

-- The spirit of the API clause: a rival cloud's statement is evidence its product is
-- offered as access to OpenAI's covered models when it claims access, says it calls
-- on them, or says they are available there. Integration is not. Reason or nil.
local SPIRIT = {
  { "access", "offers access to OpenAI's models" },
  { "calls_on", "says it calls on OpenAI's models" },
  { "frontier_on_aws", "says OpenAI's frontier models are available there" },
  { "availability", "says OpenAI's models are available there" },
}
function M.spirit_evidence(claims, subject)
  if subject ~= "openai" then return nil end
  for _, c in ipairs(SPIRIT) do
    if has(claims, c[1]) then return c[2] end
  end
  return nil
end

return M
