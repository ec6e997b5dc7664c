package dev.strata.jcache.store.redis;

import dev.strata.jcache.codec.AllowedClasses;
import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.codec.JavaSerializationCodec;
import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.store.AuthoritativeTier;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreContract;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.store.StoreListener;
import dev.strata.shaded.redisson.Redisson;
import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.config.Config;
import dev.strata.shaded.redisson.config.ReadMode;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The store contract on the Redis store, standalone or on a Cluster: its entries are shared by
 * every store over the same names, their times to live run on Redis's clock, and its plain
 * reads leave the instant out.
 */
public abstract class RedisStoreContract extends StoreContract {
  /** The namespace and cache every store of a test shares, as the JVMs of one cache do. */
  public static final String NAMESPACE = "contract";
  public static final String CACHE = "store";
  /** Redis keeps a time to live in milliseconds and counts it down on its own clock. */
  public static final long TOLERANCE = TimeUnit.SECONDS.toNanos(2);

  private static final ClassLoader LOADER = RedisStoreContract.class.getClassLoader();
  /** What every Redis cache decodes with: only the allowed classes. */
  public static final Codec CODEC = new JavaSerializationCodec().restrictedTo(
      AllowedClasses.of(List.of(), String.class, Object.class));
  public static final ValueCopier COPIER = ValueCopier.byValue(CODEC, LOADER);

  /** The client the class's stores share. */
  protected abstract RedissonClient client();

  /** A client of a standalone server, or of a Cluster's masters; Redisson's own settings. */
  public static RedissonClient connect(List<String> addresses, boolean cluster) {
    var config = new Config();
    config.setThreads(2);
    config.setNettyThreads(4);
    if (cluster) {
      config.useClusterServers().setReadMode(ReadMode.MASTER)
          .addNodeAddress(addresses.toArray(String[]::new));
    } else {
      config.useSingleServer().setAddress(addresses.get(0));
    }
    return Redisson.create(config);
  }

  /** A Redis store as a Redis cache makes it. */
  public static <K> RedisStore<K> redisStore(RedissonClient client, Ticker ticker,
      StoreListener<K> listener, boolean journaled) {
    return new RedisStore<>(NAMESPACE, CACHE, client, COPIER, CODEC, LOADER, ticker, -1,
        listener, journaled);
  }

  @Override
  protected Store<String> newStore(StoreListener<String> listener, boolean journaled) {
    return redisStore(client(), ticker, listener, journaled);
  }

  @Override
  protected ValueCopier copier() {
    return COPIER;
  }

  @Override
  protected long instantTolerance() {
    return TOLERANCE;
  }

  @Override
  protected boolean plainReadsCarryInstants() {
    return false;
  }

  @Override
  protected StoreEntry readWithExpiry(Store<String> store, String key) {
    @SuppressWarnings("unchecked")
    AuthoritativeTier<String> record = store.unwrap(AuthoritativeTier.class);
    return record.getWithExpiry(key);
  }

  @Override
  protected boolean sharesEntries() {
    return true;
  }

  @Override
  protected HeapCount heapCount() {
    return HeapCount.UNKNOWN;
  }

  @Override
  protected boolean hasServerClock() {
    return true;
  }
}
