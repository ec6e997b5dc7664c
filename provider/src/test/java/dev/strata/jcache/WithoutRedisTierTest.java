package dev.strata.jcache;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;

/**
 * strata-provider alone is an embedded JCache: no Redis client on its class path, and a cache
 * that asks for Redis is refused with the module to add.
 */
class WithoutRedisTierTest {
  @Test
  void theProviderAloneHasNoRedisClient() {
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName("dev.strata.shaded.redisson.Redisson"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.netty.util.Version"));
  }

  @Test
  void aRedisCacheWithoutTheRedisTierNamesTheModuleToAdd() {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", "redis://127.0.0.1:1");
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("without-redis-tier"), getClass().getClassLoader(), properties)) {
      CacheException failure = assertThrows(CacheException.class, () -> manager.createCache("c",
          new StrataConfiguration<String, String>().setStoreType(StoreType.REDIS)));
      assertTrue(failure.getMessage().contains("dev.strata:strata-redis"), failure.getMessage());
    }
  }
}
