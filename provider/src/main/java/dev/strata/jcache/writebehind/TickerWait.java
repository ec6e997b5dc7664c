package dev.strata.jcache.writebehind;

import dev.strata.jcache.expiry.Ticker;
import java.time.Duration;

/**
 * Time as write-behind passes it: read from a ticker, and waited out in short slices of real
 * sleep, each followed by a look at the ticker. On the system ticker a pause lasts as long as it
 * says; on a test's ticker it lasts until the test has moved the ticker far enough, noticed
 * within one slice.
 */
final class TickerWait {
  private final Ticker ticker;
  private final long sliceMillis;

  TickerWait(Ticker ticker, long sliceMillis) {
    this.ticker = ticker;
    this.sliceMillis = sliceMillis;
  }

  long now() {
    return ticker.read();
  }

  /** The ticker's reading {@code timeout} from now, saturated for a very long timeout. */
  long deadlineAfter(Duration timeout) {
    return after(timeout.toNanos());
  }

  private long after(long nanos) {
    long now = ticker.read();
    return now + nanos < now ? Long.MAX_VALUE : now + nanos;
  }

  /** Nanoseconds left until {@code deadline}, zero or less once it has passed. */
  long left(long deadline) {
    return deadline - ticker.read();
  }

  /** Waits until the ticker has moved {@code millis} on. */
  void pause(long millis) throws InterruptedException {
    long deadline = after(millis > Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE
        : millis * 1_000_000L);
    for (long left = deadline - ticker.read(); left > 0; left = deadline - ticker.read()) {
      Thread.sleep(Math.max(1, Math.min(sliceMillis, left / 1_000_000L)));
    }
  }

  /** {@link #pause}, for a caller that must not end on an interrupt: it keeps the flag set. */
  void pauseQuietly(long millis) {
    try {
      pause(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
