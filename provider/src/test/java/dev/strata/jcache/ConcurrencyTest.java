package dev.strata.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  private static final int THREADS = 4;
  private static final int OPERATIONS = 10_000;
  private static final long TIMEOUT_SECONDS = 20;

  private static CacheManager manager;
  private ExecutorService pool;

  @BeforeAll
  static void openManager() {
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("test:" + ConcurrencyTest.class.getName()),
        ConcurrencyTest.class.getClassLoader());
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  @AfterEach
  void cleanUp() throws InterruptedException {
    if (pool != null) {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
    for (String name : manager.getCacheNames()) {
      manager.destroyCache(name);
    }
  }

  private <K, V> Cache<K, V> create(String name, MutableConfiguration<K, V> config) {
    return manager.createCache(name, config);
  }

  /** Runs one task per thread, all released together, and returns their results. */
  private <T> List<T> race(List<Callable<T>> tasks) throws Exception {
    pool = Executors.newFixedThreadPool(tasks.size());
    var ready = new CountDownLatch(tasks.size());
    var go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(pool.submit(() -> {
        ready.countDown();
        go.await();
        return task.call();
      }));
    }
    assertTrue(ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    go.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
    return results;
  }

  @Test
  void concurrentIncrementsByEntryProcessorLoseNothing() throws Exception {
    Cache<String, Integer> counters = create("counters",
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      tasks.add(() -> {
        for (int i = 0; i < OPERATIONS; i++) {
          counters.invoke("count", (entry, args) -> {
            entry.setValue(entry.exists() ? entry.getValue() + 1 : 1);
            return null;
          });
        }
        return null;
      });
    }
    race(tasks);
    assertEquals(THREADS * OPERATIONS, counters.get("count"));
  }

  @Test
  void eachPutIfAbsentRaceHasExactlyOneWinner() throws Exception {
    Cache<Integer, Integer> cache = create("first",
        new MutableConfiguration<Integer, Integer>().setTypes(Integer.class, Integer.class));
    List<Callable<List<Integer>>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      tasks.add(() -> {
        List<Integer> won = new ArrayList<>();
        for (int key = 0; key < OPERATIONS; key++) {
          if (cache.putIfAbsent(key, thread)) {
            won.add(key);
          }
        }
        return won;
      });
    }
    List<List<Integer>> wins = race(tasks);

    Map<Integer, Integer> winnerOf = new HashMap<>();
    for (int thread = 0; thread < THREADS; thread++) {
      for (int key : wins.get(thread)) {
        Integer other = winnerOf.put(key, thread);
        assertEquals(null, other, "key " + key + " was won twice");
      }
    }
    assertEquals(OPERATIONS, winnerOf.size(), "every key was won once");
    for (Map.Entry<Integer, Integer> win : winnerOf.entrySet()) {
      assertEquals(win.getValue(), cache.get(win.getKey()), "the winner's value is kept");
    }
  }

  @Test
  void getAndPutChainsLoseNoValue() throws Exception {
    Cache<String, Long> cache = create("chain",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    List<Callable<List<Long>>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long base = (long) t * OPERATIONS;
      tasks.add(() -> {
        List<Long> replaced = new ArrayList<>(OPERATIONS);
        for (int i = 0; i < OPERATIONS; i++) {
          replaced.add(cache.getAndPut("k", base + i));
        }
        return replaced;
      });
    }
    List<List<Long>> results = race(tasks);

    // Each value put is either handed back to exactly one later getAndPut or still cached.
    Map<Long, Integer> seen = new HashMap<>();
    int nulls = 0;
    for (List<Long> replaced : results) {
      for (Long value : replaced) {
        if (value == null) {
          nulls++;
        } else {
          seen.merge(value, 1, Integer::sum);
        }
      }
    }
    seen.merge(cache.get("k"), 1, Integer::sum);
    assertEquals(1, nulls, "only the first getAndPut found nothing");
    assertEquals(THREADS * OPERATIONS, seen.size());
    assertTrue(seen.values().stream().allMatch(count -> count == 1), "a value came back twice");
  }

  /** Counts its loads and holds the first one until released. */
  static final class GatedLoader implements CacheLoader<String, String> {
    final AtomicInteger loads = new AtomicInteger();
    final CountDownLatch loading = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String load(String key) {
      loads.incrementAndGet();
      loading.countDown();
      try {
        if (!release.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return "loaded " + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }

  @Test
  void readThroughLoadsAMissingKeyOnceForConcurrentReaders() throws Exception {
    var loader = new GatedLoader();
    Cache<String, String> cache = create("read-through",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)
            .setReadThrough(true)
            .setCacheLoaderFactory(new FactoryBuilder.SingletonFactory<>(loader)));
    pool = Executors.newFixedThreadPool(THREADS);
    List<Thread> readers = new ArrayList<>();
    var started = new CountDownLatch(THREADS);
    List<Future<String>> reads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      reads.add(pool.submit(() -> {
        synchronized (readers) {
          readers.add(Thread.currentThread());
        }
        started.countDown();
        return cache.get("k");
      }));
    }
    assertTrue(started.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    assertTrue(loader.loading.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    // Hold the load until the loading reader waits for release and the others wait for it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (blocked(readers) < THREADS) {
      assertTrue(System.nanoTime() < deadline, "the other readers never waited for the load");
      Thread.yield();
    }
    loader.release.countDown();
    for (Future<String> read : reads) {
      assertEquals("loaded k", read.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
    assertEquals(1, loader.loads.get());
  }

  private static int blocked(List<Thread> readers) {
    int count = 0;
    synchronized (readers) {
      for (Thread reader : readers) {
        Thread.State state = reader.getState();
        if (state == Thread.State.BLOCKED || state == Thread.State.WAITING
            || state == Thread.State.TIMED_WAITING) {
          count++;
        }
      }
    }
    return count;
  }
}
