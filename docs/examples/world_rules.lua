-- Exercises the world API: fields, filters, counts, get, unknown.
contract "world-demo" { effective = "2026-01-01" }
clause "world-demo/inference-on-azure" {
  contract = "world-demo",
  text = [[Inference for OpenAI models runs on Azure.]],
  exposure_usd = 2e9,
  check = function(w)
    local d = w:get("deployment", "sre")
    assert(d.kind == "deployment" and d.cloud == "aws")       -- references read as ids
    assert(w:get("party", "openai").kind == "model_provider")  -- a party's own kind
    assert(w:count("deployments", { audience = { "enterprise", "government" } }) == 1)
    for p in w:paths{ model_owner = "openai" } do            -- stops if model_cloud is unknown
      if p.model_cloud ~= "azure" then
        return breach(p.id .. " runs inference on " .. p.model_cloud, { p })
      end
    end
    return compliant("all inference on Azure")
  end,
}
