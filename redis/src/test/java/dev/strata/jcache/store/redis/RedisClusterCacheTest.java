package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.testing.redis.RedisCluster;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One cache spreads over every master of a Redis Cluster, and its bulk operations, iteration
 * and clear reach all of them.
 */
class RedisClusterCacheTest {
  @RegisterExtension
  static final RedisExtension<RedisCluster> CLUSTER = RedisExtension.cluster();

  @Test
  void aCacheSpreadsOverEveryMasterAndItsBulkOperationsReachThemAll() throws Exception {
    var properties = new Properties();
    properties.setProperty("strata.redis.mode", "cluster");
    properties.setProperty("strata.redis.addresses", String.join(",", CLUSTER.get().nodeUris()));
    properties.setProperty("strata.defaults.store", "redis");
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("cluster-cache"), getClass().getClassLoader(), properties)) {
      Cache<Integer, String> cache = manager.createCache("spread",
          new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
      Map<Integer, String> entries = new HashMap<>();
      for (int i = 0; i < 500; i++) {
        entries.put(i, "v" + i);
      }
      cache.putAll(entries);

      for (RedisServer node : CLUSTER.get().nodes()) {
        long size = Long.parseLong(node.call("DBSIZE").toString());
        assertTrue(size > 50, () -> node.uri() + " holds only " + size + " of 500 entries");
      }
      assertEquals(entries, cache.getAll(entries.keySet()));
      Set<Integer> iterated = new HashSet<>();
      cache.forEach(entry -> iterated.add(entry.getKey()));
      assertEquals(entries.keySet(), iterated);

      Set<Integer> firstHundred = new HashSet<>();
      for (int i = 0; i < 100; i++) {
        firstHundred.add(i);
      }
      cache.removeAll(firstHundred);
      assertFalse(cache.containsKey(7));
      assertEquals(400, cache.getAll(entries.keySet()).size());

      cache.clear();
      assertEquals(0, cache.getAll(entries.keySet()).size());
      assertFalse(cache.iterator().hasNext());
    }
  }

  /**
   * A write-behind cache changes an entry and appends to its journal in one script, which a
   * Cluster runs only within one hash slot: its keys share one.
   */
  @Test
  void aWriteBehindCacheKeepsItsEntriesAndJournalInOneSlot() throws Exception {
    var properties = new Properties();
    properties.setProperty("strata.redis.mode", "cluster");
    properties.setProperty("strata.redis.addresses", String.join(",", CLUSTER.get().nodeUris()));
    var written = new java.util.concurrent.ConcurrentHashMap<Object, Object>();
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("cluster-write-behind"), getClass().getClassLoader(), properties)) {
      var config = new dev.strata.jcache.configuration.StrataConfiguration<Integer, String>()
          .setTypes(Integer.class, String.class)
          .setStoreType(dev.strata.jcache.configuration.StoreType.REDIS)
          .setWriteBehind(dev.strata.jcache.configuration.WriteBehindSettings.DEFAULTS
              .withMaxDelay(java.time.Duration.ofMillis(20)));
      config.setWriteThrough(true);
      config.setCacheWriterFactory(() -> new MapWriter(written));
      Cache<Integer, String> cache = manager.createCache("behind", config);
      Map<Integer, String> entries = new HashMap<>();
      for (int i = 0; i < 200; i++) {
        entries.put(i, "v" + i);
      }
      cache.putAll(entries);
      cache.put(7, "seven");
      cache.remove(8);
      @SuppressWarnings("unchecked")
      dev.strata.jcache.StrataCache<Integer, String> strata =
          cache.unwrap(dev.strata.jcache.StrataCache.class);
      assertTrue(strata.writeBehind().orElseThrow().flush(java.time.Duration.ofSeconds(20)));
      entries.put(7, "seven");
      entries.remove(8);
      assertEquals(entries, written);
    }
  }

  /** A writer into a map, for a test that reads what it wrote. */
  static final class MapWriter implements javax.cache.integration.CacheWriter<Integer, String> {
    private final Map<Object, Object> target;

    MapWriter(Map<Object, Object> target) {
      this.target = target;
    }

    @Override
    public void write(Cache.Entry<? extends Integer, ? extends String> entry) {
      target.put(entry.getKey(), entry.getValue());
    }

    @Override
    public void writeAll(
        java.util.Collection<Cache.Entry<? extends Integer, ? extends String>> entries) {
      entries.forEach(this::write);
      entries.clear();
    }

    @Override
    public void delete(Object key) {
      target.remove(key);
    }

    @Override
    public void deleteAll(java.util.Collection<?> keys) {
      keys.forEach(this::delete);
      keys.clear();
    }
  }
}
