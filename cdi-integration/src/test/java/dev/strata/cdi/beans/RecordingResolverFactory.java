package dev.strata.cdi.beans;

import dev.strata.cdi.resolver.DefaultCacheResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/** A resolver factory that is a bean: it uses the injected manager and records requests. */
@ApplicationScoped
public class RecordingResolverFactory implements CacheResolverFactory {
  @Inject
  CacheManager manager;

  private final List<String> requests = new CopyOnWriteArrayList<>();

  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
    requests.add("cache:" + details.getCacheName());
    Cache<Object, Object> cache = DefaultCacheResolver.lookUp(manager, details.getCacheName());
    return new FixedResolver(cache);
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
    String name = details.getCacheAnnotation().exceptionCacheName();
    requests.add("exceptions:" + name);
    return new FixedResolver(DefaultCacheResolver.lookUp(manager, name));
  }

  public List<String> requests() {
    return requests;
  }

  private record FixedResolver(Cache<Object, Object> cache) implements CacheResolver {
    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> resolveCache(
        javax.cache.annotation.CacheInvocationContext<? extends Annotation> context) {
      return (Cache<K, V>) cache;
    }
  }
}
