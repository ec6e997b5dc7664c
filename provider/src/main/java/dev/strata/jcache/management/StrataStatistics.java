package dev.strata.jcache.management;

/**
 * What an application reads of a cache's statistics ({@code StrataCache.statistics()}): the
 * counts JCache defines, as its statistics MXBean shows them (only what was counted while
 * statistics were enabled, since the last clear), the totals since the cache was created whatever
 * the setting (what monitoring reads), and Strata's own counts. Read-only: the cache records,
 * and {@code StrataCache.clearStatistics()} or the MXBean's {@code clear} clears.
 */
public interface StrataStatistics {
  /** Whether the JCache counts below are being kept ({@code setStatisticsEnabled}). */
  boolean isEnabled();

  long getCacheHits();

  float getCacheHitPercentage();

  long getCacheMisses();

  float getCacheMissPercentage();

  long getCacheGets();

  long getCachePuts();

  long getCacheRemovals();

  long getCacheEvictions();

  /** Microseconds. */
  float getAverageGetTime();

  /** Microseconds. */
  float getAveragePutTime();

  /** Microseconds. */
  float getAverageRemoveTime();

  /** Reads served from this JVM's near cache; zero for a cache without one. */
  long getNearCacheHits();

  /** Reads that missed the near cache and found the entry in Redis. */
  long getRemoteHits();

  /** Operations failed at once because their Redis node was marked down. */
  long getRedisFastFailures();

  /** Background reloads of a refresh-ahead cache. */
  long getRefreshes();

  /** Background reloads that failed (the old value was kept). */
  long getRefreshFailures();

  /** Reads that found an entry since the cache was created, statistics enabled or not. */
  long totalHits();

  /** Reads that found no entry since the cache was created, statistics enabled or not. */
  long totalMisses();

  /** Entries written since the cache was created, statistics enabled or not. */
  long totalPuts();

  /** Entries removed since the cache was created, statistics enabled or not. */
  long totalRemovals();

  /** Entries evicted or expired since the cache was created, statistics enabled or not. */
  long totalEvictions();

  /** What the cache's near cache heard from other JVMs; null for a cache without one. */
  InvalidationStatistics invalidations();
}
