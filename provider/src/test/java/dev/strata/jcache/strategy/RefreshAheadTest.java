package dev.strata.jcache.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.LoadingSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.expiry.ConfiguredExpiryPolicy;
import dev.strata.jcache.expiry.FakeTicker;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refresh-ahead on an embedded cache, on a ticker the test moves. */
class RefreshAheadTest {
  static final AtomicInteger LOADS = new AtomicInteger();
  static final AtomicBoolean FAILING = new AtomicBoolean();

  private final FakeTicker ticker = new FakeTicker();
  private CacheManager manager;

  @BeforeEach
  void open() {
    LOADS.set(0);
    FAILING.set(false);
    manager = Caching.getCachingProvider().getCacheManager(URI.create("refresh-ahead"),
        getClass().getClassLoader());
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void aHotKeyNeverMissesAcrossTenExpiryPeriodsAndLoadsOncePerRefreshAge() throws Exception {
    Cache<String, String> cache = manager.createCache("hot", config());
    StrataCache<?, ?> strata = cache.unwrap(StrataCache.class);
    // ten 10 s expiry periods, a read every 100 ms; due at half the time to live
    for (int step = 0; step < 1_000; step++) {
      assertNotNull(cache.get("hot"));
      awaitIdle(strata);
      ticker.advance(java.time.Duration.ofMillis(100));
    }
    assertEquals(1, strata.statistics().getCacheMisses());
    assertEquals(999, strata.statistics().getCacheHits());
    // reloaded at 5 s, 10 s, ..., 95 s: once per 5 s after the first load
    assertEquals(19, strata.strategyStatistics().refreshes());
    assertEquals(20, LOADS.get());
    assertEquals(0, strata.strategyStatistics().refreshFailures());
  }

  @Test
  void aFailingReloadKeepsTheOldValueAndIsTriedAgainAtTheNextDueRead() throws Exception {
    Cache<String, String> cache = manager.createCache("failing", config());
    StrataCache<?, ?> strata = cache.unwrap(StrataCache.class);
    assertEquals("load 1", cache.get("k"));
    ticker.advance(java.time.Duration.ofSeconds(6));
    FAILING.set(true);
    assertEquals("load 1", cache.get("k"));
    awaitIdle(strata);
    assertEquals(1, strata.strategyStatistics().refreshFailures());
    assertEquals("load 1", cache.get("k"));
    awaitIdle(strata);
    assertEquals(2, strata.strategyStatistics().refreshFailures());
    FAILING.set(false);
    assertEquals("load 1", cache.get("k"));
    awaitIdle(strata);
    assertEquals(1, strata.strategyStatistics().refreshes());
    assertEquals("load 4", cache.get("k"));
    // the refreshed entry lives its own full time to live
    ticker.advance(java.time.Duration.ofSeconds(9));
    assertEquals(1, strata.statistics().getCacheMisses());
  }

  @Test
  void refreshAheadNeedsReadThroughAndAFiniteCreationExpiry() {
    var eternal = config().setExpiryPolicyFactory(FactoryBuilder.factoryOf(
        new ConfiguredExpiryPolicy(Duration.ETERNAL, null, null)));
    var failure = assertThrows(IllegalArgumentException.class,
        () -> manager.createCache("eternal", eternal));
    assertTrue(failure.getMessage().contains("finite"), failure.getMessage());
    var noLoader = config();
    noLoader.setReadThrough(false);
    failure = assertThrows(IllegalArgumentException.class,
        () -> manager.createCache("unloaded", noLoader));
    assertTrue(failure.getMessage().contains("read-through"), failure.getMessage());
  }

  private StrataConfiguration<String, String> config() {
    var config = new StrataConfiguration<String, String>().setTypes(String.class, String.class)
        .setTicker(ticker)
        .setLoading(LoadingSettings.DEFAULTS.withRefreshAheadFraction(0.5));
    config.setExpiryPolicyFactory(FactoryBuilder.factoryOf(
        new ConfiguredExpiryPolicy(new Duration(TimeUnit.SECONDS, 10), null, null)));
    config.setStatisticsEnabled(true);
    config.setReadThrough(true);
    config.setCacheLoaderFactory(FactoryBuilder.factoryOf(NumberingLoader.class));
    return config;
  }

  private static void awaitIdle(StrataCache<?, ?> cache) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!cache.refreshAhead().orElseThrow().isIdle()) {
      assertTrue(System.nanoTime() < deadline, "a refresh did not end");
      Thread.sleep(1);
    }
  }

  /** Numbers its loads; fails while the test says so. */
  public static final class NumberingLoader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      int load = LOADS.incrementAndGet();
      if (FAILING.get()) {
        throw new IllegalStateException("the system of record is down");
      }
      return "load " + load;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }
}
