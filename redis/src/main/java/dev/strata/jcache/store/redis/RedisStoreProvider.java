package dev.strata.jcache.store.redis;

import dev.strata.jcache.assembly.ManagerResources;
import dev.strata.jcache.assembly.ResolvedCacheSettings;
import dev.strata.jcache.assembly.StoreProvider;
import dev.strata.jcache.assembly.StoreRequest;
import dev.strata.jcache.configuration.RedisSettings;
import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreListener;
import dev.strata.shaded.redisson.api.RedissonClient;

/**
 * Builds the {@link RedisStore} of a Redis cache, and the Redis store beneath a near cache. The
 * cache manager's Redis settings and client are asked for only then: a manager whose caches are
 * all embedded needs no Redis, and its client connects when the first Redis cache is built.
 */
public final class RedisStoreProvider implements StoreProvider {
  private final ManagerResources manager;
  private RedissonClient client;
  private RedisSettings connected;

  /** @param manager the cache manager whose Redis caches this provider builds */
  public RedisStoreProvider(ManagerResources manager) {
    this.manager = manager;
  }

  /** The manager's Redis client, connecting on first use; shared by its Redis caches. */
  private synchronized RedissonClient client(RedisSettings settings) {
    if (client == null) {
      client = RedisConnections.acquire(settings, manager.classLoader());
      connected = settings;
    }
    return client;
  }

  /** Lets go of the manager's client: the last manager using a connection closes it. */
  @Override
  public synchronized void close() {
    if (client != null) {
      client = null;
      RedisConnections.release(connected);
    }
  }

  @Override
  public StoreType storeType() {
    return StoreType.REDIS;
  }

  @Override
  public <K> Store<K> create(StoreRequest<K> request) {
    return redisStore(request, request.listener());
  }

  /** The Redis store of the request, reporting to {@code listener} instead of the request's. */
  <K> RedisStore<K> redisStore(StoreRequest<K> request, StoreListener<K> listener) {
    ResolvedCacheSettings<K, ?> settings = request.settings();
    RedisSettings redis = manager.redisSettings();
    RedisStore<K> store = new RedisStore<>(redis.namespace(), settings.name(), client(redis),
        request.copier(), request.codec(), settings.classLoader(), settings.ticker(),
        settings.configuration().getMaximumValueSize(), listener,
        new RedisStore.Options(settings.writeBehind() != null,
            RedisConnections.stepRecordMillis(redis),
            exclusive(settings) ? redis.writeThroughLease().toMillis() : 0L,
            redis.mode() == RedisSettings.Mode.CLUSTER ? 0 : redis.database(),
            settings.nearCache() == null ? null : settings.nearCache().checkInterval()));
    store.onFastFailure(request.statistics()::recordRedisFastFailure);
    return store;
  }

  /**
   * Whether the cache's steps must be exclusive across JVMs: a write-through cache calls its
   * writer inside its steps, which must then see exactly the changes the cache makes.
   */
  private static boolean exclusive(ResolvedCacheSettings<?, ?> settings) {
    var configuration = settings.configuration();
    return configuration.isWriteThrough() && configuration.getCacheWriterFactory() != null
        && settings.writeBehind() == null;
  }
}
