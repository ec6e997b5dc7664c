-- Reads the oldest records of a write-behind journal.
-- KEYS[1]  the journal
-- ARGV[1]  how many at most
-- returns  XRANGE's reply: { { id, { field, value, ... } }, ... }
return redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', ARGV[1])
