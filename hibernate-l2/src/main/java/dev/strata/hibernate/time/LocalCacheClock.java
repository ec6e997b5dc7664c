package dev.strata.hibernate.time;

/**
 * This JVM's wall clock: right for embedded caches, which only this JVM reads, and the clock of
 * Hibernate's own timestamper.
 */
public final class LocalCacheClock implements CacheClock {
  private final MonotonicTimestamps timestamps = new MonotonicTimestamps();

  @Override
  public long next() {
    return timestamps.next(System.currentTimeMillis());
  }
}
