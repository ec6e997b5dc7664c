package dev.strata.jcache.store.redis;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;

/**
 * One JVM's share of a cross-JVM atomicity test: several threads increment one Redis-backed
 * counter through {@code invoke}, on a cache manager of their own.
 *
 * <p>Arguments: mode (standalone or cluster), comma-separated addresses, namespace, threads,
 * increments per thread. Prints {@value #DONE} when every increment returned.
 */
public final class IncrementWorker {
  static final String DONE = "increments done";
  static final String CACHE = "counters";
  static final String KEY = "counter";

  private IncrementWorker() {}

  public static void main(String[] args) throws Exception {
    try (CacheManager manager = manager(args[0], args[1], args[2])) {
      run(manager, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    }
    System.out.println(DONE);
  }

  static CacheManager manager(String mode, String addresses, String namespace) {
    var properties = new Properties();
    properties.setProperty("strata.redis.mode", mode);
    properties.setProperty("strata.redis.addresses", addresses);
    properties.setProperty("strata.redis.namespace", namespace);
    properties.setProperty("strata.defaults.store", "redis");
    return Caching.getCachingProvider().getCacheManager(
        URI.create("increment-worker:" + namespace + ":" + ProcessHandle.current().pid()),
        IncrementWorker.class.getClassLoader(), properties);
  }

  static Cache<String, Long> cache(CacheManager manager) {
    Cache<String, Long> cache = manager.getCache(CACHE, String.class, Long.class);
    return cache != null ? cache : manager.createCache(CACHE,
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
  }

  static void run(CacheManager manager, int threads, int increments) throws Exception {
    Cache<String, Long> cache = cache(manager);
    EntryProcessor<String, Long, Void> increment = (entry, arguments) -> {
      entry.setValue(entry.exists() ? entry.getValue() + 1 : 1L);
      return null;
    };
    var start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      var worker = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < increments; i++) {
            cache.invoke(KEY, increment);
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
      var failure = new IllegalStateException(failures.size() + " increment threads failed");
      failures.forEach(failure::addSuppressed);
      throw failure;
    }
  }
}
