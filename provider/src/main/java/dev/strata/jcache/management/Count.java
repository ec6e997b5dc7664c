package dev.strata.jcache.management;

import java.util.concurrent.atomic.LongAdder;

/**
 * One of a cache's counts, recorded always, at the cost of one {@link LongAdder} increment: the
 * total since the cache was created serves monitoring (a Micrometer binder, say), which must not
 * depend on JCache statistics being enabled. What the JCache statistics bean shows is the part
 * recorded while statistics were enabled since the last {@code clear()}: the total less what
 * was counted before the clear or while disabled. Enabling, disabling and clearing are rare and
 * made by one thread at a time (the cache's), so the two marks below need no more than
 * visibility.
 */
final class Count {
  private final LongAdder total = new LongAdder();
  /** The part of the total not shown: counted before the last clear or while disabled. */
  private volatile long hidden;
  /** The total when statistics were last disabled. */
  private volatile long pausedAt;

  void add(long count) {
    total.add(count);
  }

  long total() {
    return total.sum();
  }

  long shown(boolean enabled) {
    return (enabled ? total.sum() : pausedAt) - hidden;
  }

  void pause() {
    pausedAt = total.sum();
  }

  void resume() {
    hidden += total.sum() - pausedAt;
  }

  void clear(boolean enabled) {
    hidden = enabled ? total.sum() : pausedAt;
  }
}
