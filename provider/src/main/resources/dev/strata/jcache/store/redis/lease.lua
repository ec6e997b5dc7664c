-- Takes, renews or gives up the right to flush a write-behind journal: one holder at a time.
-- KEYS[1]  the lease
-- ARGV[1]  the holder's token
-- ARGV[2]  milliseconds to hold it, or '' to give it up
-- returns  1 when the caller holds the lease afterwards (or gave it up), 0 when another does
local holder = redis.call('GET', KEYS[1])
if ARGV[2] == '' then
  if holder == ARGV[1] then
    redis.call('DEL', KEYS[1])
  end
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
