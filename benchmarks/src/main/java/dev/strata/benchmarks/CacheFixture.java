package dev.strata.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.jcache.configuration.StrataConfiguration;
import java.net.URI;
import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * The caches under test, each holding the same keys, and a Zipf-distributed sequence of key
 * indexes (exponent 1, as web and database traffic roughly is) that every benchmark walks.
 */
final class CacheFixture {
  static final int KEYS = 1 << 14;
  static final int MASK = KEYS - 1;

  private CacheFixture() {}

  /** A cache behind a common face, so one benchmark method measures every provider. */
  interface Subject {
    Integer get(Integer key);

    void put(Integer key, Integer value);

    void close();
  }

  static Subject create(String provider) {
    switch (provider) {
      case "caffeine":
        return raw(Caffeine.newBuilder().maximumSize(2L * KEYS).build());
      case "caffeine-unbounded":
        return raw(Caffeine.newBuilder().build());
      case "strata-bounded-ref":
        return jcache("dev.strata.jcache.StrataCachingProvider", false, true);
      case "strata-ref":
        return jcache("dev.strata.jcache.StrataCachingProvider", false, false);
      case "strata-value":
        return jcache("dev.strata.jcache.StrataCachingProvider", true, false);
      case "caffeine-jcache-ref":
        return jcache("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider", false,
            false);
      default:
        throw new IllegalArgumentException("Unknown provider " + provider);
    }
  }

  private static Subject raw(com.github.benmanes.caffeine.cache.Cache<Integer, Integer> cache) {
    return new Subject() {
      @Override
      public Integer get(Integer key) {
        return cache.getIfPresent(key);
      }

      @Override
      public void put(Integer key, Integer value) {
        cache.put(key, value);
      }

      @Override
      public void close() {
        cache.invalidateAll();
      }
    };
  }

  private static Subject jcache(String providerClass, boolean storeByValue, boolean bounded) {
    CacheManager manager = Caching.getCachingProvider(providerClass)
        .getCacheManager(URI.create("benchmark:" + providerClass + ":" + storeByValue + ":" + bounded), null);
    MutableConfiguration<Integer, Integer> config = bounded
        ? new StrataConfiguration<Integer, Integer>().setMaximumSize(2L * KEYS)
        : new MutableConfiguration<>();
    config.setTypes(Integer.class, Integer.class);
    config.setStoreByValue(storeByValue);
    String name = "benchmark";
    manager.destroyCache(name);
    Cache<Integer, Integer> cache = manager.createCache(name, config);
    return new Subject() {
      @Override
      public Integer get(Integer key) {
        return cache.get(key);
      }

      @Override
      public void put(Integer key, Integer value) {
        cache.put(key, value);
      }

      @Override
      public void close() {
        manager.close();
      }
    };
  }

  static Integer[] keys() {
    Integer[] keys = new Integer[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = i;
    }
    return keys;
  }

  /** Indexes into {@link #keys()} drawn from a Zipf distribution, hottest key first. */
  static int[] zipfIndexes(long seed) {
    double[] cumulative = new double[KEYS];
    double sum = 0;
    for (int rank = 1; rank <= KEYS; rank++) {
      sum += 1.0 / rank;
      cumulative[rank - 1] = sum;
    }
    var random = new Random(seed);
    int[] indexes = new int[KEYS];
    for (int i = 0; i < KEYS; i++) {
      double target = random.nextDouble() * sum;
      int low = 0;
      int high = KEYS - 1;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (cumulative[mid] < target) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      indexes[i] = low;
    }
    return indexes;
  }
}
