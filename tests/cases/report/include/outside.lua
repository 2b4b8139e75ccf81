-- include() stays inside the renderer's directory.
return include("../hello.lua")
