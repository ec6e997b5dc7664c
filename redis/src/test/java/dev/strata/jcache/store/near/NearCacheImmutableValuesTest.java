package dev.strata.jcache.store.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A near cache keeps values of immutable types decoded, so every hit hands out the same
 * instance: records of immutable components and classes declared in {@code immutable-classes};
 * a mutable value is decoded afresh for each reader.
 */
class NearCacheImmutableValuesTest {
  @RegisterExtension
  static final RedisExtension<RedisServer> redis = RedisExtension.server();

  private CacheManager manager;

  record Money(long cents, String currency) implements Serializable {}

  /** Mutable in form; the configuration declares it immutable. */
  static final class Settled implements Serializable {
    private static final long serialVersionUID = 1L;
    String reference = "r";
  }

  @BeforeEach
  void start() {
    redis.get().call("FLUSHALL");
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", redis.get().uri());
    properties.setProperty("strata.redis.namespace", "immutable");
    properties.setProperty("strata.defaults.store", "redis");
    manager = Caching.getCachingProvider().getCacheManager(URI.create("near-immutable"),
        getClass().getClassLoader(), properties);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /**
   * Whether two reads in a row return the same instance, within a few tries: the near cache may
   * drop its copy once, when the announcement of the write that made the entry arrives.
   */
  private static boolean sharedOnceKept(Cache<String, Object> cache, String key) {
    Object last = cache.get(key);
    for (int i = 0; i < 20; i++) {
      Object next = cache.get(key);
      if (next == last) {
        return true;
      }
      last = next;
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  @Test
  void immutableValuesAreSharedByNearCacheHitsAndMutableOnesAreNot() {
    var config = new StrataConfiguration<String, Object>().setTypes(String.class, Object.class)
        .setNearCache(new NearCacheSettings(100, Duration.ofSeconds(30)))
        .addAllowedClasses("dev.strata.jcache.store.near.*")
        .setImmutableClasses(List.of(Settled.class.getName()));
    Cache<String, Object> cache = manager.createCache("values", config);
    cache.put("money", new Money(5, "EUR"));
    cache.put("settled", new Settled());
    cache.put("list", new ArrayList<>(List.of("a")));
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", redis.get().uri());
    properties.setProperty("strata.redis.namespace", "immutable");
    properties.setProperty("strata.defaults.store", "redis");
    // a second manager, whose near cache fills from the bytes in Redis
    try (CacheManager second = Caching.getCachingProvider().getCacheManager(
        URI.create("near-immutable-reader"), getClass().getClassLoader(), properties)) {
      Cache<String, Object> fromRedis = second.createCache("values", config);
      for (Cache<String, Object> reader : List.of(cache, fromRedis)) {
        assertEquals(new Money(5, "EUR"), reader.get("money"));
        assertTrue(sharedOnceKept(reader, "money"), "a record of immutables is copied");
        assertTrue(sharedOnceKept(reader, "settled"), "a declared immutable class is copied");
        assertFalse(sharedOnceKept(reader, "list"), "a mutable value is shared");
        assertEquals(List.of("a"), reader.get("list"));
      }
    }
  }
}
