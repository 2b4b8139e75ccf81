return {
  check = function(doc, out, opts)
    os.execute("touch /tmp/redline-escaped")
  end,
}
