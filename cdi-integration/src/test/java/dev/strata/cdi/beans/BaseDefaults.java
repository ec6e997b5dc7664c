package dev.strata.cdi.beans;

import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheResult;

/** A superclass carrying the defaults (the annotation is not inherited by subclasses). */
@CacheDefaults(cacheName = "inherited-defaults")
public abstract class BaseDefaults {
  @CacheResult
  public String inheritedMethod(String id) {
    return id + " base";
  }
}
