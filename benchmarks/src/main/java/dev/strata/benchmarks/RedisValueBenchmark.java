package dev.strata.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.testing.redis.RedisServer;
import dev.strata.shaded.redisson.Redisson;
import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.client.codec.ByteArrayCodec;
import dev.strata.shaded.redisson.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * Strata over Redis with realistic values, on a {@code redis-server} the benchmark starts itself
 * on a free loopback port: 16,384 {@code Integer} keys visited in Zipf(0.99) order, each holding
 * a {@link Profile} (a small mutable object, which a by-value cache copies on every read) or, for
 * near-cache hits, a {@link Point} (an immutable record, which Strata cannot know immutable and
 * copies too). Every Strata cache stores by value; every key is present. Beside each Strata
 * operation, its floor and its alternatives on the same server: raw Caffeine's
 * {@code getIfPresent} and Redisson's {@code RLocalCachedMap} for a near hit; plain Redisson
 * {@code RBucket}/{@code RBuckets} on Strata's own Redis keys (the bytes only: one round trip, no
 * decoding) for the Redis tier; Redisson's JCache (on its default codec) for both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
    "-Dslf4j.internal.verbosity=WARN"})
public class RedisValueBenchmark {
  static final int KEYS = CacheFixture.KEYS;
  static final int MASK = CacheFixture.MASK;
  static final int BATCH = 100;
  private static final String NAMESPACE = "values";
  private static final String REMOTE_CACHE = "remote-profiles";

  private RedisServer redis;
  private CacheManager manager;
  private Cache<Integer, Profile> nearProfiles;
  private Cache<Integer, Point> nearPoints;
  private Cache<Integer, Profile> remote;
  private RedissonClient redisson;
  private org.redisson.api.RedissonClient plainRedisson;
  private RLocalCachedMap<Integer, Profile> localCachedProfiles;
  private RLocalCachedMap<Integer, Point> localCachedPoints;
  private Path redissonYaml;
  private CacheManager redissonJCacheManager;
  private Cache<Integer, Profile> redissonJCache;
  private com.github.benmanes.caffeine.cache.Cache<Integer, Profile> caffeine;
  private Integer[] keys;
  private Profile[] profiles;
  private int[] indexes;
  /** The Redis keys under which {@link #remote} keeps {@link #keys}. */
  private String[] remoteNames;
  /** What {@link #remote} keeps under each of them: the bytes a raw write writes. */
  private byte[][] remoteBytes;
  private List<Set<Integer>> batches;
  private List<Map<Integer, Profile>> batchEntries;
  private List<String[]> batchNames;
  private List<Map<String, byte[]>> batchBytes;

  /**
   * Fills only the caches the case reads or writes: each one holds 16,384 values, and filling
   * them all for every case would take most of the run.
   */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws Exception {
    String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    boolean tier = method.startsWith("redisTier") || method.startsWith("redissonBucket");
    redis = RedisServer.start();
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", redis.uri());
    properties.setProperty("strata.redis.namespace", NAMESPACE);
    properties.setProperty("strata.defaults.store", "redis");
    manager = Caching.getCachingProvider(CacheFixture.STRATA)
        .getCacheManager(URI.create("benchmark:redis-values"), getClass().getClassLoader(),
            properties);
    var nearSettings = new NearCacheSettings(2L * KEYS, Duration.ofMinutes(10));
    nearProfiles = manager.createCache("near-profiles",
        configuration(Profile.class).setNearCache(nearSettings));
    nearPoints = manager.createCache("near-points",
        configuration(Point.class).setNearCache(nearSettings));
    remote = manager.createCache(REMOTE_CACHE, configuration(Profile.class));
    caffeine = Caffeine.newBuilder().maximumSize(2L * KEYS).build();

    keys = CacheFixture.keys();
    indexes = CacheFixture.zipfIndexes(42);
    profiles = new Profile[KEYS];
    Map<Integer, Point> points = new LinkedHashMap<>();
    remoteNames = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      profiles[i] = Profile.of(i);
      points.put(keys[i], Point.of(i));
      // Strata's name for an Integer key: strata:<namespace>:<cache>:i<key>
      remoteNames[i] = "strata:" + NAMESPACE + ":" + REMOTE_CACHE + ":i" + keys[i];
      caffeine.put(keys[i], profiles[i]);
    }
    batches = CacheFixture.batches(keys, indexes, BATCH);
    batchEntries = new ArrayList<>();
    for (Set<Integer> batch : batches) {
      Map<Integer, Profile> entries = new LinkedHashMap<>();
      for (Integer key : batch) {
        entries.put(key, profiles[key]);
      }
      batchEntries.add(entries);
    }
    startRedisson();
    fill(method, points);

