-- Included by main.lua; includes a file of its own directory in turn.
local word = include("word.lua")
return { greet = function(n) return word .. " from an included file, " .. n .. " report(s)" end }
