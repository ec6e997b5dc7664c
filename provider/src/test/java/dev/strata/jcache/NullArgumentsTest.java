package dev.strata.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.strata.jcache.event.RecordingListener;
import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class NullArgumentsTest {
  private static CacheManager manager;

  @BeforeAll
  static void openManager() {
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("test:" + NullArgumentsTest.class.getName()),
        NullArgumentsTest.class.getClassLoader());
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  /** Counts every call of the loader and of the writer; neither should see a null argument. */
  static final class Integration implements CacheLoader<String, String>,
      CacheWriter<String, String> {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String load(String key) {
      calls.incrementAndGet();
      return "loaded";
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      calls.incrementAndGet();
      return Map.of();
    }

    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      calls.incrementAndGet();
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
      calls.incrementAndGet();
    }

    @Override
    public void delete(Object key) {
      calls.incrementAndGet();
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      calls.incrementAndGet();
    }
  }

  private static <T> Set<T> setWithNull(T present) {
    return new HashSet<>(Arrays.asList(present, null));
  }

  private static Map<String, String> mapWith(String key, String value) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("other", "x");
    map.put(key, value);
    return map;
  }

  @TestFactory
  Stream<DynamicTest> everyOperationRejectsNullsAndChangesNothing() {
    EntryProcessor<String, String, Object> setter = (entry, args) -> {
      entry.setValue("processed");
      return null;
    };
    Map<String, Consumer<Cache<String, String>>> operations = new LinkedHashMap<>();
    operations.put("get(null)", c -> c.get(null));
    operations.put("getAll(null)", c -> c.getAll(null));
    operations.put("getAll({k, null})", c -> c.getAll(setWithNull("k")));
    operations.put("containsKey(null)", c -> c.containsKey(null));
    operations.put("loadAll(null)", c -> c.loadAll(null, true, null));
    operations.put("loadAll({k, null})", c -> c.loadAll(setWithNull("k"), true, null));
    operations.put("put(null, v)", c -> c.put(null, "v"));
    operations.put("put(k, null)", c -> c.put("k", null));
    operations.put("getAndPut(null, v)", c -> c.getAndPut(null, "v"));
    operations.put("getAndPut(k, null)", c -> c.getAndPut("k", null));
    operations.put("putAll(null)", c -> c.putAll(null));
    operations.put("putAll({null=v})", c -> c.putAll(mapWith(null, "v")));
    operations.put("putAll({k=null})", c -> c.putAll(mapWith("k", null)));
    operations.put("putIfAbsent(null, v)", c -> c.putIfAbsent(null, "v"));
    operations.put("putIfAbsent(new, null)", c -> c.putIfAbsent("new", null));
    operations.put("remove(null)", c -> c.remove(null));
    operations.put("remove(null, v)", c -> c.remove(null, "v"));
    operations.put("remove(k, null)", c -> c.remove("k", null));
    operations.put("getAndRemove(null)", c -> c.getAndRemove(null));
    operations.put("replace(null, v)", c -> c.replace(null, "v"));
    operations.put("replace(k, null)", c -> c.replace("k", null));
    operations.put("replace(null, v, w)", c -> c.replace(null, "v", "w"));
    operations.put("replace(k, null, w)", c -> c.replace("k", null, "w"));
    operations.put("replace(k, v, null)", c -> c.replace("k", "v", null));
    operations.put("getAndReplace(null, v)", c -> c.getAndReplace(null, "v"));
    operations.put("getAndReplace(k, null)", c -> c.getAndReplace("k", null));
    operations.put("removeAll(null)", c -> c.removeAll(null));
    operations.put("removeAll({k, null})", c -> c.removeAll(setWithNull("k")));
    operations.put("invoke(null, p)", c -> c.invoke(null, setter));
    operations.put("invoke(k, null)", c -> c.invoke("k", null));
    operations.put("invokeAll(null, p)", c -> c.invokeAll(null, setter));
    operations.put("invokeAll({k, null}, p)", c -> c.invokeAll(setWithNull("k"), setter));
    operations.put("invokeAll({k}, null)", c -> c.invokeAll(Set.of("k"), null));
    operations.put("registerCacheEntryListener(null)", c -> c.registerCacheEntryListener(null));
    operations.put("deregisterCacheEntryListener(null)",
        c -> c.deregisterCacheEntryListener(null));
    return operations.entrySet().stream().map(operation ->
        dynamicTest(operation.getKey(), () -> assertRejected(operation.getValue())));
  }

  private static void assertRejected(Consumer<Cache<String, String>> operation) {
    var integration = new Integration();
    var config = new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setReadThrough(true)
        .setWriteThrough(true)
        .setCacheLoaderFactory(new FactoryBuilder.SingletonFactory<>(integration))
        .setCacheWriterFactory(new FactoryBuilder.SingletonFactory<>(integration))
        .setStatisticsEnabled(true);
    Cache<String, String> cache = manager.createCache("nulls", config);
    try {
      var listener = new RecordingListener<String, String>();
      cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          new FactoryBuilder.SingletonFactory<>(listener), null, true, true));
      cache.putAll(Map.of("k", "v", "other", "o"));
      listener.clear();
      integration.calls.set(0);
      cache.unwrap(StrataCache.class).clearStatistics();

      assertThrows(NullPointerException.class, () -> operation.accept(cache));

      var statistics = cache.unwrap(StrataCache.class).statistics();
      assertEquals(List.of(0L, 0L, 0L, 0L), List.of(statistics.getCacheHits(),
          statistics.getCacheMisses(), statistics.getCachePuts(), statistics.getCacheRemovals()),
          "hits, misses, puts and removals");
      assertEquals(0, integration.calls.get(), "loader and writer calls");
      assertEquals(List.of(), listener.seen());
      Map<String, String> content = new HashMap<>();
      cache.forEach(entry -> content.put(entry.getKey(), entry.getValue()));
      assertEquals(Map.of("k", "v", "other", "o"), content);
    } finally {
      manager.destroyCache("nulls");
    }
  }
}
