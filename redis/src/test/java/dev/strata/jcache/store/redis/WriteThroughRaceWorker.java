package dev.strata.jcache.store.redis;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;

/**
 * One JVM's share of the write-through race: several threads run conditional operations and
 * entry processors on a few keys of a write-through cache in Redis, and count the changes the
 * cache reported making (a {@code putIfAbsent}, {@code replace} or {@code remove(k, v)} that
 * returned true; every {@code invoke}, which always writes).
 *
 * <p>Arguments: Redis address, namespace, threads, operations per thread, keys, seed. Prints
 * {@value #CHANGES} and the count when done.
 */
public final class WriteThroughRaceWorker {
  static final String CHANGES = "changes made: ";
  static final String CACHE = "accounts";

  private WriteThroughRaceWorker() {}

  public static void main(String[] args) throws Exception {
    System.setProperty(DatabaseWriter.ADDRESS, args[0].replace("redis://", ""));
    try (CacheManager manager = manager(args[0], args[1])) {
      long changes = run(cache(manager), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
          Integer.parseInt(args[4]), Long.parseLong(args[5]));
      System.out.println(CHANGES + changes);
    }
  }

  static CacheManager manager(String address, String namespace) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", address);
    properties.setProperty("strata.redis.namespace", namespace);
    properties.setProperty("strata.defaults.store", "redis");
    return Caching.getCachingProvider().getCacheManager(
        URI.create("write-through-race:" + namespace + ":" + ProcessHandle.current().pid()),
        WriteThroughRaceWorker.class.getClassLoader(), properties);
  }

  static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache(CACHE, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setWriteThrough(true)
        .setCacheWriterFactory(FactoryBuilder.factoryOf(DatabaseWriter.class)));
  }

  /** Runs the race; returns the number of changes the cache reported. */
  static long run(Cache<String, String> cache, int threads, int operations, int keys, long seed)
      throws Exception {
    var changes = new AtomicLong();
    var start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    String jvm = Long.toString(ProcessHandle.current().pid());
    for (int t = 0; t < threads; t++) {
      var random = new SplittableRandom(seed * 31 + t);
      String me = jvm + "-" + t;
      var worker = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < operations; i++) {
            String key = "k" + random.nextInt(keys);
            String value = me + "-" + i;
            if (step(cache, random.nextInt(4), key, value)) {
              changes.incrementAndGet();
            }
          }
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      });
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    if (!failures.isEmpty()) {
      var failure = new IllegalStateException(failures.size() + " race threads failed");
      failures.forEach(failure::addSuppressed);
      throw failure;
    }
    return changes.get();
  }

  /** One operation; true when the cache reports that it changed the entry. */
  private static boolean step(Cache<String, String> cache, int kind, String key, String value) {
    switch (kind) {
      case 0:
        return cache.putIfAbsent(key, value);
      case 1:
        return cache.replace(key, value);
      case 2: {
        String seen = cache.get(key);
        return seen != null && cache.remove(key, seen);
      }
      default:
        cache.invoke(key, (entry, arguments) -> {
          entry.setValue(value);
          return null;
        });
        return true;
    }
  }
}
