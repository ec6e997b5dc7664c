package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
