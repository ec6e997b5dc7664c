package dev.strata.jcache.strategy;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one cache's loading strategies in this JVM: single-flight waits, refresh-ahead
 * reloads and warm-up loads. Always counted (a few adders, touched only off the hit path);
 * public getters for whoever publishes them (JMX, meters).
 */
public final class StrategyStatistics {
  private final LongAdder singleFlightWaits = new LongAdder();
  private final LongAdder singleFlightTimeouts = new LongAdder();
  private final LongAdder refreshes = new LongAdder();
  private final LongAdder refreshFailures = new LongAdder();
  private final LongAdder refreshesDropped = new LongAdder();
  private final LongAdder warmedKeys = new LongAdder();
  private final LongAdder warmFailures = new LongAdder();

  /** Misses that waited for another JVM's load of the key instead of calling the loader. */
  public long singleFlightWaits() {
    return singleFlightWaits.sum();
  }

  /** Misses that waited for another JVM's load longer than the timeout, then loaded. */
  public long singleFlightTimeouts() {
    return singleFlightTimeouts.sum();
  }

  /** Entries reloaded ahead of their expiry. */
  public long refreshes() {
    return refreshes.sum();
  }

  /** Reloads ahead of expiry whose loader failed; the old value stays until it expires. */
  public long refreshFailures() {
    return refreshFailures.sum();
  }

  /** Reloads not scheduled because the refresh queue was full; the next due read tries again. */
  public long refreshesDropped() {
    return refreshesDropped.sum();
  }

  /** Keys loaded by warm-ups. */
  public long warmedKeys() {
    return warmedKeys.sum();
  }

  /** Keys warm-ups could not load. */
  public long warmFailures() {
    return warmFailures.sum();
  }

  void recordSingleFlightWait() {
    singleFlightWaits.increment();
  }

  void recordSingleFlightTimeout() {
    singleFlightTimeouts.increment();
  }

  void recordRefresh() {
    refreshes.increment();
  }

  void recordRefreshFailure() {
    refreshFailures.increment();
  }

  void recordRefreshDropped() {
    refreshesDropped.increment();
  }

  void recordWarmed(long keys) {
    warmedKeys.add(keys);
  }

  void recordWarmFailures(long keys) {
    warmFailures.add(keys);
  }
}
