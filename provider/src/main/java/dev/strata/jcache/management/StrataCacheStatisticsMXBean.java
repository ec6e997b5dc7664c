package dev.strata.jcache.management;

import javax.cache.management.CacheStatisticsMXBean;

/**
 * The statistics JCache defines, and Strata's own: how reads of a Redis cache with a near cache
 * were served. Near hits count among {@link #getCacheHits()} too; the two counts below split
 * them. Both are zero for caches without a near cache.
 */
public interface StrataCacheStatisticsMXBean extends CacheStatisticsMXBean {
  /** Reads served from this JVM's near cache, with no network. */
  long getNearCacheHits();

  /** Reads that missed the near cache and found the entry in Redis. */
  long getRemoteHits();
}
