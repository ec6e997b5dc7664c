package dev.strata.jcache.store.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.EntryWeigher;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.event.RecordingListener;
import dev.strata.jcache.management.StrataStatistics;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BoundedSizeTest {
  private static CacheManager manager;
  private final RecordingListener<Object, Object> listener = new RecordingListener<>();

  @BeforeAll
  static void openManager() {
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("test:" + BoundedSizeTest.class.getName()),
        BoundedSizeTest.class.getClassLoader());
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  @AfterEach
  void destroyCaches() {
    for (String name : manager.getCacheNames()) {
      manager.destroyCache(name);
    }
  }

  private Cache<Object, Object> create(String name, StrataConfiguration<Object, Object> config) {
    config.setStatisticsEnabled(true);
    config.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
        new FactoryBuilder.SingletonFactory<>(listener), null, true, true));
    return manager.createCache(name, config);
  }

  /** The entries left once Caffeine has finished its pending maintenance. */
  private static Map<Object, Object> settled(Cache<Object, Object> cache) {
    cache.unwrap(com.github.benmanes.caffeine.cache.Cache.class).cleanUp();
    Map<Object, Object> content = new HashMap<>();
    for (Cache.Entry<Object, Object> entry : cache) {
      content.put(entry.getKey(), entry.getValue());
    }
    return content;
  }

  private static StrataStatistics statistics(Cache<?, ?> cache) {
    return cache.unwrap(StrataCache.class).statistics();
  }

  @Test
  void aMaximumSizeBoundsTheEntriesAndCountsEvictions() {
    var config = new StrataConfiguration<Object, Object>();
    config.setMaximumSize(100);
    Cache<Object, Object> cache = create("sized", config);
    for (int i = 0; i < 1_000; i++) {
      cache.put(i, "value " + i);
    }
    Map<Object, Object> left = settled(cache);

    assertTrue(left.size() <= 100 && left.size() >= 90, "entries left: " + left.size());
    assertEquals(1_000 - left.size(), statistics(cache).getCacheEvictions());
    assertEquals(1_000, statistics(cache).getCachePuts());
    for (Map.Entry<Object, Object> entry : left.entrySet()) {
      assertEquals("value " + entry.getKey(), entry.getValue());
    }
  }

  @Test
  void evictionIsNoEntryEvent() {
    var config = new StrataConfiguration<Object, Object>();
    config.setMaximumSize(10);
    Cache<Object, Object> cache = create("quiet", config);
    for (int i = 0; i < 100; i++) {
      cache.put(i, i);
    }
    settled(cache);
    assertTrue(statistics(cache).getCacheEvictions() >= 90);
    assertTrue(listener.seen().stream().allMatch(seen -> seen.type().name().equals("CREATED")),
        "only creations were reported");
    assertEquals(100, listener.seen().size());
  }

  /** Weighs a value by its text's length and counts how often it is asked. */
  public static final class TextWeigher implements EntryWeigher<Object, Object> {
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public int weigh(Object key, Object value) {
      CALLS.incrementAndGet();
      // A StringBuilder is stored encoded by value; the weigher must see the value, not bytes.
      return ((CharSequence) value).length();
    }
  }

  @Test
  void aMaximumWeightBoundsTheTotalWeight() {
    var config = new StrataConfiguration<Object, Object>();
    config.setMaximumWeight(1_000, FactoryBuilder.factoryOf(TextWeigher.class));
    Cache<Object, Object> cache = create("weighed", config);
    int callsBefore = TextWeigher.CALLS.get();
    for (int i = 0; i < 100; i++) {
      cache.put(i, new StringBuilder("x".repeat(100)));
    }
    assertTrue(TextWeigher.CALLS.get() - callsBefore >= 100, "every write is weighed");
    Map<Object, Object> left = settled(cache);

    int weight = left.values().stream().mapToInt(value -> value.toString().length()).sum();
    assertTrue(weight <= 1_000, "weight left: " + weight);
    assertTrue(left.size() >= 5, "entries left: " + left.size());
    assertEquals(100 - left.size(), statistics(cache).getCacheEvictions());
  }

  @Test
  void anEntryHeavierThanTheMaximumDoesNotStay() {
    var config = new StrataConfiguration<Object, Object>();
    config.setMaximumWeight(1_000, FactoryBuilder.factoryOf(TextWeigher.class));
    Cache<Object, Object> cache = create("too-heavy", config);
    cache.put("light", "x");
    cache.put("heavy", "x".repeat(1_001));
    Map<Object, Object> left = settled(cache);
    assertFalse(left.containsKey("heavy"));
    assertEquals("x", left.get("light"));
  }

  @Test
  void withoutABoundNothingIsEvicted() {
    Cache<Object, Object> cache = create("unbounded", new StrataConfiguration<>());
    for (int i = 0; i < 5_000; i++) {
      cache.put(i, i);
    }
    assertEquals(5_000, settled(cache).size());
    assertEquals(0, statistics(cache).getCacheEvictions());
  }
}
