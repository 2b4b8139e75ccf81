return include("lib/none.lua")
