package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.store.StoreUnavailableException;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;

/** A read-through cache may answer from its loader while its Redis is unreachable. */
class ReadThroughFallbackTest {

  @Test
  void aReadThroughCacheWithFallbackAnswersFromItsLoaderWhileRedisIsDown() {
    try (RedisServer server = RedisServer.start()) {
      var properties = new Properties();
      properties.setProperty("strata.redis.addresses", server.uri());
      properties.setProperty("strata.redis.timeout", "300ms");
      properties.setProperty("strata.redis.connect-timeout", "300ms");
      properties.setProperty("strata.defaults.store", "redis");
      try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
          URI.create("fallback"), getClass().getClassLoader(), properties)) {
        Cache<String, String> withFallback = manager.createCache("with", config(true));
        Cache<String, String> without = manager.createCache("without", config(false));
        assertEquals("loaded a", withFallback.get("a"));
        server.stop();
        assertEquals("loaded b", withFallback.get("b"));
        CacheException failure = assertThrows(CacheException.class, () -> without.get("b"));
        assertEquals(StoreUnavailableException.class, failure.getClass());
      }
    }
  }

  private static StrataConfiguration<String, String> config(boolean fallback) {
    var config = new StrataConfiguration<String, String>().setTypes(String.class, String.class)
        .setLoaderFallback(fallback);
    config.setReadThrough(true);
    config.setCacheLoaderFactory(FactoryBuilder.factoryOf(PrefixLoader.class));
    return config;
  }

  /** Answers every key with "loaded " and the key. */
  public static final class PrefixLoader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      return "loaded " + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new java.util.HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }
}
