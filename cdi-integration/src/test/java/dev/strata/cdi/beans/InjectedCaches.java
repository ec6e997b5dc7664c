package dev.strata.cdi.beans;

import dev.strata.cdi.inject.NamedCache;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import javax.cache.Cache;
import javax.cache.CacheManager;

/** Injection of the manager and of caches by name. */
@Dependent
public class InjectedCaches {
  @Inject
  public CacheManager manager;

  @Inject
  @NamedCache("declared")
  public Cache<String, String> declared;

  @Inject
  @NamedCache(WriteService.CACHE)
  public Cache<Object, Object> users;
}
