package dev.strata.jcache.management;

import javax.cache.management.CacheStatisticsMXBean;

/**
 * The statistics JCache defines, and Strata's own: how reads of a Redis cache with a near cache
 * were served, and how many operations failed at once while their Redis node was down. Near hits count among {@link #getCacheHits()} too; the two counts below split
 * them. Both are zero for caches without a near cache.
 */
public interface StrataCacheStatisticsMXBean extends CacheStatisticsMXBean {
  /** Reads served from this JVM's near cache, with no network. */
  long getNearCacheHits();

  /** Reads that missed the near cache and found the entry in Redis. */
  long getRemoteHits();

  /**
   * Operations that failed at once, without a command sent, because the Redis node they needed
   * was marked down after a timeout or a refused connection ({@code strata.redis.fail-fast});
   * a read-through cache with {@code read-through-fallback} answered them from its loader.
   * Zero for caches outside Redis.
   */
  long getRedisFastFailures();

  /** Entries a refresh-ahead cache reloaded in the background in this JVM; zero for others. */
  long getRefreshes();

  /** Background reloads whose loader failed (the old value stayed); zero for other caches. */
  long getRefreshFailures();
}
