-- Reads the state of one group's change sequence (see announce.lua) for the periodic check.
-- KEYS[1]  the sequence counter
-- returns  {epoch, number}, or nil when the counter is missing
local sequence = redis.call('HMGET', KEYS[1], 'e', 's')
if not sequence[1] then
  return false
end
return {sequence[1], tonumber(sequence[2] or '0')}
