-- Comparisons of drawn numbers (thresholds_rules.lua): reused verdicts must
-- equal running every reading, line for line (tests/cli.sh).
batch "thresholds" {
  base = "thresholds.lua",
  mode = "sample", n = 4000, seed = 11,
  vary = {
    { "product.p.api_share", uniform(0, 1) },
    { "product.q.api_share", uniform(0, 1) },
    { "param.t", { 0.3, 0.6 } },
    { "date", { "2026-03-18", "2026-04-01" } },
  },
}
