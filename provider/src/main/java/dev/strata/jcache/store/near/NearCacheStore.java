package dev.strata.jcache.store.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.management.InvalidationStatistics;
import dev.strata.jcache.store.AuthoritativeTier;
import dev.strata.jcache.store.Journal;
import dev.strata.jcache.store.KeyStep;
import dev.strata.jcache.store.KeyWrite;
import dev.strata.jcache.store.Remapper;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.store.StoreListener;
import dev.strata.jcache.store.Write;
import dev.strata.jcache.store.Written;
import dev.strata.jcache.store.embedded.InstantExpiry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * A bounded Caffeine copy of a shared cache's entries in this JVM, in front of the
 * {@link AuthoritativeTier} that keeps them (the Redis store). Reads are served from the copy when they can; everything that writes or
 * decides (conditional operations, entry processors) goes to Redis, and drops the copy of the
 * keys it changed once Redis committed the change.
 *
 * <p>Coherence, in five rules:
 * <ol>
 *   <li><b>Invalidate on every change.</b> The tier below reports each change made elsewhere
 *       (the Redis store announces each change on the cache's channel from inside the script
 *       that makes it); on each such report, and on each of this JVM's own commits, the key's
 *       copy is dropped.
 *   <li><b>Reserve, then publish.</b> A read that misses first puts a reservation for the key,
 *       then reads Redis, then replaces <em>its own</em> reservation with what it read. An
 *       invalidation that arrived meanwhile removed the reservation, so the read's possibly
 *       older value is never kept.
 *   <li><b>Missed changes drop their group.</b> Every announcement carries its number in the
 *       sequence of its group of keys; the tier below reports a number skipped, an epoch
 *       changed, or a number its periodic check read and never heard (a lost announcement, a
 *       flush, a restart without persistence) as changes missed, and the copies of those keys
 *       are dropped: within the check interval (1 s by default). A copy read before the point
 *       from which every change of its group was heard is not kept.
 *   <li><b>Bounded staleness.</b> No copy lives longer than the configured maximum staleness,
 *       nor beyond its Redis expiry (read with the value): the last resort, should all else
 *       fail.
 *   <li><b>Flush on resubscription.</b> When the subscription to the channel starts again after
 *       a lost connection, every copy is dropped: announcements made meanwhile are lost.
 * </ol>
 */
public final class NearCacheStore<K> implements Store<K> {
  private static final System.Logger LOG = System.getLogger(NearCacheStore.class.getName());

  private final AuthoritativeTier<K> remote;
  private final Cache<K, Copy> near;
  private final Ticker ticker;
  private final UnaryOperator<Object> keptForm;
  private final long staleness;
  private final StoreListener<K> downstream;
  /**
   * Keys whose last write from this JVM failed, and so may land late: their copies are dropped
   * again when that write is announced. A write that never lands leaves its key here for the
   * maximum staleness at most.
   */
  private final Cache<K, Boolean> unsettled;
  private final LongAdder nearHits = new LongAdder();
  private final LongAdder remoteHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final InvalidationStatistics invalidations = new InvalidationStatistics();
  private volatile boolean forwarding;

  /**
   * @param remoteFactory makes the tier below, given the listener through which it must report
   *     changes made elsewhere
   * @param downstream the cache's own store listener
   * @param keptForm the form a copy keeps of a stored value (see {@link #kept})
   */
  public NearCacheStore(Function<StoreListener<K>, ? extends AuthoritativeTier<K>> remoteFactory,
      NearCacheSettings settings, Ticker ticker, StoreListener<K> downstream,
      UnaryOperator<Object> keptForm) {
    this.keptForm = keptForm;
    this.downstream = downstream;
    this.ticker = ticker;
    this.staleness = settings.maxStaleness().toNanos();
    this.near = Caffeine.newBuilder()
        .maximumSize(settings.maximumSize())
        .executor(Runnable::run)
        .ticker(ticker::read)
        .expireAfter(new CopyExpiry<K>())
        .build();
    this.unsettled = Caffeine.newBuilder()
        .maximumSize(settings.maximumSize())
        .executor(Runnable::run)
        .ticker(ticker::read)
        .expireAfterWrite(Duration.ofNanos(staleness))
        .build();
    this.remote = remoteFactory.apply(new Upstream());
    remote.setListening(true);
  }

