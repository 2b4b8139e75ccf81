Lua binary chunk
