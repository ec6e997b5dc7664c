package dev.strata.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.jcache.configuration.StrataConfiguration;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import javax.cache.spi.CachingProvider;

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

    Map<Integer, Integer> getAll(Set<Integer> keys);

    void putAll(Map<Integer, Integer> entries);

    /** Adds one to the key's value, atomically. */
    void increment(Integer key);

    void close();
  }

  /**
   * Every provider the embedded benchmark knows. {@code -ref} and {@code -value} are the same
   * provider storing by reference and by value; the JCache providers other than
   * {@code strata-bounded-ref} run on their defaults, which are unbounded.
   */
  static final String[] PROVIDERS = {"caffeine", "caffeine-unbounded", "strata-ref",
      "strata-value", "strata-bounded-ref", "caffeine-jcache-ref", "caffeine-jcache-value",
      "ehcache-ref", "ehcache-value", "ri-ref", "ri-value"};

  static final String STRATA = "dev.strata.jcache.StrataCachingProvider";
  static final String CAFFEINE_JCACHE =
      "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
  static final String EHCACHE = "org.ehcache.jsr107.EhcacheCachingProvider";
  static final String RI = "org.jsr107.ri.spi.RICachingProvider";

  static Subject create(String provider) {
    switch (provider) {
      case "caffeine":
        return raw(Caffeine.newBuilder().maximumSize(2L * KEYS).build());
      case "caffeine-unbounded":
        return raw(Caffeine.newBuilder().build());
      case "strata-bounded-ref":
        return jcache(STRATA, false, true);
      case "strata-ref":
        return jcache(STRATA, false, false);
      case "strata-value":
        return jcache(STRATA, true, false);
      case "caffeine-jcache-ref":
        return jcache(CAFFEINE_JCACHE, false, false);
      case "caffeine-jcache-value":
        return jcache(CAFFEINE_JCACHE, true, false);
      case "ehcache-ref":
        return jcache(EHCACHE, false, false);
      case "ehcache-value":
        return jcache(EHCACHE, true, false);
      case "ri-ref":
        return jcache(RI, false, false);
      case "ri-value":
        return jcache(RI, true, false);
      default:
        throw new IllegalArgumentException("Unknown provider " + provider);
    }
  }

  /**
   * The Strata cache a provider is compared with: the one storing the same way, under the same
   * bound.
   */
  static String strataCounterpart(String provider) {
    if (provider.equals("caffeine") || provider.equals("strata-bounded-ref")) {
      return "strata-bounded-ref";
    }
    return provider.endsWith("-value") ? "strata-value" : "strata-ref";
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
      public Map<Integer, Integer> getAll(Set<Integer> keys) {
        return cache.getAllPresent(keys);
      }

      @Override
      public void putAll(Map<Integer, Integer> entries) {
        cache.putAll(entries);
      }

      @Override
      public void increment(Integer key) {
        cache.asMap().merge(key, 1, Integer::sum);
      }

      @Override
      public void close() {
        cache.invalidateAll();
      }
    };
  }

  /** Adds one to the entry's value; serializable for providers that copy what they are given. */
  static final class Increment implements EntryProcessor<Integer, Integer, Void>, Serializable {
    private static final long serialVersionUID = 1L;
    static final Increment INSTANCE = new Increment();

    @Override
    public Void process(MutableEntry<Integer, Integer> entry, Object... arguments) {
      Integer value = entry.getValue();
      entry.setValue(value == null ? 1 : value + 1);
      return null;
    }
  }

  private static Subject jcache(String providerClass, boolean storeByValue, boolean bounded) {
    // Several providers are on the class path: always name the one wanted.
    CachingProvider provider = Caching.getCachingProvider(providerClass);
    CacheManager manager = provider.getCacheManager(provider.getDefaultURI(),
        CacheFixture.class.getClassLoader());
    MutableConfiguration<Integer, Integer> config = bounded
        ? new StrataConfiguration<Integer, Integer>().setMaximumSize(2L * KEYS)
        : new MutableConfiguration<>();
    config.setTypes(Integer.class, Integer.class);
    config.setStoreByValue(storeByValue);
    String name = "benchmark-" + storeByValue + "-" + bounded;
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
      public Map<Integer, Integer> getAll(Set<Integer> keys) {
        return cache.getAll(keys);
      }

      @Override
      public void putAll(Map<Integer, Integer> entries) {
        cache.putAll(entries);
      }

      @Override
      public void increment(Integer key) {
        cache.invoke(key, Increment.INSTANCE);
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

  /**
   * Groups of {@code size} distinct keys, each taken from the Zipf sequence in order, so a bulk
   * call reads or writes the keys single calls would. Each group iterates in ascending key
   * order: the JSR-107 RI locks a {@code putAll}'s keys one by one in iteration order, so two
   * threads putting overlapping groups in different orders deadlock it.
   */
  static List<Set<Integer>> batches(Integer[] keys, int[] indexes, int size) {
    List<Set<Integer>> batches = new ArrayList<>();
    Set<Integer> batch = new TreeSet<>();
    for (int i = 0; batches.size() < KEYS / size; i++) {
      batch.add(keys[indexes[i & MASK]]);
      if (batch.size() == size) {
        batches.add(new LinkedHashSet<>(batch));
        batch = new TreeSet<>();
      }
    }
    return batches;
  }

  /** The entries to put for a batch of keys: each key mapped to itself. */
  static Map<Integer, Integer> entries(Set<Integer> batch) {
    Map<Integer, Integer> entries = new LinkedHashMap<>();
    for (Integer key : batch) {
      entries.put(key, key);
    }
    return entries;
  }
}
