package dev.strata.cdi.beans;

import dev.strata.cdi.key.DefaultGeneratedCacheKey;
import java.lang.annotation.Annotation;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/** Not a bean (no bean archive scans it): created by its no-argument constructor. */
public class UpperCaseKeyGenerator implements CacheKeyGenerator {
  @Override
  public GeneratedCacheKey generateCacheKey(
      CacheKeyInvocationContext<? extends Annotation> context) {
    return new DefaultGeneratedCacheKey(
        String.valueOf(context.getKeyParameters()[0].getValue()).toUpperCase());
  }
}
