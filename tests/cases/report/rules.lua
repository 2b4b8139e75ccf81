-- Texts that CSV must quote: commas, double quotes, a line break.
contract "deal" { effective = "2020-01-01" }
clause "deal/quoted" { contract = "deal", text = "quoted", exposure_usd = 2e10,
  readings = {
    letter = { weight = 0.5, check = function(w)
      return breach('he said "no, never", then left\nfor good', { "api" }) end },
    spirit = { weight = 0.5, check = function(w)
      return compliant("a, b and c; nothing \"wrong\"") end },
  } }
clause "deal/plain" { contract = "deal", text = "plain",
  check = function(w) return compliant("plain") end }
