-- Changes an entry only if it is still the version the caller read: the second half of an
-- optimistic update. Every stored value starts with an 8-byte stamp that each write renews.
-- A write-behind cache also appends the change its writer is to receive to the cache's journal,
-- a stream in the same hash slot, so the journal holds the changes in the order Redis made them.
-- KEYS[1]  the entry
-- KEYS[2]  the write-behind journal, for ARGV[7] ~= ''
-- ARGV[1]  the stamp the caller read, or '' when it found the key absent
-- ARGV[2]  'set' (store ARGV[3]), 'del' (remove the key), 'ttl' (change the expiry only) or
--          'none' (leave the entry: only the journal changes)
-- ARGV[3]  the new value, stamp first, for 'set'
-- ARGV[4]  the expiry: 'keep' (as it is), 'persist' (none) or milliseconds to live
-- ARGV[5]  the channel that tells other JVMs of the change, or '' for none
-- ARGV[6]  the message for that channel
-- ARGV[7]  the journal record's operation, 'w' (write) or 'd' (delete); absent for no record
-- ARGV[8]  the journal record's key name
-- ARGV[9]  the journal record's value, without its stamp, for 'w'
-- returns  0 when the entry had changed meanwhile; otherwise the journal's length after the
--          append, or 1 without a record
local current = redis.call('GET', KEYS[1])
local stamp = ''
if current then
  stamp = string.sub(current, 1, 8)
end
if stamp ~= ARGV[1] then
  return 0
end
local operation, ttl = ARGV[2], ARGV[4]
if operation == 'del' then
  redis.call('DEL', KEYS[1])
elseif operation == 'set' then
  if ttl == 'keep' then
    redis.call('SET', KEYS[1], ARGV[3], 'KEEPTTL')
  elseif ttl == 'persist' then
    redis.call('SET', KEYS[1], ARGV[3])
  else
    redis.call('SET', KEYS[1], ARGV[3], 'PX', ttl)
  end
elseif operation == 'ttl' then
  if ttl == 'persist' then
    redis.call('PERSIST', KEYS[1])
  elseif ttl ~= 'keep' then
    redis.call('PEXPIRE', KEYS[1], ttl)
  end
end
if ARGV[5] ~= '' then
  redis.call('PUBLISH', ARGV[5], ARGV[6])
end
if ARGV[7] then
  redis.call('XADD', KEYS[2], '*', 'o', ARGV[7], 'k', ARGV[8], 'v', ARGV[9])
  return redis.call('XLEN', KEYS[2])
end
return 1
