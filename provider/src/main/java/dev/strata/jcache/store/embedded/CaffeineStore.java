package dev.strata.jcache.store.embedded;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.store.Journal;
import dev.strata.jcache.store.JournalChange;
import dev.strata.jcache.store.Remapper;
import dev.strata.jcache.store.Step;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.store.StoreListener;
import dev.strata.jcache.store.Write;
import dev.strata.jcache.store.Written;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.ToIntBiFunction;

/**
 * The embedded store: a bounded Caffeine cache in this JVM's heap.
 *
 * <p>Expiry is Caffeine's own variable expiry, fed with each entry's instant, so no thread of
 * ours sweeps. Caffeine reports expired and size-evicted entries to its eviction listener inside
 * the atomic operation that found them, which is what keeps an expired event ahead of the event
 * of the write that replaced the entry. A read that misses asks Caffeine once more, atomically,
 * so that an entry it hid for having expired is reported now rather than at its next cleanup.
 *
 * <p>Caffeine's maintenance runs on the calling thread: events reach the cache's dispatcher on
 * the thread that caused them.
 */
public final class CaffeineStore<K> implements Store<K> {
  private final Cache<K, StoreEntry> cache;
  private final boolean expiring;
  private final AtomicBoolean quiet;
  private final MemoryJournal<K> journal;

  private CaffeineStore(Cache<K, StoreEntry> cache, boolean expiring, AtomicBoolean quiet,
      MemoryJournal<K> journal) {
    this.cache = cache;
    this.expiring = expiring;
    this.quiet = quiet;
    this.journal = journal;
  }

  /** Starts describing an embedded store. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public StoreEntry get(K key) {
    StoreEntry entry = cache.getIfPresent(key);
    if (entry == null && expiring) {
      reportIfExpired(key);
    }
    return entry;
  }

  @Override
  public Map<K, StoreEntry> getAll(Set<? extends K> keys) {
    Map<K, StoreEntry> present = cache.getAllPresent(keys);
    if (expiring && present.size() != keys.size()) {
      for (K key : keys) {
        if (!present.containsKey(key)) {
          reportIfExpired(key);
        }
      }
    }
    return present;
  }

  /**
   * One lookup per key, straight into the caller's result: Caffeine's {@code getAllPresent}
   * would first build a map of its own (an entry object per key), and then another.
   */
  @Override
  public void forEachPresent(Set<? extends K> keys,
      BiConsumer<? super K, ? super StoreEntry> found) {
    for (K key : keys) {
      StoreEntry entry = cache.getIfPresent(key);
      if (entry != null) {
        found.accept(key, entry);
      } else if (expiring) {
        reportIfExpired(key);
      }
    }
  }

  /**
   * A remap that keeps the entry makes Caffeine evict (and report) it if it has expired. It must
   * be {@code compute}: Caffeine's {@code computeIfPresent} treats an expired entry as absent and
   * leaves it to the timer wheel, which may not reach it for a second or more.
   */
  private void reportIfExpired(K key) {
    cache.asMap().compute(key, (k, entry) -> entry);
  }

  /** Caffeine calls the remapping function exactly once, holding the key, and then commits. */
  @Override
  public StoreEntry compute(K key, Remapper remapper, Runnable onCommit) {
    if (journal != null) {
      return cache.asMap().compute(key, (k, current) -> {
        Step step = remapper.remap(current);
        JournalChange change = Step.changeOf(step);
        if (change != null) {
          journal.append(k, change);
        }
        if (onCommit != null) {
          onCommit.run();
        }
        return Step.nextOf(step);
      });
    }
    if (onCommit == null) {
      return cache.asMap().compute(key, remapper);
    }
    return cache.asMap().compute(key, (k, current) -> {
      StoreEntry next = Step.nextOf(remapper.remap(current));
      onCommit.run();
      return next;
    });
  }

  /**
   * A put that nothing needs to see inside the key's atomic step (no event to order, no journal)
   * and whose entry expires at the same instant whether it creates or updates (or never) is
   * Caffeine's own put, which tells by its answer whether the key was present: Caffeine maps the
   * instant onto its expiry and reports an expired entry it replaces to the eviction listener,
   * as a compute would. Any other write is a compute.
   */
  @Override
  public Written write(K key, Write write, Consumer<Written> onCommit) {
    if (onCommit != null || journal != null || write.isDelete()
        || write.condition() != Write.Condition.ANY || write.createdExpiresAt() == Write.AT_ONCE
        || (expiring && write.updatedExpiresAt() != write.createdExpiresAt())) {
      return Store.super.write(key, write, onCommit);
    }
    StoreEntry previous = cache.asMap().put(key,
        new StoreEntry(write.value(), write.createdExpiresAt()));
    if (previous == null) {
      return Written.ABSENT;
    }
    return write.previousWanted() ? new Written(true, previous.value()) : Written.PRESENT;
  }

