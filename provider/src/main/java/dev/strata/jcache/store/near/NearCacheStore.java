package dev.strata.jcache.store.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.store.KeyStep;
import dev.strata.jcache.store.Remapper;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.store.StoreListener;
import dev.strata.jcache.store.redis.RedisStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A bounded Caffeine copy of a Redis cache's entries in this JVM, in front of its
 * {@link RedisStore}. Reads are served from the copy when they can; everything that writes or
 * decides (conditional operations, entry processors) goes to Redis, and drops the copy of the
 * keys it changed once Redis committed the change.
 *
 * <p>Coherence, in four rules:
 * <ol>
 *   <li><b>Invalidate on every change.</b> The Redis store announces each change on the cache's
 *       channel from inside the script that makes it; on each announcement from elsewhere, and
 *       on each of this JVM's own commits, the key's copy is dropped.
 *   <li><b>Reserve, then publish.</b> A read that misses first puts a reservation for the key,
 *       then reads Redis, then replaces <em>its own</em> reservation with what it read. An
 *       invalidation that arrived meanwhile removed the reservation, so the read's possibly
 *       older value is never kept.
 *   <li><b>Bounded staleness.</b> No copy lives longer than the configured maximum staleness,
 *       nor beyond its Redis expiry (read with the value), so a lost announcement (pub/sub
 *       delivers at most once) leaves a stale copy for that long at most.
 *   <li><b>Flush on resubscription.</b> When the subscription to the channel starts again after
 *       a lost connection, every copy is dropped: announcements made meanwhile are lost.
 * </ol>
 */
public final class NearCacheStore<K> implements Store<K> {
  /** The value of a reservation entry; reservations are told apart by identity. */
  private static final Object RESERVED = new Object();

  private final RedisStore<K> remote;
  private final Cache<K, StoreEntry> near;
  private final StoreListener<K> downstream;
  private final LongAdder nearHits = new LongAdder();
  private final LongAdder remoteHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private volatile boolean forwarding;

  /**
   * @param remoteFactory makes the Redis store, given the listener through which it must report
   *     changes made elsewhere
   * @param downstream the cache's own store listener
   */
  public NearCacheStore(Function<StoreListener<K>, RedisStore<K>> remoteFactory,
      NearCacheSettings settings, Ticker ticker, StoreListener<K> downstream) {
    this.downstream = downstream;
    long staleness = settings.maxStaleness().toNanos();
    this.near = Caffeine.newBuilder()
        .maximumSize(settings.maximumSize())
        .executor(Runnable::run)
        .ticker(ticker::read)
        .expireAfter(new CopyExpiry<K>(staleness))
        .build();
    this.remote = remoteFactory.apply(new Upstream());
    remote.setListening(true);
  }

  @Override
  public StoreEntry get(K key) {
    StoreEntry copy = near.getIfPresent(key);
    if (copy != null && copy.value() != RESERVED) {
      nearHits.increment();
      return copy;
    }
    return count(readThrough(key));
  }

  private StoreEntry count(StoreEntry entry) {
    if (entry == null) {
      misses.increment();
    } else {
      remoteHits.increment();
    }
    return entry;
  }

  /** Reads Redis, keeping what it read unless the key was invalidated meanwhile. */
  private StoreEntry readThrough(K key) {
    StoreEntry reservation = new StoreEntry(RESERVED, StoreEntry.ETERNAL);
    boolean reserved = near.asMap().putIfAbsent(key, reservation) == null;
    StoreEntry read = null;
    try {
      read = remote.getWithExpiry(key);
      return read;
    } finally {
      if (reserved) {
        if (read == null) {
          near.asMap().remove(key, reservation);
        } else {
          near.asMap().replace(key, reservation, read);
        }
      }
    }
  }

  @Override
  public Map<K, StoreEntry> getAll(Set<? extends K> keys) {
    Map<K, StoreEntry> found = new HashMap<>();
    Map<K, StoreEntry> reservations = new HashMap<>();
    Set<K> missing = new HashSet<>();
    for (K key : keys) {
      StoreEntry copy = near.getIfPresent(key);
      if (copy != null && copy.value() != RESERVED) {
        found.put(key, copy);
        continue;
      }
      missing.add(key);
      StoreEntry reservation = new StoreEntry(RESERVED, StoreEntry.ETERNAL);
      if (near.asMap().putIfAbsent(key, reservation) == null) {
        reservations.put(key, reservation);
      }
    }
    nearHits.add(found.size());
    Map<K, StoreEntry> read = Map.of();
    try {
      read = missing.isEmpty() ? Map.of() : remote.getAllWithExpiry(missing);
      found.putAll(read);
      remoteHits.add(read.size());
      misses.add(missing.size() - read.size());
      return found;
    } finally {
      for (Map.Entry<K, StoreEntry> reservation : reservations.entrySet()) {
        StoreEntry entry = read.get(reservation.getKey());
        if (entry == null) {
          near.asMap().remove(reservation.getKey(), reservation.getValue());
        } else {
          near.asMap().replace(reservation.getKey(), reservation.getValue(), entry);
        }
      }
    }
  }

