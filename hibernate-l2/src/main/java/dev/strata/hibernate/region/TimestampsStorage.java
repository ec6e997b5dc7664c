package dev.strata.hibernate.region;

import java.util.function.LongSupplier;
import javax.cache.Cache;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * The update-timestamps region: for each table (query space), when it last changed. Hibernate
 * reuses a cached query result only if none of its tables changed after the result was cached.
 *
 * <p>Two rules make it safe across nodes. Every read goes to the store of record, as an atomic
 * step, never to a near cache: a stale copy would let a node reuse results another node has
 * invalidated. And a table with no timestamp is not taken as unchanged, as Hibernate would take
 * it: the entry may have been evicted, expired or lost with a Redis restart, so the read stamps
 * the table as changed now, in the same atomic step, which makes every result cached before
 * that instant stale, and lets results cached from then on be reused.
 */
public final class TimestampsStorage extends CacheStorage {
  private final LongSupplier clock;

  public TimestampsStorage(Cache<Object, Object> cache, LongSupplier clock) {
    super(cache);
    this.clock = clock;
  }

  @Override
  public Object getFromCache(Object key, SharedSessionContractImplementor session) {
    long now = clock.getAsLong();
    return cache.invoke(key, (entry, arguments) -> {
      if (entry.getValue() != null) {
        return entry.getValue();
      }
      entry.setValue(now);
      return now;
    });
  }
}
