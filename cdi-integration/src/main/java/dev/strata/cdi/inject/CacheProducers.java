package dev.strata.cdi.inject;

import dev.strata.cdi.resolver.DefaultCacheResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * Makes the default cache manager and its caches injectable. The manager lives as long as the
 * container and is closed when the container shuts down, releasing its caches.
 */
@ApplicationScoped
public class CacheProducers {
  /** The default cache manager of the default caching provider. */
  @Produces
  @ApplicationScoped
  CacheManager cacheManager() {
    return Caching.getCachingProvider().getCacheManager();
  }

  void closeCacheManager(@Disposes CacheManager manager) {
    manager.close();
  }

  /** The cache named by the injection point's {@link NamedCache}. */
  @Produces
  @NamedCache("")
  <K, V> Cache<K, V> namedCache(InjectionPoint injectionPoint, CacheManager manager) {
    String name = nameAt(injectionPoint);
    @SuppressWarnings("unchecked")
    Cache<K, V> cache = (Cache<K, V>) DefaultCacheResolver.lookUp(manager, name);
    return cache;
  }

  static String nameAt(InjectionPoint injectionPoint) {
    for (var qualifier : injectionPoint.getQualifiers()) {
      if (qualifier instanceof NamedCache named) {
        if (named.value().isBlank()) {
          break;
        }
        return named.value();
      }
    }
    throw new IllegalArgumentException("@NamedCache needs a cache name at " + injectionPoint);
  }
}
