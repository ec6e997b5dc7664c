package dev.strata.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.event.RecordingListener;
import dev.strata.jcache.management.StrataStatistics;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessorException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CopySemanticsTest {
  private static CacheManager manager;
  private Cache<Object, Object> cache;

  /** A mutable value a caller may change after handing it to the cache. */
  static final class Box implements Serializable {
    private static final long serialVersionUID = 1L;
    int content;

    Box(int content) {
      this.content = content;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Box && ((Box) other).content == content;
    }

    @Override
    public int hashCode() {
      return content;
    }
  }

  /** A value Java serialization cannot encode. */
  static final class Opaque {
  }

  /** A serializable value that holds something that is not. */
  static final class Wrapper implements Serializable {
    private static final long serialVersionUID = 1L;
    @SuppressWarnings("serial")
    final Object inside = new Opaque();
  }

  enum Colour { RED, GREEN { @Override public String toString() { return "green"; } } }

  @BeforeAll
  static void openManager() {
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("test:" + CopySemanticsTest.class.getName()),
        CopySemanticsTest.class.getClassLoader());
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  @AfterEach
  void destroyCache() {
    if (cache != null) {
      manager.destroyCache(cache.getName());
    }
  }

  private Cache<Object, Object> create(boolean byValue) {
    var config = new MutableConfiguration<Object, Object>()
        .setStoreByValue(byValue)
        .setStatisticsEnabled(true);
    cache = manager.createCache(byValue ? "by-value" : "by-reference", config);
    return cache;
  }

  @Test
  void byValueIsolatesTheValuePut() {
    create(true);
    var box = new Box(1);
    cache.put("k", box);
    box.content = 2;
    assertEquals(1, ((Box) cache.get("k")).content);
  }

  @Test
  void byValueIsolatesTheValueGot() {
    create(true);
    cache.put("k", new Box(1));
    var first = (Box) cache.get("k");
    first.content = 7;
    var second = (Box) cache.get("k");
    assertEquals(1, second.content);
    assertNotSame(first, second);
  }

  @Test
  void byValueIsolatesEveryPathAValueLeavesBy() {
    create(true);
    cache.put("k", new Box(1));

    ((Box) cache.getAll(Set.of("k")).get("k")).content = 2;
    cache.iterator().next().getValue();
    ((Box) cache.iterator().next().getValue()).content = 3;
    cache.invoke("k", (entry, args) -> {
      ((Box) entry.getValue()).content = 4;
      return null;
    });
    ((Box) cache.getAndPut("k", new Box(1))).content = 5;

    assertEquals(1, ((Box) cache.get("k")).content);
  }

  @Test
  void byValueIsolatesMutableKeys() {
    create(true);
    List<String> key = new ArrayList<>(List.of("a"));
    cache.put(key, "value");
    key.add("b");
    assertEquals("value", cache.get(List.of("a")));
    Object keptKey = cache.iterator().next().getKey();
    assertEquals(List.of("a"), keptKey);
    assertNotSame(key, keptKey);
  }

  @Test
  void byReferenceReturnsTheSameInstance() {
    create(false);
    var box = new Box(1);
    cache.put("k", box);
    assertSame(box, cache.get("k"));
    box.content = 2;
    assertEquals(2, ((Box) cache.get("k")).content);
    assertSame(box, cache.iterator().next().getValue());
    cache.put("k2", new Opaque());
    assertInstanceOf(Opaque.class, cache.get("k2"), "by reference needs no serialization");
  }

  @Test
  void immutableJdkValuesAreNotCopiedByValue() {
    create(true);
    // Each made fresh, so that sameness cannot come from a JDK cache of instances.
    Map<String, Object> values = new HashMap<>();
    values.put("string", new String("text"));
    values.put("integer", Integer.valueOf(123_456_789));
    values.put("uuid", UUID.randomUUID());
    values.put("date", LocalDate.of(2024, Month.FEBRUARY, 29));
    values.put("decimal", new BigDecimal("12.50"));
    values.put("enum", Colour.RED);
    values.put("enum-with-body", Colour.GREEN);
    cache.putAll(values);
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      assertSame(entry.getValue(), cache.get(entry.getKey()), entry.getKey());
    }
  }

  @Test
  void immutableJdkKeysAreNotCopiedByValue() {
    create(true);
    String key = new String("key");
    cache.put(key, 1);
    assertSame(key, cache.iterator().next().getKey());
  }

  @Test
  void aValueThatCannotBeSerializedFailsNamingItsTypeAndChangesNothing() {
    create(true);
    var listener = new RecordingListener<Object, Object>();
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        new FactoryBuilder.SingletonFactory<>(listener), null, true, true));
    cache.put("k", "old");
    listener.clear();
    StrataStatistics statistics = cache.unwrap(StrataCache.class).statistics();
    cache.unwrap(StrataCache.class).clearStatistics();

    List<Consumer<Cache<Object, Object>>> writes = List.of(
        c -> c.put("k", new Opaque()),
        c -> c.put("new", new Opaque()),
        c -> c.getAndPut("k", new Opaque()),
        c -> c.putIfAbsent("new", new Opaque()),
        c -> c.replace("k", new Opaque()),
        c -> c.replace("k", "old", new Opaque()),
        c -> c.getAndReplace("k", new Opaque()),
        c -> c.putAll(Map.of("k", "fine", "new", new Opaque())));
    for (Consumer<Cache<Object, Object>> write : writes) {
      RuntimeException failure = assertThrows(RuntimeException.class, () -> write.accept(cache));
      assertTrue(failure instanceof ClassCastException || failure instanceof CacheException,
          () -> "unexpected " + failure);
      assertTrue(failure.getMessage().contains(Opaque.class.getName()), failure::getMessage);
    }

    assertEquals(List.of(), listener.seen(), "no change, so no event");
    assertEquals(0, statistics.getCachePuts());
    assertEquals(0, statistics.getCacheHits());
    assertEquals(0, statistics.getCacheMisses());
    assertEquals("old", cache.get("k"));
    assertTrue(!cache.containsKey("new"));
  }

  @Test
  void aProcessorSettingAValueThatCannotBeSerializedChangesNothing() {
    create(true);
    cache.put("k", "old");
    var failure = assertThrows(EntryProcessorException.class,
        () -> cache.invoke("k", (entry, args) -> {
          entry.setValue(new Opaque());
          return null;
        }));
    assertTrue(String.valueOf(failure.getMessage()).contains(Opaque.class.getName()),
        failure::getMessage);
    assertEquals("old", cache.get("k"));
  }

  @Test
  void aSerializableValueHoldingSomethingThatIsNotFailsNamingBothTypes() {
    create(true);
    cache.put("k", "old");
    var failure = assertThrows(CacheException.class, () -> cache.put("k", new Wrapper()));
    assertTrue(failure.getMessage().contains(Wrapper.class.getName()), failure::getMessage);
    assertTrue(failure.getMessage().contains(Opaque.class.getName()), failure::getMessage);
    assertEquals("old", cache.get("k"));
  }

  @Test
  void aKeyThatCannotBeSerializedFailsByValue() {
    create(true);
    var failure = assertThrows(RuntimeException.class, () -> cache.put(new Opaque(), "v"));
    assertTrue(failure instanceof ClassCastException || failure instanceof CacheException,
        () -> "unexpected " + failure);
    assertTrue(!cache.iterator().hasNext());
  }

  @Test
  void byValueStoresBytesSoTheCacheDoesNotHoldTheCallersObject() {
    create(true);
    var box = new Box(1);
    cache.put("k", box);
    var caffeine = cache.unwrap(com.github.benmanes.caffeine.cache.Cache.class);
    caffeine.cleanUp();
    assertEquals(1, caffeine.estimatedSize());
    for (Object stored : caffeine.asMap().values()) {
      Object value = ((dev.strata.jcache.store.StoreEntry) stored).value();
      assertTrue(!(value instanceof Box), "a mutable value is kept encoded");
    }
    assertEquals(box, cache.get("k"));
  }
}
