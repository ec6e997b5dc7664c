-- Appends a record to a write-behind journal (a retried dead letter).
-- KEYS[1]  the journal
-- ARGV     the record's fields and values
-- returns  the journal's length
redis.call('XADD', KEYS[1], '*', unpack(ARGV))
return redis.call('XLEN', KEYS[1])
