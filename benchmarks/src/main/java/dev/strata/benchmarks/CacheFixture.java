package dev.strata.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import dev.strata.jcache.configuration.StrataConfiguration;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.MutableEntry;
import javax.cache.spi.CachingProvider;

/**
 * The caches under test, each holding the same keys, and a Zipf-distributed sequence of key
 * indexes (exponent 0.99, as web and database traffic roughly is) that every benchmark walks.
 * Values are either the key itself (an immutable {@code Integer}) or a {@link Profile} (a small
 * mutable object, which a cache storing by value copies on each read).
 */
final class CacheFixture {
  static final int KEYS = 1 << 14;
  static final int MASK = KEYS - 1;
  /** The exponent of the Zipf distribution of the keys. */
  static final double ZIPF_EXPONENT = 0.99;
  /** The bound of the bounded caches: every key fits, and each write runs the eviction policy. */
  static final long BOUND = KEYS;

  private CacheFixture() {}

  /** A cache behind a common face, so one benchmark method measures every provider. */
  interface Subject {
    Object get(Integer key);

    void put(Integer key, Object value);

    Map<Integer, ?> getAll(Set<Integer> keys);

    void putAll(Map<Integer, ?> entries);

    /** Changes the key's value as {@link #incremented} does, atomically. */
    void increment(Integer key);

    void close();
  }

  /**
   * Every provider the embedded benchmark knows. {@code -ref} and {@code -value} are the same
   * provider storing by reference and by value; {@code -bounded} ones (and raw {@code caffeine})
   * hold at most {@link #BOUND} entries, the others run on their providers' defaults, which are
   * unbounded.
   */
  static final String[] PROVIDERS = {"caffeine", "caffeine-unbounded", "strata-ref",
      "strata-value", "strata-bounded-ref", "strata-bounded-value", "caffeine-jcache-ref",
      "caffeine-jcache-value", "caffeine-jcache-bounded-ref", "caffeine-jcache-bounded-value",
      "ehcache-ref", "ehcache-value", "ri-ref", "ri-value"};

  /** The kinds of value: the key itself, or a {@link Profile}. */
  static final String[] VALUES = {"integer", "profile"};

  static final String STRATA = "dev.strata.jcache.StrataCachingProvider";
  static final String CAFFEINE_JCACHE =
      "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
  static final String EHCACHE = "org.ehcache.jsr107.EhcacheCachingProvider";
  static final String RI = "org.jsr107.ri.spi.RICachingProvider";

  static Subject create(String provider, String value) {
    Class<?> type = valueType(value);
    switch (provider) {
      case "caffeine":
        return raw(Caffeine.newBuilder().maximumSize(BOUND).build());
      case "caffeine-unbounded":
        return raw(Caffeine.newBuilder().build());
      case "strata-ref":
        return jcache(STRATA, type, false, false);
      case "strata-value":
        return jcache(STRATA, type, true, false);
      case "strata-bounded-ref":
        return jcache(STRATA, type, false, true);
      case "strata-bounded-value":
        return jcache(STRATA, type, true, true);
      case "caffeine-jcache-ref":
        return jcache(CAFFEINE_JCACHE, type, false, false);
      case "caffeine-jcache-value":
        return jcache(CAFFEINE_JCACHE, type, true, false);
      case "caffeine-jcache-bounded-ref":
        return jcache(CAFFEINE_JCACHE, type, false, true);
      case "caffeine-jcache-bounded-value":
        return jcache(CAFFEINE_JCACHE, type, true, true);
      case "ehcache-ref":
        return jcache(EHCACHE, type, false, false);
      case "ehcache-value":
        return jcache(EHCACHE, type, true, false);
      case "ri-ref":
        return jcache(RI, type, false, false);
      case "ri-value":
        return jcache(RI, type, true, false);
      default:
        throw new IllegalArgumentException("Unknown provider " + provider);
    }
  }

  static Class<?> valueType(String value) {
    switch (value) {
      case "integer":
        return Integer.class;
      case "profile":
        return Profile.class;
      default:
        throw new IllegalArgumentException("Unknown value kind " + value
            + "; expected one of " + String.join(", ", VALUES));
    }
  }

  /** The value stored under each key, by index. */
  static Object[] values(Integer[] keys, String value) {
    Class<?> type = valueType(value);
    Object[] values = new Object[keys.length];
    for (int i = 0; i < keys.length; i++) {
      values[i] = type == Integer.class ? keys[i] : Profile.of(keys[i]);
    }
    return values;
  }

