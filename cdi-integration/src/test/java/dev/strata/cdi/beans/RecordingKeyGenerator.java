package dev.strata.cdi.beans;

import dev.strata.cdi.key.DefaultCacheKeyGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/** A key generator that is a bean: it gets injection and remembers the last context. */
@ApplicationScoped
public class RecordingKeyGenerator implements CacheKeyGenerator {
  @Inject
  Calls calls;

  private volatile CacheKeyInvocationContext<? extends Annotation> last;

  @Override
  public GeneratedCacheKey generateCacheKey(
      CacheKeyInvocationContext<? extends Annotation> context) {
    calls.record("key-generator");
    last = context;
    return new DefaultCacheKeyGenerator().generateCacheKey(context);
  }

  public CacheKeyInvocationContext<? extends Annotation> last() {
    return last;
  }
}
