package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis crashes (SIGKILL) under a mixed load and comes back empty on the same port: every
 * operation meanwhile fails fast with a {@link CacheException}, a near cache serves nothing older
 * than its staleness bound, and the caches recover by themselves once Redis is back.
 */
class RedisOutageTest {
  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final int RETRY_ATTEMPTS = RedisConnections.RETRY_ATTEMPTS;
  /**
   * The longest any one operation may take while Redis is gone: each attempt of a command waits
   * at most the timeout, a command is tried {@code RETRY_ATTEMPTS + 1} times, and an operation
   * fails at its first failed command. The slack absorbs retry delays, scheduling and garbage
   * collection on a loaded machine; it is no more than one more timeout.
   */
  private static final Duration BOUND = TIMEOUT.multipliedBy(RETRY_ATTEMPTS + 1)
      .plus(Duration.ofMillis(500));
  private static final Duration STALENESS = Duration.ofSeconds(1);
  private static final Duration OUTAGE = Duration.ofSeconds(2);
  /** How long after Redis is back the load must succeed again. */
  private static final Duration RECOVERY = Duration.ofSeconds(4);
  private static final int THREADS = 4;
  private static final int KEYS_PER_THREAD = 16;

  private CacheManager manager;

  @BeforeEach
  void redisIsUp() {
    if (!REDIS.get().isRunning()) {
      REDIS.get().restart();
    }
    REDIS.get().call("FLUSHALL");
  }

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  private CacheManager manager(String name, Duration staleness) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", REDIS.get().uri());
    properties.setProperty("strata.redis.namespace", "outage-" + name);
    properties.setProperty("strata.redis.timeout", TIMEOUT.toMillis() + "ms");
    properties.setProperty("strata.redis.connect-timeout", TIMEOUT.toMillis() + "ms");
    properties.setProperty("strata.defaults.store", "redis");
    if (staleness != null) {
      properties.setProperty("strata.defaults.near-cache.maximum-size", "1000");
      properties.setProperty("strata.defaults.near-cache.max-staleness",
          staleness.toMillis() + "ms");
    }
    return Caching.getCachingProvider().getCacheManager(URI.create("outage-" + name),
        RedisOutageTest.class.getClassLoader(), properties);
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache("load",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @Test
  void aRedisCacheFailsFastDuringAnOutageAndRecoversAfterIt() throws Exception {
    manager = manager("plain", null);
    Outcome outcome = runThroughOutage(cache(manager));
    outcome.assertFailedFastAndRecovered();
  }

  @Test
  void aNearCacheServesNothingOlderThanItsBoundDuringAnOutage() throws Exception {
    manager = manager("near", STALENESS);
    Outcome outcome = runThroughOutage(cache(manager));
    outcome.assertFailedFastAndRecovered();
    // Nothing could be read from Redis between the kill and the restart, so whatever succeeded
    // in between was a copy at least as old as the time since the kill.
    List<Op> stale = outcome.successesWhileDown().stream()
        .filter(op -> op.start >= outcome.killedAt + STALENESS.toNanos()).toList();
    assertTrue(stale.isEmpty(), "served while Redis was gone for longer than the "
        + STALENESS.toMillis() + " ms staleness bound: " + stale);
  }

  @Test
  void nearCopiesAreDroppedWhenTheSubscriptionRestartsAfterAnOutage() throws Exception {
    // a bound far beyond the test, so that only the flush on resubscription can drop the copy
    manager = manager("flush", Duration.ofMinutes(5));
    Cache<String, String> cache = cache(manager);
    cache.put("k", "before");
    assertEquals("before", cache.get("k"));

    REDIS.get().kill();
    REDIS.get().restart();

    // Redis came back empty: once the subscription is restored the copy is gone, and the
    // value read is Redis's (none)
    long deadline = System.nanoTime() + RECOVERY.toNanos();
    String seen = "before";
    while (System.nanoTime() < deadline) {
      try {
        seen = cache.get("k");
        if (seen == null) {
          break;
        }
      } catch (CacheException e) {
        // Redis is still being reconnected to
      }
      Thread.sleep(50);
    }
    assertNull(seen, "the copy outlived the restart of the subscription");
    cache.put("k", "after");
    assertEquals("after", cache.get("k"));
  }

  @Test
  void everyOperationFailsFastWithACacheExceptionWhileRedisIsDown() throws Exception {
    manager = manager("each", null);
    Cache<String, String> cache = cache(manager);
    cache.put("k", "v");
    REDIS.get().kill();

    Map<String, Runnable> operations = new java.util.LinkedHashMap<>();
    operations.put("get", () -> cache.get("k"));
    operations.put("containsKey", () -> cache.containsKey("k"));
    operations.put("getAll", () -> cache.getAll(Set.of("k", "j")));
    operations.put("put", () -> cache.put("k", "w"));
    operations.put("putAll", () -> cache.putAll(Map.of("k", "w", "j", "w")));
    operations.put("getAndPut", () -> cache.getAndPut("k", "w"));
    operations.put("putIfAbsent", () -> cache.putIfAbsent("k", "w"));
    operations.put("replace", () -> cache.replace("k", "w"));
    operations.put("replace if", () -> cache.replace("k", "v", "w"));
    operations.put("getAndReplace", () -> cache.getAndReplace("k", "w"));
    operations.put("remove", () -> cache.remove("k"));
    operations.put("remove if", () -> cache.remove("k", "v"));
    operations.put("getAndRemove", () -> cache.getAndRemove("k"));
    operations.put("removeAll of keys", () -> cache.removeAll(Set.of("k", "j")));
    operations.put("removeAll", cache::removeAll);
    operations.put("clear", cache::clear);
    operations.put("invoke", () -> cache.invoke("k", (entry, arguments) -> entry.getValue()));
    operations.put("invokeAll", () -> cache.invokeAll(Set.of("k", "j"),
        (entry, arguments) -> entry.getValue()));
    operations.put("iterator", () -> cache.iterator().forEachRemaining(entry -> { }));

    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, Runnable> operation : operations.entrySet()) {
      long start = System.nanoTime();
      try {
        operation.getValue().run();
        wrong.add(operation.getKey() + " succeeded");
      } catch (CacheException e) {
        // as it should
      } catch (RuntimeException e) {
        wrong.add(operation.getKey() + " threw " + e);
      }
      long took = System.nanoTime() - start;
      if (took > BOUND.toNanos()) {
        wrong.add(operation.getKey() + " took " + millis(took) + " ms");
      }
    }
    // A cache may be created while Redis is away (its subscription is made when Redis is
    // back), but not slowly, and with no failure but a CacheException.
    long start = System.nanoTime();
    try {
      manager.createCache("another",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    } catch (CacheException e) {
      // as it may
    } catch (RuntimeException e) {
      wrong.add("createCache threw " + e);
    }
    if (System.nanoTime() - start > BOUND.toNanos()) {
      wrong.add("createCache took " + millis(System.nanoTime() - start) + " ms");
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  /** Runs the mixed load, kills Redis mid-run, restarts it after {@link #OUTAGE}. */
  private Outcome runThroughOutage(Cache<String, String> cache) throws Exception {
    var outcome = new Outcome();
    var workers = new ArrayList<Worker>();
    for (int i = 0; i < THREADS; i++) {
      workers.add(new Worker(i, cache, outcome));
    }
    var threads = new ArrayList<Thread>();
    for (Worker worker : workers) {
      var thread = new Thread(worker, "outage-load-" + worker.id);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    Thread.sleep(1000);
    outcome.killedAt = System.nanoTime();
    outcome.epoch.incrementAndGet();
    REDIS.get().kill();
    Thread.sleep(OUTAGE.toMillis());
    outcome.restartingAt = System.nanoTime();
    REDIS.get().restart();
    outcome.restartedAt = System.nanoTime();
    Thread.sleep(RECOVERY.toMillis() + 1000);
    outcome.stop = true;
    for (Thread thread : threads) {
      thread.join(BOUND.toMillis() * 3);
    }
    for (Thread thread : threads) {
      if (thread.isAlive()) {
        fail(thread.getName() + " hangs: " + List.of(thread.getStackTrace()));
      }
    }
    // values written now are read back, and only they: the crashed Redis kept nothing
    Map<String, String> written = new HashMap<>();
    for (Worker worker : workers) {
      for (String key : worker.keys) {
        written.put(key, "final-" + key);
      }
    }
    cache.putAll(written);
    assertEquals(written, cache.getAll(written.keySet()));
    for (Map.Entry<String, String> entry : written.entrySet()) {
      assertEquals(entry.getValue(), cache.get(entry.getKey()));
    }
    outcome.report();
    return outcome;
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000L;
  }

  /** What the workers saw, in the order they saw it. */
  private static final class Outcome {
    final AtomicInteger epoch = new AtomicInteger();
    volatile boolean stop;
    volatile long killedAt = Long.MAX_VALUE;
    volatile long restartingAt = Long.MAX_VALUE;
    volatile long restartedAt = Long.MAX_VALUE;
    final List<Op> ops = Collections.synchronizedList(new ArrayList<>());
    final List<String> foreign = Collections.synchronizedList(new ArrayList<>());
    final List<String> wrongValues = Collections.synchronizedList(new ArrayList<>());

    void assertFailedFastAndRecovered() {
      assertTrue(foreign.isEmpty(), "failures other than CacheException: " + foreign);
      assertTrue(wrongValues.isEmpty(), "wrong values read: " + wrongValues);
      List<Op> slow = ops.stream().filter(op -> op.end - op.start > BOUND.toNanos()).toList();
      assertTrue(slow.isEmpty(), "operations over the " + BOUND.toMillis() + " ms bound: " + slow);
      assertTrue(ops.stream().anyMatch(op -> op.start > killedAt && op.failed),
          "no operation failed while Redis was gone");
      // after the recovery time, everything succeeds
      long recovered = restartedAt + RECOVERY.toNanos();
      List<Op> late = ops.stream().filter(op -> op.start > recovered && op.failed).toList();
      assertTrue(late.isEmpty(), "failures " + RECOVERY.toMillis() + " ms after the restart: "
          + late);
      assertTrue(ops.stream().filter(op -> op.start > recovered).count() > THREADS,
          "the load did not resume");
    }

    /**
     * The operations that succeeded while Redis was down from start to end (one that waited for
     * the reconnection may succeed on the restarted Redis).
     */
    List<Op> successesWhileDown() {
      synchronized (ops) {
        return ops.stream()
            .filter(op -> op.start > killedAt && op.end < restartingAt && !op.failed)
            .toList();
      }
    }

    void report() {
      List<Long> outage;
      synchronized (ops) {
        outage = ops.stream().filter(op -> op.end > killedAt && op.start < restartedAt)
            .map(op -> op.end - op.start).sorted().toList();
      }
      if (outage.isEmpty()) {
        return;
      }
      long p99 = outage.get(Math.min(outage.size() - 1, (int) (outage.size() * 0.99)));
      long failed = ops.stream().filter(op -> op.failed).count();
      System.out.printf("killed at %d ms, restarted at %d ms%n", millis(killedAt - origin),
          millis(restartedAt - origin));
      System.out.printf("Redis outage: %d operations overlapped it, latency max %d ms, p99 %d ms;"
          + " %d of %d operations failed%n", outage.size(), millis(outage.get(outage.size() - 1)),
          millis(p99), failed, ops.size());
    }
  }

  private static final long origin = System.nanoTime();

  private record Op(String name, long start, long end, boolean failed) {
    @Override
    public String toString() {
      return name + (failed ? " failed" : "") + " in " + millis(end - start) + " ms"
          + " at " + millis(start - origin) + " ms";
    }
  }

  /**
   * Runs random operations on keys of its own, so it knows what each key should hold while no
   * failure has made a key's fate unknown; a crash loses every key.
   */
  private static final class Worker implements Runnable {
    /** A key whose value this worker does not know: a failed write may or may not have landed. */
    private static final String UNKNOWN = new String("unknown");
    private static final String[] NAMES =
        {"get", "put", "putIfAbsent", "invoke", "getAll", "remove"};

    final int id;
    final Cache<String, String> cache;
    final Outcome outcome;
    final List<String> keys = new ArrayList<>();
    final Map<String, String> expected = new HashMap<>();
    private int epoch;
    private final AtomicLong counter = new AtomicLong();

    Worker(int id, Cache<String, String> cache, Outcome outcome) {
      this.id = id;
      this.cache = cache;
      this.outcome = outcome;
      for (int i = 0; i < KEYS_PER_THREAD; i++) {
        keys.add("w" + id + "-k" + i);
      }
      forgetAll();
    }

    private void forgetAll() {
      keys.forEach(key -> expected.put(key, UNKNOWN));
    }

    @Override
    public void run() {
      var random = ThreadLocalRandom.current();
      while (!outcome.stop) {
        if (epoch != outcome.epoch.get()) {
          epoch = outcome.epoch.get();
          forgetAll();
        }
        String key = keys.get(random.nextInt(keys.size()));
        String value = "v" + id + "-" + counter.incrementAndGet();
        int kind = random.nextInt(6);
        long start = System.nanoTime();
        String name = NAMES[kind];
        boolean failed = false;
        try {
          step(kind, key, value);
        } catch (CacheException e) {
          failed = true;
          forgetAll();
        } catch (Throwable e) {
          failed = true;
          forgetAll();
          outcome.foreign.add(e.toString());
        }
        outcome.ops.add(new Op(name + " " + key, start, System.nanoTime(), failed));
      }
    }

    private void step(int kind, String key, String value) {
      switch (kind) {
        case 0:
          check(key, cache.get(key));
          return;
        case 1:
          expected.put(key, UNKNOWN);
          cache.put(key, value);
          expected.put(key, value);
          return;
        case 2: {
          String before = expected.get(key);
          expected.put(key, UNKNOWN);
          boolean put = cache.putIfAbsent(key, value);
          if (before != UNKNOWN && put != (before == null)) {
            outcome.wrongValues.add("putIfAbsent " + key + " was " + put + ", held " + before);
          }
          expected.put(key, put ? value : before);
          return;
        }
        case 3: {
          String before = expected.get(key);
          expected.put(key, UNKNOWN);
          String old = cache.invoke(key, (entry, arguments) -> {
            String previous = entry.getValue();
            entry.setValue((String) arguments[0]);
            return previous;
          }, value);
          check(key, before, old);
          expected.put(key, value);
          return;
        }
        case 4: {
          Set<String> some = new LinkedHashSet<>(keys.subList(0, KEYS_PER_THREAD / 2));
          Map<String, String> found = cache.getAll(some);
          for (String each : some) {
            check(each, found.get(each));
          }
          return;
        }
        default:
          expected.put(key, UNKNOWN);
          cache.remove(key);
          expected.put(key, null);
      }
    }

    private void check(String key, String actual) {
      check(key, expected.get(key), actual);
    }

    private void check(String key, String wanted, String actual) {
      if (wanted != UNKNOWN && !java.util.Objects.equals(wanted, actual)) {
        outcome.wrongValues.add(key + " held " + actual + ", expected " + wanted);
      }
    }
  }
}
