-- The peer workload's six rules, R1..R6, over bench/peer/world.lua.  The
-- dates are the contracts' own: a clause out of force is not_applicable,
-- so each rule's date condition is its clause's term, not a test in the
-- check.  Each check reads the facts of one variant directly.
contract "peer-2019" { title = "General cloud exclusivity", effective = "2019-01-01",
                       ends = "2025-10-28" }
contract "peer-2025" { title = "API exclusivity", effective = "2025-10-28" }
contract "peer-marketing" { title = "Marketing memo", effective = "2019-01-01" }
contract "peer-frontier" { title = "Frontier models", effective = "2019-01-01" }
contract "peer-ip" { title = "IP and weights", effective = "2019-07-22" }

-- R1: before 2025-10-28, the host or the model off Azure is a breach.
clause "peer-2019/R1" { contract = "peer-2019", text = "Everything runs on Azure.",
  check = function(w)
    if w:get("deployment", "peer-host").cloud ~= "azure"
       or w:get("deployment", "peer-inference").cloud ~= "azure" then
      return breach("hosted off Azure")
    end
    return compliant("on Azure")
  end }

-- R2 (letter): a stateless API whose model runs off Azure.
clause "peer-2025/R2" { contract = "peer-2025", text = "The API runs on Azure.",
  check = function(w)
    if w:get("deployment", "peer-host").state == "stateless"
       and w:get("product", "peer-product").kind == "api"
       and w:get("deployment", "peer-inference").cloud ~= "azure" then
      return breach("stateless API served off Azure")
    end
    return compliant("not a stateless API off Azure")
  end }

-- R3 (spirit): the model off Azure for an API, or a product mostly used as one.
clause "peer-2025/R3" { contract = "peer-2025", text = "No API in substance off Azure.",
  check = function(w)
    if w:get("deployment", "peer-inference").cloud ~= "azure" then
      local p = w:get("product", "peer-product")
      if p.kind == "api" or p.api_share > 0.5 then
        return breach("API in substance served off Azure")
      end
    end
    return compliant("no API off Azure")
  end }

-- R4: Amazon selling it with words that promise access.
clause "peer-marketing/R4" { contract = "peer-marketing", text = "No access wording.",
  check = function(w)
    if w:get("deployment", "peer-host").seller == "amazon" then
      local t = w:get("statement", "peer-pitch").text
      if t == "enables access" or t == "calls on" then
        return breach("Amazon says: " .. t)
      end
    end
    return compliant("allowed wording")
  end }

-- R5: a frontier model run on AWS and sold by Amazon.
clause "peer-frontier/R5" { contract = "peer-frontier", text = "Frontier models stay off AWS.",
  check = function(w)
    if w:get("model", "peer-model").tier == "frontier"
       and w:get("deployment", "peer-inference").cloud == "aws"
       and w:get("deployment", "peer-host").seller == "amazon" then
      return breach("frontier model on AWS sold by Amazon")
    end
    return compliant("no frontier model on AWS sold by Amazon")
  end }

-- R6: from 2019-07-22, the weights are kept on Azure.
clause "peer-ip/R6" { contract = "peer-ip", text = "Weights stay on Azure.",
  check = function(w)
    if w:get("model", "peer-model").attrs.weights_location ~= "azure" then
      return breach("weights off Azure")
    end
    return compliant("weights on Azure")
  end }
