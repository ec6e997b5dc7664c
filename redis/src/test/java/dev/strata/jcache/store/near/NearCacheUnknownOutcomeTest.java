package dev.strata.jcache.store.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.store.OutcomeUnknownException;
import dev.strata.jcache.testing.redis.RedisCluster;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A near cache serves no stale copy after a write whose outcome is unknown: the write reaches
 * Redis and commits only after the step gave up on it (the server is frozen, or its writes are
 * paused, past every resend and the read of the commit record), and this JVM ignores its own
 * change messages, so only the drop of the key's copy when the step failed keeps the old value
 * from being served. The copies live far longer than the test (max staleness 10 minutes).
 */
class NearCacheUnknownOutcomeTest {
  private static final long TIMEOUT_MILLIS = 200;
  /** Longer than a step's two attempts, the record reads and the resend together. */
  private static final long FAULT_MILLIS = 1_500;

  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();
  @RegisterExtension
  static final RedisExtension<RedisCluster> CLUSTER = RedisExtension.cluster();

  static final AtomicBoolean ARMED = new AtomicBoolean();
  static volatile Runnable fault = () -> {};

  @Test
  void aWriteLeftUnknownByAFrozenServerLeavesNoStaleCopy() throws Exception {
    RedisServer server = REDIS.get();
    try (CacheManager manager = manager("near-unknown", server.uri(), false)) {
      Cache<String, String> cache = cache(manager);
      cache.put("k", "old");
      assertNearHit(cache, "k", "old");
      Thread resumer = new Thread(() -> {
        sleep(FAULT_MILLIS);
        server.resume();
      });
      arm(() -> {
        server.suspend();
        resumer.start();
      });

      RuntimeException failure = assertThrows(RuntimeException.class,
          () -> cache.invoke("k", (entry, arguments) -> {
            faultOnce();
            entry.setValue("new");
            return null;
          }));
      assertUnknownOutcome(failure);
      resumer.join();
      sleep(300);

      assertEquals("new", cache.get("k"), "the near cache served the copy of before the write");
    }
  }

  @Test
  void aBulkWriteLeftUnknownByPausedWritesLeavesNoStaleCopyOnACluster() throws Exception {
    String addresses = String.join(",", CLUSTER.get().nodeUris());
    try (CacheManager manager = manager("near-unknown-bulk", addresses, true)) {
      Cache<String, String> cache = cache(manager);
      Set<String> keys = new LinkedHashSet<>();
      for (int i = 0; i < 8; i++) {
        keys.add("k" + i);
        cache.put("k" + i, "old");
      }
      for (String key : keys) {
        assertNearHit(cache, key, "old");
      }
      arm(() -> {
        for (RedisServer node : CLUSTER.get().nodes()) {
          node.call("CLIENT", "PAUSE", Long.toString(FAULT_MILLIS), "WRITE");
        }
      });

      long start = System.nanoTime();
      RuntimeException failure = assertThrows(RuntimeException.class,
          () -> cache.invokeAll(keys, (entry, arguments) -> {
            faultOnce();
            entry.setValue("new " + entry.getKey());
            return null;
          }));
      assertUnknownOutcome(failure);
      sleep(FAULT_MILLIS + 300 - (System.nanoTime() - start) / 1_000_000);

      Map<String, String> read = cache.getAll(keys);
      for (String key : keys) {
        assertEquals("new " + key, read.get(key), "the near cache served the copy of " + key
            + " of before the write");
      }
    }
  }

  private static void assertNearHit(Cache<String, String> cache, String key, String value) {
    NearCacheStore<?> near = cache.unwrap(NearCacheStore.class);
    assertEquals(value, cache.get(key));
    long hits = near.nearHits();
    assertEquals(value, cache.get(key));
    assertEquals(hits + 1, near.nearHits(), "no near copy of " + key + " to begin with");
  }

  private static void assertUnknownOutcome(RuntimeException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof OutcomeUnknownException) {
        return;
      }
    }
    throw new AssertionError("the write did not end in an OutcomeUnknownException", failure);
  }

  private static void arm(Runnable injected) {
    fault = injected;
    ARMED.set(true);
  }

  static void faultOnce() {
    if (ARMED.compareAndSet(true, false)) {
      fault.run();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(Math.max(0, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache("names",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private static CacheManager manager(String name, String addresses, boolean cluster) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", addresses);
    if (cluster) {
      properties.setProperty("strata.redis.mode", "cluster");
    }
    properties.setProperty("strata.redis.namespace", name);
    properties.setProperty("strata.redis.timeout", TIMEOUT_MILLIS + "ms");
    properties.setProperty("strata.defaults.store", "redis");
    properties.setProperty("strata.defaults.near-cache.maximum-size", "100");
    properties.setProperty("strata.defaults.near-cache.max-staleness", "10m");
    return Caching.getCachingProvider().getCacheManager(URI.create(name),
        NearCacheUnknownOutcomeTest.class.getClassLoader(), properties);
  }
}