  @Override
  public Journal<K> journal() {
    return journal;
  }

  @Override
  public Iterator<Map.Entry<K, StoreEntry>> iterator() {
    Iterator<Map.Entry<K, StoreEntry>> delegate = cache.asMap().entrySet().iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return delegate.hasNext();
      }

      @Override
      public Map.Entry<K, StoreEntry> next() {
        return delegate.next();
      }
    };
  }

  /**
   * Caffeine hands entries it finds expired during {@code invalidateAll} to the eviction
   * listener; a clear reports nothing, so the listener is told to keep quiet meanwhile.
   */
  @Override
  public void clear() {
    quiet.set(true);
    try {
      cache.invalidateAll();
    } finally {
      quiet.set(false);
    }
  }

  @Override
  public long estimatedSize() {
    return cache.estimatedSize();
  }

  @Override
  public long heapEntryCount() {
    return cache.estimatedSize();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(cache)) {
      return type.cast(cache);
    }
    return type.isInstance(this) ? type.cast(this) : null;
  }

  @Override
  public void close() {
    quiet.set(true);
    cache.invalidateAll();
    cache.cleanUp();
  }

  /** The settings of an embedded store. */
  public static final class Builder {
    private long maximumSize = -1;
    private long maximumWeight = -1;
    private ToIntBiFunction<Object, Object> weigher;
    private Ticker ticker = Ticker.system();
    private boolean expiring = true;
    private boolean journaled;

    private Builder() {}

    /** Keeps a write-behind journal in the heap (see {@link MemoryJournal}). */
    public Builder journaled(boolean value) {
      this.journaled = value;
      return this;
    }

    /** Bounds the number of entries. */
    public Builder maximumSize(long size) {
      this.maximumSize = size;
      return this;
    }

    /** Bounds the total weight of the entries, each weighed by key and stored value. */
    public Builder maximumWeight(long weight, ToIntBiFunction<Object, Object> entryWeigher) {
      this.maximumWeight = weight;
      this.weigher = Objects.requireNonNull(entryWeigher);
      return this;
    }

    public Builder ticker(Ticker value) {
      this.ticker = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Whether entries can have a finite expiry. A cache whose entries are all eternal skips
     * Caffeine's expiry bookkeeping altogether.
     */
    public Builder expiring(boolean value) {
      this.expiring = value;
      return this;
    }

    public <K> CaffeineStore<K> build(StoreListener<K> listener) {
      Objects.requireNonNull(listener);
      Caffeine<Object, Object> caffeine = Caffeine.newBuilder().executor(Runnable::run);
      Ticker time = ticker;
      caffeine.ticker(time::read);
      if (maximumWeight >= 0) {
        ToIntBiFunction<Object, Object> entryWeigher = weigher;
        caffeine.maximumWeight(maximumWeight)
            .weigher((Object key, Object entry) ->
                entryWeigher.applyAsInt(key, ((StoreEntry) entry).value()));
      } else if (maximumSize >= 0) {
        caffeine.maximumSize(maximumSize);
      }
      var quiet = new AtomicBoolean();
      Caffeine<K, StoreEntry> typed = caffeine.evictionListener(
          (K key, StoreEntry entry, RemovalCause cause) -> {
            if (!quiet.get()) {
              notify(listener, key, entry, cause);
            }
          });
      if (expiring) {
        typed.expireAfter(new EntryExpiry<K>());
      }
      return new CaffeineStore<>(typed.build(), expiring, quiet,
          journaled ? new MemoryJournal<>() : null);
    }

    private static <K> void notify(StoreListener<K> listener, K key, StoreEntry entry,
        RemovalCause cause) {
      if (key == null || entry == null) {
        return;
      }
      if (cause == RemovalCause.EXPIRED) {
        listener.onExpired(key, entry.value());
      } else if (cause == RemovalCause.SIZE) {
        listener.onEvicted(key, entry.value());
      }
    }
  }

  /** Caffeine's view of an entry's expiry: the instant the entry carries. */
  private static final class EntryExpiry<K> extends InstantExpiry<K, StoreEntry> {
    @Override
    protected long expiresAt(StoreEntry entry) {
      return entry.expiresAt();
    }
  }
}
