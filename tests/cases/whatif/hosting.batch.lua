-- Where the product is hosted, and a parameter that changes nothing.
batch "hosting" {
  base = "hosting.lua",
  vary = {
    { "deployment.host.cloud", { "azure", "aws", "gcp" } },
    { "param.volume", { 1, 2 } },
  },
}
