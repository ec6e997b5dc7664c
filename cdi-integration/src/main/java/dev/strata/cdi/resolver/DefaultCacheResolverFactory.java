package dev.strata.cdi.resolver;

import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/**
 * The factory used when neither the annotation nor {@code @CacheDefaults} names one. Caches
 * come from the default cache manager of the default caching provider
 * ({@code Caching.getCachingProvider().getCacheManager()}); a cache that does not exist yet is
 * created with a {@code MutableConfiguration<Object, Object>}, while a cache that Strata's
 * configuration file declares is used as declared.
 */
public final class DefaultCacheResolverFactory implements CacheResolverFactory {
  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
    return new DefaultCacheResolver(details.getCacheName());
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
    String name = details.getCacheAnnotation().exceptionCacheName();
    if (name.isBlank()) {
      throw new IllegalArgumentException("No exceptionCacheName on " + details.getMethod());
    }
    return new DefaultCacheResolver(name);
  }
}
