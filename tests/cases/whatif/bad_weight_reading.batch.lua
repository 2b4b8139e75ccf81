batch "bad" { base = "hosting.lua", vary = { { "weight.azure-2024/host-on-azure.spirit", { 0.5 } } } }
