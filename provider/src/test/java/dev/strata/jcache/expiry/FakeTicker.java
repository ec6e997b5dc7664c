package dev.strata.jcache.expiry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A time source that moves only when a test moves it. */
public final class FakeTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong();

  @Override
  public long read() {
    return nanos.get();
  }

  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
