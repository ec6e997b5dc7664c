-- How a writing script tells the other JVMs of a change: every script that changes an entry
-- announces it through this function, so that each message has the same form, carries the next
-- number of its sequence, and travels the same way. Included by scripts (--#include
-- announce.lua), not run on its own.
--
-- Contract for a script that announces:
--   announce(channel, message, sequence)
--   channel   the cache's change channel (RedisKeyspace#channel)
--   message   the message as ChangeMessage#encode builds it: it starts with the 16 bytes of the
--             writer's origin
--   sequence  the name of the sequence counter of the entry's group
--             (RedisKeyspace#sequenceName(SequenceGroups#groupOf(entry))): it must be one of
--             the script's KEYS, since it lies in the entry's Cluster slot
--   returns   the change's number in its sequence
--
-- The counter is a hash: 'e' its epoch, 's' the number of the last change announced. A counter
-- that is missing (never written, flushed, evicted, lost in a restart without persistence or a
-- failover to a replica that never had it) is made again with a new epoch, taken from the
-- server's clock and the writer's origin, and numbers from 1 again: a receiver that sees the
-- epoch change, or a number skipped, knows it missed changes of the group.
--
-- The message published is '<epoch>|<number>|' followed by the message given.
local function announce(channel, message, sequence)
  if redis.call('EXISTS', sequence) == 0 then
    local now = redis.call('TIME')
    redis.call('HSET', sequence, 'e', now[1] .. '.' .. now[2] .. '.'
        .. string.format('%02x%02x%02x%02x', string.byte(message, 1, 4)))
  end
  local number = redis.call('HINCRBY', sequence, 's', 1)
  redis.call('PUBLISH', channel, redis.call('HGET', sequence, 'e') .. '|' .. number .. '|'
      .. message)
  return number
end
