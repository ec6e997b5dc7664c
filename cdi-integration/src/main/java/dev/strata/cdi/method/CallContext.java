package dev.strata.cdi.method;

import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CacheMethodDetails;

/**
 * One intercepted call as the JSR-107 SPI sees it: the method details plus the target and
 * the arguments, split into key parameters and the value parameter. {@link #unwrap} also
 * yields the CDI {@link InvocationContext}.
 */
public final class CallContext<A extends Annotation> implements CacheKeyInvocationContext<A> {
  private final CacheMethodDetails<A> details;
  private final InvocationContext invocation;
  private final CacheInvocationParameter[] all;
  private final CacheInvocationParameter[] keys;
  private final CacheInvocationParameter value;

  /** The context of {@code invocation} of the method described by {@code spec}. */
  public CallContext(CacheMethodSpec spec, CacheMethodDetails<A> details,
      InvocationContext invocation) {
    this.details = details;
    this.invocation = invocation;
    Method method = spec.method();
    Class<?>[] types = method.getParameterTypes();
    Annotation[][] annotations = method.getParameterAnnotations();
    Object[] arguments = invocation.getParameters();
    all = new CacheInvocationParameter[types.length];
    for (int i = 0; i < types.length; i++) {
      Set<Annotation> own = Set.copyOf(new LinkedHashSet<>(Arrays.asList(annotations[i])));
      all[i] = new Parameter(types[i], arguments[i], own, i);
    }
    int[] positions = spec.keyPositions();
    keys = new CacheInvocationParameter[positions.length];
    for (int i = 0; i < positions.length; i++) {
      keys[i] = all[positions[i]];
    }
    value = spec.valuePosition() >= 0 ? all[spec.valuePosition()] : null;
  }

  @Override
  public Method getMethod() {
    return details.getMethod();
  }

  @Override
  public Set<Annotation> getAnnotations() {
    return details.getAnnotations();
  }

  @Override
  public A getCacheAnnotation() {
    return details.getCacheAnnotation();
  }

  @Override
  public String getCacheName() {
    return details.getCacheName();
  }

  @Override
  public Object getTarget() {
    return invocation.getTarget();
  }

  @Override
  public CacheInvocationParameter[] getAllParameters() {
    return all.clone();
  }

  @Override
  public CacheInvocationParameter[] getKeyParameters() {
    return keys.clone();
  }

  @Override
  public CacheInvocationParameter getValueParameter() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    if (type.isInstance(invocation)) {
      return type.cast(invocation);
    }
    throw new IllegalArgumentException("Cannot unwrap a cache invocation context to " + type);
  }
}
