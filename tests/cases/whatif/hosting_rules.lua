-- Two contracts that pull one product's hosting in opposite directions: the
-- first wants it served from Azure, the second from AWS.  Each can be met
-- alone; no hosting meets both.
contract "azure-2024" {
  title = "Azure hosting", parties = { "microsoft", "openai" },
  effective = "2024-01-01", binding = true,
}
clause "azure-2024/host-on-azure" {
  contract = "azure-2024", holder = "microsoft", obligor = "openai",
  text = [[OpenAI's products are served from Azure.]],
  exposure_usd = 1e9,
  readings = {
    letter = { weight = 0.5, doc = "every path served from Azure",
      check = function(w)
        for p in w:paths{ model_owner = "openai" } do
          if p.model_cloud ~= "azure" then return breach(p.entry .. " is not on Azure", { p }) end
        end
        return compliant("every path on Azure")
      end },
    rivals = { weight = 0.5, doc = "no path served from a rival's cloud (AWS)",
      check = function(w)
        for p in w:paths{ model_owner = "openai" } do
          if p.model_cloud == "aws" then return breach(p.entry .. " is on AWS", { p }) end
        end
        return compliant("no path on AWS")
      end },
  },
}
contract "aws-2026" {
  title = "AWS hosting", parties = { "amazon", "openai" },
  effective = "2026-01-01", binding = true,
}
clause "aws-2026/host-on-aws" {
  contract = "aws-2026", holder = "amazon", obligor = "openai",
  text = [[The product Amazon resells is served from AWS.]],
  exposure_usd = 2e9,
  readings = {
    letter = { weight = 0.5, doc = "every path served from AWS",
      check = function(w)
        for p in w:paths{ model_owner = "openai" } do
          if p.model_cloud ~= "aws" then return breach(p.entry .. " is not on AWS", { p }) end
        end
        return compliant("every path on AWS")
      end },
    rivals = { weight = 0.5, doc = "no path served from a rival's cloud (Azure)",
      check = function(w)
        for p in w:paths{ model_owner = "openai" } do
          if p.model_cloud == "azure" then return breach(p.entry .. " is on Azure", { p }) end
        end
        return compliant("no path on Azure")
      end },
  },
}
clause "aws-2026/label" {
  contract = "aws-2026", holder = "amazon", obligor = "openai",
  text = [[The product is labelled as Amazon's.]],
  check = function(w) return compliant("always labelled") end,
}
clause "aws-2026/volume-cap" {
  contract = "aws-2026", holder = "amazon", obligor = "openai",
  text = [[Volumes above 1.7 units (2.5 when served from AWS) need Amazon's consent.]],
  check = function(w)
    local cap = 1.7
    for p in w:paths{ model_owner = "openai" } do
      if p.model_cloud == "aws" then cap = 2.5 end
    end
    if w.params.volume > cap then return breach("volume " .. w.params.volume .. " above " .. cap) end
    return compliant("volume within the cap")
  end,
}
