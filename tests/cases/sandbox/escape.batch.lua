-- A batch file probing the sandbox: the same globals are absent.
assert(io == nil and os == nil and package == nil and debug == nil)
assert(require == nil and dofile == nil and loadfile == nil and string.dump == nil)
batch "sandboxed" {
  base = "../../../scenarios/frontier_bedrock_sre.lua",
  vary = { { "product.frontier.api_share", { 0, 1 } } },
}
