return {
  check = function(doc, out, opts)
    out("a first part that must not be left behind\n")
    local r = doc.reports[1]
    return r.no_such_field.boom
  end,
}
