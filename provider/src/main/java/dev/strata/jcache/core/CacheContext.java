package dev.strata.jcache.core;

import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.event.EventDispatcher;
import dev.strata.jcache.expiry.ExpiryCalculator;
import dev.strata.jcache.integration.LoaderSupport;
import dev.strata.jcache.integration.WriterSupport;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.store.Journal;
import dev.strata.jcache.store.PendingChange;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.store.Write;
import dev.strata.jcache.store.Written;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javax.cache.CacheException;
import javax.cache.event.EventType;

/**
 * The collaborators of one cache, shared by its read, write, processor and loading paths: the
 * store below, and the expiry, copying, event, statistics, loader and writer policies above it.
 */
public final class CacheContext<K, V> {
  private final String name;
  private final Store<K> store;
  private final ValueCopier copier;
  private final ExpiryCalculator expiry;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics;
  private final WriterSupport<K, V> writer;
  private final LoaderSupport<K, V> loader;
  private final Executor executor;
  private final boolean loaderFallback;

  public CacheContext(String name, Store<K> store, ValueCopier copier, ExpiryCalculator expiry,
      EventDispatcher<K, V> events, CacheStatistics statistics, WriterSupport<K, V> writer,
      LoaderSupport<K, V> loader, boolean loaderFallback, Executor executor) {
    this.loaderFallback = loaderFallback && loader != null;
    this.name = Objects.requireNonNull(name);
    this.store = Objects.requireNonNull(store);
    this.copier = Objects.requireNonNull(copier);
    this.expiry = Objects.requireNonNull(expiry);
    this.events = Objects.requireNonNull(events);
    this.statistics = Objects.requireNonNull(statistics);
    this.writer = Objects.requireNonNull(writer);
    this.loader = loader;
    this.executor = Objects.requireNonNull(executor);
  }

  public String name() {
    return name;
  }

  public Store<K> store() {
    return store;
  }

  public ValueCopier copier() {
    return copier;
  }

  public ExpiryCalculator expiry() {
    return expiry;
  }

  public EventDispatcher<K, V> events() {
    return events;
  }

  public CacheStatistics statistics() {
    return statistics;
  }

  public WriterSupport<K, V> writer() {
    return writer;
  }

  /** The loader of a read-through cache, else {@code null}. */
  public LoaderSupport<K, V> loader() {
    return loader;
  }

  /**
   * Whether a read-through read answers from the loader, storing nothing, when the store cannot
   * be reached.
   */
  public boolean loaderFallback() {
    return loaderFallback;
  }

  /**
   * The key's change that a write-behind cache's writer has yet to receive, or {@code null}
   * (always, for a cache that does not write behind): what a read-through miss answers instead
   * of loading. Called inside the key's step, the answer holds for the step (see
   * {@link Journal#pendingChange}).
   */
  public PendingChange pendingChange(K key) {
    Journal<K> journal = writeBehindJournal();
    return journal == null ? null : journal.pendingChange(key);
  }

  /** {@link #pendingChange} of many keys, in one lookup: the keys with a pending change. */
  public Map<K, PendingChange> pendingChanges(Collection<? extends K> keys) {
    Journal<K> journal = writeBehindJournal();
    return journal == null || keys.isEmpty() ? Map.of() : journal.pendingChanges(keys);
  }

  private Journal<K> writeBehindJournal() {
    return writer.isBehind() ? store.journal() : null;
  }

  /** Runs the cache's background work: {@code loadAll} and asynchronous listeners. */
  public Executor executor() {
    return executor;
  }

  /** The current instant, or 0 for a cache whose entries are all eternal. */
  public long now() {
    return expiry.isEternal() ? 0L : expiry.now();
  }

  /** The start of a timed operation, or 0 when statistics are off. */
  public long startTimer() {
    return statistics.isEnabled() ? System.nanoTime() : 0L;
  }

  public long elapsed(long start) {
    return System.nanoTime() - start;
  }

  /** A caller's copy of a stored value. */
  @SuppressWarnings("unchecked")
  public V value(Object stored) {
    return (V) copier.fromStored(stored);
  }

  /** The stored form of a value; fails, changing nothing, when the value cannot be stored. */
  public Object stored(V value) {
    return copier.toStored(value);
  }

  /** A copy of the key for the store to keep. */
  @SuppressWarnings("unchecked")
  public K storedKey(K key) {
    return (K) copier.copyKey(key);
  }

  /**
   * What publishes a step's outcome when the store commits it, or {@code null} when no listener
   * is registered and there is nothing to publish.
   */
  public Runnable publisher(K key, Outcome outcome) {
    return events.hasListeners() ? () -> outcome.publish(this, key) : null;
  }

