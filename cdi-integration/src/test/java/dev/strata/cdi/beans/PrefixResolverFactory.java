package dev.strata.cdi.beans;

import dev.strata.cdi.resolver.DefaultCacheResolver;
import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/** Not a bean: routes every method to the cache "prefixed-" + its cache name. */
public class PrefixResolverFactory implements CacheResolverFactory {
  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
    return new DefaultCacheResolver("prefixed-" + details.getCacheName());
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
    return new DefaultCacheResolver("prefixed-" + details.getCacheAnnotation()
        .exceptionCacheName());
  }
}
