package dev.strata.cdi.interceptor;

import dev.strata.cdi.method.CallContext;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * {@code @CacheResult}: return the cached value for the key if there is one; else rethrow a
 * cached exception if there is one; else call the method, cache a non-null result, and cache
 * an exception that passes the cachedExceptions/nonCachedExceptions filter when an
 * exception cache is named. {@code skipGet} skips both look-ups.
 */
@CacheResult
@Interceptor
@Priority(CacheInterceptors.PRIORITY)
public class CacheResultInterceptor implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject
  CacheMethodRegistry registry;

  @AroundInvoke
  Object cacheResult(InvocationContext invocation) throws Exception {
    CacheMethod method = registry.forCall(invocation);
    CacheResult annotation = (CacheResult) method.spec().annotation();
    CallContext<Annotation> call = method.contextOf(invocation);
    Cache<Object, Object> cache = method.cache(call);
    Cache<Object, Throwable> exceptionCache = method.exceptionCache(call);
    GeneratedCacheKey key = method.key(call);
    if (!annotation.skipGet()) {
      Object cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
      if (exceptionCache != null) {
        Throwable thrown = exceptionCache.get(key);
        if (thrown != null) {
          throw ExceptionFilter.rethrow(thrown);
        }
      }
    }
    Object result;
    try {
      result = invocation.proceed();
    } catch (Throwable thrown) {
      if (exceptionCache != null && ExceptionFilter.matches(thrown,
          annotation.cachedExceptions(), annotation.nonCachedExceptions(), true)) {
        exceptionCache.put(key, thrown);
      }
      throw ExceptionFilter.rethrow(thrown);
    }
    if (result != null) {
      cache.put(key, result);
    }
    return result;
  }
}
