package dev.strata.cdi.interceptor;

import dev.strata.cdi.method.CacheMethodSpec;
import dev.strata.cdi.method.CallContext;
import dev.strata.cdi.method.StaticCacheMethodDetails;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * An annotated method ready to run: its spec plus the resolvers and key generator built for
 * it once, on first call.
 */
final class CacheMethod {
  private final CacheMethodSpec spec;
  private final StaticCacheMethodDetails<Annotation> details;
  private final CacheResolver resolver;
  private final CacheResolver exceptionResolver;
  private final CacheKeyGenerator keyGenerator;

  CacheMethod(CacheMethodSpec spec, StaticCacheMethodDetails<Annotation> details,
      CacheResolver resolver, CacheResolver exceptionResolver, CacheKeyGenerator keyGenerator) {
    this.spec = spec;
    this.details = details;
    this.resolver = resolver;
    this.exceptionResolver = exceptionResolver;
    this.keyGenerator = keyGenerator;
  }

  CacheMethodSpec spec() {
    return spec;
  }

  CallContext<Annotation> contextOf(InvocationContext invocation) {
    return new CallContext<>(spec, details, invocation);
  }

  Cache<Object, Object> cache(CallContext<Annotation> call) {
    Cache<Object, Object> cache = resolver.resolveCache(call);
    if (cache == null) {
      throw new IllegalStateException("The cache resolver of " + CacheMethodSpec.signature(
          spec.method()) + " returned no cache for '" + spec.cacheName() + "'");
    }
    return cache;
  }

  /** The exception cache, or null when the method caches no exceptions. */
  Cache<Object, Throwable> exceptionCache(CallContext<Annotation> call) {
    return exceptionResolver == null ? null : exceptionResolver.resolveCache(call);
  }

  GeneratedCacheKey key(CallContext<Annotation> call) {
    return keyGenerator.generateCacheKey(call);
  }
}
