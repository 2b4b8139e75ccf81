-- What a renderer can reach: no io, os, package, debug, require, dofile.
return {
  check = function(doc, out, opts)
    out(("io=%s os=%s package=%s debug=%s require=%s dofile=%s json=%s\n"):format(
      type(io), type(os), type(package), type(debug), type(require), type(dofile),
      type(json)))
  end,
}
