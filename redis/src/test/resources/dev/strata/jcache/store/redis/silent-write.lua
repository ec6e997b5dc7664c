-- A write whose change message is lost, for the tests of the invalidation protocol: the entry
-- takes the source's value and its group's sequence counts the change, but nothing is published.
-- KEYS[1] the entry, KEYS[2] its group's sequence counter, KEYS[3] the key holding the new value
redis.call('SET', KEYS[1], redis.call('GET', KEYS[3]))
redis.call('HINCRBY', KEYS[2], 's', 1)
return 1
