-- A custom renderer: one line per scenario and a count of batch lines.
return {
  check = function(doc, out, opts)
    for _, r in ipairs(doc.reports) do
      out(("custom %s %s %s\n"):format(r.scenario.id, r.verdict, opts.format))
    end
  end,
  batch = function(doc, out, opts)
    local n = 0
    for _ in doc.lines() do n = n + 1 end
    out(("custom batch %d of %d\n"):format(n, doc.summary.variants))
  end,
}
