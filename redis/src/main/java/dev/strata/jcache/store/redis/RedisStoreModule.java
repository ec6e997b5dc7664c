package dev.strata.jcache.store.redis;

import dev.strata.jcache.assembly.ManagerResources;
import dev.strata.jcache.assembly.StoreProvider;
import dev.strata.jcache.assembly.StoreProviderFactory;
import java.util.List;

/**
 * The Redis tier's providers, found through {@link java.util.ServiceLoader} when
 * {@code strata-redis} is on the class path: Redis stores, and near caches in front of them.
 */
public final class RedisStoreModule implements StoreProviderFactory {
  @Override
  public List<StoreProvider> providers(ManagerResources manager) {
    var redis = new RedisStoreProvider(manager);
    return List.of(redis, new NearCacheStoreProvider(redis));
  }
}
