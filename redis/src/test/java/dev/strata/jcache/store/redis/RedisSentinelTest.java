package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisSentinel;
import dev.strata.jcache.testing.redis.RedisServer;
import java.time.Duration;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Caches in {@code mode = sentinel}: the manager is given only the sentinels and the master's
 * name, finds the master through them, and follows it when the sentinels promote its replica.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelTest {
  /** How long a failover may take, from the master's death to the cache serving writes. */
  private static final Duration FAILOVER_BUDGET = Duration.ofSeconds(30);

  @RegisterExtension
  static final RedisExtension<RedisSentinel> redis = RedisExtension.sentinel();

  @Test
  @Order(1)
  void aCacheWorksThroughTheSentinels() {
    RedisSentinel sentinel = redis.get();
    try (CacheManager manager = manager(sentinel, "sentinel-basic")) {
      Cache<String, Integer> cache = cache(manager);
      cache.put("ada", 1);
      EntryProcessor<String, Integer, Integer> increment = (entry, arguments) -> {
        entry.setValue(entry.getValue() + 1);
        return entry.getValue();
      };
      assertEquals(Integer.valueOf(2), cache.invoke("ada", increment));
      assertEquals(Integer.valueOf(2), cache.get("ada"));
    }
    // The entry is on the master the sentinels name, and reached its replica.
    assertEquals(1, keys(sentinel.master(), "sentinel-basic").size());
    RedisServer replica = sentinel.servers().stream()
        .filter(server -> server.port() != sentinel.master().port()).findFirst().orElseThrow();
    awaitKeys(replica, "sentinel-basic", 1);
  }

  /** Last: it kills the master (starting a second setup would cost the suite seconds). */
  @Test
  @Order(2)
  void aCacheServesWritesAgainAfterAFailover() throws InterruptedException {
    RedisSentinel sentinel = redis.get();
    try (CacheManager manager = manager(sentinel, "sentinel-failover")) {
      Cache<String, Integer> cache = cache(manager);
      cache.put("before", 1);
      RedisServer former = sentinel.master();
      RedisServer replica = sentinel.servers().stream()
          .filter(server -> server != former).findFirst().orElseThrow();
      // Replication is asynchronous: only an entry the replica holds survives the failover.
      awaitKeys(replica, "sentinel-failover", 1);

      long killedAt = System.nanoTime();
      former.kill();
      int attempts = 0;
      while (true) {
        attempts++;
        try {
          cache.put("after", attempts);
          break;
        } catch (CacheException notYet) {
          // Writes fail while no master is elected; the cache must come back by itself.
          assertTrue(System.nanoTime() - killedAt < FAILOVER_BUDGET.toNanos(),
              () -> "no write succeeded within " + FAILOVER_BUDGET + " of the master's death: "
                  + notYet);
          Thread.sleep(100);
        }
      }
      Duration recovery = Duration.ofNanos(System.nanoTime() - killedAt);

      RedisServer promoted = sentinel.awaitFailover(former, FAILOVER_BUDGET);
      assertNotEquals(former.port(), promoted.port());
      assertEquals(Integer.valueOf(1), cache.get("before"));
      assertEquals(Integer.valueOf(attempts), cache.get("after"));
      assertEquals(2, keys(promoted, "sentinel-failover").size(), "writes went to "
          + promoted.uri() + " after " + recovery.toMillis() + " ms");
    }
  }

  private static CacheManager manager(RedisSentinel sentinel, String namespace) {
    return SecureManagers.at(String.join(",", sentinel.sentinelUris()))
        .set("mode", "sentinel")
        .set("master-name", RedisSentinel.MASTER_NAME)
        .set("timeout", "1s")
        .set("connect-timeout", "1s")
        .open(namespace);
  }

  private static Cache<String, Integer> cache(CacheManager manager) {
    return manager.createCache("scores",
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
  }

  private static List<?> keys(RedisServer server, String namespace) {
    return (List<?>) server.call("KEYS", "strata:" + namespace + ":*");
  }

  private static void awaitKeys(RedisServer server, String namespace, int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (keys(server, namespace).size() != count) {
      assertTrue(System.nanoTime() < deadline, () -> server.uri() + " never held " + count
          + " keys of " + namespace + ": " + keys(server, namespace));
      Thread.onSpinWait();
    }
  }
}
