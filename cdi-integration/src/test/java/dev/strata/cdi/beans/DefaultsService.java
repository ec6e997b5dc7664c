package dev.strata.cdi.beans;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/** Class-wide settings: every method uses them unless it names its own. */
@ApplicationScoped
@CacheDefaults(cacheName = "class-defaults", cacheKeyGenerator = RecordingKeyGenerator.class,
    cacheResolverFactory = RecordingResolverFactory.class)
public class DefaultsService {
  @Inject
  Calls calls;

  @CacheResult
  public String load(String id) {
    return id + " #" + calls.record("defaults.load");
  }

  @CacheResult(cacheName = "own-name", exceptionCacheName = "own-errors")
  public String loadOwn(String id) {
    return id + " #" + calls.record("defaults.loadOwn");
  }

  @CacheResult(cacheKeyGenerator = UpperCaseKeyGenerator.class,
      cacheResolverFactory = PrefixResolverFactory.class)
  public String loadOverridden(String id) {
    return id + " #" + calls.record("defaults.loadOverridden");
  }

  @CachePut
  public void store(String id, @CacheValue String value) {
  }

  @CacheRemove
  public void evict(String id) {
  }

  @CacheRemoveAll
  public void evictAll() {
  }
}
