-- w:above, w:below and w:cite over thresholds.lua, as `redline check` shows
-- them (tests/cli.sh): what they answer, what they refuse, and the
-- placeholders of w:cite replaced by the values wherever text is kept.
contract "w" { title = "World API", effective = "2020-01-01" }

clause "w/cited" { contract = "w", text = "Cites facts.",
  check = function(w)
    local p, dp = w:get("product", "p"), w:get("deployment", "dp")
    local path = w:get("path", "dp->back")
    local cited = w:cite(p, "api_share", 3)
    -- the same placeholder whatever the value: nothing to learn from it
    assert(cited == w:cite(p, "api_share", 3) and not cited:find("0.4", 1, true))
    assert(w:above(p, "api_share", 0.25) and not w:above(p, "api_share", 0.4))
    assert(w:below(p, "api_share", 0.5) and not w:below(p, "api_share", 0.4))
    assert(w:above(path, "api_share", 0.3))
    return breach(("p at %s; path at %s; audience %s; owner %s")
      :format(cited, w:cite(path, "api_share"), w:cite(dp, "audience"), w:cite(p, "owner")),
      { "share " .. w:cite(p, "api_share", 1), p })
  end }

clause "w/unknown" { contract = "w", text = "Compares an unknown fact.",
  check = function(w)
    return breach(tostring(w:above(w:get("product", "r"), "api_share", 0.5)))
  end }

clause "w/cite-unknown" { contract = "w", text = "Cites an unknown fact.",
  check = function(w)
    return compliant("r's share is " .. w:cite(w:get("product", "r"), "api_share", 2))
  end }

clause "w/not-a-number" { contract = "w", text = "Compares a text.",
  check = function(w) return breach(tostring(w:above(w:get("product", "p"), "kind", 1))) end }

clause "w/digits" { contract = "w", text = "Asks for too many decimals.",
  check = function(w) return breach(w:cite(w:get("product", "p"), "api_share", 12)) end }

clause "w/no-field" { contract = "w", text = "Names a field a path lacks.",
  check = function(w) return breach(tostring(w:below(w:get("path", "dp->back"), "share", 1))) end }

clause "w/error" { contract = "w", text = "Fails, citing a fact.",
  check = function(w) error("p's share " .. w:cite(w:get("product", "p"), "api_share", 2), 0) end }

-- Placeholders a check wrote itself: one that names a fact is replaced like
-- w:cite's (the check learns nothing by it either); the others stay as they are.
clause "w/forged" { contract = "w", text = "Writes its own placeholders.",
  check = function(w)
    -- the numbers by which w:cite names p's api_share, written here again
    local k, i, f = w:cite(w:get("product", "p"), "api_share"):match("^\1(%d+)%.(%d+)%.(%d+)%.")
    return breach("a\1-1.0.99.2\2b\1" .. "99999999999999999999.1.1.1\2c\1-1.0.\2d\1" ..
      k .. "." .. i .. "." .. f .. ".2\2e\1")
  end }

clause "w/not-world" { contract = "w", text = "Calls a method without the world.",
  check = function(w) return breach(tostring(w.above(1, w:get("product", "p"), "api_share", 0))) end }
