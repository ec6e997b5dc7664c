package dev.strata.jcache.expiry;

import java.util.Objects;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Turns a cache's {@link ExpiryPolicy} into expiry instants on its {@link Ticker}.
 *
 * <p>The policy is asked exactly once per created, updated or accessed entry, as the
 * specification requires. A policy that throws, or answers {@code null} for a creation, is read
 * as the specification's defaults: eternal on creation, unchanged on update and access. A zero
 * duration yields the current instant, which counts as already expired.
 */
public final class ExpiryCalculator {
  /** The answer for "leave the current expiry instant as it is". */
  public static final long UNCHANGED = Long.MIN_VALUE;

  /** The expiry instant of an entry that never expires. */
  public static final long ETERNAL = Long.MAX_VALUE;

  /**
   * The expiry instant of an entry read without it (a remote store's plain read does not fetch
   * the time to live); never taken for an instant that has passed.
   */
  public static final long UNKNOWN = Long.MIN_VALUE + 1;

  private final ExpiryPolicy policy;
  private final Ticker ticker;
  private final boolean eternal;
  private final boolean fixed;

  public ExpiryCalculator(ExpiryPolicy policy, Ticker ticker) {
    this.policy = Objects.requireNonNull(policy);
    this.ticker = Objects.requireNonNull(ticker);
    Class<?> type = policy.getClass();
    this.eternal = type == EternalExpiryPolicy.class;
    this.fixed = eternal || type == CreatedExpiryPolicy.class
        || type == ModifiedExpiryPolicy.class || type == TouchedExpiryPolicy.class
        || type == AccessedExpiryPolicy.class;
  }

  /**
   * Whether the policy is one of the specification's own, whose durations are fixed: asking it
   * for both the creation and the update duration before a write knows which applies has no
   * effect that anyone can see. Any other policy is asked only for the one that applies.
   */
  public boolean isFixed() {
    return fixed;
  }

  /** Whether every entry is eternal, so that no instant need ever be computed or checked. */
  public boolean isEternal() {
    return eternal;
  }

  public ExpiryPolicy policy() {
    return policy;
  }

  public long now() {
    return ticker.read();
  }

  /** The instant a new entry expires; {@code <= now} when it is expired at once. */
  public long forCreation(long now) {
    if (eternal) {
      return ETERNAL;
    }
    Duration duration;
    try {
      duration = policy.getExpiryForCreation();
    } catch (RuntimeException e) {
      return ETERNAL;
    }
    return duration == null ? ETERNAL : instant(duration, now);
  }

  /** The instant an updated entry expires, or {@link #UNCHANGED}. */
  public long forUpdate(long now) {
    if (eternal) {
      return UNCHANGED;
    }
    try {
      Duration duration = policy.getExpiryForUpdate();
      return duration == null ? UNCHANGED : instant(duration, now);
    } catch (RuntimeException e) {
      return UNCHANGED;
    }
  }

  /** The instant an accessed entry expires, or {@link #UNCHANGED}. */
  public long forAccess(long now) {
    if (eternal) {
      return UNCHANGED;
    }
    try {
      Duration duration = policy.getExpiryForAccess();
      return duration == null ? UNCHANGED : instant(duration, now);
    } catch (RuntimeException e) {
      return UNCHANGED;
    }
  }

  /** Whether an instant from this calculator means the entry is expired at {@code now}. */
  public static boolean isExpired(long expiresAt, long now) {
    return expiresAt != UNCHANGED && expiresAt != ETERNAL
        && expiresAt != UNKNOWN && expiresAt <= now;
  }

  private static long instant(Duration duration, long now) {
    if (duration.isEternal()) {
      return ETERNAL;
    }
    if (duration.isZero()) {
      return now;
    }
    long nanos = duration.getTimeUnit().toNanos(duration.getDurationAmount());
    long instant = now + nanos;
    return (instant < now || instant == ETERNAL) ? ETERNAL - 1 : instant;
  }
}
