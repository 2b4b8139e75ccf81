-- A renderer that includes a file with a syntax error on its line 3.
return include("lib/badsyntax.lua")
