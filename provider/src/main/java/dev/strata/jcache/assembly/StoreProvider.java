package dev.strata.jcache.assembly;

import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.store.Store;

/**
 * Builds the stores of one {@link StoreType}. Several providers may serve a type; a cache's store
 * comes from the provider that {@link #rank ranks} its settings highest, so a more specific
 * provider (the near cache in front of Redis) wins over the general one (Redis alone).
 */
public interface StoreProvider {
  /** The store type this provider serves. */
  StoreType storeType();

  /**
   * How well this provider serves a cache of these settings: 0 when it cannot, else higher for a
   * closer fit. By default 1 for every cache of its {@link #storeType}.
   */
  default int rank(ResolvedCacheSettings<?, ?> settings) {
    return settings.storeType() == storeType() ? 1 : 0;
  }

  /** A new store for the cache that made the request. */
  <K> Store<K> create(StoreRequest<K> request);

  /**
   * Releases what the provider holds for its cache manager (a connection, for one), once the
   * manager closes; by default nothing.
   */
  default void close() {}
}
