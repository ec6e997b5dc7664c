-- The SHA-1 of the value under a key, so a test can tell whether a refused write changed it.
-- KEYS[1]  the key
-- returns  the value's SHA-1 in hex, or nil when the key is absent
local value = redis.call('GET', KEYS[1])
if value then
  return redis.sha1hex(value)
end
return nil
