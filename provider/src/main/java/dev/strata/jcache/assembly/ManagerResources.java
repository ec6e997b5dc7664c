package dev.strata.jcache.assembly;

import dev.strata.jcache.configuration.RedisSettings;
import java.net.URI;

/** What a cache manager offers the store providers it asks for (see {@link StoreProviderFactory}). */
public interface ManagerResources {
  /** The manager's URI, for messages. */
  URI uri();

  /** The manager's class loader. */
  ClassLoader classLoader();

  /**
   * How the manager reaches Redis.
   *
   * @throws javax.cache.CacheException naming what to set, when the manager has no Redis
   */
  RedisSettings redisSettings();
}
