-- Takes, renews or gives up the right to flush a write-behind journal: one holder at a time.
-- Each new holder gets a new epoch, higher than every earlier one: the fencing token a writer
-- can hand its system of record, so that a holder that stalled past its lease (a pause, a
-- partition from Redis) cannot overwrite what its successor wrote. An epoch is never lower than
-- the server's clock in milliseconds, so it keeps increasing even if Redis lost the counter.
-- KEYS[1]  the lease
-- KEYS[2]  the epoch of the latest holder
-- ARGV[1]  the holder's token
-- ARGV[2]  milliseconds to hold it, or '' to give it up
-- ARGV[3]  'renew' to extend the caller's lease only: a lease that lapsed is not taken again
--          (its holder must learn that it lost it), absent to take or renew
-- returns  the holder's epoch (> 0) when the caller holds the lease afterwards, 1 when it gave
--          it up, 0 when another holder has it
local holder = redis.call('GET', KEYS[1])
if ARGV[2] == '' then
  if holder == ARGV[1] then
    redis.call('DEL', KEYS[1])
  end
  return 1
end
if not holder and ARGV[3] ~= 'renew' then
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local epoch = math.max(tonumber(redis.call('GET', KEYS[2]) or '0') + 1, now)
  redis.call('SET', KEYS[2], string.format('%d', epoch))
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return epoch
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(redis.call('GET', KEYS[2]) or '1')
end
return 0
