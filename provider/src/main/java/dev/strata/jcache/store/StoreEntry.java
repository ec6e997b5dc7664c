package dev.strata.jcache.store;

import dev.strata.jcache.expiry.ExpiryCalculator;
import java.util.Objects;

/**
 * One stored entry: the value in its stored form (see {@link dev.strata.jcache.codec.ValueCopier})
 * and the instant, on the cache's {@link dev.strata.jcache.expiry.Ticker}, at which it expires.
 *
 * <p>Entries are immutable: a store replaces them, never changes them, so a reader holding one
 * sees a consistent value and expiry.
 */
public final class StoreEntry implements Step {
  /** The expiry instant of an entry that never expires. */
  public static final long ETERNAL = ExpiryCalculator.ETERNAL;

  /**
   * The expiry instant of an entry read without it: a remote store's plain read does not fetch
   * the time to live, which only matters to a step that changes the entry, and such a step reads
   * it.
   */
  public static final long UNKNOWN = ExpiryCalculator.UNKNOWN;

  private final Object value;
  private final long expiresAt;

  public StoreEntry(Object value, long expiresAt) {
    this.value = Objects.requireNonNull(value);
    this.expiresAt = expiresAt;
  }

  /** An entry is the step that keeps or stores it, with nothing for the journal. */
  @Override
  public StoreEntry next() {
    return this;
  }

  /** The value in its stored form. */
  public Object value() {
    return value;
  }

  /** The expiry instant in ticker nanoseconds, or {@link #ETERNAL}. */
  public long expiresAt() {
    return expiresAt;
  }

  public boolean isEternal() {
    return expiresAt == ETERNAL;
  }

  /** This entry's value with another expiry instant. */
  public StoreEntry withExpiry(long newExpiresAt) {
    return newExpiresAt == expiresAt ? this : new StoreEntry(value, newExpiresAt);
  }

  @Override
  public String toString() {
    return "StoreEntry[expiresAt=" + (isEternal() ? "eternal" : expiresAt) + "]";
  }
}