    var config = new Config();
    config.useSingleServer().setAddress(redis.uri());
    redisson = Redisson.create(config);
    remoteBytes = new byte[KEYS][];
    for (int from = 0; tier && from < KEYS; from += BATCH) {
      String[] names = Arrays.copyOfRange(remoteNames, from, Math.min(KEYS, from + BATCH));
      Map<String, byte[]> read = redisson.getBuckets(ByteArrayCodec.INSTANCE).get(names);
      for (int i = from; i < from + names.length; i++) {
        remoteBytes[i] = read.get(remoteNames[i]);
        if (remoteBytes[i] == null) {
          throw new IllegalStateException("Strata's Redis key naming changed: no "
              + remoteNames[i]);
        }
      }
    }
    batchNames = new ArrayList<>();
    batchBytes = new ArrayList<>();
    for (Set<Integer> batch : tier ? batches : List.<Set<Integer>>of()) {
      String[] names = new String[batch.size()];
      Map<String, byte[]> bytes = new LinkedHashMap<>();
      int n = 0;
      for (Integer key : batch) {
        names[n++] = remoteNames[key];
        bytes.put(remoteNames[key], remoteBytes[key]);
      }
      batchNames.add(names);
      batchBytes.add(bytes);
    }
  }

  /**
   * The caches the case uses hold every key; the near caches and local cached maps hold their
   * copies.
   */
  private void fill(String method, Map<Integer, Point> points) {
    boolean nearProfile = method.equals("nearGetHitProfile") || method.equals("nearGetAll100");
    boolean nearPoint = method.equals("nearGetHitPoint");
    boolean tier = method.startsWith("redisTier") || method.startsWith("redissonBucket");
    boolean jcache = method.startsWith("redissonJCache");
    boolean localProfile = method.equals("redissonLocalCachedMapGetProfile");
    boolean localPoint = method.equals("redissonLocalCachedMapGetPoint");
    for (int from = 0; from < KEYS; from += BATCH) {
      Map<Integer, Profile> part = new LinkedHashMap<>();
      Map<Integer, Point> pointPart = new LinkedHashMap<>();
      for (int i = from; i < Math.min(KEYS, from + BATCH); i++) {
        part.put(keys[i], profiles[i]);
        pointPart.put(keys[i], points.get(keys[i]));
      }
      if (nearProfile) {
        nearProfiles.putAll(part);
        // from here on, its reads are hits of the copies in this JVM
        nearProfiles.getAll(part.keySet());
      }
      if (nearPoint) {
        nearPoints.putAll(pointPart);
        nearPoints.getAll(pointPart.keySet());
      }
      if (tier) {
        remote.putAll(part);
      }
      if (jcache) {
        redissonJCache.putAll(part);
      }
      if (localProfile) {
        localCachedProfiles.putAll(part);
        localCachedProfiles.getAll(part.keySet());
      }
      if (localPoint) {
        localCachedPoints.putAll(pointPart);
        localCachedPoints.getAll(pointPart.keySet());
      }
    }
  }

  /**
   * Redisson's JCache and local cached maps as a user would set them up, on Redisson's default
   * codec; the local caches hold every key.
   */
  private void startRedisson() throws Exception {
    redissonYaml = Files.createTempFile("redisson-jcache", ".yaml");
    Files.writeString(redissonYaml,
        "singleServerConfig:\n  address: \"" + redis.uri() + "\"\n");
    redissonJCacheManager = Caching.getCachingProvider(RedisCacheBenchmark.REDISSON_JCACHE)
        .getCacheManager(redissonYaml.toUri(), getClass().getClassLoader());
    var redissonConfig = org.redisson.config.Config.fromYAML(redissonYaml.toFile());
    var jcacheConfig = new MutableConfiguration<Integer, Profile>()
        .setTypes(Integer.class, Profile.class);
    redissonJCache = redissonJCacheManager.createCache("redisson-jcache-profiles",
        RedissonConfiguration.fromConfig(redissonConfig, jcacheConfig));
    plainRedisson = org.redisson.Redisson.create(redissonConfig);
    localCachedProfiles = plainRedisson.getLocalCachedMap(
        LocalCachedMapOptions.<Integer, Profile>name("local-cached-profiles")
            .cacheSize(2 * KEYS));
    localCachedPoints = plainRedisson.getLocalCachedMap(
        LocalCachedMapOptions.<Integer, Point>name("local-cached-points").cacheSize(2 * KEYS));
  }

  private static <V> StrataConfiguration<Integer, V> configuration(Class<V> type) {
    var config = new StrataConfiguration<Integer, V>().setStoreType(StoreType.REDIS);
    config.setTypes(Integer.class, type);
    config.setStoreByValue(true);
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
      if (plainRedisson != null) {
        plainRedisson.shutdown();
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

  /** Each thread walks the shared Zipf sequence, and the batches, from its own position. */
  @State(Scope.Thread)
  public static class Cursor {
    int position = (int) (Thread.currentThread().getId() * 7919);
    int batch = (int) Thread.currentThread().getId();

    int next(int[] indexes) {
      return indexes[position++ & MASK];
    }

    int nextBatch(int batches) {
      return Math.floorMod(batch++, batches);
    }
  }

  // near-cache hits

  @Benchmark
  public Profile nearGetHitProfile(Cursor cursor) {
    return nearProfiles.get(keys[cursor.next(indexes)]);
  }

  @Benchmark
  public Point nearGetHitPoint(Cursor cursor) {
    return nearPoints.get(keys[cursor.next(indexes)]);
  }

  /** The floor of an in-heap read: raw Caffeine, by reference. */
  @Benchmark
  public Profile caffeineGetIfPresentProfile(Cursor cursor) {
    return caffeine.getIfPresent(keys[cursor.next(indexes)]);
  }

  @Benchmark
  public Profile redissonLocalCachedMapGetProfile(Cursor cursor) {
    return localCachedProfiles.get(keys[cursor.next(indexes)]);
  }

  @Benchmark
  public Point redissonLocalCachedMapGetPoint(Cursor cursor) {
    return localCachedPoints.get(keys[cursor.next(indexes)]);
  }

  /** 100 near-cache hits in one call: no round trip. */
  @Benchmark
  public Map<Integer, Profile> nearGetAll100(Cursor cursor) {
    return nearProfiles.getAll(batches.get(cursor.nextBatch(batches.size())));
  }

  // the Redis tier

  @Benchmark
  public Profile redisTierGet(Cursor cursor) {
    return remote.get(keys[cursor.next(indexes)]);
  }

  @Benchmark
  public byte[] redissonBucketGet(Cursor cursor) {
    return redisson.<byte[]>getBucket(remoteNames[cursor.next(indexes)],
        ByteArrayCodec.INSTANCE).get();
  }

  @Benchmark
  public Profile redissonJCacheGet(Cursor cursor) {
    return redissonJCache.get(keys[cursor.next(indexes)]);
  }

  /** Writes the value the key already has. */
  @Benchmark
  public void redisTierPut(Cursor cursor) {
    int i = cursor.next(indexes);
    remote.put(keys[i], profiles[i]);
  }

  /** One {@code SET} of the bytes Strata keeps for the key, under its name. */
  @Benchmark
  public void redissonBucketSet(Cursor cursor) {
    int i = cursor.next(indexes);
    redisson.<byte[]>getBucket(remoteNames[i], ByteArrayCodec.INSTANCE).set(remoteBytes[i]);
  }

  @Benchmark
  public void redissonJCachePut(Cursor cursor) {
    int i = cursor.next(indexes);
    redissonJCache.put(keys[i], profiles[i]);
  }

  @Benchmark
  public Map<Integer, Profile> redisTierGetAll100(Cursor cursor) {
    return remote.getAll(batches.get(cursor.nextBatch(batches.size())));
  }

  /** The same 100 keys read by plain Redisson as one {@code MGET} of their bytes. */
  @Benchmark
  public Map<String, byte[]> redissonBucketsGet100(Cursor cursor) {
    return redisson.getBuckets(ByteArrayCodec.INSTANCE)
        .get(batchNames.get(cursor.nextBatch(batchNames.size())));
  }

  @Benchmark
  public Map<Integer, Profile> redissonJCacheGetAll100(Cursor cursor) {
    return redissonJCache.getAll(batches.get(cursor.nextBatch(batches.size())));
  }

  @Benchmark
  public void redisTierPutAll100(Cursor cursor) {
    remote.putAll(batchEntries.get(cursor.nextBatch(batchEntries.size())));
  }

  /** The same 100 keys written by plain Redisson as one {@code MSET} of their bytes. */
  @Benchmark
  public void redissonBucketsSet100(Cursor cursor) {
    redisson.getBuckets(ByteArrayCodec.INSTANCE)
        .set(batchBytes.get(cursor.nextBatch(batchBytes.size())));
  }

  @Benchmark
  public void redissonJCachePutAll100(Cursor cursor) {
    redissonJCache.putAll(batchEntries.get(cursor.nextBatch(batchEntries.size())));
  }
}
