-- Reads an entry with its remaining time to live and the state of its group's change sequence
-- (see announce.lua), in one step: what a near cache fills a copy with. The copy then reflects
-- every change of the group up to that number, and the receiver knows from which number on it
-- must hear of every change.
-- KEYS[1]  the entry
-- KEYS[2]  the sequence counter of the entry's group
-- returns  {value, pttl, epoch, number}, or nil when the key is absent; pttl is -1 for an entry
--          without expiry; epoch is '' and number 0 while the counter is missing
local value = redis.call('GET', KEYS[1])
if not value then
  return false
end
local sequence = redis.call('HMGET', KEYS[2], 'e', 's')
return {value, redis.call('PTTL', KEYS[1]), sequence[1] or '', tonumber(sequence[2] or '0')}
