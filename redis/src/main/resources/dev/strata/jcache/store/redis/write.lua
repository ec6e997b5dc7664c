-- A write decided on the server in one round trip: store a value or delete the key when the
-- key's presence meets the condition, with one expiry for an entry it creates and another for an
-- entry it updates, announcing the change and, for a write-behind cache, appending the journal
-- change in the same script. The caller decided everything else beforehand; the script tells it
-- whether the key was present, and hands back the value it replaced or removed when asked.
--
-- Idempotent as compare-and-set.lua is: each call has a stamp of its own, and a call that
-- applies leaves it in the caller's commit record of the entry, followed by what it found, for a
-- short window. A call that finds its own stamp there committed already (its reply was late or
-- lost, and the client sent it again): it answers as the first send did and changes nothing,
-- publishes nothing and appends nothing a second time. A 'set' also leaves its stamp on the
-- entry, evidence of the commit once the record is gone; what it found is then unknown ('u').
-- A call whose condition does not hold changes nothing and leaves no record: sent again, it is
-- decided again.
--
-- KEYS[1]  the entry
-- KEYS[2]  the caller's commit record for the entry
-- KEYS[3]  the sequence counter of the entry's group (see announce.lua)
-- KEYS[4]  the write-behind journal, for ARGV[13] ~= nil
-- KEYS[5]  the journal's index of each key's latest record (a hash), for ARGV[13] ~= nil
-- ARGV[1]  the call's own stamp (8 bytes; the new value of a 'set' starts with it)
-- ARGV[2]  the condition: 'any', 'absent' (only if the key is absent) or 'present'
-- ARGV[3]  'set' (store ARGV[4]) or 'del' (remove the key)
-- ARGV[4]  the new value, stamp first, for 'set'
-- ARGV[5]  the expiry of an entry the call creates: 'persist' (none), milliseconds to live, or
--          'expired' (it expires as it is written: nothing is stored)
-- ARGV[6]  the expiry of an entry the call updates: 'keep' (as it is), 'persist', milliseconds
--          to live, or 'expired' (the entry is deleted)
-- ARGV[7]  the channel that tells other JVMs of the change
-- ARGV[8]  the change message up to the old value (see ChangeMessage)
-- ARGV[9]  the message's new value part, for a 'set' that stores its value
-- ARGV[10] the message's part of a missing value
-- ARGV[11] how long the commit record is kept, in milliseconds
-- ARGV[12] '1' when the caller wants the value found, else ''
-- ARGV[13] the journal record's operation, 'w' (write) or 'd' (delete), or '' for no record;
--          absent for a cache without a journal
-- ARGV[14] the journal record's key name (the entry's name)
-- ARGV[15] the journal record's value, without its stamp, for 'w'
-- returns  {reply, found, value}: reply is 0 when the condition did not hold (nothing changed),
--          otherwise 1 + the journal's length after the append (1 without a journal); found is
--          '1' (the key was present), '0' (absent) or 'u' (unknown, see above); value is the
--          value found, stamp first, when wanted and present, else ''
--#include announce.lua
local function committed()
  if ARGV[13] then
    return 1 + redis.call('XLEN', KEYS[4])
  end
  return 1
end
local record = redis.call('GET', KEYS[2])
if record and string.sub(record, 1, 8) == ARGV[1] then
  return {committed(), string.sub(record, 9, 9), string.sub(record, 10)}
end
local current = redis.call('GET', KEYS[1])
if current and ARGV[3] == 'set' and string.sub(current, 1, 8) == ARGV[1] then
  return {committed(), 'u', ''}
end
local found = '0'
if current then
  found = '1'
end
local condition = ARGV[2]
if (condition == 'absent' and current) or (condition == 'present' and not current) then
  return {0, found, ''}
end
local function message(tail)
  local old = ARGV[10]
  if current then
    local bytes = string.sub(current, 9)
    old = struct.pack('>i4', #bytes) .. bytes
  end
  return ARGV[8] .. old .. tail
end
local ttl = ARGV[5]
if current then
  ttl = ARGV[6]
end
-- announced before anything changes: a script's effects stay when a later command fails, and
-- PUBLISH is the one a server may refuse (an ACL user without @pubsub)
if ARGV[3] == 'del' or ttl == 'expired' then
  if current then
    announce(ARGV[7], message(ARGV[10]), KEYS[3], ARGV[1])
    redis.call('DEL', KEYS[1])
  end
else
  announce(ARGV[7], message(ARGV[9]), KEYS[3], ARGV[1])
  if ttl == 'keep' then
    redis.call('SET', KEYS[1], ARGV[4], 'KEEPTTL')
  elseif ttl == 'persist' then
    redis.call('SET', KEYS[1], ARGV[4])
  else
    redis.call('SET', KEYS[1], ARGV[4], 'PX', ttl)
  end
end
local previous = ''
if current and ARGV[12] == '1' then
  previous = current
end
redis.call('SET', KEYS[2], ARGV[1] .. found .. previous, 'PX', ARGV[11])
if ARGV[13] and ARGV[13] ~= '' then
  local id = redis.call('XADD', KEYS[4], '*', 'o', ARGV[13], 'k', ARGV[14], 'v', ARGV[15])
  redis.call('HSET', KEYS[5], ARGV[14], id)
end
return {committed(), found, previous}
