-- Variant 1 makes mid call front, a cycle of calls: the batch stops there
-- (exit 3), with or without reused verdicts, even under rules whose every
-- verdict variant 0 already settled (calls_cycle_rules.lua reads the date).
batch "calls-cycle" {
  base = "calls_cycle.lua",
  mode = "grid",
  vary = {
    { "date", { "2026-01-01", "2026-02-01" } },
    { "deployment.mid.calls", { { "back" }, { "front" } } },
  },
}
