package dev.strata.jcache.strategy;

import java.time.Duration;
import java.util.Objects;

/**
 * How a warm-up runs.
 *
 * @param batchSize the keys handed to the loader's {@code loadAll} at a time
 * @param parallelism how many batches load at once, each on a warm-up thread of its own
 * @param replaceExistingValues whether a key the cache holds already is loaded again (as
 *     {@code Cache.loadAll}'s flag): false keeps it, and costs one read per batch
 * @param progressInterval how often progress is logged and reported (at the end of the batch
 *     that crosses it)
 * @param listener hears the progress, or {@code null}
 */
public record WarmOptions(int batchSize, int parallelism, boolean replaceExistingValues,
    Duration progressInterval, WarmListener listener) {

  /** Batches of 500, two at a time, existing values kept, progress every 2 s. */
  public static final WarmOptions DEFAULTS =
      new WarmOptions(500, 2, false, Duration.ofSeconds(2), null);

  public WarmOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("warm-up batch size must be 1 or more: " + batchSize);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("warm-up parallelism must be 1 or more: "
          + parallelism);
    }
    Objects.requireNonNull(progressInterval, "progress interval");
    if (progressInterval.isNegative() || progressInterval.isZero()) {
      throw new IllegalArgumentException("warm-up progress interval must be positive: "
          + progressInterval);
    }
  }

  public WarmOptions withBatchSize(int value) {
    return new WarmOptions(value, parallelism, replaceExistingValues, progressInterval, listener);
  }

  public WarmOptions withParallelism(int value) {
    return new WarmOptions(batchSize, value, replaceExistingValues, progressInterval, listener);
  }

  public WarmOptions withReplaceExistingValues(boolean value) {
    return new WarmOptions(batchSize, parallelism, value, progressInterval, listener);
  }

  public WarmOptions withProgressInterval(Duration value) {
    return new WarmOptions(batchSize, parallelism, replaceExistingValues, value, listener);
  }

  public WarmOptions withListener(WarmListener value) {
    return new WarmOptions(batchSize, parallelism, replaceExistingValues, progressInterval, value);
  }
}
