package dev.strata.jcache.writebehind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.configuration.WriteBehindSettings;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Write-behind on a Redis cache, whose journal is a Redis stream: the same contract as an
 * embedded cache, and a journal that survives the cache that wrote it.
 */
class RedisWriteBehindTest extends WriteBehindContract {
  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();
  private static CacheManager manager;

  @BeforeAll
  static void open() {
    manager = manager("write-behind-redis");
  }

  static CacheManager manager(String name) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", REDIS.get().uri());
    properties.setProperty("strata.redis.namespace", "write-behind");
    return Caching.getCachingProvider().getCacheManager(URI.create(name),
        RedisWriteBehindTest.class.getClassLoader(), properties);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Override
  protected CacheManager manager() {
    return manager;
  }

  @Override
  protected StrataConfiguration<String, String> configure(
      StrataConfiguration<String, String> config) {
    return config.setStoreType(StoreType.REDIS);
  }

  /** Redis expires the entry on its own clock: its time to live is set to a millisecond. */
  @Override
  protected void loseEntry(Cache<String, String> cache, String key) throws InterruptedException {
    String name = "strata:{write-behind:" + cache.getName() + "}:s" + key;
    REDIS.get().call("PEXPIRE", name, "1");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!"0".equals(String.valueOf(REDIS.get().call("EXISTS", name)))) {
      assertTrue(System.nanoTime() < deadline, name + " did not expire");
      Thread.sleep(2);
    }
  }

  /**
   * Another JVM removes a key that is absent from Redis while this one loads it: the delete
   * changes no entry, only the journal, and the loaded value must not be stored over it.
   */
  @Test
  void aDeleteAppendedWhileALoadRunsWinsOverTheLoadedValue() throws Exception {
    var loader = new RecordsLoader(writer);
    Cache<String, String> cache = readThroughCache(loader);
    cache.put("k", "v");
    assertTrue(queue(cache).flush(Duration.ofSeconds(20)));
    loseEntry(cache, "k");
    CacheManager otherJvm = manager("write-behind-redis-other");
    try {
      Cache<String, String> other = readThroughCache(new RecordsLoader(writer), otherJvm,
          cache.getName());
      loader.beforeRead = key -> {
        loader.beforeRead = null;
        other.remove(key);
      };
      assertNull(cache.get("k"), "the loaded row was stored over the delete");
      assertNull(cache.get("k"));
      assertEquals(java.util.List.of("k"), loader.asked);
      assertEquals("v", writer.records.get("k"));
      assertTrue(queue(cache).flush(Duration.ofSeconds(20)));
      assertTrue(queue(other).flush(Duration.ofSeconds(20)));
      assertNull(writer.records.get("k"));
      other.close();
    } finally {
      otherJvm.close();
    }
  }

  @Test
  void aNearCachedRedisCacheWritesBehindToo() {
    var config = new StrataConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setStoreType(StoreType.REDIS)
        .setNearCache(new NearCacheSettings(100, Duration.ofSeconds(5)))
        .setWriteBehind(WriteBehindSettings.DEFAULTS.withMaxDelay(Duration.ofMillis(50)));
    config.setWriteThrough(true);
    config.setCacheWriterFactory(new javax.cache.configuration.FactoryBuilder.SingletonFactory<>(
        writer));
    Cache<String, String> cache = manager.createCache("near-write-behind", config);
    try {
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
      assertTrue(queue(cache).flush(Duration.ofSeconds(10)));
      assertEquals("v", writer.records.get("k"));
    } finally {
      cache.close();
    }
  }

  @Test
  void aRecordThisJvmCannotReadIsKeptAsADeadLetterNotDropped() {
    Cache<String, String> cache = cache(WriteBehindSettings.DEFAULTS
        .withMaxDelay(Duration.ofMillis(20)));
    String group = "strata:{write-behind:" + cache.getName() + "}";
    REDIS.get().call("XADD", group + "#write-behind:journal", "*", "o", "w", "k",
        group + ":zunknown-tag", "v", "bytes");
    cache.put("readable", "v");
    assertTrue(queue(cache).flush(Duration.ofSeconds(10)));
    assertEquals("v", writer.records.get("readable"));
    assertEquals("1", String.valueOf(REDIS.get().call("HLEN",
        group + "#write-behind:dead-letters")));
  }

  @Test
  void changesLeftInTheJournalAreWrittenByTheNextCacheOfTheSameName() {
    var settings = WriteBehindSettings.DEFAULTS.withMaxDelay(Duration.ofHours(1))
        .withCloseTimeout(Duration.ZERO);
    Cache<String, String> first = cache(settings);
    String name = first.getName();
    first.put("a", "1");
    first.put("b", "2");
    first.close();
    var config = configure(new StrataConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setWriteBehind(settings.withCloseTimeout(Duration.ofSeconds(5))));
    config.setWriteThrough(true);
    config.setCacheWriterFactory(new javax.cache.configuration.FactoryBuilder.SingletonFactory<>(
        writer));
    Cache<String, String> second = manager.createCache(name, config);
    try {
      assertTrue(queue(second).flush(Duration.ofSeconds(20)));
      assertEquals("1", writer.records.get("a"));
      assertEquals("2", writer.records.get("b"));
    } finally {
      second.close();
    }
  }
}
