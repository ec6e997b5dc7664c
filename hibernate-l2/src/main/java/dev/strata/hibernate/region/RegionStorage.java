package dev.strata.hibernate.region;

import dev.strata.jcache.StrataCache;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.processor.MutableEntry;
import org.hibernate.cache.spi.support.DomainDataStorageAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * One Hibernate region kept in one Strata cache. Plain reads and writes are the cache's own;
 * {@link #update} runs a step on one entry atomically (in Redis, against every node sharing the
 * cache), which is what the read-write access strategies build their soft locks on.
 *
 * <p>{@link #readThrough} reads the entry the way an atomic step does, from the cache's store
 * of record: for a Redis cache with a near cache that skips this JVM's copy, which may lag a
 * change made on another node by the time its invalidation takes to arrive.
 */
public final class RegionStorage extends CacheStorage implements DomainDataStorageAccess {
  private final StrataCache<Object, Object> strata;
  private final boolean hasNearCache;

  @SuppressWarnings("unchecked")
  public RegionStorage(Cache<Object, Object> cache) {
    super(cache);
    this.strata = cache.unwrap(StrataCache.class);
    this.hasNearCache = strata.hasNearCache();
  }

  /** The Strata cache holding the region. */
  public Cache<Object, Object> cache() {
    return cache;
  }

  /** Whether reads of this JVM may be served by a near cache. */
  public boolean hasNearCache() {
    return hasNearCache;
  }

  @Override
  public Object getFromCache(Object key, SharedSessionContractImplementor session) {
    return cache.get(key);
  }

  /** The entry as the store of record has it, bypassing any near cache. */
  public Object readThrough(Object key) {
    return hasNearCache ? strata.getFromRecord(key) : cache.get(key);
  }

  /** Entries of the region in this JVM's heap (see {@link StrataCache#heapEntryCount}). */
  public long heapEntryCount() {
    return strata.heapEntryCount();
  }

  /**
   * Runs {@code step} on the entry of {@code key} as one atomic step: no other step, in this
   * JVM or another sharing the cache, changes the entry between the step's read and its write.
   * The step may run more than once (when another node changed the entry meanwhile), so it must
   * only compute from the entry.
   */
  public <T> T update(Object key, Function<MutableEntry<Object, Object>, T> step) {
    return cache.invoke(key, (entry, arguments) -> step.apply(entry));
  }

  @Override
  public void removeFromCache(Object key, SharedSessionContractImplementor session) {
    cache.remove(key);
  }

  @Override
  public void clearCache(SharedSessionContractImplementor session) {
    cache.clear();
  }
}
