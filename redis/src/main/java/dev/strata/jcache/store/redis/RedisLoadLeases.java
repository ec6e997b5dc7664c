package dev.strata.jcache.store.redis;

import dev.strata.jcache.store.LoadLeases;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import java.util.List;

/**
 * The loading leases of a Redis cache: one Redis string per loading key, next to the entry in
 * its Cluster slot ({@link RedisKeyspace#loadLeaseName}), holding the loader's token with a
 * {@code PX} deadline. A miss reads the entry and takes the lease in one script
 * ({@code load-lease.lua}), so an uncontended miss pays for the lease with no round trip of
 * its own beyond that read; the lease is given up without waiting ({@code lease-release.lua}).
 */
final class RedisLoadLeases<K> implements LoadLeases<K> {
  static final LuaScript LOAD_LEASE = LuaScript.load("load-lease.lua");
  private static final byte[] REFRESH = RedisKeyspace.utf8("refresh");
  private static final byte[] READ = RedisKeyspace.utf8("read");

  private final RedissonClient client;
  private final RedisKeyspace keyspace;
  private final StampedValues<K> values;
  private final RedisFailures failures;

  RedisLoadLeases(RedissonClient client, RedisKeyspace keyspace, StampedValues<K> values,
      RedisFailures failures) {
    this.client = client;
    this.keyspace = keyspace;
    this.values = values;
    this.failures = failures;
  }

  @Override
  public Read readOrLease(K key, byte[] token, long leaseMillis) {
    List<Object> reply = lease(key, token, leaseMillis, READ);
    long state = (Long) reply.get(0);
    if (state == 1L) {
      return new Read(State.PRESENT,
          new StoreEntry(values.payload(key, (byte[]) reply.get(1)), StoreEntry.UNKNOWN), 0L);
    }
    return state == 2L ? new Read(State.LEASED, null, 0L)
        : new Read(State.BUSY, null, Math.max(0L, (Long) reply.get(1)));
  }

  @Override
  public boolean tryLease(K key, byte[] token, long leaseMillis) {
    return (Long) lease(key, token, leaseMillis, REFRESH).get(0) == 2L;
  }

  private List<Object> lease(K key, byte[] token, long leaseMillis, byte[] mode) {
    String name = keyspace.name(key);
    return failures.call(key, name, "read", true, () -> LOAD_LEASE.run(client,
        List.of(name, RedisKeyspace.loadLeaseName(name)), RScript.Mode.READ_WRITE,
        RScript.ReturnType.LIST, token, RedisKeyspace.utf8(Long.toString(leaseMillis)), mode));
  }

  @Override
  public void release(K key, byte[] token) {
    String lease = RedisKeyspace.loadLeaseName(keyspace.name(key));
    try {
      StepLeases.RELEASE.runAsync(client, List.of(lease), RScript.Mode.READ_WRITE,
          RScript.ReturnType.LONG, token);
    } catch (RuntimeException e) {
      // the lease lapses by itself
    }
  }
}
