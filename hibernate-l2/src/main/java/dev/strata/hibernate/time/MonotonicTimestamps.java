package dev.strata.hibernate.time;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a millisecond reading into strictly increasing timestamps: the millisecond shifted left
 * by {@link CacheClock#BITS}, bumped by one for each call within the same millisecond, and never
 * below the last value returned, even if the reading goes back.
 */
final class MonotonicTimestamps {
  private final AtomicLong last = new AtomicLong();

  long next(long millis) {
    long base = CacheClock.millis(millis);
    return last.accumulateAndGet(base, (previous, candidate) -> Math.max(previous + 1, candidate));
  }
}