  @Override
  public StoreEntry get(K key) {
    Copy copy = near.getIfPresent(key);
    if (copy != null && copy.entry != null) {
      nearHits.increment();
      return copy.entry;
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
    Copy reservation = reservation();
    boolean reserved = near.asMap().putIfAbsent(key, reservation) == null;
    StoreEntry read = null;
    try {
      read = remote.getWithExpiry(key);
      return read;
    } finally {
      if (reserved) {
        publish(key, reservation, read);
      }
    }
  }

  /** A reservation: a copy with no entry yet, whose staleness bound starts now. */
  private Copy reservation() {
    return new Copy(null, ticker.read() + staleness, StoreEntry.UNKNOWN);
  }

  /**
   * The entry as the copy keeps it: a value of an immutable type decoded once, here, so that a
   * near hit hands it out with no decoding and no allocation; any other value still encoded,
   * since each reader of a store-by-value cache gets a copy of its own.
   */
  private StoreEntry kept(StoreEntry read) {
    Object decoded = keptForm.apply(read.value());
    return decoded == read.value() ? read : new StoreEntry(decoded, read.expiresAt());
  }

  /** Replaces this reader's own reservation with what it read, unless it was invalidated. */
  private void publish(K key, Copy reservation, StoreEntry read) {
    if (read == null) {
      near.asMap().remove(key, reservation);
    } else {
      near.asMap().replace(key, reservation,
          new Copy(kept(read), reservation.staleAt, read.expiresAt()));
    }
  }

  /**
   * An access that extends a copy's expiry is applied to the copy at once, and to Redis in the
   * background only when Redis's time to live has fallen below half of what the access grants:
   * most near hits of an access-expiry cache cost no round trip. The price: when accesses stop,
   * Redis may expire the entry up to half its access duration early for other JVMs (and for
   * this one once its copy is gone). An access that shortens the expiry (to zero, say) goes to
   * Redis at once, as a change.
   */
  @Override
  public void touch(K key, long expiresAt) {
    Copy copy = near.getIfPresent(key);
    if (copy == null || copy.entry == null || !copy.isExtendedBy(expiresAt)) {
      Store.super.touch(key, expiresAt);
      return;
    }
    long now = ticker.read();
    boolean due = copy.redisExpiresAt != StoreEntry.ETERNAL && (expiresAt == StoreEntry.ETERNAL
        || copy.redisExpiresAt - now < (expiresAt - now) / 2);
    near.asMap().replace(key, copy, new Copy(copy.entry.withExpiry(expiresAt), copy.staleAt,
        due ? expiresAt : copy.redisExpiresAt));
    if (due) {
      CompletableFuture.runAsync(() -> remote.touch(key, expiresAt), ForkJoinPool.commonPool())
          .exceptionally(failure -> {
            LOG.log(Level.WARNING, "Extending the Redis expiry of an accessed entry failed;"
                + " it may expire early", failure);
            return null;
          });
    }
  }

  @Override
  public Map<K, StoreEntry> getAll(Set<? extends K> keys) {
    Map<K, StoreEntry> found = new HashMap<>(Math.max(4, keys.size() * 4 / 3 + 1));
    forEachPresent(keys, found::put);
    return found;
  }

  /**
   * Hands on each copy as it is found, allocating nothing for a call whose keys all hit; the
   * keys that miss are read from Redis in one call, reserved first, as {@link #get} reads one.
   * The entries read are handed on once their reservations were replaced, so that an access
   * applied to one ({@link #touch}) finds its copy.
   */
  @Override
  public void forEachPresent(Set<? extends K> keys,
      BiConsumer<? super K, ? super StoreEntry> found) {
    Set<K> missing = null;
    int hits = 0;
    for (K key : keys) {
      Copy copy = near.getIfPresent(key);
      if (copy != null && copy.entry != null) {
        hits++;
        found.accept(key, copy.entry);
      } else {
        if (missing == null) {
          missing = new HashSet<>();
        }
        missing.add(key);
      }
    }
    nearHits.add(hits);
    if (missing != null) {
      readThrough(missing).forEach(found);
    }
  }

  /** {@link #readThrough(Object)} of many keys: one reservation each, one call to Redis. */
  private Map<K, StoreEntry> readThrough(Set<K> missing) {
    Map<K, Copy> reservations = new HashMap<>();
    long staleAt = ticker.read() + staleness;
    for (K key : missing) {
      Copy reservation = new Copy(null, staleAt, StoreEntry.UNKNOWN);
      if (near.asMap().putIfAbsent(key, reservation) == null) {
        reservations.put(key, reservation);
      }
    }
    Map<K, StoreEntry> read = Map.of();
    try {
      read = remote.getAllWithExpiry(missing);
      remoteHits.add(read.size());
      misses.add(missing.size() - read.size());
      return read;
    } finally {
      for (Map.Entry<K, Copy> reservation : reservations.entrySet()) {
        publish(reservation.getKey(), reservation.getValue(), read.get(reservation.getKey()));
      }
    }
  }

  /**
   * A step that fails drops the key's copy too: a write whose outcome is unknown may have been
   * applied, and this JVM ignores its own change messages, so nothing else would drop it.
   */
  @Override
  public StoreEntry compute(K key, Remapper remapper, Runnable onCommit) {
    try {
      return remote.compute(key, remapper, () -> {
        near.invalidate(key);
        if (onCommit != null) {
          onCommit.run();
        }
      });
    } catch (RuntimeException e) {
      unsettled.put(key, Boolean.TRUE);
      near.invalidate(key);
      throw e;
    }
  }

  /**
   * A write goes to the tier below, which decides it (in one round trip for Redis); the copy is
   * dropped when it commits, and when it fails, as for {@link #compute}.
   */
  @Override
  public Written write(K key, Write write, Consumer<Written> onCommit) {
    try {
      return remote.write(key, write, found -> {
        near.invalidate(key);
        if (onCommit != null) {
          onCommit.accept(found);
        }
      });
    } catch (RuntimeException e) {
      unsettled.put(key, Boolean.TRUE);
      near.invalidate(key);
      throw e;
    }
  }

  @Override
  public List<Written> writeAll(List<KeyWrite<K>> writes) {
    List<KeyWrite<K>> invalidating = new ArrayList<>(writes.size());
    for (KeyWrite<K> write : writes) {
      Consumer<Written> onCommit = write.onCommit();
      K key = write.key();
      invalidating.add(new KeyWrite<>(key, write.write(), found -> {
        near.invalidate(key);
        if (onCommit != null) {
          onCommit.accept(found);
        }
      }));
    }
    try {
      return remote.writeAll(invalidating);
    } catch (RuntimeException e) {
      for (KeyWrite<K> write : writes) {
        unsettled.put(write.key(), Boolean.TRUE);
        near.invalidate(write.key());
      }
      throw e;
    }
  }

  @Override
  public Journal<K> journal() {
    return remote.journal();
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
    try {
      remote.computeAll(invalidating);
    } catch (RuntimeException e) {
      for (KeyStep<K> step : steps) {
        unsettled.put(step.key(), Boolean.TRUE);
        near.invalidate(step.key());
      }
      throw e;
    }
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

  /** What this near cache heard from the other JVMs of its cache. */
  public InvalidationStatistics invalidations() {
    return invalidations;
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

  /** Reads the tier below, leaving this JVM's copy, if any, as it is. */
  @Override
  public StoreEntry getFromRecord(K key) {
    return remote.get(key);
  }

  @Override
  public boolean keepsNearCopies() {
    return true;
  }

  @Override
  public long heapEntryCount() {
    return near.estimatedSize();
  }

  @Override
  public Optional<LongSupplier> serverClock() {
    return remote.serverClock();
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
      invalidations.recordReceived();
      near.invalidate(key);
      if (forwarding) {
        downstream.onRemoteChange(key, oldStored, newStored);
      }
    }

    /**
     * This JVM ignores its own change messages, but for a key whose write failed: that write may
     * have landed late, after a read cached the value it replaced.
     */
    @Override
    public void onOwnChangeAnnounced(K key) {
      if (unsettled.asMap().remove(key) != null) {
        near.invalidate(key);
      }
    }

    @Override
    public void onExpiredElsewhere(K key) {
      invalidations.recordReceived();
      near.invalidate(key);
      if (forwarding) {
        downstream.onExpiredElsewhere(key);
      }
    }

    @Override
    public void onEvictedElsewhere(K key) {
      invalidations.recordReceived();
      near.invalidate(key);
    }

    /**
     * Drops the copies (and reservations) of the keys whose changes may have been missed: a gap
     * in a group's sequence, a new epoch, or a check that found a change not heard.
     */
    @Override
    public void onChangesMissed(Predicate<? super K> affected) {
      invalidations.recordGap(1);
      near.asMap().keySet().removeIf(affected);
    }

    @Override
    public void onClearedElsewhere() {
      invalidations.recordFlush();
      near.invalidateAll();
      if (forwarding) {
        downstream.onClearedElsewhere();
      }
    }

    @Override
    public void onListeningRestarted() {
      invalidations.recordFlush();
      near.invalidateAll();
      downstream.onListeningRestarted();
    }
  }

  /**
   * A copy of an entry (or, with no entry, a reservation for one), with the instant its
   * staleness bound runs out, counted from its reservation, and the expiry instant Redis holds
   * for the entry as far as this JVM knows.
   */
  private static final class Copy {
    final StoreEntry entry;
    final long staleAt;
    final long redisExpiresAt;

    Copy(StoreEntry entry, long staleAt, long redisExpiresAt) {
      this.entry = entry;
      this.staleAt = staleAt;
      this.redisExpiresAt = redisExpiresAt;
    }

    /** Whether an access granting this expiry instant only lengthens the copy's life. */
    boolean isExtendedBy(long expiresAt) {
      return expiresAt == StoreEntry.ETERNAL
          || (!entry.isEternal() && entry.expiresAt() != StoreEntry.UNKNOWN
              && expiresAt >= entry.expiresAt());
    }
  }

  /** A copy lives until its staleness bound or its entry's expiry, whichever comes first. */
  private static final class CopyExpiry<K> extends InstantExpiry<K, Copy> {
    @Override
    protected long expiresAt(Copy copy) {
      StoreEntry entry = copy.entry;
      if (entry != null && !entry.isEternal() && entry.expiresAt() != StoreEntry.UNKNOWN) {
        return Math.min(copy.staleAt, entry.expiresAt());
      }
      return copy.staleAt;
    }
  }
}
