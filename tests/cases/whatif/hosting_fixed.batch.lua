-- The hosting stays on Azure: nothing conflicts, but the AWS clause is never met.
batch "hosting-fixed" {
  base = "hosting.lua",
  vary = { { "param.volume", { 1, 2, 3 } } },
}
