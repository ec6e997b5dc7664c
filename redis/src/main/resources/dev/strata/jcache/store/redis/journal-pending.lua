-- Looks up keys' latest pending changes, which a read-through miss of a write-behind cache
-- answers instead of loading: the record the index names (set by compare-and-set.lua, cleared
-- by journal-settle.lua), else the key's dead letter, which the writer never took either.
-- KEYS[1]  the journal
-- KEYS[2]  the index of each key's latest record (a hash: key name -> record id)
-- KEYS[3]  the dead letters (a hash: key name -> letter)
-- ARGV     the key names
-- returns  for each name, in order: {id, fields, letter}: the id the index holds ('' for none),
--          that record's fields as XRANGE gives them ({} for none), and the dead letter ('' for
--          none, or when the record answers)
local answers = {}
for i, name in ipairs(ARGV) do
  local id = redis.call('HGET', KEYS[2], name) or ''
  local fields = {}
  if id ~= '' then
    local record = redis.call('XRANGE', KEYS[1], id, id)[1]
    if record then
      fields = record[2]
    end
  end
  local letter = ''
  if #fields == 0 then
    letter = redis.call('HGET', KEYS[3], name) or ''
  end
  answers[i] = {id, fields, letter}
end
return answers
