package dev.strata.cdi.interceptor;

import dev.strata.cdi.method.CallContext;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.io.Serializable;
import java.lang.annotation.Annotation;
import javax.cache.annotation.CachePut;

/**
 * {@code @CachePut}: store the {@code @CacheValue} argument under the key, before the call
 * when {@code afterInvocation} is false, else after it returns or after it throws an
 * exception that passes the cacheFor/noCacheFor filter. A null value removes the key, since
 * a cache holds no nulls and a stale entry would contradict the call.
 */
@CachePut
@Interceptor
@Priority(CacheInterceptors.PRIORITY)
public class CachePutInterceptor implements Serializable {
  private static final long serialVersionUID = 1L;

  @Inject
  CacheMethodRegistry registry;

  @AroundInvoke
  Object cachePut(InvocationContext invocation) throws Exception {
    CacheMethod method = registry.forCall(invocation);
    CachePut annotation = (CachePut) method.spec().annotation();
    CallContext<Annotation> call = method.contextOf(invocation);
    if (!annotation.afterInvocation()) {
      put(method, call);
    }
    Object result;
    try {
      result = invocation.proceed();
    } catch (Throwable thrown) {
      if (annotation.afterInvocation() && ExceptionFilter.matches(thrown,
          annotation.cacheFor(), annotation.noCacheFor(), false)) {
        put(method, call);
      }
      throw ExceptionFilter.rethrow(thrown);
    }
    if (annotation.afterInvocation()) {
      put(method, call);
    }
    return result;
  }

  private static void put(CacheMethod method, CallContext<Annotation> call) {
    Object value = call.getValueParameter().getValue();
    Object key = method.key(call);
    if (value == null) {
      method.cache(call).remove(key);
    } else {
      method.cache(call).put(key, value);
    }
  }
}
