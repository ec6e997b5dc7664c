package dev.strata.benchmarks;

import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.configuration.WriteBehindSettings;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.integration.CacheWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Puts per second into a cache whose writer takes 5 ms a call (a database round trip and
 * commit), written through (each put waits for its own {@code write}) and written behind (a put
 * waits for the queue only). The queue holds 1,000 changes and a put waits up to 10 s for room,
 * so once the queue has filled, during warm-up, the measured rate is the sustained one: what the
 * flusher's batches of 100 drain, not how fast an empty queue fills. Keys run through 100,000
 * values, so a batch's keys are distinct and no write is saved by coalescing.
 *
 * <p>{@code store} is the embedded store (the queue in the heap) or Redis (the queue a Redis
 * stream, appended by the script that makes the change), on a {@code redis-server} the benchmark
 * starts on a free loopback port.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 4)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
    "-Dslf4j.internal.verbosity=WARN"})
public class WriteBehindBenchmark {
  static final int KEYS = 100_000;
  static final long WRITER_MILLIS = 5;
  static final WriteBehindSettings SETTINGS = WriteBehindSettings.DEFAULTS
      .withMaxBatchSize(100)
      .withQueueCapacity(1_000)
      .withFullQueueWait(Duration.ofSeconds(10));

  @Param({"through", "behind"})
  public String mode;

  @Param({"embedded", "redis"})
  public String store;

  private RedisServer redis;
  private CacheManager manager;
  private Cache<Integer, Integer> cache;

  /** Each thread's own run through the keys. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    Integer nextKey() {
      int key = next;
      next = next + 1 == KEYS ? 0 : next + 1;
      return key;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    var properties = new Properties();
    var config = new StrataConfiguration<Integer, Integer>()
        .setTypes(Integer.class, Integer.class);
    if (store.equals("redis")) {
      redis = RedisServer.start();
      properties.setProperty("strata.redis.addresses", redis.uri());
      properties.setProperty("strata.redis.namespace", "write-behind-bench");
      config.setStoreType(StoreType.REDIS);
    } else if (!store.equals("embedded")) {
      throw new IllegalArgumentException("Unknown store " + store);
    }
    if (mode.equals("behind")) {
      config.setWriteBehind(SETTINGS);
    } else if (!mode.equals("through")) {
      throw new IllegalArgumentException("Unknown mode " + mode);
    }
    config.setWriteThrough(true);
    config.setCacheWriterFactory(SlowWriter::new);
    manager = Caching.getCachingProvider(CacheFixture.STRATA).getCacheManager(
        URI.create("benchmark:write-behind:" + store), getClass().getClassLoader(), properties);
    cache = manager.createCache("write-" + mode, config);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      if (manager != null) {
        manager.close();
      }
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  @Benchmark
  public void putWithSlowWriter(Cursor cursor) {
    Integer key = cursor.nextKey();
    cache.put(key, key);
  }

  /** A writer standing for a database: every call, of one key or many, takes 5 ms. */
  static final class SlowWriter implements CacheWriter<Integer, Integer> {
    @Override
    public void write(Cache.Entry<? extends Integer, ? extends Integer> entry) {
      pause();
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends Integer, ? extends Integer>> entries) {
      pause();
      entries.clear();
    }

    @Override
    public void delete(Object key) {
      pause();
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      pause();
      keys.clear();
    }

    private static void pause() {
      try {
        Thread.sleep(WRITER_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
