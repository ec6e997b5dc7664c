package dev.strata.jcache.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the binder publishes beyond the counters, which cost nothing to publish (they are
 * recorded always): operation latency timers, off by default because timing reads the clock
 * twice per operation (some 20-40 ns, more than an embedded hit itself), their percentiles and
 * histogram, and how many hot keys to publish as gauges. Immutable; each {@code with} method
 * returns a changed copy.
 */
public final class MetricsOptions {
  /** No timers, no extra tags, the top five hot keys of a cache that tracks them. */
  public static final MetricsOptions DEFAULTS =
      new MetricsOptions(Tags.empty(), false, new double[0], false, 5);

  private final Tags tags;
  private final boolean timers;
  private final double[] percentiles;
  private final boolean histogram;
  private final int hotKeyGauges;

  private MetricsOptions(Tags tags, boolean timers, double[] percentiles, boolean histogram,
      int hotKeyGauges) {
    this.tags = tags;
    this.timers = timers;
    this.percentiles = percentiles;
    this.histogram = histogram;
    this.hotKeyGauges = hotKeyGauges;
  }

  /** Tags added to every meter, besides {@code cache} and {@code cacheManager}. */
  public MetricsOptions withTags(Iterable<Tag> extra) {
    return new MetricsOptions(tags.and(extra), timers, percentiles, histogram, hotKeyGauges);
  }

  /**
   * Times {@code get}, {@code getAll}, {@code put}, {@code putAll}, {@code remove} and
   * {@code invoke} as {@code strata.cache.operation} timers tagged {@code operation}; with
   * {@code percentiles} (for example 0.5, 0.99) published client-side.
   */
  public MetricsOptions withLatencyTimers(double... percentiles) {
    for (double percentile : percentiles) {
      if (!(percentile >= 0 && percentile <= 1)) {
        throw new IllegalArgumentException("a percentile is between 0 and 1: " + percentile);
      }
    }
    return new MetricsOptions(tags, true, percentiles.clone(), histogram, hotKeyGauges);
  }

  /** Publishes the latency timers' histogram too, for percentiles computed by the backend. */
  public MetricsOptions withPercentileHistogram() {
    return new MetricsOptions(tags, timers, percentiles, true, hotKeyGauges);
  }

  /** How many of a cache's hot keys to publish as {@code strata.cache.hot.key.reads} gauges. */
  public MetricsOptions withHotKeyGauges(int count) {
    if (count < 0 || count > 100) {
      throw new IllegalArgumentException("hot-key gauges: from 0 to 100, not " + count);
    }
    return new MetricsOptions(tags, timers, percentiles, histogram, count);
  }

  public Tags tags() {
    return tags;
  }

  public boolean timers() {
    return timers;
  }

  public double[] percentiles() {
    return percentiles.clone();
  }

  public boolean histogram() {
    return histogram;
  }

  public int hotKeyGauges() {
    return hotKeyGauges;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MetricsOptions that && tags.equals(that.tags)
        && timers == that.timers && Arrays.equals(percentiles, that.percentiles)
        && histogram == that.histogram && hotKeyGauges == that.hotKeyGauges;
  }

  @Override
  public int hashCode() {
    return Objects.hash(tags, timers, Arrays.hashCode(percentiles), histogram, hotKeyGauges);
  }
}
