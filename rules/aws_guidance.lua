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
-- The memo's words are matched by rules/lib/words.lua (shared with the spirit reading of
-- the API clause); ids in rules/lib/ids.lua.

include("sources.lua")  -- the articles cited below (source = "id#quote")
local terms = include("lib/terms.lua")
local ids, words = terms.ids, terms.words
relies(ids.RELIES)

local AMAZON = ids.AMAZON

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
      doc = [[The memo is a list of words, so there is one reading and the question is what a
statement claims (rules/lib/words.lua). An analyst's `claims` on the statement decide first;
otherwise its wording, lower-cased, accents and punctuation of any language folded: a statement
by Amazon breaches when it claims access to OpenAI's models ("enables access to ChatGPT",
"Access OpenAI models on AWS", "access to GPT is enabled"), says it calls on them ("calls on",
"calling upon", "Call GPT-5 from…"), or suggests OpenAI's most advanced frontier models are
available on AWS — which a plain claim that OpenAI's models are available there does, unless
the models it names are known to be below the frontier tier. Negated claims ("does not enable
access") claim nothing. Statements about OpenAI's open-weight models are outside it: the memo
guards the frontier models. "Powered by", "enabled by" and "integrates with" are permitted.
Weight 1: no rival reading; the matching errs on the side of what the words say, and
tests/cases/wording.tsv holds the cases.]],
      check = function(w)
        local names = terms.model_names(w)
        local any, ev, first, why = false, {}, nil, nil
        local notes = terms.notes()
        for s in w:statements{ by = AMAZON } do
          any = true
          local r = terms.classify(w, s, names)
          local bad = words.memo_forbids(r.claims, r.subject, r.below_frontier)
          if bad then
            ev[#ev + 1] = s
            if not first then first, why = s, ("%s (decided by %s)"):format(bad, r.source) end
          elseif r.subject == "open_weight" then
            notes:set_aside(("%s is about an open-weight model, outside the memo"):format(s.id))
          elseif r.subject == nil then
            notes:set_aside(("%s names no OpenAI model or product"):format(s.id))
          else
            notes:ok(("%s: %s"):format(s.id, r.source))
          end
        end
        if not any then return not_applicable("Amazon makes no statements in this world") end
        if first then
          return breach(("%s %s%s"):format(first.id, why,
            #ev > 1 and (" (and %d other statement(s))"):format(#ev - 1) or ""), ev)
        end
        return compliant(notes:say("every Amazon statement about OpenAI's covered models keeps to the "
          .. "permitted wording",
          "no Amazon statement speaks of OpenAI's covered models"))
      end },
  },
}
