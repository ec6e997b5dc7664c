package dev.strata.cdi.interceptor;

import dev.strata.cdi.method.CallContext;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheRemove;

/**
 * {@code @CacheRemove}: remove the key, before the call when {@code afterInvocation} is
 * false, else after it returns or after it throws an exception that passes the
 * evictFor/noEvictFor filter.
 */
@CacheRemove
@Interceptor
@Priority(CacheInterceptors.PRIORITY)
public class CacheRemoveInterceptor implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject
  CacheMethodRegistry registry;

  @AroundInvoke
  Object cacheRemove(InvocationContext invocation) throws Exception {
    CacheMethod method = registry.forCall(invocation);
    CacheRemove annotation = (CacheRemove) method.spec().annotation();
    CallContext<Annotation> call = method.contextOf(invocation);
    if (!annotation.afterInvocation()) {
      method.cache(call).remove(method.key(call));
    }
    Object result;
    try {
      result = invocation.proceed();
    } catch (Throwable thrown) {
      if (annotation.afterInvocation() && ExceptionFilter.matches(thrown,
          annotation.evictFor(), annotation.noEvictFor(), false)) {
        method.cache(call).remove(method.key(call));
      }
      throw ExceptionFilter.rethrow(thrown);
    }
    if (annotation.afterInvocation()) {
      method.cache(call).remove(method.key(call));
    }
    return result;
  }
}
