batch "fifo" { base = "fifo.lua", vary = { { "date", { "2026-01-01" } } } }
