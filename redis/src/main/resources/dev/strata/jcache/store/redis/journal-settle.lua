-- Settles a flusher's round, if the flusher still holds the lease: a flusher that lost it
-- changes nothing, and its successor reads the same records again.
-- KEYS[1]  the journal
-- KEYS[2]  the dead letters (a hash: key name -> letter)
-- KEYS[3]  the lease
-- KEYS[4]  the index of each key's latest record (a hash: key name -> record id); a removed
--          record's key leaves it only if its field still names that record, since a newer
--          record of the key (appended after the round was read) is still pending
-- ARGV[1]  the flusher's token
-- ARGV[2]  n, then n ids of records to remove
-- then     m, then m key names whose dead letters a newer write superseded
-- then     p, then p pairs of key name and dead letter to keep
-- returns  1 when settled, 0 when the lease was lost
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
  return 0
end
local i = 2
local n = tonumber(ARGV[i])
i = i + 1
for j = i, i + n - 1 do
  local record = redis.call('XRANGE', KEYS[1], ARGV[j], ARGV[j])[1]
  if record then
    local fields = record[2]
    for f = 1, #fields - 1, 2 do
      if fields[f] == 'k' then
        if redis.call('HGET', KEYS[4], fields[f + 1]) == ARGV[j] then
          redis.call('HDEL', KEYS[4], fields[f + 1])
        end
        break
      end
    end
  end
  redis.call('XDEL', KEYS[1], ARGV[j])
end
i = i + n
local m = tonumber(ARGV[i])
i = i + 1
for j = i, i + m - 1 do
  redis.call('HDEL', KEYS[2], ARGV[j])
end
i = i + m
local p = tonumber(ARGV[i])
i = i + 1
for j = 0, p - 1 do
  redis.call('HSET', KEYS[2], ARGV[i + 2 * j], ARGV[i + 2 * j + 1])
end
return 1
