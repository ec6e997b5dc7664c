package dev.strata.jcache.configuration;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a read-through cache loads beyond what JCache asks: once across JVMs, and ahead of expiry.
 * See {@link dev.strata.jcache.strategy} for what each guarantees and costs.
 *
 * @param singleFlight whether concurrent read-through misses of one key in different JVMs that
 *     share a Redis cache call the loader once: the first takes a short lease on the key, the
 *     others wait for its value (no effect on an embedded cache, whose misses of one key already
 *     load once)
 * @param singleFlightTimeout the longest a miss waits for another JVM's load before it loads by
 *     itself; also how long a loading lease lasts
 * @param refreshAfter the age after which a read of an entry reloads it in the background, or
 *     {@code null} for none; the age is the creation duration less the remaining time to live
 * @param refreshAheadFraction the fraction of the creation duration after which an entry is
 *     reloaded in the background; 0 for none. With {@code refreshAfter} set as well, the shorter
 *     of the two applies
 * @param refreshThreads how many reloads run at once in this JVM
 */
public record LoadingSettings(boolean singleFlight, Duration singleFlightTimeout,
    Duration refreshAfter, double refreshAheadFraction, int refreshThreads)
    implements Serializable {

  /** No single-flight, no refresh-ahead; a 5 s wait and 2 refresh threads once they are on. */
  public static final LoadingSettings DEFAULTS =
      new LoadingSettings(false, Duration.ofSeconds(5), null, 0.0, 2);

  public LoadingSettings {
    Objects.requireNonNull(singleFlightTimeout, "single-flight timeout");
    if (singleFlightTimeout.isNegative() || singleFlightTimeout.isZero()) {
      throw new IllegalArgumentException("single-flight timeout must be positive: "
          + singleFlightTimeout);
    }
    if (refreshAfter != null && (refreshAfter.isNegative() || refreshAfter.isZero())) {
      throw new IllegalArgumentException("refresh-after must be positive: " + refreshAfter);
    }
    if (!(refreshAheadFraction >= 0.0 && refreshAheadFraction < 1.0)) {
      throw new IllegalArgumentException("refresh-ahead fraction must be at least 0 and below 1: "
          + refreshAheadFraction);
    }
    if (refreshThreads < 1) {
      throw new IllegalArgumentException("refresh threads must be 1 or more: " + refreshThreads);
    }
  }

  /** Whether entries are reloaded ahead of their expiry. */
  public boolean refreshes() {
    return refreshAfter != null || refreshAheadFraction > 0.0;
  }

  public LoadingSettings withSingleFlight(boolean value) {
    return new LoadingSettings(value, singleFlightTimeout, refreshAfter, refreshAheadFraction,
        refreshThreads);
  }

  public LoadingSettings withSingleFlightTimeout(Duration value) {
    return new LoadingSettings(singleFlight, value, refreshAfter, refreshAheadFraction,
        refreshThreads);
  }

  public LoadingSettings withRefreshAfter(Duration value) {
    return new LoadingSettings(singleFlight, singleFlightTimeout, value, refreshAheadFraction,
        refreshThreads);
  }

  public LoadingSettings withRefreshAheadFraction(double value) {
    return new LoadingSettings(singleFlight, singleFlightTimeout, refreshAfter, value,
        refreshThreads);
  }

  public LoadingSettings withRefreshThreads(int value) {
    return new LoadingSettings(singleFlight, singleFlightTimeout, refreshAfter,
        refreshAheadFraction, value);
  }
}
