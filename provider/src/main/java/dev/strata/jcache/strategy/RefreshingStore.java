package dev.strata.jcache.strategy;

import dev.strata.jcache.store.AuthoritativeTier;
import dev.strata.jcache.store.Journal;
import dev.strata.jcache.store.KeyStep;
import dev.strata.jcache.store.KeyWrite;
import dev.strata.jcache.store.Remapper;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.store.Write;
import dev.strata.jcache.store.Written;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The store of a refresh-ahead cache: every operation goes to the store below, and each entry a
 * read finds is shown to {@link RefreshAhead}, which reloads it when it is due. Reads fetch the
 * expiry instant with the value (a Redis store's read with the time to live, the same one round
 * trip), since the age of an entry is read off it. Only caches that refresh ahead have this
 * layer; no other cache pays for it.
 */
public final class RefreshingStore<K> implements Store<K> {
  private final Store<K> store;
  private final AuthoritativeTier<K> record;
  private volatile RefreshAhead<K, ?> refresh;

  public RefreshingStore(Store<K> store) {
    this.store = store;
    this.record = store instanceof AuthoritativeTier ? (AuthoritativeTier<K>) store : null;
  }

  /** Sets who hears of the entries read; built after the cache's context, which it needs. */
  public void refreshWith(RefreshAhead<K, ?> refreshAhead) {
    this.refresh = refreshAhead;
  }

  /** The store below. */
  public Store<K> store() {
    return store;
  }

  @Override
  public StoreEntry get(K key) {
    StoreEntry entry = record != null ? record.getWithExpiry(key) : store.get(key);
    RefreshAhead<K, ?> listener = refresh;
    if (entry != null && listener != null) {
      listener.onRead(key, entry);
    }
    return entry;
  }

  @Override
  public Map<K, StoreEntry> getAll(Set<? extends K> keys) {
    Map<K, StoreEntry> found = record != null ? record.getAllWithExpiry(keys) : store.getAll(keys);
    RefreshAhead<K, ?> listener = refresh;
    if (listener != null) {
      for (Map.Entry<K, StoreEntry> entry : found.entrySet()) {
        listener.onRead(entry.getKey(), entry.getValue());
      }
    }
    return found;
  }

  @Override
  public StoreEntry compute(K key, Remapper remapper, Runnable onCommit) {
    return store.compute(key, remapper, onCommit);
  }

  @Override
  public void touch(K key, long expiresAt) {
    store.touch(key, expiresAt);
  }

  @Override
  public void computeAll(List<KeyStep<K>> steps) {
    store.computeAll(steps);
  }

  @Override
  public Written write(K key, Write write, Consumer<Written> onCommit) {
    return store.write(key, write, onCommit);
  }

  @Override
  public List<Written> writeAll(List<KeyWrite<K>> writes) {
    return store.writeAll(writes);
  }

  @Override
  public Iterator<Map.Entry<K, StoreEntry>> iterator() {
    return store.iterator();
  }

  @Override
  public void setListening(boolean listening) {
    store.setListening(listening);
  }

  @Override
  public void clear() {
    store.clear();
  }

  @Override
  public long estimatedSize() {
    return store.estimatedSize();
  }

  @Override
  public StoreEntry getFromRecord(K key) {
    return store.getFromRecord(key);
  }

  @Override
  public boolean keepsNearCopies() {
    return store.keepsNearCopies();
  }

  @Override
  public long heapEntryCount() {
    return store.heapEntryCount();
  }

  @Override
  public Optional<LongSupplier> serverClock() {
    return store.serverClock();
  }

  @Override
  public Journal<K> journal() {
    return store.journal();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    return type.isInstance(this) ? type.cast(this) : store.unwrap(type);
  }

  @Override
  public void close() {
    store.close();
  }
}
