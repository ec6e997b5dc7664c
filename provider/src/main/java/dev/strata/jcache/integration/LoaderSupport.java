package dev.strata.jcache.integration;

import java.util.Map;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/**
 * Calls a cache's {@link CacheLoader}; every failure reaches the caller as a
 * {@link CacheLoaderException}. Used for read-through, by {@code loadAll} and by entry
 * processors of read-through caches.
 */
public final class LoaderSupport<K, V> {
  private final CacheLoader<K, V> loader;

  public LoaderSupport(CacheLoader<K, V> loader) {
    this.loader = loader;
  }

  public CacheLoader<K, V> loader() {
    return loader;
  }

  public V load(K key) {
    try {
      return loader.load(key);
    } catch (RuntimeException e) {
      throw wrap(e);
    }
  }

  public Map<K, V> loadAll(Iterable<? extends K> keys) {
    try {
      Map<K, V> loaded = loader.loadAll(keys);
      return loaded == null ? Map.of() : loaded;
    } catch (RuntimeException e) {
      throw wrap(e);
    }
  }

  static CacheLoaderException wrap(RuntimeException e) {
    return e instanceof CacheLoaderException
        ? (CacheLoaderException) e
        : new CacheLoaderException("The cache loader failed: " + e, e);
  }
}
