batch "dev-zero" { base = "/dev/zero", vary = { { "date", { "2026-01-01" } } } }
