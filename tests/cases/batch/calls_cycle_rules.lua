-- One clause that reads the date only (tests/cases/batch/calls_cycle.batch.lua).
contract "c" { title = "Dates", effective = "2020-01-01" }
clause "c/date" { contract = "c", text = "Reads the date only.",
  check = function(w)
    if w.date > "2026-01-15" then return breach("late") end
    return compliant("early")
  end }