  /** Whether the provider holds at most {@link #BOUND} entries. */
  static boolean isBounded(String provider) {
    return provider.equals("caffeine") || provider.contains("-bounded");
  }

  /**
   * The Strata cache a provider is compared with: the one storing the same way, under the same
   * bound.
   */
  static String strataCounterpart(String provider) {
    boolean byValue = provider.endsWith("-value");
    if (isBounded(provider)) {
      return byValue ? "strata-bounded-value" : "strata-bounded-ref";
    }
    return byValue ? "strata-value" : "strata-ref";
  }

  /** The raw Caffeine cache a provider is compared with: the one under the same bound. */
  static String rawCounterpart(String provider) {
    return isBounded(provider) ? "caffeine" : "caffeine-unbounded";
  }

  /** The value after one increment: an {@code Integer} plus one, a profile with one more visit. */
  static Object incremented(Object value) {
    if (value == null) {
      return 1;
    }
    return value instanceof Profile profile ? profile.visited() : (Integer) value + 1;
  }

  private static Subject raw(com.github.benmanes.caffeine.cache.Cache<Integer, Object> cache) {
    return new Subject() {
      @Override
      public Object get(Integer key) {
        return cache.getIfPresent(key);
      }

      @Override
      public void put(Integer key, Object value) {
        cache.put(key, value);
      }

      @Override
      public Map<Integer, ?> getAll(Set<Integer> keys) {
        return cache.getAllPresent(keys);
      }

      @Override
      public void putAll(Map<Integer, ?> entries) {
        cache.putAll(entries);
      }

      @Override
      public void increment(Integer key) {
        cache.asMap().compute(key, (k, value) -> incremented(value));
      }

      @Override
      public void close() {
        cache.invalidateAll();
      }
    };
  }

  /** Increments the entry's value; serializable for providers that copy what they are given. */
  static final class Increment implements EntryProcessor<Integer, Object, Void>, Serializable {
    private static final long serialVersionUID = 1L;
    static final Increment INSTANCE = new Increment();

    @Override
    public Void process(MutableEntry<Integer, Object> entry, Object... arguments) {
      entry.setValue(incremented(entry.getValue()));
      return null;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Subject jcache(String providerClass, Class<?> type, boolean storeByValue,
      boolean bounded) {
    // Several providers are on the class path: always name the one wanted.
    CachingProvider provider = Caching.getCachingProvider(providerClass);
    CacheManager manager = provider.getCacheManager(provider.getDefaultURI(),
        CacheFixture.class.getClassLoader());
    Configuration<Integer, Object> config;
    if (!bounded) {
      config = new MutableConfiguration<Integer, Object>()
          .setTypes(Integer.class, (Class) type).setStoreByValue(storeByValue);
    } else if (providerClass.equals(STRATA)) {
      var strata = new StrataConfiguration<Integer, Object>().setMaximumSize(BOUND);
      strata.setTypes(Integer.class, (Class) type).setStoreByValue(storeByValue);
      config = strata;
    } else if (providerClass.equals(CAFFEINE_JCACHE)) {
      config = new CaffeineConfiguration<Integer, Object>()
          .setMaximumSize(OptionalLong.of(BOUND))
          .setTypes(Integer.class, (Class) type).setStoreByValue(storeByValue);
    } else {
      throw new IllegalArgumentException("No bounded configuration for " + providerClass);
    }
    String name = "benchmark-" + type.getSimpleName() + "-" + storeByValue + "-" + bounded;
    manager.destroyCache(name);
    Cache<Integer, Object> cache = manager.createCache(name, config);
    return new Subject() {
      @Override
      public Object get(Integer key) {
        return cache.get(key);
      }

      @Override
      public void put(Integer key, Object value) {
        cache.put(key, value);
      }

      @Override
      public Map<Integer, ?> getAll(Set<Integer> keys) {
        return cache.getAll(keys);
      }

      @Override
      public void putAll(Map<Integer, ?> entries) {
        cache.putAll((Map<Integer, Object>) entries);
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
      sum += 1.0 / Math.pow(rank, ZIPF_EXPONENT);
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

  /** The entries to put for a batch of keys: each key mapped to its value in {@code values}. */
  static Map<Integer, Object> entries(Set<Integer> batch, Object[] values) {
    Map<Integer, Object> entries = new LinkedHashMap<>();
    for (Integer key : batch) {
      entries.put(key, values[key]);
    }
    return entries;
  }
}
