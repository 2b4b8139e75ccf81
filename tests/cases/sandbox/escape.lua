-- Each check probes one escape hatch; compliant("absent") when refused, breach("present") when usable.
contract "sb" { effective = "2000-01-01" }
local function probe(id, f)
  clause("sb/" .. id) {
    contract = "sb", text = "sandbox probe " .. id,
    check = function(w)
      local ok, usable = pcall(f)
      if ok and usable then return breach("present") end
      return compliant("absent")
    end,
  }
end
probe("io", function() return io ~= nil end)
probe("os", function() return os ~= nil end)
probe("package", function() return package ~= nil end)
probe("require", function() return require ~= nil and require("os") ~= nil end)
probe("debug", function() return debug ~= nil end)
probe("dofile", function() return dofile ~= nil end)
probe("loadfile", function() return loadfile ~= nil end)
probe("string-dump", function() return string.dump ~= nil and #string.dump(function() end) > 0 end)
probe("method-dump", function() return ("").dump ~= nil and #(""):dump(function() end) > 0 end)
probe("binary-load", function()
  local f = load("\27Lua\84\0\25\147\13\10\26\10\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64\1", "x", "b")
  return f ~= nil
end)
probe("binary-load-default", function()
  return load("\27Lua\84\0\25\147\13\10\26\10\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64\1") ~= nil
end)
probe("string-metatable", function() local mt = getmetatable(""); return mt ~= nil and mt.__index ~= nil end)
probe("collectgarbage", function() return collectgarbage ~= nil and collectgarbage("count") ~= nil and collectgarbage("stop") ~= nil end)
