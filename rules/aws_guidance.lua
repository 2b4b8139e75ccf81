-- rules/aws_guidance.lua — Amazon's internal guidance to AWS staff on describing the SRE.
--
-- An internal memo, seen by the FT and first reported by Business Insider (ft-2026-03-18): AWS
-- employees may say the Stateful Runtime Environment is "powered by", "enabled by" or
-- "integrates with" OpenAI; they must not say it "enables access" to or "calls on"
-- ChatGPT, nor suggest that OpenAI's most advanced frontier models are available on AWS.
--
-- binding = false: the memo is Amazon's instruction to its own staff, not a promise to
-- Microsoft or OpenAI, and nobody outside Amazon can enforce it. Its verdicts are
-- reported (a breach is evidence of how AWS presents the SRE: the spirit reading of
-- msft-openai-2025/api-exclusivity counts the same wording) but never raise a scenario's
-- verdict or exit code.
--
-- Conventions: party "amazon" (statements `by = "amazon"` are AWS staff speaking);
-- party "openai".

include("sources.lua")  -- the articles cited below (source = "id#quote")

local OPENAI, AMAZON = "openai", "amazon"

---------------------------------------------------------------------------------------
-- Forbidden wording. KEEP IN SYNC with rules/microsoft_openai.lua: every rule file runs
-- in its own environment, so the matcher is repeated there.
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

-- Why Amazon statement s breaks the memo, or nil.
local function statement_breaks(w, s)
  local about, about_openai, about_frontier = s.about, false, false
  if about ~= nil then
    local e = w:get("product", about)
    if e == nil then
      e = w:get("model", about)
      about_frontier = e ~= nil and e.owner == OPENAI and e.tier == "frontier"
    end
    about_openai = e ~= nil and e.owner == OPENAI
  end
  return forbidden(s.text, about_openai, about_frontier)
end

contract "aws-guidance-2026" {
  title = "AWS internal guidance on describing the Stateful Runtime Environment",
  parties = { AMAZON },
  effective = "2026-02-27", binding = false,
  source = "ft-2026-03-18#staff-memo",
  note = "Internal guidance, not a contract: non-binding. The memo's date is not reported; "
    .. "27 February 2026 (when the parties released parallel statements describing Frontier, ft-2026-03-18) "
    .. "is assumed.",
}

clause "aws-guidance-2026/messaging" {
  contract = "aws-guidance-2026",
  title = "How AWS staff may describe the SRE",
  holder = AMAZON, obligor = AMAZON,
  text = [[AWS staff may say the SRE is "powered by", "enabled by" or "integrates with" OpenAI.
They must not say it "enables access" to or "calls on" ChatGPT, nor suggest that OpenAI's most
advanced frontier models are available on AWS.]],
  source = "ft-2026-03-18#staff-memo",
  note = "holder and obligor are both Amazon: the company instructs its own staff. The interest "
    .. "protected is Amazon's own position against Microsoft.",
  readings = {
    letter = { weight = 1,
      doc = [[The memo is a list of words, so there is one reading and the only question is
matching. A statement by Amazon breaches when, after lower-casing and turning punctuation into
spaces, it says "enabl… access" (up to three words between, the first not "by": "enables
access", "enabling secure access", "Enables-access") or "call… on/upon" followed within a few words by
ChatGPT, OpenAI, GPT or a model; or when it speaks of OpenAI's "frontier models" or "most
advanced" models (or is about an OpenAI model of tier frontier) together with their being
available on AWS or Bedrock. "Powered by", "enabled by" and "integrates with" do not match.
Weight 1: no rival reading; the matching is mechanical and errs on the side of what the words
say, not on guessing intent.]],
      check = function(w)
        local any, first, why = false, nil, nil
        for s in w:statements{ by = AMAZON } do
          any = true
          why = statement_breaks(w, s)
          if why then first = s break end
        end
        if not any then return not_applicable("Amazon makes no statements in this world") end
        if not first then
          return compliant("every Amazon statement keeps to the permitted wording")
        end
        -- A breach: name every offending statement.
        local ev = {}
        for s in w:statements{ by = AMAZON } do
          if statement_breaks(w, s) then ev[#ev + 1] = s end
        end
        return breach(("%s %s"):format(first.id, why), ev)
      end },
  },
}
