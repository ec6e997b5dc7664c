package dev.strata.cdi.interceptor;

import dev.strata.cdi.method.CallContext;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheRemoveAll;

/**
 * {@code @CacheRemoveAll}: empty the cache, before the call when {@code afterInvocation} is
 * false, else after it returns or after it throws an exception that passes the
 * evictFor/noEvictFor filter.
 */
@CacheRemoveAll
@Interceptor
@Priority(CacheInterceptors.PRIORITY)
public class CacheRemoveAllInterceptor implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject
  CacheMethodRegistry registry;

  @AroundInvoke
  Object cacheRemoveAll(InvocationContext invocation) throws Exception {
    CacheMethod method = registry.forCall(invocation);
    CacheRemoveAll annotation = (CacheRemoveAll) method.spec().annotation();
    CallContext<Annotation> call = method.contextOf(invocation);
    if (!annotation.afterInvocation()) {
      method.cache(call).removeAll();
    }
    Object result;
    try {
      result = invocation.proceed();
    } catch (Throwable thrown) {
      if (annotation.afterInvocation() && ExceptionFilter.matches(thrown,
          annotation.evictFor(), annotation.noEvictFor(), false)) {
        method.cache(call).removeAll();
      }
      throw ExceptionFilter.rethrow(thrown);
    }
    if (annotation.afterInvocation()) {
      method.cache(call).removeAll();
    }
    return result;
  }
}