  @Override
  public StoreEntry compute(K key, Remapper remapper, Runnable onCommit) {
    return remote.compute(key, remapper, () -> {
      near.invalidate(key);
      if (onCommit != null) {
        onCommit.run();
      }
    });
  }

  @Override
  public void computeAll(List<KeyStep<K>> steps) {
    List<KeyStep<K>> invalidating = new ArrayList<>(steps.size());
    for (KeyStep<K> step : steps) {
      Runnable onCommit = step.onCommit();
      K key = step.key();
      invalidating.add(new KeyStep<>(key, step.remapper(), () -> {
        near.invalidate(key);
        if (onCommit != null) {
          onCommit.run();
        }
      }));
    }
    remote.computeAll(invalidating);
  }

  @Override
  public Iterator<Map.Entry<K, StoreEntry>> iterator() {
    return remote.iterator();
  }

  @Override
  public void setListening(boolean listening) {
    forwarding = listening;
  }

  @Override
  public void clear() {
    remote.clear();
    near.invalidateAll();
  }

  @Override
  public long estimatedSize() {
    return remote.estimatedSize();
  }

  /** Reads served from this JVM's copy. */
  public long nearHits() {
    return nearHits.sum();
  }

  /** Reads that found the entry in Redis. */
  public long remoteHits() {
    return remoteHits.sum();
  }

  /** Reads that found the entry nowhere. */
  public long misses() {
    return misses.sum();
  }

  /** The number of copies held now. */
  public long nearSize() {
    return near.estimatedSize();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    if (type.isInstance(near)) {
      return type.cast(near);
    }
    return remote.unwrap(type);
  }

  @Override
  public void close() {
    remote.close();
    near.invalidateAll();
  }

  /** Drops copies on every change made elsewhere, then tells the cache if it listens. */
  private final class Upstream implements StoreListener<K> {
    @Override
    public void onExpired(K key, Object storedValue) {
      near.invalidate(key);
      downstream.onExpired(key, storedValue);
    }

    @Override
    public void onEvicted(K key, Object storedValue) {
      near.invalidate(key);
      downstream.onEvicted(key, storedValue);
    }

    @Override
    public void onRemoteChange(K key, Object oldStored, Object newStored) {
      near.invalidate(key);
      if (forwarding) {
        downstream.onRemoteChange(key, oldStored, newStored);
      }
    }

    @Override
    public void onExpiredElsewhere(K key) {
      near.invalidate(key);
      if (forwarding) {
        downstream.onExpiredElsewhere(key);
      }
    }

    @Override
    public void onClearedElsewhere() {
      near.invalidateAll();
      if (forwarding) {
        downstream.onClearedElsewhere();
      }
    }

    @Override
    public void onListeningRestarted() {
      near.invalidateAll();
      downstream.onListeningRestarted();
    }
  }

  /** A copy lives no longer than the staleness bound, nor beyond its entry's Redis expiry. */
  private static final class CopyExpiry<K> implements Expiry<K, StoreEntry> {
    private final long staleness;

    CopyExpiry(long staleness) {
      this.staleness = staleness;
    }

    @Override
    public long expireAfterCreate(K key, StoreEntry entry, long now) {
      return lifetime(entry, now);
    }

    @Override
    public long expireAfterUpdate(K key, StoreEntry entry, long now, long currentDuration) {
      return lifetime(entry, now);
    }

    @Override
    public long expireAfterRead(K key, StoreEntry entry, long now, long currentDuration) {
      return currentDuration;
    }

    private long lifetime(StoreEntry entry, long now) {
      if (entry.isEternal() || entry.expiresAt() == StoreEntry.UNKNOWN) {
        return staleness;
      }
      return Math.max(0L, Math.min(staleness, entry.expiresAt() - now));
    }
  }
}
