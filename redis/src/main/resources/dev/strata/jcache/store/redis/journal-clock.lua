-- The time on the server that holds a write-behind journal, whose clock stamps its stream ids.
-- KEYS[1]  the journal
-- returns  milliseconds since the epoch
local now = redis.call('TIME')
return tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
