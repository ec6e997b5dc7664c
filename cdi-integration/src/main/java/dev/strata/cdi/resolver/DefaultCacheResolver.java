package dev.strata.cdi.resolver;

import java.lang.annotation.Annotation;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheResolver;
import javax.cache.configuration.MutableConfiguration;

/**
 * Resolves one cache by name from the default cache manager, creating it when missing.
 * The cache is looked up again once it is closed: the manager that held it may have been
 * closed (for instance when a CDI container shut down) and a later call must reach the live
 * manager the provider hands out instead of failing on a closed cache.
 */
public final class DefaultCacheResolver implements CacheResolver {
  private static final Logger LOG = Logger.getLogger(DefaultCacheResolver.class.getName());

  private final String cacheName;
  private volatile Cache<Object, Object> cache;

  /** A resolver for the cache with this name. */
  public DefaultCacheResolver(String cacheName) {
    this.cacheName = cacheName;
  }

  /** The name of the cache this resolver returns. */
  public String cacheName() {
    return cacheName;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
    Cache<Object, Object> current = cache;
    if (current == null || current.isClosed()) {
      current = lookUp(Caching.getCachingProvider().getCacheManager(), cacheName);
      cache = current;
    }
    return (Cache<K, V>) current;
  }

  /** The named cache of {@code manager}, created with a default configuration if missing. */
  public static Cache<Object, Object> lookUp(CacheManager manager, String cacheName) {
    Cache<Object, Object> found = manager.getCache(cacheName);
    if (found != null) {
      return found;
    }
    LOG.fine(() -> "Creating cache '" + cacheName + "' with a default configuration");
    try {
      return manager.createCache(cacheName, new MutableConfiguration<Object, Object>());
    } catch (CacheException raced) {
      // Another thread created it between the look-up and the creation.
      found = manager.getCache(cacheName);
      if (found == null) {
        throw raced;
      }
      return found;
    }
  }
}
