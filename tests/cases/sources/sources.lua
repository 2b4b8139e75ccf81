-- Two sources for the citation tests (made up: no real article).
source "gazette-2026-01-02" {
  title = "Acme and Widgetco sign a supply deal", outlet = "The Test Gazette",
  date = "2026-01-02", url = "https://gazette.invalid/acme-widgetco",
  quotes = {
    exclusive = "Acme will buy widgets only from Widgetco. The deal runs for five years.",
    penalty = "A breach would cost Acme $2bn, people familiar with the deal said.",
  },
}
source "newsletter-2026-01" {
  title = "Widgetco's supply terms", outlet = "Trade Newsletter", date = "2026-01",
  quotes = { hosting = "Widgetco also hosts the widgets it sells." },
}
