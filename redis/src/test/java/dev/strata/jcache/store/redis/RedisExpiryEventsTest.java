package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.event.RecordingListener;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Entries in Redis expire on the server's clock, and when Redis reports expirations
 * ({@code notify-keyspace-events Ex}) listeners hear of them as expired events.
 */
class RedisExpiryEventsTest {
  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS =
      RedisExtension.server("--notify-keyspace-events", "Ex", "--hz", "50");

  @Test
  void anEntryRedisExpiresIsReportedAsExpired() throws Exception {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", REDIS.get().uri());
    properties.setProperty("strata.defaults.store", "redis");
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("redis-expiry-events"), getClass().getClassLoader(), properties)) {
      var heard = new RecordingListener<String, String>();
      Cache<String, String> cache = manager.createCache("expiring",
          new MutableConfiguration<String, String>()
              .setTypes(String.class, String.class)
              .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                  new Duration(TimeUnit.MILLISECONDS, 200)))
              .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                  new FactoryBuilder.SingletonFactory<>(heard), null, true, false)));
      cache.put("k", "v");
      String ttl = REDIS.get().call("PTTL", "strata:redis-expiry-events:expiring:sk").toString();
      assertEquals(true, Long.parseLong(ttl) > 0 && Long.parseLong(ttl) <= 200,
          "Redis holds the entry's time to live: " + ttl);
      heard.awaitCount(2, 10_000);
      assertEquals(List.of("CREATED k v", "EXPIRED k null was null"), heard.briefs());
      assertNull(cache.get("k"));
    }
  }

  /**
   * Two applications on databases 0 and 1 of one server, with the same namespace and cache
   * name, so the same Redis key names: an expiry in database 1 fires no listener of the cache in
   * database 0 and drops no near copy there.
   */
  @Test
  void anExpiryInAnotherDatabaseFiresNoListenerAndDropsNoCopy() throws Exception {
    try (CacheManager first = manager("database-0", 0);
         CacheManager second = manager("database-1", 1)) {
      var heard = new RecordingListener<String, String>();
      Cache<String, String> watched = first.createCache("shared",
          new StrataConfiguration<String, String>()
              .setTypes(String.class, String.class)
              .setNearCache(new NearCacheSettings(100, java.time.Duration.ofMinutes(5)))
              .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                  new FactoryBuilder.SingletonFactory<>(heard), null, true, false)));
      Cache<String, String> other = second.createCache("shared",
          new MutableConfiguration<String, String>()
              .setTypes(String.class, String.class)
              .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                  new Duration(TimeUnit.MILLISECONDS, 100))));
      watched.put("k", "database 0");
      assertEquals("database 0", watched.get("k"));
      other.put("k", "database 1");

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (other.containsKey("k") && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertFalse(other.containsKey("k"), "Redis expired the entry of database 1");
      // its notification, and the change messages, would arrive within milliseconds
      Thread.sleep(500);

      assertEquals(List.of("CREATED k database 0"), heard.briefs());
      assertEquals("database 0", watched.get("k"));
      @SuppressWarnings("unchecked")
      StrataCache<String, String> strata = watched.unwrap(StrataCache.class);
      assertEquals(1, strata.statistics().getRemoteHits(), "read from Redis once, then a copy");
    }
  }

  private static CacheManager manager(String name, int database) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", REDIS.get().uri());
    properties.setProperty("strata.redis.database", Integer.toString(database));
    properties.setProperty("strata.redis.namespace", "shared-namespace");
    properties.setProperty("strata.defaults.store", "redis");
    return Caching.getCachingProvider().getCacheManager(URI.create("expiry-" + name),
        RedisExpiryEventsTest.class.getClassLoader(), properties);
  }
}
