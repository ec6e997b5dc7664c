-- Gives up an entry's step lease, if the caller still holds it: a step that failed before its
-- compare-and-set (its remapper or writer threw) lets the next step of the key go at once.
-- KEYS[1]  the entry's step lease
-- ARGV[1]  the step's lease token
-- returns  1 when released, 0 when the lease was no longer the caller's
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
