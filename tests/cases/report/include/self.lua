-- A file that includes itself ends on the nesting limit.
return include("self.lua")
