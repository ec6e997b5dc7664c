package dev.strata.samples;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.management.StrataStatistics;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheLoader;

/**
 * Strata on its embedded default, no server: a read-through cache in front of a slow "database",
 * entries that expire, a listener that reports what happens, and the statistics at the end.
 */
public final class EmbeddedSample {
  /** The system of record: slow, and counting how often it is asked. */
  static final Map<String, String> DATABASE = new ConcurrentHashMap<>(Map.of(
      "ada", "Ada Lovelace", "alan", "Alan Turing", "grace", "Grace Hopper"));
  static final AtomicInteger DATABASE_READS = new AtomicInteger();

  private EmbeddedSample() {}

  public static void main(String[] args) throws InterruptedException {
    SampleLogging.quiet();
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    System.out.println("Provider: " + manager.getCachingProvider().getClass().getName());

    var config = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setReadThrough(true)
        .setCacheLoaderFactory(FactoryBuilder.factoryOf(DatabaseLoader.class))
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
            new Duration(TimeUnit.MILLISECONDS, 500)))
        .setStatisticsEnabled(true)
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(PrintingListener.class), null, true, true));
    Cache<String, String> people = manager.createCache("people", config);

    System.out.println("\n-- read-through: the first get loads, the second is a hit");
    System.out.println("get(ada) = " + people.get("ada"));
    System.out.println("get(ada) = " + people.get("ada"));
    System.out.println("database reads so far: " + DATABASE_READS.get());

    System.out.println("\n-- a put replaces the cached value");
    people.put("alan", "Alan M. Turing");
    people.put("alan", "Alan Mathison Turing");
    System.out.println("get(alan) = " + people.get("alan"));

    System.out.println("\n-- entries expire 500 ms after creation");
    Thread.sleep(700);
    System.out.println("containsKey(ada) after 700 ms = " + people.containsKey("ada"));
    System.out.println("get(ada) = " + people.get("ada") + " (loaded again)");
    System.out.println("database reads so far: " + DATABASE_READS.get());

    StrataStatistics stats = people.unwrap(StrataCache.class).statistics();
    System.out.println("\n-- statistics");
    System.out.printf("gets=%d hits=%d misses=%d hit%%=%.1f puts=%d evictions=%d%n",
        stats.getCacheGets(), stats.getCacheHits(), stats.getCacheMisses(),
        stats.getCacheHitPercentage(), stats.getCachePuts(), stats.getCacheEvictions());

    manager.close();
  }

  /** Loads a person from the "database", slowly. */
  public static final class DatabaseLoader implements CacheLoader<String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String load(String key) {
      DATABASE_READS.incrementAndGet();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return DATABASE.get(key);
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new ConcurrentHashMap<>();
      for (String key : keys) {
        String value = load(key);
        if (value != null) {
          loaded.put(key, value);
        }
      }
      return loaded;
    }
  }

  /** Prints every event it receives. */
  public static final class PrintingListener implements
      CacheEntryCreatedListener<String, String>, CacheEntryUpdatedListener<String, String>,
      CacheEntryExpiredListener<String, String>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> System.out.println("  [event] created " + e.getKey() + " = "
          + e.getValue()));
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> System.out.println("  [event] updated " + e.getKey() + ": "
          + e.getOldValue() + " -> " + e.getValue()));
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> System.out.println("  [event] expired " + e.getKey()));
    }
  }
}
