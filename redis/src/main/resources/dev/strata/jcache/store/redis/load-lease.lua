-- Reads an entry and, when it is absent, takes the key's loading lease: the read of a
-- read-through miss in a cache whose JVMs load each missing key once between them. The caller
-- that takes the lease loads the key; the others wait for its value, reading again, until the
-- lease lapses. A lease the caller holds already is its own again.
-- KEYS[1]  the entry
-- KEYS[2]  the entry's loading lease (in the entry's slot)
-- ARGV[1]  the caller's lease token
-- ARGV[2]  how long the lease lasts, in milliseconds
-- ARGV[3]  'refresh' to take the lease whether or not the entry is present, and read nothing
-- returns  {1, value} when the entry is present; {2} when the caller now holds the lease;
--          {0, the lease's remaining milliseconds} while another caller holds it
if ARGV[3] ~= 'refresh' then
  local value = redis.call('GET', KEYS[1])
  if value then
    return {1, value}
  end
end
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then
  return {0, redis.call('PTTL', KEYS[2])}
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return {2}
