-- How a writing script tells the other JVMs of a change: every script that changes an entry
-- announces it through this function, so that each message has the same form and travels the
-- same way. Included by scripts (--#include announce.lua), not run on its own.
local function announce(channel, message)
  redis.call('PUBLISH', channel, message)
end
