package dev.strata.jcache.strategy;

import dev.strata.jcache.configuration.LoadingSettings;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;

/**
 * One JVM's share of a single-flight test: several threads read the same missing keys of a
 * read-through Redis cache at once, and the JVM prints how often its loader was called.
 *
 * <p>Arguments: Redis address, namespace, threads, keys, go-file, near (true/false). Prints
 * {@value #READY} once its cache is open, waits for the go-file to exist, then prints
 * {@code loads=N} and {@value #DONE} when every read returned the loaded value.
 */
public final class SingleFlightWorker {
  static final String READY = "single-flight ready";
  static final String DONE = "single-flight done";
  static final String CACHE = "flights";
  static final AtomicLong LOADS = new AtomicLong();

  private SingleFlightWorker() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[2]);
    int keys = Integer.parseInt(args[3]);
    Path go = Path.of(args[4]);
    boolean near = Boolean.parseBoolean(args[5]);
    try (CacheManager manager = manager(args[0], args[1])) {
      Cache<String, String> cache = manager.createCache(CACHE, config(near));
      System.out.println(READY);
      while (!Files.exists(go)) {
        Thread.sleep(5);
      }
      run(cache, threads, keys);
    }
    System.out.println("loads=" + LOADS.get());
    System.out.println(DONE);
  }

  static CacheManager manager(String address, String namespace) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", address);
    properties.setProperty("strata.redis.namespace", namespace);
    properties.setProperty("strata.defaults.store", "redis");
    return Caching.getCachingProvider().getCacheManager(
        URI.create("single-flight:" + namespace + ":" + ProcessHandle.current().pid()),
        SingleFlightWorker.class.getClassLoader(), properties);
  }

  static StrataConfiguration<String, String> config(boolean near) {
    var config = new StrataConfiguration<String, String>().setTypes(String.class, String.class)
        .setLoading(LoadingSettings.DEFAULTS.withSingleFlight(true)
            .withSingleFlightTimeout(Duration.ofSeconds(10)));
    if (near) {
      config.setNearCache(new NearCacheSettings(1000, Duration.ofSeconds(30)));
    }
    config.setReadThrough(true);
    config.setCacheLoaderFactory(FactoryBuilder.factoryOf(CountingLoader.class));
    return config;
  }

  static void run(Cache<String, String> cache, int threads, int keys) throws Exception {
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      var worker = new Thread(() -> {
        try {
          List<String> order = new ArrayList<>();
          for (int k = 0; k < keys; k++) {
            order.add("key-" + k);
          }
          Collections.shuffle(order);
          for (String key : order) {
            String value = cache.get(key);
            if (!("value of " + key).equals(value)) {
              throw new AssertionError(key + " read as " + value);
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (!failures.isEmpty()) {
      var failure = new IllegalStateException(failures.size() + " reading threads failed");
      failures.forEach(failure::addSuppressed);
      throw failure;
    }
  }

  /** Loads "value of " and the key, slowly enough that the misses of all JVMs overlap. */
  public static final class CountingLoader implements CacheLoader<String, String> {
    @Override
    public String load(String key) {
      LOADS.incrementAndGet();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "value of " + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> loaded = new HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }
}
