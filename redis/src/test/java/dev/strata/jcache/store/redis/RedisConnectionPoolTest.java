package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connections a JVM opens to Redis follow strata.redis.connections and its kin. */
class RedisConnectionPoolTest {
  @RegisterExtension
  static final RedisExtension<RedisServer> redis = RedisExtension.server();

  @Test
  void idleConnectionsBoundWhatAnIdleJvmHoldsOpen() {
    RedisServer server = redis.get();
    int before = clients(server);
    try (CacheManager manager = SecureManagers.at(server.uri()).set("idle-connections", "2")
        .open("pool-small")) {
      Cache<String, Integer> cache = manager.createCache("c",
          new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
      cache.put("ada", 1);
      assertEquals(Integer.valueOf(1), cache.get("ada"));
      int opened = clients(server) - before;
      // two command connections and the one for subscriptions
      assertTrue(opened <= 3, "opened " + opened + " connections");
    }
  }

  @Test
  void theDefaultOpensTheIdleConnectionsAndOneForSubscriptions() {
    RedisServer server = redis.get();
    int before = clients(server);
    try (CacheManager manager = SecureManagers.at(server.uri()).open("pool-default")) {
      manager.createCache("c", new MutableConfiguration<String, Integer>()
          .setTypes(String.class, Integer.class)).put("ada", 1);
      int opened = clients(server) - before;
      assertTrue(opened <= 25, "opened " + opened + " connections");
    }
  }

  @Test
  void moreIdleConnectionsThanConnectionsAreRefused() {
    RedisServer server = redis.get();
    CacheException failure = assertThrows(CacheException.class, () -> {
      try (CacheManager manager = SecureManagers.at(server.uri()).set("connections", "4")
          .set("idle-connections", "6").open("pool-wrong")) {
        manager.createCache("c", new MutableConfiguration<String, Integer>());
      }
    });
    assertTrue(failure.getMessage().contains("strata.redis.idle-connections = 6 is more than"
        + " strata.redis.connections = 4"), failure.getMessage());
  }

  private static int clients(RedisServer server) {
    String list = String.valueOf(server.call("CLIENT", "LIST"));
    return (int) list.lines().filter(line -> line.contains("addr=")).count();
  }
}
