package dev.strata.jcache.configuration;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * A near cache in front of a Redis cache: how many entries each JVM keeps in its heap, how long
 * at most a copy may be served without being read from Redis again, whatever invalidation
 * messages were lost, and how often the change sequences of its copies are compared with
 * Redis's, which bounds how long a copy outlives a lost invalidation (see docs/invalidation.md).
 */
public record NearCacheSettings(long maximumSize, Duration maxStaleness, Duration checkInterval)
    implements Serializable {
  /** How often a near cache checks its change sequences, unless configured. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

  public NearCacheSettings(long maximumSize, Duration maxStaleness) {
    this(maximumSize, maxStaleness, DEFAULT_CHECK_INTERVAL);
  }

  public NearCacheSettings {
    Objects.requireNonNull(checkInterval, "checkInterval");
    if (checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException("near cache check interval must be positive: "
          + checkInterval);
    }
    if (maximumSize < 0) {
      throw new IllegalArgumentException("near cache maximum size must be 0 or more: "
          + maximumSize);
    }
    Objects.requireNonNull(maxStaleness, "maxStaleness");
    if (maxStaleness.isNegative() || maxStaleness.isZero()) {
      throw new IllegalArgumentException("near cache max staleness must be positive: "
          + maxStaleness);
    }
  }
}
