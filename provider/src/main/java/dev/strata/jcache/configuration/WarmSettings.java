package dev.strata.jcache.configuration;

import dev.strata.jcache.strategy.KeySource;
import dev.strata.jcache.strategy.WarmOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import javax.cache.configuration.Factory;

/**
 * A warm-up a cache runs when it is created (see {@link dev.strata.jcache.strategy.WarmUp}):
 * the keys of a {@link KeySource} loaded through the cache's loader in the background.
 *
 * @param keySource makes the source of the keys
 * @param onStart whether the warm-up begins when the cache is created; false leaves it to
 *     {@code StrataCache.warm}
 * @param batchSize the keys handed to the loader's {@code loadAll} at a time
 * @param parallelism how many batches load at once
 * @param replaceExistingValues whether a key the cache holds already is loaded again
 * @param progressInterval how often progress is logged
 */
public record WarmSettings(Factory<? extends KeySource<?>> keySource, boolean onStart,
    int batchSize, int parallelism, boolean replaceExistingValues, Duration progressInterval)
    implements Serializable {

  public WarmSettings {
    Objects.requireNonNull(keySource, "key source");
    options(batchSize, parallelism, replaceExistingValues, progressInterval);
  }

  /** A warm-up at creation of the source's keys, with the default options. */
  public static WarmSettings of(Factory<? extends KeySource<?>> keySource) {
    WarmOptions defaults = WarmOptions.DEFAULTS;
    return new WarmSettings(keySource, true, defaults.batchSize(), defaults.parallelism(),
        defaults.replaceExistingValues(), defaults.progressInterval());
  }

  /** The options of the warm-up, without a listener (progress is logged). */
  public WarmOptions options() {
    return options(batchSize, parallelism, replaceExistingValues, progressInterval);
  }

  private static WarmOptions options(int batchSize, int parallelism, boolean replace,
      Duration interval) {
    return new WarmOptions(batchSize, parallelism, replace, interval, null);
  }
}
