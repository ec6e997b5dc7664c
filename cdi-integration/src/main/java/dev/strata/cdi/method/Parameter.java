package dev.strata.cdi.method;

import java.lang.annotation.Annotation;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;

/** One argument of an intercepted call, as key generators and resolvers see it. */
record Parameter(Class<?> rawType, Object value, Set<Annotation> annotations, int position)
    implements CacheInvocationParameter {
  @Override
  public Class<?> getRawType() {
    return rawType;
  }

  @Override
  public Object getValue() {
    return value;
  }

  @Override
  public Set<Annotation> getAnnotations() {
    return annotations;
  }

  @Override
  public int getParameterPosition() {
    return position;
  }
}
