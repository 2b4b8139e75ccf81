batch "bad" { base = "hosting.lua", vary = { { "weight.azure-2024/host-on-azure.letter", { 0.5, 1.5 } } } }
