package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.testing.redis.RedisCluster;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheWriter;
import javax.cache.processor.EntryProcessorResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A step whose compare-and-set commits but answers later than the response timeout is applied
 * once: Redisson sends the script again, and the script, finding its own commit, answers
 * "committed" instead of "changed meanwhile". The fault is real: the step pauses the server's
 * writes ({@code CLIENT PAUSE ... WRITE}) between its read and its write, for one and a half
 * timeouts, so the first call commits once the pause ends, after its timeout, and the resent
 * call arrives behind it.
 */
class LateReplyTest {
  private static final long TIMEOUT_MILLIS = 300;
  private static final String PAUSE_MILLIS = Long.toString(TIMEOUT_MILLIS * 3 / 2);

  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();
  @RegisterExtension
  static final RedisExtension<RedisCluster> CLUSTER = RedisExtension.cluster();

  /**
   * The servers the next step pauses; the steps run in this JVM, so a static will do. Each test
   * writes once before it arms the pause, so that the servers know the scripts by then: a
   * script unknown to the server would fail the first call rather than commit it late.
   */
  static volatile List<RedisServer> paused = List.of();
  static final AtomicBoolean PAUSE_ONCE = new AtomicBoolean();
  static final AtomicInteger RUNS = new AtomicInteger();

  static void pauseWrites() {
    if (PAUSE_ONCE.compareAndSet(true, false)) {
      for (RedisServer server : paused) {
        server.call("CLIENT", "PAUSE", PAUSE_MILLIS, "WRITE");
      }
    }
  }

  @Test
  void anIncrementWhoseReplyIsLateCountsOnceAndItsProcessorRunsOnce() throws Exception {
    try (CacheManager manager = manager("late-invoke", REDIS.get().uri(), false)) {
      Cache<String, Integer> cache = manager.createCache("counters",
          new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
      cache.put("k", 0);
      arm(List.of(REDIS.get()));

      Integer returned = cache.invoke("k", (entry, arguments) -> {
        RUNS.incrementAndGet();
        pauseWrites();
        entry.setValue(entry.getValue() + 1);
        return entry.getValue();
      });

      assertEquals(1, returned);
      assertEquals(1, RUNS.get(), "the processor ran again after the late reply");
      assertEquals(1, cache.get("k"));
    }
  }

  @Test
  void aPutIfAbsentWhoseReplyIsLateReportsTheEntryItCreated() throws Exception {
    try (CacheManager manager = manager("late-put-if-absent", REDIS.get().uri(), false)) {
      Cache<String, String> cache = manager.createCache("names",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)
              .setWriteThrough(true)
              .setCacheWriterFactory(FactoryBuilder.factoryOf(PausingWriter.class)));
      cache.put("warm-up", "the scripts are loaded before the pause");
      arm(List.of(REDIS.get()));

      assertTrue(cache.putIfAbsent("ada", "lovelace"), "the put created the entry");
      assertEquals(1, RUNS.get(), "the writer was called again after the late reply");
      assertEquals("lovelace", cache.get("ada"));
    }
  }

  @Test
  void aBulkStepWhoseBatchIsAnsweredLateAppliesEachKeyOnceOnACluster() throws Exception {
    String addresses = String.join(",", CLUSTER.get().nodeUris());
    try (CacheManager manager = manager("late-invoke-all", addresses, true)) {
      Cache<Integer, Integer> cache = manager.createCache("counters",
          new MutableConfiguration<Integer, Integer>().setTypes(Integer.class, Integer.class));
      Set<Integer> keys = new HashSet<>();
      for (int i = 0; i < 30; i++) {
        keys.add(i);
        cache.put(i, 0);
      }
      arm(CLUSTER.get().nodes());

      Map<Integer, EntryProcessorResult<Integer>> results = cache.invokeAll(keys,
          (entry, arguments) -> {
            RUNS.incrementAndGet();
            pauseWrites();
            entry.setValue(entry.getValue() + 1);
            return entry.getValue();
          });

      assertEquals(keys.size(), RUNS.get(), "a processor ran again after the late replies");
      for (int key : keys) {
        assertEquals(1, results.get(key).get());
        assertEquals(1, cache.get(key), "key " + key);
      }
    }
  }

  private static void arm(List<RedisServer> servers) {
    paused = servers;
    RUNS.set(0);
    PAUSE_ONCE.set(true);
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
    return Caching.getCachingProvider().getCacheManager(URI.create(name),
        LateReplyTest.class.getClassLoader(), properties);
  }

  /** A write-through writer that counts its calls and pauses the server's writes once. */
  public static final class PausingWriter implements CacheWriter<String, String> {
    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      RUNS.incrementAndGet();
      pauseWrites();
    }

    @Override
    public void writeAll(java.util.Collection<Cache.Entry<? extends String, ? extends String>> e) {
      e.forEach(this::write);
      e.clear();
    }

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(java.util.Collection<?> keys) {
      keys.clear();
    }
  }
}
