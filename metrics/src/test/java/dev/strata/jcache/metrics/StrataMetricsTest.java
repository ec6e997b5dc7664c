package dev.strata.jcache.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.configuration.WriteBehindSettings;
import dev.strata.jcache.hotkeys.HotKeySettings;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The binder's meters count what the caches did, JCache statistics left disabled: near hits,
 * Redis hits and misses of a near-cached Redis cache, invalidations from another JVM's
 * connection, evictions of a bounded cache, the write-behind queue's batches, retries and dead
 * letters, operation latencies and hot keys, for caches created after the binder was bound.
 */
class StrataMetricsTest {
  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private CacheManager manager;
  private StrataMetrics metrics;

  @BeforeEach
  void bind() {
    REDIS.get().call("FLUSHALL");
    manager = manager("metrics-a", "2s");
    metrics = new StrataMetrics(manager, MetricsOptions.DEFAULTS
        .withTags(Tags.of("app", "test")).withLatencyTimers(0.5, 0.99));
    metrics.bindTo(registry);
  }

  @AfterEach
  void close() {
    metrics.close();
    manager.close();
  }

  private static CacheManager manager(String name, String connectTimeout) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", REDIS.get().uri());
    properties.setProperty("strata.redis.namespace", "metrics");
    // different connect timeouts give the two managers separate Redis connections
    properties.setProperty("strata.redis.connect-timeout", connectTimeout);
    return Caching.getCachingProvider().getCacheManager(URI.create(name),
        StrataMetricsTest.class.getClassLoader(), properties);
  }

  private static StrataConfiguration<String, String> config() {
    return new StrataConfiguration<String, String>().setTypes(String.class, String.class);
  }

  @Test
  void nearHitsRedisHitsMissesPutsAndRemovalsOfANearCachedRedisCache() throws Exception {
    var config = config();
    config.setStoreType(dev.strata.jcache.configuration.StoreType.REDIS);
    config.setNearCache(new dev.strata.jcache.configuration.NearCacheSettings(1000,
        Duration.ofSeconds(30)));
    Cache<String, String> cache = manager.createCache("near", config);
    cache.put("a", "1");
    cache.put("b", "2");
    long nearBefore = cache.unwrap(StrataCache.class).statistics().getNearCacheHits();
    assertEquals("1", cache.get("a"));
    assertEquals("1", cache.get("a"));
    assertEquals("1", cache.get("a"));
    assertEquals("2", cache.get("b"));
    assertNull(cache.get("missing"));
    assertTrue(cache.remove("b"));

    long near = (long) count("strata.cache.tier.hits", "near", "tier", "near");
    long redis = (long) count("strata.cache.tier.hits", "near", "tier", "redis");
    assertEquals(4, near + redis, "every hit is served by one tier");
    assertEquals(nearBefore + 2, near, "the second and third reads of a are near hits");
    assertEquals(4.0, count("cache.gets", "near", "result", "hit"));
    assertEquals(1.0, count("cache.gets", "near", "result", "miss"));
    assertEquals(2.0, count("cache.puts", "near"));
    assertEquals(1.0, count("cache.removals", "near"));
    assertEquals(0.0, count("strata.cache.near.invalidations", "near", "scope", "key"));
    assertTrue(registry.get("cache.size").tags("cache", "near").gauge().value() >= 1);
    Timer gets = registry.get("strata.cache.operation").tags("cache", "near",
        "operation", "get").timer();
    assertEquals(5, gets.count());
    assertTrue(gets.totalTime(TimeUnit.NANOSECONDS) > 0);
    assertEquals(2, registry.get("strata.cache.operation").tags("cache", "near",
        "operation", "put").timer().count());
    assertEquals("test", registry.get("cache.gets").tags("cache", "near").meter()
        .getId().getTag("app"));
    assertEquals(manager.getURI().toString(), registry.get("cache.gets")
        .tags("cache", "near").meter().getId().getTag("cacheManager"));

    // another JVM's write of a key this one holds a copy of invalidates the copy
    try (CacheManager other = manager("metrics-b", "3s")) {
      var otherConfig = config();
      otherConfig.setStoreType(dev.strata.jcache.configuration.StoreType.REDIS);
      Cache<String, String> elsewhere = other.createCache("near", otherConfig);
      elsewhere.put("a", "changed");
      await(() -> count("strata.cache.near.invalidations", "near", "scope", "key") >= 1);
    }
    assertEquals("changed", cache.get("a"));
  }

  @Test
  void evictionsOfABoundedCacheAndItsSize() {
    var config = config();
    config.setMaximumSize(10);
    Cache<String, String> cache = manager.createCache("bounded", config);
    for (int i = 0; i < 100; i++) {
      cache.put("k" + i, "v");
    }
    cache.unwrap(com.github.benmanes.caffeine.cache.Cache.class).cleanUp();
    assertEquals(90.0, count("cache.evictions", "bounded"));
    assertEquals(100.0, count("cache.puts", "bounded"));
    assertEquals(10.0, registry.get("cache.size").tags("cache", "bounded").gauge().value());
    assertEquals(0, cache.unwrap(StrataCache.class).statistics().getCacheEvictions(),
        "JCache statistics stay disabled");
  }

  @Test
  void writeBehindBatchesRetriesAndDeadLetters() {
    RefusingWriter.WRITTEN.clear();
    var config = config();
    config.setWriteThrough(true);
    config.setCacheWriterFactory(FactoryBuilder.factoryOf(RefusingWriter.class));
    config.setWriteBehind(WriteBehindSettings.DEFAULTS.withMaxDelay(Duration.ofMillis(20))
        .withMaxAttempts(3).withBackoff(Duration.ofMillis(5), Duration.ofMillis(10)));
    Cache<String, String> cache = manager.createCache("behind", config);
    cache.put("good", "1");
    cache.put(RefusingWriter.REFUSED, "2");
    @SuppressWarnings("unchecked")
    StrataCache<String, String> strata = cache.unwrap(StrataCache.class);
    assertTrue(strata.writeBehind().orElseThrow().flush(Duration.ofSeconds(20)));

    assertEquals("1", RefusingWriter.WRITTEN.get("good"));
    assertEquals(0.0, gauge("strata.cache.writebehind.queue.length", "behind"));
    assertEquals(0.0, registry.get("strata.cache.writebehind.oldest.age")
        .tags("cache", "behind").timeGauge().value(TimeUnit.MILLISECONDS));
    assertTrue(count("strata.cache.writebehind.batches", "behind") >= 3,
        "one batch at least, and two more attempts of the refused key");
    assertEquals(2.0, count("strata.cache.writebehind.retries", "behind"));
    assertEquals(1.0, count("strata.cache.writebehind.dead.letters", "behind"));
    assertEquals(1.0, gauge("strata.cache.writebehind.dead.letters.held", "behind"));
  }

  @Test
  void hotKeysAsRankedGauges() {
    var config = config().setHotKeys(new HotKeySettings(1, 64));
    Cache<String, String> cache = manager.createCache("hot", config);
    cache.put("x", "1");
    cache.put("y", "1");
    for (int i = 0; i < 7; i++) {
      cache.get("x");
    }
    for (int i = 0; i < 3; i++) {
      cache.get("y");
    }
    assertEquals(7.0, gauge("strata.cache.hot.key.reads", "hot", "rank", "1"));
    assertEquals(3.0, gauge("strata.cache.hot.key.reads", "hot", "rank", "2"));
    assertEquals(0.0, gauge("strata.cache.hot.key.reads", "hot", "rank", "3"));
  }

  @Test
  void aCacheOpenBeforeBindingIsBoundAndAClosedOneUnbound() {
    Cache<String, String> early = manager.createCache("early", config());
    var late = new SimpleMeterRegistry();
    try (var second = new StrataMetrics(manager)) {
      second.bindTo(late);
      early.get("nothing");
      assertEquals(1.0, late.get("cache.gets").tags("cache", "early", "result", "miss")
          .functionCounter().count());
      assertNull(late.find("strata.cache.operation").meter(), "timers are opt-in");
      manager.destroyCache("early");
      assertNull(late.find("cache.gets").tags("cache", "early").meter());
      assertNull(registry.find("cache.gets").tags("cache", "early").meter());
      Cache<String, String> again = manager.createCache("early", config());
      again.get("nothing");
      assertEquals(1.0, late.get("cache.gets").tags("cache", "early", "result", "miss")
          .functionCounter().count(), "a new cache of the same name counts afresh");
    }
    assertNull(late.find("cache.gets").meter(), "closing the binder removes its meters");
    assertNotNull(registry.find("cache.gets").tags("cache", "early").meter());
  }

  private double count(String name, String cache, String... tags) {
    Search search = registry.find(name).tags("cache", cache).tags(tags);
    FunctionCounter counter = search.functionCounter();
    assertNotNull(counter, () -> "no counter " + name + " of cache " + cache + " "
        + String.join(",", tags) + " among " + names());
    return counter.count();
  }

  private double gauge(String name, String cache, String... tags) {
    Gauge gauge = registry.find(name).tags("cache", cache).tags(tags).gauge();
    assertNotNull(gauge, () -> "no gauge " + name + " of cache " + cache);
    return gauge.value();
  }

  private String names() {
    var names = new StringBuilder();
    for (Meter meter : registry.getMeters()) {
      names.append(meter.getId()).append('\n');
    }
    return names.toString();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not reached within 10 s");
      Thread.sleep(10);
    }
  }
}
