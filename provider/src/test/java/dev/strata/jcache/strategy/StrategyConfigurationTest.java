package dev.strata.jcache.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.LoadingSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;

/** The loading and warm sections of a configuration file. */
class StrategyConfigurationTest {

  @Test
  void loadingAndWarmSectionsAreReadAndTheWarmUpRunsAtStart() throws Exception {
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("classpath:config/strategies.conf"), getClass().getClassLoader())) {
      Cache<String, String> hot = manager.getCache("hot", String.class, String.class);
      @SuppressWarnings("unchecked")
      StrataConfiguration<String, String> config =
          hot.getConfiguration(StrataConfiguration.class);
      assertEquals(new LoadingSettings(true, Duration.ofSeconds(2), null, 0.75, 3),
          config.getLoading());
      assertEquals(2, config.getWarm().batchSize());
      StrataCache<?, ?> strata = hot.unwrap(StrataCache.class);
      // an embedded cache's misses load once per key already: no lease
      assertFalse(strata.isSingleFlight());
      assertTrue(strata.refreshAhead().isPresent());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (strata.strategyStatistics().warmedKeys() < 3) {
        assertTrue(System.nanoTime() < deadline, "the warm-up at start did not load the keys");
        Thread.sleep(10);
      }
      assertTrue(strata.warmProgress().isPresent());
      assertEquals(Map.of("a", "A", "b", "B", "c", "C"),
          hot.getAll(java.util.Set.of("a", "b", "c")));
      Cache<String, String> plain = manager.getCache("plain", String.class, String.class);
      assertEquals(LoadingSettings.DEFAULTS,
          plain.getConfiguration(StrataConfiguration.class).getLoading());
      assertTrue(plain.unwrap(StrataCache.class).refreshAhead().isEmpty());
    }
  }

  @Test
  void aRefreshFractionOutsideItsRangeIsRejectedWithItsLine() {
    CacheException failure = assertThrows(CacheException.class,
        () -> Caching.getCachingProvider().getCacheManager(
            URI.create("classpath:config/strategies-bad-fraction.conf"),
            getClass().getClassLoader()));
    assertTrue(failure.getMessage().contains("strategies-bad-fraction.conf:5"),
        failure.getMessage());
    assertTrue(failure.getMessage().contains(
        "strata.caches.hot.loading.refresh-ahead-fraction = 1.5"), failure.getMessage());
  }

  /** Upper-cases the key. */
  public static final class Loader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      return key.toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }

  /** The keys a, b and c. */
  public static final class Keys implements KeySource<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("a", "b", "c").iterator();
    }

    @Override
    public long size() {
      return 3;
    }
  }
}
