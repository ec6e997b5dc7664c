/**
 * The Redis store: one Redis key per entry, Redis's own time to live, and atomic steps that are
 * optimistic transactions against every JVM sharing the cache.
 *
 * <p>A step flows through {@link dev.strata.jcache.store.redis.RedisStore} (this JVM's lock of
 * the key's stripe), {@link dev.strata.jcache.store.redis.OptimisticSteps} (read the entry and
 * its time to live, let the remapper decide, compare-and-set; again if another JVM wrote
 * meanwhile; one pipelined batch per phase for many keys) and
 * {@link dev.strata.jcache.store.redis.CompareAndSet} (the script call, with the change message
 * and the journal record). Changes made elsewhere come back through
 * {@link dev.strata.jcache.store.redis.ChangeSubscription}; the write-behind journal is
 * {@link dev.strata.jcache.store.redis.RedisJournal}.
 */
package dev.strata.jcache.store.redis;
