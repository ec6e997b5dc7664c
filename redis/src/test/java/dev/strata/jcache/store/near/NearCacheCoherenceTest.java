package dev.strata.jcache.store.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * A near cache on one cache manager stays coherent with writes another manager, on its own
 * Redis connection, makes: the stale-read window after each write returns is measured and
 * bounded, and still bounded when invalidations are lost.
 */
class NearCacheCoherenceTest {
  private static final Duration MAX_STALENESS = Duration.ofSeconds(2);
  private static final int WRITES = 300;
  /** How late a poll may notice an expired copy on a loaded two-core machine. */
  private static final long POLL_SLACK = TimeUnit.MILLISECONDS.toNanos(300);

  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  private CacheManager writerSide;
  private CacheManager readerSide;
  private Cache<String, Integer> writer;
  private Cache<String, Integer> reader;

  @BeforeEach
  void open() {
    REDIS.get().call("FLUSHALL");
    writerSide = manager("writer", "2s", false);
    readerSide = manager("reader", "3s", true);
    writer = cache(writerSide);
    reader = cache(readerSide);
  }

  @AfterEach
  void close() {
    writerSide.close();
    readerSide.close();
  }

  private static CacheManager manager(String name, String connectTimeout, boolean near) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", REDIS.get().uri());
    properties.setProperty("strata.redis.namespace", "coherence");
    // different connect timeouts give the two managers separate Redis connections
    properties.setProperty("strata.redis.connect-timeout", connectTimeout);
    properties.setProperty("strata.defaults.store", "redis");
    if (near) {
      properties.setProperty("strata.defaults.near-cache.maximum-size", "1000");
      properties.setProperty("strata.defaults.near-cache.max-staleness",
          MAX_STALENESS.toMillis() + "ms");
    }
    return Caching.getCachingProvider().getCacheManager(URI.create("coherence-" + name),
        NearCacheCoherenceTest.class.getClassLoader(), properties);
  }

  private static Cache<String, Integer> cache(CacheManager manager) {
    return manager.createCache("shared",
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
  }

  @Test
  void readsRacingWritesSeeEachNewValueSoonAfterItsWriteReturns() throws Exception {
    writer.put("k", 0);
    long[] returnedAt = new long[WRITES + 1];
    List<long[]> reads = new ArrayList<>();
    var done = new AtomicBoolean();
    Thread readerThread = new Thread(() -> {
      while (!done.get()) {
        Integer value = reader.get("k");
        long[] read = {System.nanoTime(), value == null ? -1 : value};
        synchronized (reads) {
          reads.add(read);
        }
      }
    });
    readerThread.start();
    for (int i = 1; i <= WRITES; i++) {
      writer.put("k", i);
      returnedAt[i] = System.nanoTime();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
    // reads go on until the last write is seen, or the bound has passed
    long deadline = System.nanoTime() + MAX_STALENESS.toNanos() * 2;
    while (lastValue(reads) != WRITES && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    done.set(true);
    readerThread.join(10_000);

    long[] staleness = staleness(reads, returnedAt);
    Arrays.sort(staleness);
    long max = staleness.length == 0 ? 0 : staleness[staleness.length - 1];
    System.out.printf("near cache coherence: %d reads, %d stale after a write returned;"
            + " stale window p50 %d us, p99 %d us, max %d us; near hits %d%n",
        reads.size(), staleness.length, micros(percentile(staleness, 50)),
        micros(percentile(staleness, 99)), micros(max),
        reader.unwrap(NearCacheStore.class).nearHits());
    assertEquals(WRITES, lastValue(reads), "the reader saw the last write");
    assertTrue(max < MAX_STALENESS.toNanos(), "a stale value outlived the bound: " + micros(max)
        + " us");
    assertTrue(reader.unwrap(NearCacheStore.class).nearHits() > 0,
        "the reader was served from its near cache");
    assertEquals(reader.unwrap(NearCacheStore.class).nearHits(),
        reader.unwrap(dev.strata.jcache.StrataCache.class).statistics().getNearCacheHits(),
        "the cache's statistics report the near cache's hits");
  }

  @Test
  void aLostInvalidationLeavesAStaleCopyNoLongerThanTheBound() {
    writer.put("k", 1);
    awaitNearCopy();

    // change the entry behind the channel's back: copy another key's value over it in Redis,
    // which announces nothing, as if the invalidation had been lost
    writer.put("source", 2);
    REDIS.get().call("COPY", "strata:coherence:shared:ssource", "strata:coherence:shared:sk",
        "REPLACE");
    long changedAt = System.nanoTime();

    long sawNewAt = 0;
    while (System.nanoTime() - changedAt < MAX_STALENESS.toNanos() * 3) {
      if (Integer.valueOf(2).equals(reader.get("k"))) {
        sawNewAt = System.nanoTime();
        break;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    assertTrue(sawNewAt > 0, "the reader never saw the new value");
    long stale = sawNewAt - changedAt;
    System.out.printf("near cache with a lost invalidation: stale for %d ms (bound %d ms)%n",
        stale / 1_000_000, MAX_STALENESS.toMillis());
    assertTrue(stale <= MAX_STALENESS.toNanos() + POLL_SLACK,
        "the stale copy outlived the bound: " + stale / 1_000_000 + " ms");
  }

  @Test
  void aDroppedSubscriptionFlushesTheCopiesOnceItIsBack() {
    writer.put("k", 1);
    awaitNearCopy();
    REDIS.get().call("CLIENT", "KILL", "TYPE", "pubsub");
    writer.put("k", 2);
    long changedAt = System.nanoTime();
    long sawNewAt = 0;
    while (System.nanoTime() - changedAt < MAX_STALENESS.toNanos() * 3) {
      if (Integer.valueOf(2).equals(reader.get("k"))) {
        sawNewAt = System.nanoTime();
        break;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    assertTrue(sawNewAt > 0, "the reader never saw the new value");
    assertTrue(sawNewAt - changedAt <= MAX_STALENESS.toNanos() + POLL_SLACK,
        "the stale copy outlived the bound");
    writer.put("k", 3);
    long again = System.nanoTime();
    while (!Integer.valueOf(3).equals(reader.get("k"))) {
      assertTrue(System.nanoTime() - again < MAX_STALENESS.toNanos(),
          "invalidations did not resume after the subscription came back");
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /**
   * Reads until the reader serves "k" from its copy: the announcement of the write may arrive
   * after the first read and drop the copy that read made.
   */
  private void awaitNearCopy() {
    NearCacheStore<?> near = reader.unwrap(NearCacheStore.class);
    long before = near.nearHits();
    long deadline = System.nanoTime() + MAX_STALENESS.toNanos();
    while (near.nearHits() == before) {
      assertEquals(1, reader.get("k"));
      assertTrue(System.nanoTime() < deadline, "the reader never kept a copy");
    }
  }

  private static int lastValue(List<long[]> reads) {
    synchronized (reads) {
      return reads.isEmpty() ? -1 : (int) reads.get(reads.size() - 1)[1];
    }
  }

  /** For each read that returned an older value than one already written, how long after. */
  private static long[] staleness(List<long[]> reads, long[] returnedAt) {
    List<Long> stale = new ArrayList<>();
    for (long[] read : reads) {
      int value = (int) read[1];
      int next = value + 1;
      if (value >= 0 && next < returnedAt.length && returnedAt[next] != 0
          && returnedAt[next] < read[0]) {
        stale.add(read[0] - returnedAt[next]);
      }
    }
    return stale.stream().mapToLong(Long::longValue).toArray();
  }

  private static long percentile(long[] sorted, int percent) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
  }

  private static long micros(long nanos) {
    return nanos / 1_000;
  }
}
