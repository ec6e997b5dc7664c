package dev.strata.cdi.key;

import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;
import java.lang.annotation.Annotation;

/**
 * The generator used when neither the annotation nor {@code @CacheDefaults} names one: the
 * key is the values of the key parameters, as {@link DefaultGeneratedCacheKey}.
 */
public final class DefaultCacheKeyGenerator implements CacheKeyGenerator {
  @Override
  public GeneratedCacheKey generateCacheKey(
      CacheKeyInvocationContext<? extends Annotation> context) {
    CacheInvocationParameter[] keyParameters = context.getKeyParameters();
    Object[] values = new Object[keyParameters.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = keyParameters[i].getValue();
    }
    return new DefaultGeneratedCacheKey(values);
  }
}
