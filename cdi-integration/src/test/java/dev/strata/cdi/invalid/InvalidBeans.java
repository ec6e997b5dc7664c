package dev.strata.cdi.invalid;

import dev.strata.cdi.inject.NamedCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import javax.cache.annotation.GeneratedCacheKey;

/** Beans that misuse the caching annotations; each must fail deployment. */
public final class InvalidBeans {
  private InvalidBeans() {
  }

  @ApplicationScoped
  public static class VoidResult {
    @CacheResult
    public void compute(String id) {
    }
  }

  @ApplicationScoped
  public static class TwoValues {
    @CachePut
    public void save(String id, @CacheValue String a, @CacheValue String b) {
    }
  }

  @ApplicationScoped
  public static class NoValue {
    @CachePut
    public void save(String id, String value) {
    }
  }

  @ApplicationScoped
  public static class ValueOnResult {
    @CacheResult
    public String load(@CacheValue String id) {
      return id;
    }
  }

  @ApplicationScoped
  public static class TwoOperations {
    @CacheResult
    @CacheRemove
    public String load(String id) {
      return id;
    }
  }

  @ApplicationScoped
  @CacheResult
  public static class ClassLevel {
    public String load(String id) {
      return id;
    }
  }

  /** Has no no-argument constructor and is not a bean. */
  public static class NoDefaultConstructorFactory implements CacheResolverFactory {
    public NoDefaultConstructorFactory(String required) {
    }

    @Override
    public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
      throw new UnsupportedOperationException();
    }
  }

  @ApplicationScoped
  public static class UncreatableFactory {
    @CacheResult(cacheResolverFactory = NoDefaultConstructorFactory.class)
    public String load(String id) {
      return id;
    }
  }

  /** Abstract, so only a bean subclass could stand for it; there is none. */
  public abstract static class AbstractGenerator implements CacheKeyGenerator {
    @Override
    public GeneratedCacheKey generateCacheKey(
        CacheKeyInvocationContext<? extends Annotation> context) {
      throw new UnsupportedOperationException();
    }
  }

  @ApplicationScoped
  public static class UncreatableGenerator {
    @CacheRemove(cacheKeyGenerator = AbstractGenerator.class)
    public void evict(String id) {
    }
  }

  /** A bean factory with a constructor needing injection: valid because it is a bean. */
  @Dependent
  public static class InjectedFactory extends NoDefaultConstructorFactory {
    @Inject
    public InjectedFactory(Marker marker) {
      super("injected");
    }
  }

  @Dependent
  public static class Marker {
  }

  @ApplicationScoped
  public static class BeanFactoryUser {
    @CacheResult(cacheResolverFactory = InjectedFactory.class)
    public String load(String id) {
      return id;
    }
  }

  @ApplicationScoped
  public static class BlankCacheName {
    @Inject
    @NamedCache(" ")
    Cache<String, String> cache;
  }
}
