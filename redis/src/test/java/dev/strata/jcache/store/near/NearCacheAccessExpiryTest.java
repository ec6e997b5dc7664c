package dev.strata.jcache.store.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import dev.strata.jcache.expiry.ConfiguredExpiryPolicy;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Near hits of an access-expiry cache send nothing to Redis while Redis's time to live is still
 * well ahead, and an access that expires the entry reaches Redis at once.
 */
class NearCacheAccessExpiryTest {
  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  @Test
  void nearHitsExtendTheCopyWithoutARedisCommandEach() {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", REDIS.get().uri());
    properties.setProperty("strata.defaults.store", "redis");
    properties.setProperty("strata.defaults.near-cache.maximum-size", "100");
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("near-access"), getClass().getClassLoader(), properties)) {
      Cache<String, String> cache = manager.createCache("accessed",
          new MutableConfiguration<String, String>()
              .setTypes(String.class, String.class)
              .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(Duration.TEN_MINUTES)));
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
      long before = commandsProcessed();
      for (int i = 0; i < 100; i++) {
        assertEquals("v", cache.get("k"));
      }
      // the first INFO counts itself only once the second one reads the count
      assertEquals(before + 1, commandsProcessed(), "near hits sent commands to Redis");
      assertTrue(cache.unwrap(NearCacheStore.class).nearHits() >= 100);
    }
  }

  @Test
  void anAccessThatExpiresTheEntryReachesRedisAtOnce() {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", REDIS.get().uri());
    properties.setProperty("strata.defaults.store", "redis");
    properties.setProperty("strata.defaults.near-cache.maximum-size", "100");
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("near-access-zero"), getClass().getClassLoader(), properties)) {
      Cache<String, String> cache = manager.createCache("zero",
          new MutableConfiguration<String, String>()
              .setTypes(String.class, String.class)
              .setExpiryPolicyFactory(FactoryBuilder.factoryOf(
                  new ConfiguredExpiryPolicy(Duration.ETERNAL, null, Duration.ZERO))));
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
      assertFalse(cache.containsKey("k"));
      assertEquals("0", REDIS.get().call("EXISTS", "strata:near-access-zero:zero:sk").toString());
    }
  }

  /** The server's count of commands processed, minus the INFO command that reads it. */
  private static long commandsProcessed() {
    String info = REDIS.get().call("INFO", "stats").toString();
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("total_commands_processed:")) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    throw new AssertionError("INFO stats has no total_commands_processed: " + info);
  }
}
