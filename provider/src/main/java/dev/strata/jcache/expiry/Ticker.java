package dev.strata.jcache.expiry;

/**
 * The time source of a cache, in nanoseconds from an arbitrary origin. Every expiry instant of a
 * cache is read from its ticker, so a test can supply its own and move time without sleeping.
 */
@FunctionalInterface
public interface Ticker {
  /** Nanoseconds elapsed since an arbitrary, fixed origin. */
  long read();

  /** The JVM's monotonic clock. */
  static Ticker system() {
    return System::nanoTime;
  }
}
