package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Strata as a Redis ACL user with exactly the permissions docs/configuration.md documents: puts,
 * gets, bulk calls, entry processors and a near cache work; a user without {@code @pubsub} is
 * told so, in words, on the operation that needs it.
 */
class RedisAclTest {
  /** The rules docs/configuration.md gives, word for word. */
  static final String DOCUMENTED = "~strata:* ~{*}strata#* &strata:* &__keyevent@0__:expired"
      + " &__keyevent@0__:evicted +@read +@write +@keyspace +@scripting +@pubsub +ping";

  @RegisterExtension
  static final RedisExtension<RedisServer> redis = RedisExtension.of(() -> RedisServer.builder()
      .user("admin", "admin-secret")
      .aclUser("app", "app-secret", DOCUMENTED)
      .aclUser("nopubsub", "nopubsub-secret",
          "~strata:* ~{*}strata#* &strata:* +@read +@write +@keyspace +@scripting +ping")
      .start());

  @Test
  void theDocumentedPermissionsAreEnough() {
    RedisServer server = redis.get();
    try (CacheManager manager = as(server, "app", "app-secret").open("acl-works")) {
      Cache<String, Integer> plain = manager.createCache("plain",
          new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
      Cache<String, Integer> near = manager.createCache("near",
          new StrataConfiguration<String, Integer>().setTypes(String.class, Integer.class)
              .setNearCache(new NearCacheSettings(100, Duration.ofSeconds(30))));
      for (Cache<String, Integer> cache : List.of(plain, near)) {
        cache.put("ada", 1);
        assertEquals(Integer.valueOf(1), cache.get("ada"));
        assertEquals(Integer.valueOf(1), cache.get("ada"));
        assertTrue(cache.putIfAbsent("grace", 5));
        cache.putAll(Map.of("alan", 7, "edsger", 8));
        assertEquals(4, cache.getAll(Set.of("ada", "grace", "alan", "edsger")).size());
        assertEquals(Integer.valueOf(2), cache.invoke("ada", (entry, arguments) -> {
          entry.setValue(entry.getValue() + 1);
          return entry.getValue();
        }));
        assertTrue(cache.remove("grace"));
        int count = 0;
        for (Cache.Entry<String, Integer> ignored : cache) {
          count++;
        }
        assertEquals(3, count);
        cache.clear();
        assertNull(cache.get("ada"));
      }
    }
  }

  @Test
  void aUserWithoutPubSubIsToldWhatIsMissing() {
    RedisServer server = redis.get();
    try (CacheManager manager = as(server, "nopubsub", "nopubsub-secret").open("acl-nopubsub")) {
      CacheException failure = assertThrows(CacheException.class, () -> {
        Cache<String, Integer> cache = manager.createCache("c",
            new StrataConfiguration<String, Integer>().setTypes(String.class, Integer.class)
                .setNearCache(new NearCacheSettings(100, Duration.ofSeconds(30))));
        cache.put("ada", 1);
      });
      String message = failure.getMessage();
      assertTrue(message.contains("NOPERM") && message.contains("@pubsub"), message);
      assertTrue(!message.contains("ByteBuf"), message);
      // a cache without a near cache subscribes to nothing, but each write publishes
      Cache<String, Integer> plain = manager.createCache("plain",
          new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
      CacheException writeFailure = assertThrows(CacheException.class, () -> plain.put("ada", 1));
      String written = writeFailure.getMessage();
      assertTrue(written.contains("NOPERM") && written.contains("@pubsub"), written);
      assertTrue(!written.contains("ByteBuf"), written);
      assertNull(plain.get("ada"), "a refused write changes nothing");
    }
  }

  @Test
  void theDocumentedRulesAreTheOnesStrataNames() {
    assertEquals(DOCUMENTED, ConnectFailure.ACL_RULES);
  }

  private static SecureManagers as(RedisServer server, String user, String password) {
    return SecureManagers.at(server.uri()).login(user, password).impatient();
  }
}
