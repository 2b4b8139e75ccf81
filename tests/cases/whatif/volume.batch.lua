-- A parameter whose cap lies between two grid values, per hosting.
batch "volume" {
  base = "hosting.lua",
  vary = {
    { "deployment.host.cloud", { "azure", "aws" } },
    { "param.volume", { 1, 1.5, 2, 3 } },
  },
}
