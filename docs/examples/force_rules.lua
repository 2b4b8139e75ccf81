-- In force, supersession, non-binding.
contract "old-2019" { effective = "2019-07-01" }
clause "old-2019/exclusive" { contract = "old-2019", text = "Azure only.",
  check = function(w) return breach("always breached, if in force") end }
contract "new-2025" { effective = "2025-10-28", supersedes = { "old-2019/exclusive" } }
clause "new-2025/api" { contract = "new-2025", text = "APIs on Azure.",
  check = function(w) return compliant("nothing to see") end }
contract "memo" { effective = "2026-01-01", binding = false }
clause "memo/wording" { contract = "memo", text = "Say 'powered by'.",
  check = function(w) return breach("a non-binding breach") end }
clause "new-2025/later" { contract = "new-2025", text = "Starts later.", effective = "2027-01-01",
  check = function(w) return breach("not yet") end }
