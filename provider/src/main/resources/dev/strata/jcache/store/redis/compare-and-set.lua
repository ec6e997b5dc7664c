-- Changes an entry only if it is still the version the caller read: the second half of an
-- optimistic update. Every stored value starts with an 8-byte stamp that each write renews.
-- KEYS[1]  the entry
-- ARGV[1]  the stamp the caller read, or '' when it found the key absent
-- ARGV[2]  'set' (store ARGV[3]), 'del' (remove the key) or 'ttl' (change the expiry only)
-- ARGV[3]  the new value, stamp first, for 'set'
-- ARGV[4]  the expiry: 'keep' (as it is), 'persist' (none) or milliseconds to live
-- ARGV[5]  the channel that tells other JVMs of the change, or '' for none
-- ARGV[6]  the message for that channel
-- returns  1 when the change was made, 0 when the entry had changed meanwhile
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
elseif ttl == 'persist' then
  redis.call('PERSIST', KEYS[1])
elseif ttl ~= 'keep' then
  redis.call('PEXPIRE', KEYS[1], ttl)
end
if ARGV[5] ~= '' then
  redis.call('PUBLISH', ARGV[5], ARGV[6])
end
return 1
