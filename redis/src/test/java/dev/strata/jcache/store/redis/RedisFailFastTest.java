package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.store.StoreUnavailableException;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.Test;

/**
 * Redis stops answering (SIGSTOP) under load: the operations in flight wait for their timeout,
 * and once one of them failed, every operation on the node fails at once, with a message that
 * says why, until the probe finds Redis back, which it does within one probe interval of
 * SIGCONT.
 */
class RedisFailFastTest {
  /** The longest an operation may take once its node is known to be down. */
  private static final long FAST_MILLIS = 50;
  /** How soon after SIGCONT operations must succeed again. */
  private static final long RECOVERY_MILLIS = 1_000;
  private static final long OUTAGE_MILLIS = 5_000;
  private static final int THREADS = 4;

  @Test
  void underLoadEveryOperationFailsAtOnceAfterTheFirstTimeoutAndRecoversAfterSigcont()
      throws Exception {
    try (RedisServer server = RedisServer.start();
        CacheManager manager = manager(server, "load", Map.of())) {
      // the default timeout (3 s) and probe interval (500 ms)
      Cache<String, String> cache = manager.createCache("load",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)
              .setStatisticsEnabled(true));
      for (int i = 0; i < 20; i++) {
        cache.put("k" + i, "v" + i);
      }
      List<Op> ops = Collections.synchronizedList(new ArrayList<>());
      var stop = new java.util.concurrent.atomic.AtomicBoolean();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        var thread = new Thread(() -> load(cache, ops, stop), "fail-fast-load-" + t);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
      Thread.sleep(500);
      long pausedAt = System.nanoTime();
      server.pause();
      Thread.sleep(OUTAGE_MILLIS);
      long resumedAt = System.nanoTime();
      server.resume();
      Thread.sleep(RECOVERY_MILLIS + 1_500);
      stop.set(true);
      for (Thread thread : threads) {
        thread.join(10_000);
        assertFalse(thread.isAlive(), thread.getName() + " hangs");
      }

      List<Op> all;
      synchronized (ops) {
        all = new ArrayList<>(ops);
      }
      Op first = all.stream().filter(op -> op.failure != null)
          .min((a, b) -> Long.compare(a.end, b.end)).orElseThrow(
              () -> new AssertionError("no operation failed while Redis was stopped"));
      assertTrue(first.end < resumedAt, "the first failure came only after SIGCONT");
      // the first failure is a timeout, worded as such
      assertTrue(first.failure instanceof StoreUnavailableException, first.failure::toString);
      assertContains(first.failure.getMessage(), "timed out after 3000 ms");
      assertNoRedissonWording(first.failure);

      // from the first failure until Redis is back, every operation fails at once
      List<Op> during = all.stream()
          .filter(op -> op.start > first.end && op.start < resumedAt).toList();
      List<Op> slow = during.stream().filter(op -> op.millis() > FAST_MILLIS).toList();
      assertTrue(during.size() > 100, "too few operations during the outage: " + during.size());
      assertTrue(slow.isEmpty(), "over " + FAST_MILLIS + " ms after the first failure: " + slow);
      assertTrue(during.stream().allMatch(op -> op.failure instanceof StoreUnavailableException),
          "an operation did not fail with StoreUnavailableException while Redis was stopped");

      // the texts say what happened, and name read and write correctly
      Op get = during.stream().filter(op -> op.name.equals("get")).findFirst().orElseThrow();
      String getText = get.failure.getMessage();
      assertContains(getText, "Redis read for cache 'load' and key k");
      assertContains(getText, "failed at once");
      assertContains(getText, "Redis node 127.0.0.1:" + server.port() + " is marked down since ");
      assertContains(getText, "timed out after 3000 ms");
      assertContains(getText, "retrying every 500 ms");
      assertFalse(getText.contains("nothing was changed"), getText);
      assertNoRedissonWording(get.failure);
      Op put = during.stream().filter(op -> op.name.equals("put")).findFirst().orElseThrow();
      String putText = put.failure.getMessage();
      assertContains(putText, "Redis write for cache 'load' and key k");
      assertContains(putText, "failed at once");
      assertContains(putText, "nothing was changed");
      assertFalse(putText.contains("Redis read"), putText);
      Op getAll = during.stream().filter(op -> op.name.equals("getAll")).findFirst()
          .orElseThrow();
      assertContains(getAll.failure.getMessage(), "Redis batch read of 3 keys for cache 'load'");

      // every fast failure is counted
      // (a write left unanswered may meet the node marked down when it is sent once more: that
      // command failed at once too, under the write's own failure)
      long fastFailures = all.stream().filter(op -> op.failure != null)
          .mapToLong(op -> failedAtOnce(op.failure)).sum();
      long counted = cache.unwrap(StrataCache.class).statistics().getRedisFastFailures();
      assertEquals(fastFailures, counted, "fast failures counted");

      // back within the recovery time after SIGCONT, and for good
      long recovered = resumedAt + RECOVERY_MILLIS * 1_000_000L;
      Op firstSuccess = all.stream()
          .filter(op -> op.start > resumedAt && op.failure == null)
          .min((a, b) -> Long.compare(a.start, b.start)).orElseThrow(
              () -> new AssertionError("nothing succeeded after SIGCONT"));
      List<Op> late = all.stream().filter(op -> op.start > recovered && op.failure != null)
          .toList();
      assertTrue(firstSuccess.end < recovered, "the first success after SIGCONT came "
          + (firstSuccess.end - resumedAt) / 1_000_000 + " ms after it");
      assertTrue(late.isEmpty(), "failures " + RECOVERY_MILLIS + " ms after SIGCONT: " + late);
      assertTrue(all.stream().filter(op -> op.start > recovered).count() > THREADS,
          "the load did not resume");
      cache.put("after", "back");
      assertEquals("back", cache.get("after"));

      long inFlightMax = all.stream().filter(op -> op.start < first.end && op.end > pausedAt)
          .mapToLong(Op::millis).max().orElse(0);
      long duringMax = during.stream().mapToLong(Op::millis).max().orElse(0);
      System.out.printf("fail-fast: first failure %d ms after SIGSTOP; in-flight operations took"
          + " up to %d ms; %d operations after it until SIGCONT, max %d ms; first success %d ms"
          + " after SIGCONT; %d fast failures counted%n",
          (first.end - pausedAt) / 1_000_000, inFlightMax, during.size(), duringMax,
          (firstSuccess.end - resumedAt) / 1_000_000, counted);
    }
  }

  @Test
  void aReadThroughCacheWithFallbackAnswersFromItsLoaderAtOnceWhileRedisIsDown()
      throws Exception {
    try (RedisServer server = RedisServer.start();
        CacheManager manager = manager(server, "fallback",
            Map.of("strata.redis.timeout", "300ms"))) {
      var config = new StrataConfiguration<String, String>().setTypes(String.class, String.class)
          .setLoaderFallback(true);
      config.setReadThrough(true);
      config.setStatisticsEnabled(true);
      config.setCacheLoaderFactory(FactoryBuilder.factoryOf(PrefixLoader.class));
      Cache<String, String> cache = manager.createCache("fallback", config);
      cache.put("stored", "in redis");
      server.pause();
      try {
        // the first read waits for its timeout, then answers from the loader
        assertEquals("loaded a", cache.get("a"));
        for (int i = 0; i < 50; i++) {
          long start = System.nanoTime();
          assertEquals("loaded stored", cache.get("stored"));
          long took = (System.nanoTime() - start) / 1_000_000;
          assertTrue(took <= FAST_MILLIS, "a read from the loader took " + took + " ms");
        }
        assertEquals(50, cache.unwrap(StrataCache.class).statistics().getRedisFastFailures());
      } finally {
        server.resume();
      }
      long deadline = System.nanoTime() + RECOVERY_MILLIS * 1_000_000L;
      String seen = cache.get("stored");
      while (!"in redis".equals(seen) && System.nanoTime() < deadline) {
        Thread.sleep(10);
        seen = cache.get("stored");
      }
      assertEquals("in redis", seen, "Redis was not read again within " + RECOVERY_MILLIS
          + " ms of SIGCONT");
    }
  }

  @Test
  void aKilledRedisIsMarkedDownAndFoundBackAfterItsRestart() throws Exception {
    try (RedisServer server = RedisServer.start();
        CacheManager manager = manager(server, "refused",
            Map.of("strata.redis.timeout", "500ms", "strata.redis.probe-interval", "200ms"))) {
      Cache<String, String> cache = manager.createCache("refused",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "v");
      server.kill();
      CacheException first = assertThrows(CacheException.class, () -> cache.put("k", "w"));
      assertTrue(first instanceof StoreUnavailableException, first::toString);
      assertNoRedissonWording(first);
      long start = System.nanoTime();
      CacheException fast = assertThrows(CacheException.class, () -> cache.put("k", "w"));
      assertTrue((System.nanoTime() - start) / 1_000_000 <= FAST_MILLIS, fast::toString);
      assertTrue(fast instanceof StoreUnavailableException, fast::toString);
      assertContains(fast.getMessage(), "Redis write for cache 'refused' and key k failed at"
          + " once");
      assertContains(fast.getMessage(), "retrying every 200 ms");
      assertContains(fast.getMessage(), "is marked down since");
      // the kill drops the connections: Redisson's reconnection is refused, or times out
      assertTrue(fast.getMessage().contains("connection refused")
          || fast.getMessage().contains("timed out after 500 ms")
          || fast.getMessage().contains("connection was closed"), fast.getMessage());
      server.restart();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (true) {
        try {
          cache.put("k", "again");
          break;
        } catch (CacheException stillDown) {
          assertTrue(System.nanoTime() < deadline, "not back 5 s after the restart: "
              + stillDown);
          Thread.sleep(20);
        }
      }
      assertEquals("again", cache.get("k"));
    }
  }

  @Test
  void withoutFailFastEveryOperationWaitsForItsTimeout() throws Exception {
    try (RedisServer server = RedisServer.start();
        CacheManager manager = manager(server, "patient",
            Map.of("strata.redis.timeout", "300ms", "strata.redis.fail-fast", "false"))) {
      Cache<String, String> cache = manager.createCache("patient",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      cache.put("k", "v");
      server.pause();
      try {
        assertThrows(CacheException.class, () -> cache.get("k"));
        long start = System.nanoTime();
        CacheException again = assertThrows(CacheException.class, () -> cache.get("k"));
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took >= 300, "failed after " + took + " ms, before its timeout: " + again);
        assertFalse(again.getMessage().contains("at once"), again.getMessage());
        assertContains(again.getMessage(), "timed out after 300 ms");
      } finally {
        server.resume();
      }
      assertEquals("v", cache.get("k"));
    }
  }

  private static void load(Cache<String, String> cache, List<Op> ops,
      java.util.concurrent.atomic.AtomicBoolean stop) {
    var random = ThreadLocalRandom.current();
    while (!stop.get()) {
      String key = "k" + random.nextInt(20);
      int kind = random.nextInt(3);
      String name = kind == 0 ? "get" : kind == 1 ? "put" : "getAll";
      long start = System.nanoTime();
      RuntimeException failure = null;
      try {
        switch (kind) {
          case 0 -> cache.get(key);
          case 1 -> cache.put(key, "v" + random.nextInt());
          default -> cache.getAll(Set.of("k1", "k2", "k3"));
        }
      } catch (RuntimeException e) {
        failure = e;
      }
      ops.add(new Op(name, start, System.nanoTime(), failure));
      if (failure != null && !(failure instanceof CacheException)) {
        throw failure;
      }
      // an application does some work between its cache operations
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
    }
  }

  private static CacheManager manager(RedisServer server, String name,
      Map<String, String> extra) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", server.uri());
    properties.setProperty("strata.redis.namespace", "fail-fast-" + name);
    properties.setProperty("strata.defaults.store", "redis");
    extra.forEach(properties::setProperty);
    return Caching.getCachingProvider().getCacheManager(URI.create("fail-fast-" + name),
        RedisFailFastTest.class.getClassLoader(), properties);
  }

  private static void assertContains(String text, String part) {
    assertNotNull(text);
    assertTrue(text.contains(part), () -> "\"" + part + "\" is not in: " + text);
  }

  private static void assertNoRedissonWording(Throwable failure) {
    assertFalse(failure.getMessage().contains("Unexpected exception while processing command"),
        failure.getMessage());
  }

  private record Op(String name, long start, long end, RuntimeException failure) {
    long millis() {
      return (end - start) / 1_000_000;
    }

    @Override
    public String toString() {
      return name + " in " + millis() + " ms" + (failure == null ? "" : ": " + failure);
    }
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

  /**
   * How many commands of an operation's failure failed at once: the exceptions caused by a node
   * marked down, among the failure, its causes and what they suppressed (a write left unanswered
   * may meet the node marked down when its commit record is read, or when it is sent again).
   */
  private static long failedAtOnce(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> next = new ArrayDeque<>(List.of(failure));
    long count = 0;
    while (!next.isEmpty()) {
      Throwable each = next.pop();
      if (!seen.add(each)) {
        continue;
      }
      if (each.getCause() instanceof RedisFailures.MarkedDown) {
        count++;
      }
      if (each.getCause() != null) {
        next.push(each.getCause());
      }
      for (Throwable suppressed : each.getSuppressed()) {
        next.push(suppressed);
      }
    }
    return count;
  }
}
