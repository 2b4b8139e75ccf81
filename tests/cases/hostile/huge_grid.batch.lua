local v = {}
for i = 1, 1000 do v[i] = i end
batch "huge-grid" { base = "tiny.lua", vary = {
  { "param.a", v }, { "param.b", v }, { "param.c", v }, { "param.d", v }, { "param.e", v } } }
