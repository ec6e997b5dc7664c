-- Changes an entry only if it is still the version the caller read: the second half of an
-- optimistic step. Every stored value starts with an 8-byte stamp that each write renews.
-- A write-behind cache also appends the change its writer is to receive to the cache's journal,
-- a stream in the same hash slot, so the journal holds the changes in the order Redis made them.
--
-- Idempotent: each step has a stamp of its own, and a committed step leaves it in the record of
-- the caller (one record per entry and caller, in the entry's hash slot, for a short window).
-- A call that finds its own stamp there committed already (its reply was late or lost, and the
-- client sent it again): it answers "committed" and changes nothing, publishes nothing and
-- appends nothing a second time.
--
-- An exclusive step (a write-through cache's) holds the entry's step lease (read-leased.lua)
-- from its read on: the call changes nothing unless the lease is still the step's, and gives it
-- up when it commits.
--
-- A write-behind cache keeps beside the journal an index of each key's latest record (the key
-- name's field holds the record's id), set here when a record is appended and cleared by
-- journal-settle.lua when it removes that record; a read-through miss answers from that record
-- instead of loading. A step decided on the index (ARGV[13]) commits only if the key's field
-- still holds what the step was told, as it commits only if the entry still has its stamp.
--
-- KEYS[1]  the entry
-- KEYS[2]  the caller's commit record for the entry
-- KEYS[3]  the entry's step lease (looked at only for ARGV[9] ~= '')
-- KEYS[4]  the sequence counter of the entry's group (see announce.lua), for ARGV[6] ~= ''
-- KEYS[5]  the write-behind journal, for ARGV[10] ~= nil
-- KEYS[6]  the journal's index of each key's latest record (a hash), for ARGV[10] ~= nil
-- ARGV[1]  the stamp the caller read, or '' when it found the key absent
-- ARGV[2]  the step's own stamp (8 bytes; the new value of a 'set' starts with it)
-- ARGV[3]  'set' (store ARGV[4]), 'del' (remove the key), 'ttl' (change the expiry only) or
--          'none' (leave the entry: only the journal changes)
-- ARGV[4]  the new value, stamp first, for 'set'
-- ARGV[5]  the expiry: 'keep' (as it is), 'persist' (none) or milliseconds to live
-- ARGV[6]  the channel that tells other JVMs of the change, or '' for none
-- ARGV[7]  the message for that channel
-- ARGV[8]  how long the commit record is kept, in milliseconds
-- ARGV[9]  the step's lease token, or '' for a step that holds no lease
-- ARGV[10] the journal record's operation, 'w' (write) or 'd' (delete), or '' for no record;
--          absent for a call of a cache without a journal, or with neither record nor ARGV[13]
-- ARGV[11] the journal record's key name (the entry's name)
-- ARGV[12] the journal record's value, without its stamp, for 'w'
-- ARGV[13] the id of the key's latest record that the step was decided on, '' for none; absent
--          for a step that did not look at the index
-- returns  0 when the entry had changed meanwhile (or the key's field of the index, with
--          ARGV[13]), which a step holding its lease never hears (only Redis's expiry or
--          eviction, or a clear, can change its entry, and it commits over them); -1 when the
--          step's lease had lapsed and another step may have taken it;
--          otherwise 1 + the journal's length after the append (1 without a journal)
--#include announce.lua
local function committed()
  if ARGV[10] then
    return 1 + redis.call('XLEN', KEYS[5])
  end
  return 1
end
if redis.call('GET', KEYS[2]) == ARGV[2] then
  return committed()
end
local current = redis.call('GET', KEYS[1])
local stamp = ''
if current then
  stamp = string.sub(current, 1, 8)
end
-- a 'set' that committed leaves its own stamp on the entry: evidence of the commit even when
-- the commit record is gone (evicted, or outlived by a very late resend)
if stamp == ARGV[2] and ARGV[3] == 'set' then
  return committed()
end
local leased = ARGV[9] ~= ''
if leased and redis.call('GET', KEYS[3]) ~= ARGV[9] then
  return -1
end
local operation, ttl = ARGV[3], ARGV[5]
if stamp ~= ARGV[1] then
  if not leased then
    return 0
  end
  -- Under the step's lease no other step changed the entry: only Redis did (it expired or was
  -- evicted) or a clear. The step's writer has been called, so the step commits: an update
  -- that keeps the expiry of an entry gone meanwhile would have expired at once, so it stores
  -- nothing.
  if not current and operation == 'set' and ttl == 'keep' then
    operation = 'none'
  end
end
if ARGV[13] and (redis.call('HGET', KEYS[6], ARGV[11]) or '') ~= ARGV[13] then
  return 0
end
-- announced before anything changes: a script's effects stay when a later command fails, and
-- PUBLISH is the one a server may refuse (an ACL user without @pubsub)
if ARGV[6] ~= '' then
  announce(ARGV[6], ARGV[7], KEYS[4], ARGV[2])
end
if operation == 'del' then
  redis.call('DEL', KEYS[1])
elseif operation == 'set' then
  if ttl == 'keep' then
    redis.call('SET', KEYS[1], ARGV[4], 'KEEPTTL')
  elseif ttl == 'persist' then
    redis.call('SET', KEYS[1], ARGV[4])
  else
    redis.call('SET', KEYS[1], ARGV[4], 'PX', ttl)
  end
elseif operation == 'ttl' then
  if ttl == 'persist' then
    redis.call('PERSIST', KEYS[1])
  elseif ttl ~= 'keep' then
    redis.call('PEXPIRE', KEYS[1], ttl)
  end
end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[8])
if leased then
  redis.call('DEL', KEYS[3])
end
if ARGV[10] and ARGV[10] ~= '' then
  local id = redis.call('XADD', KEYS[5], '*', 'o', ARGV[10], 'k', ARGV[11], 'v', ARGV[12])
  redis.call('HSET', KEYS[6], ARGV[11], id)
end
return committed()
