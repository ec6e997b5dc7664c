package dev.strata.jcache.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.LoadingSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;

/**
 * A single-flight load that hangs delays the other loaders of the key no longer than the
 * timeout. Two cache managers in this JVM stand for two JVMs: each has a Redis store of its own
 * (its own connection, local locks and loader), and they share only Redis, as JVMs do.
 */
class SingleFlightTimeoutTest {
  private static final long TIMEOUT_MILLIS = 2_000;
  static final CountDownLatch HANGING = new CountDownLatch(1);
  static final CountDownLatch RELEASE = new CountDownLatch(1);
  static final AtomicInteger LOADS = new AtomicInteger();

  @Test
  void aHangingLoaderHoldsTheOthersOnlyUntilTheTimeout() throws Exception {
    try (RedisServer server = RedisServer.start();
         CacheManager first = manager(server, "first");
         CacheManager second = manager(server, "second")) {
      Cache<String, String> hanging = first.createCache("hang", config(HangingLoader.class));
      Cache<String, String> waiting = second.createCache("hang", config(CountingLoader.class));
      assertTrue(hanging.unwrap(StrataCache.class).isSingleFlight());
      // connected and scripts loaded before the clock starts
      assertEquals("counted warm", waiting.get("warm"));
      LOADS.set(0);
      var stuck = CompletableFuture.supplyAsync(() -> hanging.get("slow"));
      assertTrue(HANGING.await(10, TimeUnit.SECONDS), "the hanging loader was not called");
      long started = System.nanoTime();
      assertEquals("counted slow", waiting.get("slow"));
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertTrue(waitedMillis < TIMEOUT_MILLIS + 1_500, "waited " + waitedMillis + " ms");
      assertTrue(waitedMillis >= TIMEOUT_MILLIS / 2, "did not wait for the other load: "
          + waitedMillis + " ms");
      assertEquals(1, LOADS.get());
      StrategyStatistics statistics = waiting.unwrap(StrataCache.class).strategyStatistics();
      assertEquals(1, statistics.singleFlightWaits());
      // the hung load's lease lapses as the wait times out: the waiter then takes the lease
      // a key nobody else loads costs no wait
      assertEquals("counted fast", waiting.get("fast"));
      assertEquals(2, LOADS.get());
      assertEquals(1, statistics.singleFlightWaits());
      assertFalse(stuck.isDone());
      RELEASE.countDown();
      stuck.get(10, TimeUnit.SECONDS);
    } finally {
      RELEASE.countDown();
    }
  }

  private static CacheManager manager(RedisServer server, String name) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", server.uri());
    properties.setProperty("strata.redis.namespace", "single-flight-timeout");
    properties.setProperty("strata.defaults.store", "redis");
    return Caching.getCachingProvider().getCacheManager(URI.create("single-flight-" + name),
        SingleFlightTimeoutTest.class.getClassLoader(), properties);
  }

  private static StrataConfiguration<String, String> config(
      Class<? extends CacheLoader<String, String>> loader) {
    var config = new StrataConfiguration<String, String>().setTypes(String.class, String.class)
        .setLoading(LoadingSettings.DEFAULTS.withSingleFlight(true)
            .withSingleFlightTimeout(Duration.ofMillis(TIMEOUT_MILLIS)));
    config.setReadThrough(true);
    config.setCacheLoaderFactory(FactoryBuilder.factoryOf(loader));
    return config;
  }

  /** Hangs until the test lets it go. */
  public static final class HangingLoader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      HANGING.countDown();
      try {
        RELEASE.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "hung " + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }

  /** Answers at once, counting its calls. */
  public static final class CountingLoader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      LOADS.incrementAndGet();
      return "counted " + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }
}
