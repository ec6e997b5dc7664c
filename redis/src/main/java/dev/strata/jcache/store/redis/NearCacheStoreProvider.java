package dev.strata.jcache.store.redis;

import dev.strata.jcache.assembly.ResolvedCacheSettings;
import dev.strata.jcache.assembly.StoreProvider;
import dev.strata.jcache.assembly.StoreRequest;
import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreListener;
import dev.strata.jcache.store.near.NearCacheStore;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Builds the {@link NearCacheStore} of a Redis cache that has a near cache, over a Redis store
 * from the {@link RedisStoreProvider}; it outranks that provider for such a cache.
 */
public final class NearCacheStoreProvider implements StoreProvider {
  private final RedisStoreProvider redisStores;

  public NearCacheStoreProvider(RedisStoreProvider redisStores) {
    this.redisStores = redisStores;
  }

  @Override
  public StoreType storeType() {
    return StoreType.REDIS;
  }

  @Override
  public int rank(ResolvedCacheSettings<?, ?> settings) {
    return settings.storeType() == StoreType.REDIS && settings.nearCache() != null ? 2 : 0;
  }

  @Override
  public <K> Store<K> create(StoreRequest<K> request) {
    Function<StoreListener<K>, RedisStore<K>> redis =
        listener -> redisStores.redisStore(request, listener);
    NearCacheSettings near = request.settings().nearCache();
    Ticker ticker = request.settings().ticker();
    ValueCopier copier = request.copier();
    // a copy keeps an immutable value decoded: every reader may share it
    UnaryOperator<Object> keptForm = stored -> {
      Object value = copier.fromStored(stored);
      return copier.isImmutable(value) ? value : stored;
    };
    var store = new NearCacheStore<>(redis, near, ticker, request.listener(), keptForm);
    request.statistics().reportNearCache(store::nearHits, store::remoteHits);
    request.statistics().reportInvalidations(store.invalidations());
    return store;
  }
}
