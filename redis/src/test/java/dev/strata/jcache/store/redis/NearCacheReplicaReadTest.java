package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.store.near.NearCacheStore;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A near cache fills its copies from the master even when its Redisson configuration reads from
 * replicas ({@code readMode: SLAVE}): here the replica is cut off holding an older value, and the
 * copy still holds the master's.
 */
class NearCacheReplicaReadTest {
  private static final String NAME = "strata:replica-read:shared:sk";

  @RegisterExtension
  static final RedisExtension<RedisServer> MASTER = RedisExtension.server();

  @Test
  void aCopyIsFilledFromTheMasterWhenTheConfigurationReadsReplicas() throws Exception {
    try (RedisServer replica = RedisServer.start("--replicaof", RedisServer.HOST,
        Integer.toString(MASTER.get().port()));
         CacheManager writerSide = manager("replica-read-writer", plain());
         CacheManager readerSide = manager("replica-read-reader", readingReplicas(replica))) {
      Cache<String, Integer> writer = cache(writerSide);
      writer.put("k", 1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!Long.valueOf(1).equals(replica.call("EXISTS", NAME))) {
        assertTrue(System.nanoTime() < deadline, "the replica never had the key");
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      Cache<String, Integer> reader = cache(readerSide);
      // the replica stops following its master, keeping 1, while the master moves on to 2
      replica.call("REPLICAOF", "NO", "ONE");
      writer.put("k", 2);
      assertTrue(!String.valueOf(MASTER.get().call("GET", NAME))
          .equals(String.valueOf(replica.call("GET", NAME))), "the replica holds the old value");

      assertEquals(2, reader.get("k"), "the copy was filled from the master");
      assertEquals(2, reader.get("k"));
      assertTrue(reader.unwrap(NearCacheStore.class).nearHits() > 0, "the copy was kept");
    }
  }

  private static Cache<String, Integer> cache(CacheManager manager) {
    Cache<String, Integer> cache = manager.getCache("shared", String.class, Integer.class);
    return cache != null ? cache : manager.createCache("shared",
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
  }

  private static Properties plain() {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", MASTER.get().uri());
    return properties;
  }

  private static Properties readingReplicas(RedisServer replica) throws Exception {
    Path yaml = Files.createTempFile("redisson-replica-reads", ".yaml");
    Files.writeString(yaml, "masterSlaveServersConfig:\n"
        + "  masterAddress: \"" + MASTER.get().uri() + "\"\n"
        + "  slaveAddresses:\n"
        + "  - \"" + replica.uri() + "\"\n"
        + "  readMode: \"SLAVE\"\n"
        + "  subscriptionMode: \"MASTER\"\n");
    yaml.toFile().deleteOnExit();
    var properties = new Properties();
    properties.setProperty("strata.redis.redisson-config", yaml.toString());
    properties.setProperty("strata.defaults.near-cache.maximum-size", "100");
    return properties;
  }

  private static CacheManager manager(String name, Properties properties) {
    properties.setProperty("strata.redis.namespace", "replica-read");
    properties.setProperty("strata.defaults.store", "redis");
    return Caching.getCachingProvider().getCacheManager(URI.create(name),
        NearCacheReplicaReadTest.class.getClassLoader(), properties);
  }
}
