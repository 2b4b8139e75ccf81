-- tests/wording.lua TABLE LIB: classifies every statement of TABLE (tests/cases/wording.tsv)
-- with the rule packs' wording library LIB (rules/lib/words.lua) and prints one line per
-- row: "ok ID" or "FAIL ID: what differs". Run by tests/wording.sh with lua5.4.
local tsv, lib = arg[1], arg[2]
local words = assert(loadfile(lib, "t"))()

local MODELS = { { "gpt-4o-mini", "standard" }, { "gpt-oss-120b", "open_weight" },
                 { "gpt-oss-20b", "open_weight" }, { "gpt-4o", "standard" },
                 { "gpt-5", "frontier" } }
local names = {}
for _, m in ipairs(MODELS) do names[#names + 1] = { words = words.tokens(m[1]), tier = m[2] } end

local n = 0
for line in io.lines(tsv) do
  if line ~= "" and not line:match("^#") then
    n = n + 1
    local f = {}
    for field in (line .. "\t"):gmatch("([^\t]*)\t") do f[#f + 1] = field end
    local id, text, about, claims, memo, spirit, decided = table.unpack(f, 1, 7)
    local analyst = nil
    if claims == "none" then analyst = {}
    elseif claims ~= "-" then
      analyst = {}
      for c in claims:gmatch("[^,]+") do analyst[#analyst + 1] = c end
    end
    local r = words.classify(text, analyst,
                             { about = about ~= "-" and about or nil, names = names })
    local got_memo = words.memo_forbids(r.claims, r.subject, r.below_frontier)
      and "forbidden" or "allowed"
    local got_spirit = words.spirit_evidence(r.claims, r.subject) and "evidence" or "none"
    local bad = {}
    if got_memo ~= memo then bad[#bad + 1] = ("memo %s, expected %s"):format(got_memo, memo) end
    if got_spirit ~= spirit then
      bad[#bad + 1] = ("spirit %s, expected %s"):format(got_spirit, spirit)
    end
    if r.decided ~= decided then
      bad[#bad + 1] = ("decided by %s, expected %s"):format(r.decided, decided)
    end
    if #bad > 0 then
      local found = {}
      for _, c in ipairs(r.claims) do found[#found + 1] = c end
      print(("FAIL %s: %s (claims {%s}, subject %s)"):format(id, table.concat(bad, "; "),
            table.concat(found, ","), tostring(r.subject)))
    else
      print("ok " .. id)
    end
  end
end
if n < 60 then print(("FAIL table: %d statements, expected at least 60"):format(n)) end
