package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.testing.redis.JvmProcess;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A near cache in another JVM drops its copy within the check interval and a grace of 100 ms
 * after Redis changed the entry in a way no invalidation message reported: a change whose
 * message was lost, an eviction under {@code maxmemory}, {@code FLUSHALL}, and a SIGKILL and
 * restart of a Redis without persistence. The maximum staleness (60 s) is far beyond every bound
 * checked, so only the change sequences and the eviction events can meet them.
 */
class NearCacheInvalidationTest {
  private static final String NAMESPACE = "invalidation";
  private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
  static final long BOUND = CHECK_INTERVAL.toNanos() + TimeUnit.MILLISECONDS.toNanos(100);
  private static final String KEY_NAME = "strata:" + NAMESPACE + ":shared:sk";
  private static final String SOURCE_NAME = "strata:" + NAMESPACE + ":shared:ssource";
  /** A write whose message is lost: the entry changes and its sequence counts it, silently. */
  static final String SILENT_WRITE = TestScripts.text("silent-write.lua");

  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  private CacheManager writerSide;
  private Cache<String, Integer> writer;
  private JvmProcess reader;

  @BeforeEach
  void open() {
    REDIS.get().call("FLUSHALL");
    writerSide = writerManager();
    writer = writerSide.createCache(NearReaderWorker.CACHE,
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
    reader = JvmProcess.start(NearReaderWorker.class, REDIS.get().uri(), NAMESPACE, "60s",
        CHECK_INTERVAL.toMillis() + "ms");
    reader.awaitOutput("ready", Duration.ofSeconds(30));
  }

  @AfterEach
  void close() {
    reader.close();
    writerSide.close();
    REDIS.get().call("CONFIG", "SET", "maxmemory", "0");
  }

  private static CacheManager writerManager() {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", REDIS.get().uri());
    properties.setProperty("strata.redis.namespace", NAMESPACE);
    properties.setProperty("strata.defaults.store", "redis");
    return Caching.getCachingProvider().getCacheManager(URI.create("invalidation-writer"),
        NearCacheInvalidationTest.class.getClassLoader(), properties);
  }

  @Test
  void aChangeWhoseMessageWasLostIsFoundByTheCheck() {
    int mark = keepCopyOf(1);
    writer.put("source", 2);
    String counter = new RedisKeyspace(NAMESPACE, NearReaderWorker.CACHE, (Codec) null, null)
        .sequenceName(SequenceGroups.of(false).groupOf(KEY_NAME));
    REDIS.get().call("EVAL", SILENT_WRITE, "3", KEY_NAME, counter, SOURCE_NAME);
    long changedAt = System.nanoTime();
    assertSeenWithin("seen 2 ", changedAt, mark, "a change whose message was lost");
  }

  @Test
  void anEntryEvictedUnderMaxmemoryLosesItsCopy() {
    int mark = keepCopyOf(1);
    String flags = String.valueOf(((List<?>) REDIS.get().call("CONFIG", "GET",
        "notify-keyspace-events")).get(1));
    assertTrue(flags.contains("E") && flags.contains("e"),
        "the near cache enabled eviction events: " + flags);
    long used = usedMemory();
    REDIS.get().call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
    REDIS.get().call("CONFIG", "SET", "maxmemory", Long.toString(used + 2_000_000));
    String filler = "x".repeat(10_000);
    long changedAt = 0;
    for (int i = 0; i < 100_000 && Long.valueOf(1).equals(REDIS.get().call("EXISTS", KEY_NAME));
        i++) {
      changedAt = System.nanoTime();
      REDIS.get().call("SET", "filler:" + i, filler);
    }
    REDIS.get().call("CONFIG", "SET", "maxmemory", "0");
    assertEquals(0L, REDIS.get().call("EXISTS", KEY_NAME), "Redis evicted the key");
    assertSeenWithin("seen null ", changedAt, mark, "an eviction");
  }

  @Test
  void aFlushLosesEveryCopyWithinTheInterval() {
    int mark = keepCopyOf(1);
    REDIS.get().call("FLUSHALL");
    long changedAt = System.nanoTime();
    assertSeenWithin("seen null ", changedAt, mark, "FLUSHALL");
  }

  @Test
  void aRestartWithoutPersistenceLosesEveryCopyWithinTheInterval() {
    int mark = keepCopyOf(1);
    REDIS.get().kill();
    REDIS.get().restart();
    long changedAt = System.nanoTime();
    assertSeenWithin("seen null ", changedAt, mark, "a SIGKILL and restart of Redis");
  }

  /**
   * Writes the value and waits until the reader serves it from its copy; returns how much of the
   * reader's output came before.
   */
  private int keepCopyOf(int value) {
    return keepCopyOf(writer, reader, value);
  }

  static int keepCopyOf(Cache<String, Integer> writer, JvmProcess reader, int value) {
    writer.put(NearReaderWorker.KEY, value);
    reader.awaitOutput("seen " + value + " near=true", Duration.ofSeconds(20));
    return reader.output().length();
  }

  /** Asserts the reader printed {@code prefix} after {@code mark}, within the bound. */
  private void assertSeenWithin(String prefix, long changedAt, int mark, String what) {
    assertSeenWithin(reader, prefix, changedAt, mark, what);
  }

  static void assertSeenWithin(JvmProcess reader, String prefix, long changedAt, int mark,
      String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String line = null;
    while (line == null && System.nanoTime() < deadline) {
      line = lineAfter(reader, prefix, mark);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    assertTrue(line != null, "after " + what + " the reader never saw it: " + reader.output());
    long seenAt = Long.parseLong(line.substring(line.indexOf("at=") + 3).trim());
    long stale = seenAt - changedAt;
    System.out.printf("near copy after %s: dropped %d ms later (bound %d ms)%n", what,
        stale / 1_000_000, BOUND / 1_000_000);
    assertTrue(stale <= BOUND, "after " + what + " the reader served its stale copy for "
        + stale / 1_000_000 + " ms: " + reader.output().substring(mark));
  }

  private static String lineAfter(JvmProcess reader, String prefix, int mark) {
    String output = reader.output();
    for (String line : output.substring(Math.min(mark, output.length())).split("\n")) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    return null;
  }

  private static long usedMemory() {
    String info = String.valueOf(REDIS.get().call("INFO", "memory"));
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("used_memory:")) {
        return Long.parseLong(line.substring("used_memory:".length()).trim());
      }
    }
    throw new IllegalStateException("no used_memory in INFO: " + info);
  }
}
