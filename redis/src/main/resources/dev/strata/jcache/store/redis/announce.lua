-- How a writing script tells the other JVMs of a change: every script that changes an entry
-- announces it through this function, so that each message has the same form, carries the next
-- number of its sequence, and travels the same way. Included by scripts (--#include
-- announce.lua), not run on its own.
--
-- Contract for a script that announces:
--   announce(channel, message, sequence, fresh)
--   channel   the cache's change channel (RedisKeyspace#channel)
--   message   the message as ChangeMessage#encode builds it: it starts with the 16 bytes of the
--             writer's origin
--   sequence  the name of the sequence counter of the entry's group
--             (RedisKeyspace#sequenceName(SequenceGroups#groupOf(entry))): it must be one of
--             the script's KEYS, since it lies in the entry's Cluster slot
--   fresh     bytes new to this call (the step's own 8-byte stamp): the epoch, in hex, of a
--             counter this call has to make
--   returns   the change's number in its sequence
--
-- The counter is a hash: 'e' its epoch, 's' the number of the last change announced. A counter
-- that is missing (never written, flushed, evicted, lost in a restart without persistence or a
-- failover to a replica that never had it) is made again with a new epoch, the hex of the
-- caller's fresh bytes, and numbers from 1 again: a receiver that sees the
-- epoch change, or a number skipped, knows it missed changes of the group.
--
-- The message published is '<epoch>|<number>|' followed by the message given.
local function announce(channel, message, sequence, fresh)
  if redis.call('EXISTS', sequence) == 0 then
    redis.call('HSET', sequence, 'e', (string.gsub(fresh, '.', function(c)
      return string.format('%02x', string.byte(c))
    end)))
  end
  local number = redis.call('HINCRBY', sequence, 's', 1)
  redis.call('PUBLISH', channel, redis.call('HGET', sequence, 'e') .. '|' .. number .. '|'
      .. message)
  return number
end
