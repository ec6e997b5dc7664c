-- Reads an entry with its remaining time to live and takes the entry's step lease: the first
-- half of an exclusive step. A write-through cache's steps are exclusive across JVMs, so that
-- its writer sees each change the cache makes exactly once, in each key's order: the lease is
-- held from this read, through the writer's call, to the compare-and-set that ends the step.
-- A lease the caller holds already (a resent read, or a step decided again) is its own again.
-- KEYS[1]  the entry
-- KEYS[2]  the entry's step lease
-- ARGV[1]  the step's lease token
-- ARGV[2]  how long the lease lasts, in milliseconds
-- returns  {1, value, pttl} with the lease held (value false when the key is absent; pttl -1
--          for an entry without expiry), or {0, the lease's remaining milliseconds} while
--          another step holds it
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then
  return {0, redis.call('PTTL', KEYS[2])}
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
local value = redis.call('GET', KEYS[1])
if not value then
  return {1, false, -2}
end
return {1, value, redis.call('PTTL', KEYS[1])}
