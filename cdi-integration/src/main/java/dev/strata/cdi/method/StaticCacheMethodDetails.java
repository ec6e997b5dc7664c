package dev.strata.cdi.method;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheMethodDetails;

/** The per-method details handed to a {@code CacheResolverFactory}, fixed at first use. */
public final class StaticCacheMethodDetails<A extends Annotation> implements CacheMethodDetails<A> {
  private final Method method;
  private final Set<Annotation> annotations;
  private final A annotation;
  private final String cacheName;

  /** Details built from a checked spec. */
  @SuppressWarnings("unchecked")
  public StaticCacheMethodDetails(CacheMethodSpec spec) {
    this.method = spec.method();
    this.annotations = spec.methodAnnotations();
    this.annotation = (A) spec.annotation();
    this.cacheName = spec.cacheName();
  }

  @Override
  public Method getMethod() {
    return method;
  }

  @Override
  public Set<Annotation> getAnnotations() {
    return annotations;
  }

  @Override
  public A getCacheAnnotation() {
    return annotation;
  }

  @Override
  public String getCacheName() {
    return cacheName;
  }

  @Override
  public String toString() {
    return "CacheMethodDetails[" + cacheName + " on " + CacheMethodSpec.signature(method) + "]";
  }
}
