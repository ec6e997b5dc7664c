package dev.strata.jcache.management;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The counters behind a cache's {@link javax.cache.management.CacheStatisticsMXBean}. Recording is a no-op while
 * statistics are disabled, so a cache that does not ask for them pays one volatile read.
 * Average times are reported in microseconds, as the specification requires.
 */
public final class CacheStatistics implements StrataCacheStatisticsMXBean {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getTimeNanos = new LongAdder();
  private final LongAdder putTimeNanos = new LongAdder();
  private final LongAdder removeTimeNanos = new LongAdder();
  private final LongAdder redisFastFailures = new LongAdder();
  private volatile boolean enabled;
  private volatile LongSupplier nearCacheHits = () -> 0L;
  private volatile LongSupplier remoteHits = () -> 0L;
  private volatile LongSupplier refreshes = () -> 0L;
  private volatile LongSupplier refreshFailures = () -> 0L;

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
    return redisFastFailures.sum();
  }

  /** One Redis command failed at once, its node being marked down. */
  public void recordRedisFastFailure() {
    if (enabled) {
      redisFastFailures.increment();
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean value) {
    this.enabled = value;
  }

  public void recordHits(long count) {
    if (enabled && count != 0) {
      hits.add(count);
    }
  }

  public void recordMisses(long count) {
    if (enabled && count != 0) {
      misses.add(count);
    }
  }

  public void recordPuts(long count) {
    if (enabled && count != 0) {
      puts.add(count);
    }
  }

  public void recordRemovals(long count) {
    if (enabled && count != 0) {
      removals.add(count);
    }
  }

  public void recordEvictions(long count) {
    if (enabled && count != 0) {
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

  @Override
  public void clear() {
    hits.reset();
    misses.reset();
    puts.reset();
    removals.reset();
    evictions.reset();
    getTimeNanos.reset();
    putTimeNanos.reset();
    removeTimeNanos.reset();
    redisFastFailures.reset();
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : 100f * getCacheHits() / gets;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
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
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
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
