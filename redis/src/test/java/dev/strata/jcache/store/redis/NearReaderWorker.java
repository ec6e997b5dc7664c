package dev.strata.jcache.store.redis;

import dev.strata.jcache.store.near.NearCacheStore;
import java.net.URI;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/**
 * A JVM that reads one key of a near cache about every millisecond and prints each change of
 * what it is served: {@code seen <value> near=<served from the copy> at=<System.nanoTime()>}
 * ({@code nanoTime} is the host's monotonic clock, the same in every JVM of the machine).
 *
 * <p>Arguments: Redis addresses (comma-separated), namespace, max staleness, check interval,
 * and optionally the mode ({@code standalone} by default, or {@code cluster}).
 */
public final class NearReaderWorker {
  static final String CACHE = "shared";
  static final String KEY = "k";

  private NearReaderWorker() {}

  public static void main(String[] args) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", args[0]);
    properties.setProperty("strata.redis.mode", args.length > 4 ? args[4] : "standalone");
    properties.setProperty("strata.redis.namespace", args[1]);
    properties.setProperty("strata.defaults.store", "redis");
    properties.setProperty("strata.defaults.near-cache.maximum-size", "1000");
    properties.setProperty("strata.defaults.near-cache.max-staleness", args[2]);
    properties.setProperty("strata.defaults.near-cache.check-interval", args[3]);
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("near-reader:" + ProcessHandle.current().pid()),
        NearReaderWorker.class.getClassLoader(), properties)) {
      Cache<String, Integer> cache = manager.createCache(CACHE,
          new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
      NearCacheStore<?> near = cache.unwrap(NearCacheStore.class);
      System.out.println("ready");
      String last = null;
      while (true) {
        Integer value;
        long hits = near.nearHits();
        try {
          value = cache.get(KEY);
        } catch (RuntimeException e) {
          value = null;
          hits = -1;
        }
        boolean fromCopy = hits >= 0 && near.nearHits() > hits;
        String state = (hits < 0 ? "failed" : String.valueOf(value)) + " near=" + fromCopy;
        if (!Objects.equals(state, last)) {
          System.out.println("seen " + state + " at=" + System.nanoTime());
          last = state;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
  }
}
