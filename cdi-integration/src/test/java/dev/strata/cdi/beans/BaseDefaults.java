package dev.strata.cdi.beans;

import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheResult;

/**
 * A superclass carrying the defaults (the annotation is not inherited by subclasses): the
 * cache name and a key generator, so both must be looked up past the bean class.
 */
@CacheDefaults(cacheName = "inherited-defaults", cacheKeyGenerator = UpperCaseKeyGenerator.class)
public abstract class BaseDefaults {
  @CacheResult
  public String inheritedMethod(String id) {
    return id + " base";
  }
}
