-- A pack with two claimants and citations at every level.
include("sources.lua")
contract "supply" {
  title = "Acme–Widgetco supply deal", parties = { "acme", "widgetco" },
  effective = "2026-01-01", signed = "2025-12-20",
  source = "gazette-2026-01-02#exclusive",
}
clause "supply/exclusive" {
  contract = "supply", title = "Widgets only from Widgetco",
  text = "Acme buys widgets only from Widgetco.",
  holder = "widgetco", obligor = "acme", exposure_usd = 2e9,
  sources = { "gazette-2026-01-02#exclusive", "gazette-2026-01-02#penalty" },
  readings = {
    letter = { weight = 3, doc = "Buying means paying for widgets.",
      source = "gazette-2026-01-02#exclusive",
      check = function(w)
        for d in w:deployments{ operator = "rival" } do return breach("rival supplies", { d }) end
        return compliant("no rival supplies")
      end },
    spirit = { weight = 1, doc = "Any widget Acme uses counts.",
      check = function(w)
        for d in w:deployments{ operator = "rival" } do return breach("rival supplies", { d }) end
        return compliant("no rival supplies")
      end },
  },
}
clause "supply/hosting" {
  contract = "supply", text = "Widgetco hosts what Acme buys.",
  holder = "acme", obligor = "widgetco",
  source = "newsletter-2026-01#hosting",
  readings = {
    letter = { weight = 1, check = function(w)
      for d in w:deployments{ operator = "rival" } do return breach("not hosted by Widgetco", { d }) end
      return compliant("hosted by Widgetco")
    end },
    spirit = { weight = 1, check = function(w) return compliant("hosting is a detail") end },
  },
}
exception "supply/trial" {
  to = "supply/exclusive", text = "A trial of a rival's widgets is allowed.",
  source = "letter of 3 January 2026, p. 2",
  applies = function(w) return false, "no trial" end,
}
