package dev.strata.jcache.core;

import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.store.StoreListener;
import javax.cache.event.EventType;

/**
 * What a cache makes of the changes its store makes on its own: expiries and evictions count as
 * evictions in the statistics, and expiries and other JVMs' changes become entry events.
 *
 * <p>A store is built with its listener, before the {@link CacheContext} that holds the store
 * exists, so the context is {@link #attach attached} once it does. Until then no entry listener
 * can be registered, and there is no event to publish.
 */
public final class StoreChanges<K, V> implements StoreListener<K> {
  private final CacheStatistics statistics;
  private volatile CacheContext<K, V> ctx;

  public StoreChanges(CacheStatistics statistics) {
    this.statistics = statistics;
  }

  /** Publishes the events of the store's changes through this context from now on. */
  public void attach(CacheContext<K, V> context) {
    this.ctx = context;
  }

  @Override
  public void onExpired(K key, Object storedValue) {
    statistics.recordEvictions(1);
    CacheContext<K, V> context = ctx;
    if (context != null) {
      context.publishExpired(key, storedValue);
    }
  }

  @Override
  public void onEvicted(K key, Object storedValue) {
    statistics.recordEvictions(1);
  }

  @Override
  public void onRemoteChange(K key, Object oldStored, Object newStored) {
    CacheContext<K, V> context = ctx;
    if (context != null) {
      context.publishRemote(key, oldStored, newStored);
    }
  }

  @Override
  public void onExpiredElsewhere(K key) {
    statistics.recordEvictions(1);
    CacheContext<K, V> context = ctx;
    if (context != null) {
      context.events().publishRemote(EventType.EXPIRED, key, null, null);
    }
  }
}
