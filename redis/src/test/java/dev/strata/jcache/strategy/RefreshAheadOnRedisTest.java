package dev.strata.jcache.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.LoadingSettings;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.expiry.ConfiguredExpiryPolicy;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;

/**
 * Refresh-ahead on Redis, with and without a near cache: two cache managers over one Redis
 * (each with its own store, connection and loader, as two JVMs have) read one hot key
 * continuously for four of its 2 s times to live, on Redis's own clock. Neither misses after
 * the first load, and the loading lease keeps them from both reloading it each time it is due.
 */
class RefreshAheadOnRedisTest {
  static final AtomicInteger LOADS = new AtomicInteger();

  @Test
  void aHotKeyReadFromTwoManagersNeverMissesAndIsReloadedByOneAtATime() throws Exception {
    try (RedisServer server = RedisServer.start();
         CacheManager first = manager(server, "first");
         CacheManager second = manager(server, "second")) {
      Cache<String, String> one = first.createCache("hot", config(false));
      Cache<String, String> other = second.createCache("hot", config(true));
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
      while (System.nanoTime() < end) {
        assertNotNull(one.get("k"));
        assertNotNull(other.get("k"));
        Thread.sleep(5);
      }
      StrataCache<?, ?> oneStrata = one.unwrap(StrataCache.class);
      StrataCache<?, ?> otherStrata = other.unwrap(StrataCache.class);
      assertEquals(1, oneStrata.statistics().getCacheMisses()
          + otherStrata.statistics().getCacheMisses());
      long refreshes = oneStrata.strategyStatistics().refreshes()
          + otherStrata.strategyStatistics().refreshes();
      // due after 1 s: about one reload a second between them, not one each
      assertTrue(refreshes >= 3 && refreshes <= 10, refreshes + " refreshes");
      assertEquals(1 + refreshes, LOADS.get());
    }
  }

  private static CacheManager manager(RedisServer server, String name) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", server.uri());
    properties.setProperty("strata.redis.namespace", "refresh-ahead");
    properties.setProperty("strata.defaults.store", "redis");
    return Caching.getCachingProvider().getCacheManager(URI.create("refresh-ahead-" + name),
        RefreshAheadOnRedisTest.class.getClassLoader(), properties);
  }

  private static StrataConfiguration<String, String> config(boolean near) {
    var config = new StrataConfiguration<String, String>().setTypes(String.class, String.class)
        .setLoading(LoadingSettings.DEFAULTS.withRefreshAheadFraction(0.5));
    if (near) {
      config.setNearCache(new NearCacheSettings(100, java.time.Duration.ofSeconds(30)));
    }
    config.setExpiryPolicyFactory(FactoryBuilder.factoryOf(
        new ConfiguredExpiryPolicy(new Duration(TimeUnit.SECONDS, 2), null, null)));
    config.setStatisticsEnabled(true);
    config.setReadThrough(true);
    config.setCacheLoaderFactory(FactoryBuilder.factoryOf(NumberingLoader.class));
    return config;
  }

  /** Numbers its loads. */
  public static final class NumberingLoader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      return "load " + LOADS.incrementAndGet();
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }
}
