-- The system of record of the write-behind crash test: records a key's sequence number, and
-- counts a number lower than the one recorded as an out-of-order write instead of applying it.
-- KEYS[1]  the records (a hash: key -> sequence number)
-- KEYS[2]  the count of out-of-order writes
-- KEYS[3]  the count of all writes
-- ARGV[1]  the key
-- ARGV[2]  its sequence number
local current = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('INCR', KEYS[3])
if current and tonumber(current) > tonumber(ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 0
