package dev.strata.hibernate.time;

/**
 * The source of Hibernate's cache timestamps: session start times, soft-lock timeouts, the
 * instants read-write items were written and the instants query spaces were last updated.
 *
 * <p>Timestamps written by one node are compared with timestamps taken on another (a query
 * result cached on node B is checked against the update time node A wrote), so nodes sharing a
 * cache must read one clock. Values follow Hibernate's convention: milliseconds shifted left by
 * {@value #BITS} bits, the low bits counting calls within one millisecond, so that one clock
 * never returns the same value twice.
 */
public interface CacheClock {
  /** Low bits of a timestamp that count calls within one millisecond. */
  int BITS = 12;

  /** One millisecond, in timestamp units. */
  long ONE_MS = 1L << BITS;

  /** A timestamp larger than every one this clock returned before. */
  long next();

  /** Turns a number of milliseconds into timestamp units. */
  static long millis(long millis) {
    return millis << BITS;
  }
}
