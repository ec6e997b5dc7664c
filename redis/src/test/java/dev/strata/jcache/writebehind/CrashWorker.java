package dev.strata.jcache.writebehind;

import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.configuration.WriteBehindSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;

/**
 * The JVM that dies: writes {@value #WRITES} sequence numbers over {@value #KEYS} keys to a
 * write-behind Redis cache whose writer is slow, prints {@value #ACKED} once every put has
 * returned, and waits to be killed.
 *
 * <p>Arguments: Redis host, port.
 */
public final class CrashWorker {
  static final String ACKED = "every write acknowledged";
  static final String CACHE = "orders";
  static final int WRITES = 10_000;
  static final int KEYS = 1_000;

  private CrashWorker() {}

  public static void main(String[] args) throws Exception {
    CacheManager manager = manager(args[0], Integer.parseInt(args[1]), "crash-worker");
    Cache<String, Long> cache = cache(manager, args[0], Integer.parseInt(args[1]), 20);
    for (int i = 0; i < WRITES; i++) {
      cache.put(key(i % KEYS), (long) (i / KEYS));
    }
    System.out.println(ACKED);
    System.out.flush();
    Thread.sleep(Duration.ofMinutes(5).toMillis());
  }

  static String key(int index) {
    return "order-" + index;
  }

  static CacheManager manager(String host, int port, String name) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", "redis://" + host + ":" + port);
    properties.setProperty("strata.redis.namespace", "crash");
    return Caching.getCachingProvider().getCacheManager(URI.create(name),
        CrashWorker.class.getClassLoader(), properties);
  }

  /** The cache, the same in both JVMs; its writer takes {@code millisPerCall} a call. */
  static Cache<String, Long> cache(CacheManager manager, String host, int port,
      long millisPerCall) {
    var config = new StrataConfiguration<String, Long>()
        .setTypes(String.class, Long.class)
        .setStoreType(StoreType.REDIS)
        .setWriteBehind(WriteBehindSettings.DEFAULTS.withMaxBatchSize(20)
            .withMaxDelay(Duration.ofMillis(50)));
    config.setWriteThrough(true);
    config.setCacheWriterFactory(() -> new SystemOfRecordWriter(host, port, millisPerCall));
    return manager.createCache(CACHE, config);
  }
}
