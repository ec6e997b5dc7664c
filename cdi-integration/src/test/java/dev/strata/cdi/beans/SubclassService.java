package dev.strata.cdi.beans;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheResult;

/** A bean whose {@code @CacheDefaults} comes from its superclass. */
@ApplicationScoped
public class SubclassService extends BaseDefaults {
  @CacheResult
  public String ownMethod(String id) {
    return id + " sub";
  }
}
