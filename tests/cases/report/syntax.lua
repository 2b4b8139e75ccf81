return {
  check = function(doc, out, opts)
    out("x" ..)
  end,
}
