package dev.strata.jcache.management;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a near cache heard from the other JVMs of its cache: the change messages that dropped a
 * copy, the messages that dropped every copy at once (a clear elsewhere, or listening restarted
 * after a lost connection), and the messages it found missing. Always counted; the near cache's
 * invalidation listener records them, and the Micrometer binder and the cache's statistics read
 * them.
 */
public final class InvalidationStatistics {
  private final LongAdder received = new LongAdder();
  private final LongAdder flushes = new LongAdder();
  private final LongAdder gaps = new LongAdder();

  /** One invalidation of one key arrived. */
  public void recordReceived() {
    received.increment();
  }

  /** Every copy was dropped at once. */
  public void recordFlush() {
    flushes.increment();
  }

  /** {@code missed} invalidation messages were found lost (a gap in their sequence). */
  public void recordGap(long missed) {
    gaps.add(missed);
  }

  public long received() {
    return received.sum();
  }

  public long flushes() {
    return flushes.sum();
  }

  public long gaps() {
    return gaps.sum();
  }
}
