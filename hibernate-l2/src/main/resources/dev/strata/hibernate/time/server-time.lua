-- The Redis server's clock in microseconds since the epoch (exact in a Lua number: below 2^53).
local now = redis.call('TIME')
return tonumber(now[1]) * 1000000 + tonumber(now[2])
