package dev.strata.jcache.store.redis;

import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.codec.StoredAt;
import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.store.Remapper;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.shaded.redisson.api.BatchOptions;
import dev.strata.shaded.redisson.api.RBatch;
import dev.strata.shaded.redisson.api.RFuture;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.client.RedisException;
import dev.strata.shaded.redisson.client.codec.ByteArrayCodec;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import javax.cache.CacheException;

/**
 * The Redis store: each entry is a Redis string of its own, named by {@link RedisKeyspace}, so a
 * cache spreads over a Cluster's slots, and each entry's time to live is Redis's own
 * ({@code PX}/{@code PEXPIRE}), so entries expire on the server's clock whether or not a JVM
 * runs.
 *
 * <p>A stored value is an 8-byte random stamp, renewed by every write, followed by the value's
 * bytes. An atomic step reads the entry and its time to live ({@code read.lua}), lets the
 * remapper decide, and writes only if the stamp is still the one it read
 * ({@code compare-and-set.lua}); if another JVM wrote meanwhile, it reads again and decides
 * again. So the remapper may run more than once, and {@code onCommit} runs once, for the attempt
 * that committed. Steps of this JVM on one key also take a local lock first, so that only other
 * JVMs can make a step retry.
 *
 * <p>An update whose expiry is unchanged keeps Redis's time to live ({@code KEEPTTL}); one that
 * changes only the expiry of the value it read sends only the new time to live.
 *
 * <p>Anyone who can write to Redis can write under a cache's keys, so the bytes read back are
 * decoded by a restricted codec, and each carries its cache and key until then, for the failure
 * of bytes that cannot be read. A value whose encoding exceeds the cache's maximum value size is
 * refused before it is sent.
 */
public final class RedisStore<K> implements Store<K> {
  private static final LuaScript READ = LuaScript.load("read.lua");
  private static final LuaScript COMPARE_AND_SET = LuaScript.load("compare-and-set.lua");
  private static final int STAMP = 8;
  private static final byte[] ABSENT = new byte[0];
  private static final byte[] SET = RedisKeyspace.utf8("set");
  private static final byte[] DELETE = RedisKeyspace.utf8("del");
  private static final byte[] TTL = RedisKeyspace.utf8("ttl");
  private static final byte[] KEEP = RedisKeyspace.utf8("keep");
  private static final byte[] PERSIST = RedisKeyspace.utf8("persist");
  private static final int BATCH = 100;

  private final String cacheName;
  private final RedissonClient client;
  private final RedisKeyspace keyspace;
  private final ValueCopier copier;
  private final long maximumValueSize;
  private final Ticker ticker;
  private final ReentrantLock[] locks = new ReentrantLock[64];

