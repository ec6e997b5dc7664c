package dev.strata.cdi.interceptor;

import dev.strata.cdi.key.DefaultCacheKeyGenerator;
import dev.strata.cdi.method.CacheMethodSpec;
import dev.strata.cdi.method.StaticCacheMethodDetails;
import dev.strata.cdi.resolver.DefaultCacheResolverFactory;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/**
 * Builds each annotated method's {@link CacheMethod} on its first call and keeps it for the
 * container's life. Resolver factories and key generators are shared per class, as the
 * specification expects them to be stateless with respect to a single method.
 */
@ApplicationScoped
public class CacheMethodRegistry {
  private record Key(Class<?> targetClass, Method method) { }

  private final Map<Key, CacheMethod> methods = new ConcurrentHashMap<>();
  private final Map<Class<?>, Object> components = new ConcurrentHashMap<>();
  private ComponentFactory factory;

  /** For the container's proxy. */
  protected CacheMethodRegistry() {
  }

  @Inject
  CacheMethodRegistry(BeanManager beanManager) {
    this.factory = new ComponentFactory(beanManager);
  }

  CacheMethod forCall(InvocationContext invocation) {
    Method method = invocation.getMethod();
    Object target = invocation.getTarget();
    Class<?> targetClass = target == null ? method.getDeclaringClass() : target.getClass();
    return methods.computeIfAbsent(new Key(targetClass, method), key -> build(key));
  }

  private CacheMethod build(Key key) {
    CacheMethodSpec spec = CacheMethodSpec.of(key.targetClass(), key.method());
    if (spec == null) {
      throw new IllegalStateException(CacheMethodSpec.signature(key.method())
          + " is intercepted for caching but carries no caching annotation");
    }
    StaticCacheMethodDetails<Annotation> details = new StaticCacheMethodDetails<>(spec);
    CacheResolverFactory resolverFactory = spec.resolverFactory() == null
        ? component(DefaultCacheResolverFactory.class)
        : component(spec.resolverFactory());
    CacheResolver resolver = resolverFactory.getCacheResolver(details);
    CacheResolver exceptionResolver = null;
    if (spec.annotation() instanceof CacheResult result && !result.exceptionCacheName().isEmpty()) {
      @SuppressWarnings("unchecked")
      CacheMethodDetails<CacheResult> resultDetails =
          (CacheMethodDetails<CacheResult>) (CacheMethodDetails<?>) details;
      exceptionResolver = resolverFactory.getExceptionCacheResolver(resultDetails);
    }
    CacheKeyGenerator keyGenerator = spec.kind() == CacheMethodSpec.Kind.REMOVE_ALL ? null
        : spec.keyGenerator() == null ? component(DefaultCacheKeyGenerator.class)
        : component(spec.keyGenerator());
    return new CacheMethod(spec, details, resolver, exceptionResolver, keyGenerator);
  }

  private <T> T component(Class<T> type) {
    return type.cast(components.computeIfAbsent(type, t -> factory.create(t)));
  }

  @PreDestroy
  void releaseComponents() {
    factory.releaseAll();
  }
}