  /**
   * What records a store-decided write into its outcome and publishes the outcome's event when
   * the store commits it, or {@code null} when no listener is registered.
   *
   * @param outcome the outcome to record into, or {@code null} for one of its own
   */
  public Consumer<Written> writePublisher(K key, Write write, Outcome outcome) {
    if (!events.hasListeners()) {
      return null;
    }
    Outcome recorded = outcome == null ? new Outcome() : outcome;
    return found -> {
      recorded.recordWrite(write, found);
      recorded.publish(this, key);
    };
  }

  /**
   * Whether a write may be decided by the store (see {@link Write}): its writer, if any, is not
   * called inside the step, and its expiry instants may be decided before it is known whether
   * the key is present.
   */
  public boolean writesDecidedByStore() {
    return !writer.isThrough() && expiry.isFixed();
  }

  /** Whether an event of this type needs the value a write replaces or removes. */
  public boolean wantsPrevious(EventType type) {
    return events.hasListeners(type);
  }

  /** The expiry instant of an entry a write creates now, or {@link Write#AT_ONCE}. */
  public long createdExpiry(long now) {
    long expiresAt = expiry.forCreation(now);
    return ExpiryCalculator.isExpired(expiresAt, now) ? Write.AT_ONCE : expiresAt;
  }

  /** The expiry instant of an entry a write updates now, or {@link Write#KEEP}. */
  public long updatedExpiry(long now) {
    long expiresAt = expiry.forUpdate(now);
    return expiresAt == ExpiryCalculator.UNCHANGED ? Write.KEEP : expiresAt;
  }

  /**
   * The expiry instant of an entry being updated: the policy's update duration, or the entry's
   * own instant when the policy leaves it unchanged.
   */
  public long updatedExpiry(StoreEntry current, long now) {
    long expiresAt = expiry.forUpdate(now);
    return expiresAt == ExpiryCalculator.UNCHANGED ? current.expiresAt() : expiresAt;
  }

  /** The entry after a read that did not change its value: the access duration applies. */
  public StoreEntry accessed(StoreEntry current, long now) {
    if (current == null || expiry.isEternal()) {
      return current;
    }
    long expiresAt = expiry.forAccess(now);
    return expiresAt == ExpiryCalculator.UNCHANGED ? current : current.withExpiry(expiresAt);
  }

  /**
   * The entry that creates a key, or {@code null} when the policy's creation duration has it
   * expire at once; the outcome records which.
   */
  public StoreEntry created(Object stored, long now, Outcome outcome) {
    long expiresAt = expiry.forCreation(now);
    if (ExpiryCalculator.isExpired(expiresAt, now)) {
      outcome.expiredAtOnce(stored);
      return null;
    }
    outcome.created(stored);
    return new StoreEntry(stored, expiresAt);
  }

  public void publishExpired(K key, Object stored) {
    if (events.hasListeners(EventType.EXPIRED)) {
      events.publishExpired(key, oldValue(key, stored));
    }
  }

  public void publishRemoved(K key, Object stored) {
    if (events.hasListeners(EventType.REMOVED)) {
      events.publishRemoved(key, oldValue(key, stored));
    }
  }

  public void publishCreated(K key, Object stored) {
    if (events.hasListeners(EventType.CREATED)) {
      events.publishCreated(key, value(stored));
    }
  }

  /** Publishes the event of a change another JVM made: created, updated or removed. */
  public void publishRemote(K key, Object oldStored, Object newStored) {
    EventType type = oldStored == null ? EventType.CREATED
        : newStored == null ? EventType.REMOVED : EventType.UPDATED;
    if (events.hasListeners(type)) {
      V oldValue = oldStored == null ? null : value(oldStored);
      V newValue = newStored == null ? oldValue : value(newStored);
      events.publishRemote(type, key, newValue, oldValue);
    }
  }

  public void publishUpdated(K key, Object oldStored, Object newStored) {
    if (events.hasListeners(EventType.UPDATED)) {
      events.publishUpdated(key, oldValue(key, oldStored), value(newStored));
    }
  }

  /**
   * The value a change replaced or removed, decoded for its event after the change committed:
   * one that cannot be decoded (written by another program, or by a class no longer allowed)
   * must not make the committed operation fail, so its event carries no old value and the log
   * says why.
   */
  private V oldValue(K key, Object stored) {
    try {
      return value(stored);
    } catch (CacheException e) {
      System.getLogger(CacheContext.class.getName()).log(System.Logger.Level.WARNING,
          "Cache '" + name + "': the value that key " + key + " held cannot be decoded for"
          + " its event, which carries none: " + e.getMessage());
      return null;
    }
  }
}