  /**
   * @param keyCodec encodes keys that have no readable form, and decodes them when iterating;
   *     restricted like the copier's codec, since Redis key names are as foreign as values
   * @param maximumValueSize the largest encoding, in bytes, of a value written; -1 for none
   */
  public RedisStore(String namespace, String cacheName, RedissonClient client, ValueCopier copier,
      Codec keyCodec, ClassLoader classLoader, Ticker ticker, long maximumValueSize) {
    this.cacheName = cacheName;
    this.client = client;
    this.keyspace = new RedisKeyspace(namespace, cacheName, keyCodec, classLoader);
    this.copier = copier;
    this.maximumValueSize = maximumValueSize;
    this.ticker = ticker;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  @Override
  public StoreEntry get(K key) {
    byte[] stored = call(key, "read", () ->
        client.<byte[]>getBucket(keyspace.name(key), ByteArrayCodec.INSTANCE).get());
    return stored == null ? null : new StoreEntry(payload(key, stored), StoreEntry.UNKNOWN);
  }

  @Override
  public Map<K, StoreEntry> getAll(Set<? extends K> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    Map<K, RFuture<byte[]>> replies = new LinkedHashMap<>();
    RBatch batch = client.createBatch(BatchOptions.defaults());
    for (K key : keys) {
      replies.put(key, batch.<byte[]>getBucket(keyspace.name(key), ByteArrayCodec.INSTANCE)
          .getAsync());
    }
    call(null, "read of " + keys.size() + " keys", batch::execute);
    Map<K, StoreEntry> found = new HashMap<>();
    for (Map.Entry<K, RFuture<byte[]>> reply : replies.entrySet()) {
      byte[] stored = reply.getValue().toCompletableFuture().join();
      if (stored != null) {
        found.put(reply.getKey(),
            new StoreEntry(payload(reply.getKey(), stored), StoreEntry.UNKNOWN));
      }
    }
    return found;
  }

  @Override
  public StoreEntry compute(K key, Remapper remapper, Runnable onCommit) {
    String name = keyspace.name(key);
    ReentrantLock lock = locks[(key.hashCode() & 0x7fffffff) % locks.length];
    lock.lock();
    try {
      while (true) {
        List<Object> read = call(key, "read", () -> READ.run(client, name, RScript.Mode.READ_ONLY,
            RScript.ReturnType.LIST));
        long now = ticker.read();
        byte[] stamp = ABSENT;
        StoreEntry current = null;
        if (read != null) {
          byte[] stored = (byte[]) read.get(0);
          current = new StoreEntry(payload(key, stored), expiresAt((Long) read.get(1), now));
          stamp = Arrays.copyOf(stored, STAMP);
        }
        StoreEntry next = remapper.remap(current);
        if (next == current || commit(key, name, stamp, current, next, now)) {
          if (onCommit != null) {
            onCommit.run();
          }
          return next;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private boolean commit(K key, String name, byte[] stamp, StoreEntry current, StoreEntry next,
      long now) {
    byte[] operation;
    byte[] value = ABSENT;
    byte[] ttl = KEEP;
    if (next == null) {
      if (current == null) {
        return true;
      }
      operation = DELETE;
    } else {
      if (next.expiresAt() != StoreEntry.ETERNAL && next.expiresAt() <= now) {
        if (current == null) {
          return true;
        }
        operation = DELETE;
      } else {
        ttl = ttl(current, next, now);
        if (current != null && next.value() == current.value()) {
          operation = TTL;
        } else {
          operation = SET;
          value = stamped(checkedSize(key, next.value(), copier.toBytes(next.value())));
        }
      }
    }
    Object[] arguments = {stamp, operation, value, ttl};
    Long changed = call(key, "write", () -> COMPARE_AND_SET.run(client, name,
        RScript.Mode.READ_WRITE, RScript.ReturnType.LONG, arguments));
    return changed != null && changed == 1L;
  }

  private static byte[] ttl(StoreEntry current, StoreEntry next, long now) {
    if (current != null && next.expiresAt() == current.expiresAt()) {
      return KEEP;
    }
    if (next.expiresAt() == StoreEntry.ETERNAL) {
      return PERSIST;
    }
    long millis = Math.max(1L, (next.expiresAt() - now + 999_999L) / 1_000_000L);
    return RedisKeyspace.utf8(Long.toString(millis));
  }

  private long expiresAt(Long pttl, long now) {
    if (pttl == null || pttl < 0) {
      return StoreEntry.ETERNAL;
    }
    return now + pttl * 1_000_000L;
  }

  private static byte[] stamped(byte[] bytes) {
    return ByteBuffer.allocate(STAMP + bytes.length)
        .putLong(ThreadLocalRandom.current().nextLong())
        .put(bytes)
        .array();
  }

  /** Refuses, before it reaches Redis, a value whose encoding is over the maximum. */
  private byte[] checkedSize(K key, Object value, byte[] bytes) {
    if (maximumValueSize >= 0 && bytes.length > maximumValueSize) {
      throw new CacheException("Cache '" + cacheName + "' cannot store the value of key " + key
          + " in Redis: its encoding as a " + copier.typeName(value) + " takes " + bytes.length
          + " bytes, over the cache's maximum-value-size of " + maximumValueSize + " bytes");
    }
    return bytes;
  }

  /** The stored form of a Redis value, still encoded; decoded when a caller needs it. */
  private Object payload(K key, byte[] stored) {
    StoredAt origin = new StoredAt(cacheName, key, "Redis");
    if (stored.length < STAMP) {
      throw origin.unreadable(new CacheException("the bytes are not a value Strata wrote ("
          + stored.length + " bytes, shorter than the " + STAMP + "-byte stamp of every value)"));
    }
    return copier.fromBytes(Arrays.copyOfRange(stored, STAMP, stored.length), origin);
  }

  @Override
  public Iterator<Map.Entry<K, StoreEntry>> iterator() {
    Iterator<String> names = call(null, "scan", () ->
        client.getKeys().getKeysStreamByPattern(keyspace.pattern(), BATCH)).iterator();
    return new Iterator<>() {
      private Iterator<Map.Entry<K, StoreEntry>> page = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!page.hasNext() && names.hasNext()) {
          page = nextPage();
        }
        return page.hasNext();
      }

      @Override
      public Map.Entry<K, StoreEntry> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.next();
      }

      @SuppressWarnings("unchecked")
      private Iterator<Map.Entry<K, StoreEntry>> nextPage() {
        Set<K> keys = new java.util.LinkedHashSet<>();
        while (keys.size() < BATCH && names.hasNext()) {
          Object key = keyspace.key(names.next());
          if (key != null) {
            keys.add((K) key);
          }
        }
        Map<K, StoreEntry> found = getAll(keys);
        List<Map.Entry<K, StoreEntry>> entries = new ArrayList<>(found.size());
        for (K key : keys) {
          StoreEntry entry = found.get(key);
          if (entry != null) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(key, entry));
          }
        }
        return entries.iterator();
      }
    };
  }

  @Override
  public void clear() {
    call(null, "clear", () -> client.getKeys().deleteByPattern(keyspace.pattern()));
  }

  @Override
  public long estimatedSize() {
    try (Stream<String> names = client.getKeys().getKeysStreamByPattern(keyspace.pattern(),
        BATCH)) {
      return names.count();
    }
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(client)) {
      return type.cast(client);
    }
    return type.isInstance(this) ? type.cast(this) : null;
  }

  /** The Redis connection belongs to the cache manager; a store has nothing of its own. */
  @Override
  public void close() {}

  private <T> T call(Object key, String what, java.util.function.Supplier<T> command) {
    try {
      return command.get();
    } catch (RedisException e) {
      throw new CacheException("Redis " + what + " for cache '" + cacheName + "'"
          + (key == null ? "" : " and key " + key) + " failed: " + e.getMessage(), e);
    }
  }
}
