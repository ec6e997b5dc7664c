-- Settles a flusher's round, if the flusher still holds the lease: a flusher that lost it
-- changes nothing, and its successor reads the same records again.
-- KEYS[1]  the journal
-- KEYS[2]  the dead letters (a hash: key name -> letter)
-- KEYS[3]  the lease
-- KEYS[4]  the index of each key's latest record (a hash: key name -> record id); a removed
--          record's key leaves it only if its field still names that record, since a newer
--          record of the key (appended after the round was read) is still pending
-- ARGV[1]  the flusher's token
-- ARGV[2]  n, then n pairs of the id of a record to remove and its key name, as the flusher
--          read them from the record
-- then     m, then m key names whose dead letters a newer write superseded
-- then     p, then p pairs of key name and dead letter to keep
-- returns  1 when settled, 0 when the lease was lost
--
-- A constant number of commands per slice of records, not several per record: the key names
-- come with the ids, so no record is read back; one HMGET finds which index fields still name
-- their removed record, one HDEL clears them and one XDEL removes the records.
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
  return 0
end
-- how many arguments one command takes at most: well inside Lua's stack for unpack
local SLICE = 500
local i = 2
local n = tonumber(ARGV[i])
i = i + 1
for from = 0, n - 1, SLICE do
  local count = math.min(SLICE, n - from)
  local ids, names = {}, {}
  for j = 1, count do
    ids[j] = ARGV[i + 2 * (from + j - 1)]
    names[j] = ARGV[i + 2 * (from + j - 1) + 1]
  end
  local latest = redis.call('HMGET', KEYS[4], unpack(names))
  local settled = {}
  for j = 1, count do
    if latest[j] == ids[j] then
      settled[#settled + 1] = names[j]
    end
  end
  if #settled > 0 then
    redis.call('HDEL', KEYS[4], unpack(settled))
  end
  redis.call('XDEL', KEYS[1], unpack(ids))
end
i = i + 2 * n
local m = tonumber(ARGV[i])
i = i + 1
for from = 0, m - 1, SLICE do
  local names = {}
  for j = 1, math.min(SLICE, m - from) do
    names[j] = ARGV[i + from + j - 1]
  end
  redis.call('HDEL', KEYS[2], unpack(names))
end
i = i + m
local p = tonumber(ARGV[i])
i = i + 1
for j = 0, p - 1 do
  redis.call('HSET', KEYS[2], ARGV[i + 2 * j], ARGV[i + 2 * j + 1])
end
return 1
