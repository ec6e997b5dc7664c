-- Reads an entry with its remaining time to live, the first half of an optimistic update.
-- KEYS[1]  the entry
-- returns  {value, pttl}, or nil when the key is absent; pttl is -1 for an entry without expiry
local value = redis.call('GET', KEYS[1])
if not value then
  return false
end
return {value, redis.call('PTTL', KEYS[1])}
