batch "bad" { base = "hosting.lua", vary = { { "weight.aws-2026/label.letter", { 0.5 } } } }
