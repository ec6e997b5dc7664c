package dev.strata.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.shaded.redisson.Redisson;
import dev.strata.shaded.redisson.api.BatchOptions;
import dev.strata.shaded.redisson.api.RBatch;
import dev.strata.shaded.redisson.api.RFuture;
import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.client.codec.ByteArrayCodec;
import dev.strata.shaded.redisson.config.Config;
import dev.strata.jcache.testing.redis.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * Reads through each of Strata's Redis tiers, on a {@code redis-server} the benchmark starts
 * itself on a free loopback port: a near-cache hit, a read and a write of the Redis tier alone,
 * and {@code getAll} of 100 keys against 100 single gets; beside them, the same bytes read with a
 * plain Redisson {@code RBucket.get} (the remote floor Strata's Redis tier is built on), plain
 * Redisson reading 100 keys as a batch of GETs and as one MGET, Redisson's own JCache provider
 * (the JCache over Redis users would pick instead) on the same server, and a raw Caffeine
 * {@code getIfPresent} (the floor of an in-heap read). String keys and 64-character String
 * values, stored by value, every key present.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
// Redisson logs through SLF4J and the benchmarks bring no backend: SLF4J's own no-op provider,
// named explicitly, keeps its warning out of the results.
@Fork(value = 1, jvmArgsAppend = {
    "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
    "-Dslf4j.internal.verbosity=WARN"})
public class RedisCacheBenchmark {
  static final int KEYS = 1024;
  static final int MASK = KEYS - 1;
  static final int BATCH = 100;
  private static final String NAMESPACE = "bench";
  private static final String REMOTE_CACHE = "remote";
  static final String REDISSON_JCACHE = "org.redisson.jcache.JCachingProvider";

  private RedisServer redis;
  private CacheManager manager;
  private RedissonClient redisson;
  private Cache<String, String> near;
  private Cache<String, String> remote;
  /** A write-through cache with a writer that does nothing: what its steps' leases cost. */
  private Cache<String, String> writeThrough;
  private Path redissonYaml;
  private CacheManager redissonJCacheManager;
  private Cache<String, String> redissonJCache;
  private com.github.benmanes.caffeine.cache.Cache<String, String> caffeine;
  private String[] keys;
  private String[] values;
  /** The Redis keys under which the remote cache keeps {@link #keys}. */
  private String[] remoteNames;
  private Set<String> batch;
  /** The Redis keys of {@link #batch}. */
  private String[] batchNames;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    redis = RedisServer.start();
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", redis.uri());
    properties.setProperty("strata.redis.namespace", NAMESPACE);
    properties.setProperty("strata.defaults.store", "redis");
    manager = Caching.getCachingProvider("dev.strata.jcache.StrataCachingProvider")
        .getCacheManager(URI.create("benchmark:redis"), getClass().getClassLoader(), properties);
    near = manager.createCache("near", configuration()
        .setNearCache(new NearCacheSettings(2L * KEYS, Duration.ofMinutes(10))));
    remote = manager.createCache(REMOTE_CACHE, configuration());
    var writing = configuration();
    writing.setWriteThrough(true);
    writing.setCacheWriterFactory(FactoryBuilder.factoryOf(NoWriter.class));
    writeThrough = manager.createCache("write-through", writing);
    caffeine = Caffeine.newBuilder().maximumSize(2L * KEYS).build();
    startRedissonJCache();

    keys = new String[KEYS];
    values = new String[KEYS];
    remoteNames = new String[KEYS];
    String padding = "v".repeat(64 - 10);
    for (int i = 0; i < KEYS; i++) {
      keys[i] = String.format("key-%04d", i);
      // Strata's name for a String key: strata:<namespace>:<cache>:s<key>
      remoteNames[i] = "strata:" + NAMESPACE + ":" + REMOTE_CACHE + ":s" + keys[i];
      String value = String.format("%010d", i) + padding;
      values[i] = value;
      near.put(keys[i], value);
      remote.put(keys[i], value);
      writeThrough.put(keys[i], value);
      caffeine.put(keys[i], value);
      redissonJCache.put(keys[i], value);
    }
    for (String key : keys) {
      // Fill the near cache; from here on its reads are hits.
      near.get(key);
    }
    batch = new LinkedHashSet<>();
    batchNames = new String[BATCH];
    for (int i = 0; i < BATCH; i++) {
      batch.add(keys[i * (KEYS / BATCH)]);
      batchNames[i] = remoteNames[i * (KEYS / BATCH)];
    }

    var config = new Config();
    config.useSingleServer().setAddress(redis.uri());
    redisson = Redisson.create(config);
    if (redisson.getBucket(remoteNames[0], ByteArrayCodec.INSTANCE).get() == null) {
      throw new IllegalStateException("Strata's Redis key naming changed: no " + remoteNames[0]);
    }
  }

  /**
   * Redisson's JCache as its documentation sets it up: a manager from a Redisson YAML
   * configuration URI, and a cache whose configuration wraps that Redisson configuration.
   * Redisson's default codec, as a user would have it.
   */
  private void startRedissonJCache() throws Exception {
    redissonYaml = Files.createTempFile("redisson-jcache", ".yaml");
    Files.writeString(redissonYaml,
        "singleServerConfig:\n  address: \"" + redis.uri() + "\"\n");
    redissonJCacheManager = Caching.getCachingProvider(REDISSON_JCACHE)
        .getCacheManager(redissonYaml.toUri(), getClass().getClassLoader());
    var redissonConfig = org.redisson.config.Config.fromYAML(redissonYaml.toFile());
    var jcacheConfig = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class);
    redissonJCache = redissonJCacheManager.createCache("redisson-jcache",
        RedissonConfiguration.fromConfig(redissonConfig, jcacheConfig));
  }

  private static StrataConfiguration<String, String> configuration() {
    var config = new StrataConfiguration<String, String>().setStoreType(StoreType.REDIS);
    config.setTypes(String.class, String.class);
    return config;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      if (redisson != null) {
        redisson.shutdown();
      }
      if (manager != null) {
        manager.close();
      }
      if (redissonJCacheManager != null) {
        redissonJCacheManager.close();
      }
      if (redissonYaml != null) {
        Files.deleteIfExists(redissonYaml);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  /** Each thread walks the keys from its own position. */
  @State(Scope.Thread)
  public static class Cursor {
    int position = (int) (Thread.currentThread().getId() * 7919);

    int next() {
      return position++ & MASK;
    }
  }

  @Benchmark
  public String nearCacheGetHit(Cursor cursor) {
    return near.get(keys[cursor.next()]);
  }

  @Benchmark
  public String redisTierGet(Cursor cursor) {
    return remote.get(keys[cursor.next()]);
  }

  @Benchmark
  public byte[] redissonBucketGet(Cursor cursor) {
    return redisson.<byte[]>getBucket(remoteNames[cursor.next()], ByteArrayCodec.INSTANCE).get();
  }

  /** 100 keys in one call: one pipelined batch, one round trip. */
  @Benchmark
  public Map<String, String> redisTierGetAll100() {
    return remote.getAll(batch);
  }

  /** The same 100 keys one get at a time: 100 round trips. */
  @Benchmark
  public void redisTierSingleGets100(Blackhole blackhole) {
    for (String key : batch) {
      blackhole.consume(remote.get(key));
    }
  }

  /** Plain Redisson reading the same 100 keys in one batch of GETs, as Strata's getAll does. */
  @Benchmark
  public void redissonBatchGet100(Blackhole blackhole) {
    RBatch redisBatch = redisson.createBatch(BatchOptions.defaults());
    List<RFuture<byte[]>> replies = new ArrayList<>(BATCH);
    for (String name : batchNames) {
      replies.add(redisBatch.<byte[]>getBucket(name, ByteArrayCodec.INSTANCE).getAsync());
    }
    redisBatch.execute();
    for (RFuture<byte[]> reply : replies) {
      blackhole.consume(reply.toCompletableFuture().join());
    }
  }

  /** Plain Redisson reading the same 100 keys with one MGET: one command, one reply. */
  @Benchmark
  public Map<String, byte[]> redissonMget100() {
    return redisson.getBuckets(ByteArrayCodec.INSTANCE).get(batchNames);
  }

  @Benchmark
  public String caffeineGetIfPresent(Cursor cursor) {
    return caffeine.getIfPresent(keys[cursor.next()]);
  }

  /** Redisson's JCache reading the same keys and values from the same server. */
  @Benchmark
  public String redissonJCacheGet(Cursor cursor) {
    return redissonJCache.get(keys[cursor.next()]);
  }

  @Benchmark
  public Map<String, String> redissonJCacheGetAll100() {
    return redissonJCache.getAll(batch);
  }

  /** Writes the value the key already has: one round trip, nothing grows. */
  @Benchmark
  public void redisTierPut(Cursor cursor) {
    int i = cursor.next();
    remote.put(keys[i], values[i]);
  }

  /**
   * The same put on a write-through cache whose writer does nothing: the step takes its key's
   * lease with its read and gives it up with its write, still two round trips.
   */
  @Benchmark
  public void redisTierWriteThroughPut(Cursor cursor) {
    int i = cursor.next();
    writeThrough.put(keys[i], values[i]);
  }

  @Benchmark
  public void redissonJCachePut(Cursor cursor) {
    int i = cursor.next();
    redissonJCache.put(keys[i], values[i]);
  }

  /** A writer that writes nothing: the benchmark measures the cache, not a database. */
  public static final class NoWriter implements CacheWriter<String, String> {
    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {}

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>>
        entries) {
      entries.clear();
    }

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(Collection<?> keys) {
      keys.clear();
    }
  }
}
