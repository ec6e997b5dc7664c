package dev.strata.hibernate.region;

import javax.cache.Cache;
import org.hibernate.cache.spi.support.StorageAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/** What every region's storage does the same way: plain writes and evictions on its cache. */
abstract class CacheStorage implements StorageAccess {
  protected final Cache<Object, Object> cache;

  CacheStorage(Cache<Object, Object> cache) {
    this.cache = cache;
  }

  @Override
  public void putIntoCache(Object key, Object value, SharedSessionContractImplementor session) {
    cache.put(key, value);
  }

  @Override
  public boolean contains(Object key) {
    return cache.containsKey(key);
  }

  @Override
  public void evictData() {
    cache.clear();
  }

  @Override
  public void evictData(Object key) {
    cache.remove(key);
  }

  /** The cache belongs to the region factory's cache manager, which closes it. */
  @Override
  public void release() {}
}
