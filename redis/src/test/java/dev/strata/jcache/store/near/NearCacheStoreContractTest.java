package dev.strata.jcache.store.near;

import dev.strata.jcache.codec.ImmutableTypes;
import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreContract;
import dev.strata.jcache.store.StoreListener;
import dev.strata.jcache.store.redis.RedisStoreContract;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import dev.strata.shaded.redisson.api.RedissonClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on the near cache over a Redis store: entries are kept and shared in
 * Redis, copies of them in the heap, where they expire on the cache's ticker.
 */
class NearCacheStoreContractTest extends StoreContract {
  private static final Duration STALENESS = Duration.ofSeconds(30);

  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  private static RedissonClient client;

  @BeforeAll
  static void connect() {
    client = RedisStoreContract.connect(List.of(REDIS.get().uri()), false);
  }

  @AfterAll
  static void disconnect() {
    client.shutdown();
  }

  @BeforeEach
  void flush() {
    REDIS.get().call("FLUSHALL");
  }

  @Override
  protected Store<String> newStore(StoreListener<String> listener, boolean journaled) {
    ValueCopier copier = copier();
    return new NearCacheStore<>(
        upstream -> RedisStoreContract.redisStore(client, ticker, upstream, journaled),
        new NearCacheSettings(1_000, STALENESS), ticker, listener, stored -> {
          // as a Redis cache keeps copies: immutable values decoded, others still encoded
          Object value = copier.fromStored(stored);
          return ImmutableTypes.isImmutable(value) ? value : stored;
        });
  }

  @Override
  protected ValueCopier copier() {
    return RedisStoreContract.COPIER;
  }

  @Override
  protected long instantTolerance() {
    return RedisStoreContract.TOLERANCE;
  }

  @Override
  protected boolean sharesEntries() {
    return true;
  }

  @Override
  protected HeapCount heapCount() {
    return HeapCount.COPIES;
  }

  @Override
  protected Duration nearCopyStaleness() {
    return STALENESS;
  }

  @Override
  protected boolean hasServerClock() {
    return true;
  }
}
