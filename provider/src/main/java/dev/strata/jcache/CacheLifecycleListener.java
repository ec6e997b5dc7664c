package dev.strata.jcache;

/**
 * Hears of the caches of a {@link StrataCacheManager} as they open and close: what a monitoring
 * binder needs to follow caches created after it was bound. Called on the thread that created
 * or closed the cache, after the fact; a listener must be quick and must not fail (a failure is
 * logged and ignored).
 */
public interface CacheLifecycleListener {
  /** The cache was created (or opened from the manager's configuration file) and is open. */
  void cacheCreated(StrataCache<?, ?> cache);

  /** The cache was closed or destroyed: it is no longer the manager's. */
  default void cacheClosed(StrataCache<?, ?> cache) {}
}
