-- Acme takes widgets from a rival: Widgetco's claim is quantified ($2bn, a breach
-- under both readings), Acme's own hosting claim against Widgetco is not. Two claimants.
scenario "rival-supply" {
  title = "Acme buys from a rival", date = "2026-03-01",
  expect = { ["supply/exclusive"] = "breach", ["supply/hosting"] = "contested" },
  source = "gazette-2026-01-02#exclusive",
}
source "memo-2026-02" {
  title = "Internal note on rival supply", outlet = "Acme legal", date = "2026-02-01",
  quotes = { rival = "We now take widgets from Rival Inc." },
}
party "acme" { kind = "customer", source = "memo-2026-02#rival" }
party "rival" { kind = "cloud_provider", source = "memo-2026-02",
                 sources = { "gazette-2026-01-02#penalty", "a phone call, 5 February 2026" } }
cloud "rc" { owner = "rival", source = "an unpublished call, 4 February 2026" }
model "w" { owner = "rival" }
deployment "rival-widgets" { runs = "w", cloud = "rc", operator = "rival",
                             audience = { "enterprise" }, source = "memo-2026-02#rival" }
