package dev.strata.jcache.configuration;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * A near cache in front of a Redis cache: how many entries each JVM keeps in its heap, and how
 * long at most a copy may be served without being read from Redis again, whatever invalidation
 * messages were lost.
 */
public record NearCacheSettings(long maximumSize, Duration maxStaleness) implements Serializable {
  public NearCacheSettings {
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
