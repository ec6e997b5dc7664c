package dev.strata.jcache.management;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The counters behind a cache's {@link javax.cache.management.CacheStatisticsMXBean}, and the
 * totals monitoring reads. Hits, misses, puts, removals and evictions are counted always, one
 * {@link LongAdder} increment each (see {@link Count}): the {@code total...} methods report them
 * whether or not statistics are enabled, and are never cleared. The JCache view (the getters of
 * the bean) shows only what was recorded while statistics were enabled, since the last
 * {@link #clear()}, so enabling statistics late or clearing them behaves as the specification
 * says. Operation times, which cost two clock readings, are recorded only while enabled.
 * Average times are reported in microseconds, as the specification requires.
 */
public final class CacheStatistics implements StrataCacheStatisticsMXBean, StrataStatistics {
  private final Count hits = new Count();
  private final Count misses = new Count();
  private final Count puts = new Count();
  private final Count removals = new Count();
  private final Count evictions = new Count();
  private final Count redisFastFailures = new Count();
  private final LongAdder getTimeNanos = new LongAdder();
  private final LongAdder putTimeNanos = new LongAdder();
  private final LongAdder removeTimeNanos = new LongAdder();
  private volatile boolean enabled;
  private volatile LongSupplier nearCacheHits = () -> 0L;
  private volatile LongSupplier remoteHits = () -> 0L;
  private volatile LongSupplier refreshes = () -> 0L;
  private volatile LongSupplier refreshFailures = () -> 0L;
  private volatile InvalidationStatistics invalidations;

  /** Reports the counts of the near cache in front of this cache's Redis store. */
  public void reportNearCache(LongSupplier nearHits, LongSupplier remote) {
    this.nearCacheHits = nearHits;
    this.remoteHits = remote;
  }

  /** Reports the counts of the cache's refresh-ahead, which keeps them itself. */
  public void reportRefreshes(LongSupplier reloads, LongSupplier failures) {
    this.refreshes = reloads;
    this.refreshFailures = failures;
  }

  @Override
  public long getRefreshes() {
    return refreshes.getAsLong();
  }

  @Override
  public long getRefreshFailures() {
    return refreshFailures.getAsLong();
  }

  /** Reports what the near cache in front of this cache's Redis store heard from elsewhere. */
  public void reportInvalidations(InvalidationStatistics statistics) {
    this.invalidations = statistics;
  }

  /** What this cache's near cache heard from other JVMs; null for a cache without one. */
  public InvalidationStatistics invalidations() {
    return invalidations;
  }

  @Override
  public long getNearCacheHits() {
    return nearCacheHits.getAsLong();
  }

  @Override
  public long getRemoteHits() {
    return remoteHits.getAsLong();
  }

  @Override
  public long getRedisFastFailures() {
    return redisFastFailures.shown(enabled);
  }

  /** One Redis command failed at once, its node being marked down. */
  public void recordRedisFastFailure() {
    redisFastFailures.add(1);
  }

  public boolean isEnabled() {
    return enabled;
  }

  /** Called by the cache, under its own lock. */
  public void setEnabled(boolean value) {
    if (value == enabled) {
      return;
    }
    for (Count count : new Count[] {hits, misses, puts, removals, evictions,
        redisFastFailures}) {
      if (value) {
        count.resume();
      } else {
        count.pause();
      }
    }
    this.enabled = value;
  }

  public void recordHits(long count) {
    if (count != 0) {
      hits.add(count);
    }
  }

  public void recordMisses(long count) {
    if (count != 0) {
      misses.add(count);
    }
  }

  public void recordPuts(long count) {
    if (count != 0) {
      puts.add(count);
    }
  }

  public void recordRemovals(long count) {
    if (count != 0) {
      removals.add(count);
    }
  }

  public void recordEvictions(long count) {
    if (count != 0) {
      evictions.add(count);
    }
  }

  public void recordGetTime(long nanos) {
    if (enabled) {
      getTimeNanos.add(nanos);
    }
  }

  public void recordPutTime(long nanos) {
    if (enabled) {
      putTimeNanos.add(nanos);
    }
  }

  public void recordRemoveTime(long nanos) {
    if (enabled) {
      removeTimeNanos.add(nanos);
    }
  }

  /** Reads that found an entry since the cache was created, statistics enabled or not. */
  public long totalHits() {
    return hits.total();
  }

  /** Reads that found no entry since the cache was created, statistics enabled or not. */
  public long totalMisses() {
    return misses.total();
  }

  /** Entries written since the cache was created, statistics enabled or not. */
  public long totalPuts() {
    return puts.total();
  }

  /** Entries removed since the cache was created, statistics enabled or not. */
  public long totalRemovals() {
    return removals.total();
  }

  /** Entries evicted or expired since the cache was created, statistics enabled or not. */
  public long totalEvictions() {
    return evictions.total();
  }

  @Override
  public void clear() {
    boolean on = enabled;
    for (Count count : new Count[] {hits, misses, puts, removals, evictions,
        redisFastFailures}) {
      count.clear(on);
    }
    getTimeNanos.reset();
    putTimeNanos.reset();
    removeTimeNanos.reset();
  }

  @Override
  public long getCacheHits() {
    return hits.shown(enabled);
  }

  @Override
  public float getCacheHitPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : 100f * getCacheHits() / gets;
  }

  @Override
  public long getCacheMisses() {
    return misses.shown(enabled);
  }

  @Override
  public float getCacheMissPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : 100f * getCacheMisses() / gets;
  }

  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.shown(enabled);
  }

  @Override
  public long getCacheRemovals() {
    return removals.shown(enabled);
  }

  @Override
  public long getCacheEvictions() {
    return evictions.shown(enabled);
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getTimeNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putTimeNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeTimeNanos.sum(), getCacheRemovals());
  }

  private static float averageMicros(long totalNanos, long count) {
    if (count == 0 || totalNanos == 0) {
      return 0f;
    }
    return (float) TimeUnit.NANOSECONDS.toMicros(totalNanos) / count;
  }

  @Override
  public String toString() {
    return "CacheStatistics[" + (isEnabled() ? "" : "disabled, ") + "gets " + getCacheGets()
        + ", hits " + getCacheHits() + ", misses " + getCacheMisses() + ", puts "
        + getCachePuts() + ", removals " + getCacheRemovals() + ", evictions "
        + getCacheEvictions() + ", near-cache hits " + getNearCacheHits() + ", remote hits "
        + getRemoteHits() + "]";
  }
}
