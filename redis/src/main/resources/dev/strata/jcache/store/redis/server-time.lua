-- The Redis server's clock in microseconds since the epoch (exact in a Lua number: below 2^53).
-- KEYS[1]  any key: it only picks the node whose clock is read (in a Cluster, its slot's master)
-- returns  seconds * 1000000 + microseconds of the server's TIME
local now = redis.call('TIME')
return tonumber(now[1]) * 1000000 + tonumber(now[2])
