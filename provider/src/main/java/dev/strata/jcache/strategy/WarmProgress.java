package dev.strata.jcache.strategy;

import java.time.Duration;
import java.util.List;

/**
 * Where a warm-up stands.
 *
 * @param done the keys handled so far: loaded, found present (and kept), or failed
 * @param total the keys the source has, or -1 when it did not say
 * @param loaded the keys stored from the loader
 * @param failed the keys whose load failed (skipped)
 * @param failedKeys the first failed keys, up to 1,000, in the order they failed
 * @param elapsed time since the warm-up began, on the cache's ticker
 * @param finished whether the warm-up has ended (completed, or stopped by its cache closing)
 */
public record WarmProgress(long done, long total, long loaded, long failed,
    List<Object> failedKeys, Duration elapsed, boolean finished) {

  /** Keys handled per second so far. */
  public double rate() {
    long nanos = elapsed.toNanos();
    return nanos <= 0 ? 0.0 : done * 1e9 / nanos;
  }

  @Override
  public String toString() {
    return String.format("%d%s keys warmed (%d loaded, %d failed), %.0f keys/s%s", done,
        total < 0 ? "" : " of " + total, loaded, failed, rate(), finished ? ", finished" : "");
  }
}
