package dev.strata.jcache.core;

import dev.strata.jcache.StrataEntry;
import dev.strata.jcache.store.StoreEntry;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import javax.cache.Cache;

/**
 * Iterates a cache's live entries. Each entry returned counts as a hit and an access for the
 * expiry policy; {@code remove} removes the last entry returned as {@code Cache.remove} would.
 */
public final class EntryIterator<K, V> implements Iterator<Cache.Entry<K, V>> {
  private final CacheContext<K, V> ctx;
  private final ReadOperations<K, V> reads;
  private final Consumer<K> remover;
  private final Iterator<Map.Entry<K, StoreEntry>> delegate;
  private K lastKey;

  public EntryIterator(CacheContext<K, V> ctx, ReadOperations<K, V> reads, Consumer<K> remover) {
    this.ctx = ctx;
    this.reads = reads;
    this.remover = remover;
    this.delegate = ctx.store().iterator();
  }

  @Override
  public boolean hasNext() {
    return delegate.hasNext();
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!delegate.hasNext()) {
      throw new NoSuchElementException();
    }
    Map.Entry<K, StoreEntry> next = delegate.next();
    K key = next.getKey();
    StoreEntry entry = next.getValue();
    reads.touch(key, entry);
    ctx.statistics().recordHits(1);
    ctx.events().flush();
    lastKey = key;
    @SuppressWarnings("unchecked")
    K visibleKey = (K) ctx.copier().copyKey(key);
    return new StrataEntry<>(visibleKey, ctx.value(entry.value()));
  }

  @Override
  public void remove() {
    if (lastKey == null) {
      throw new IllegalStateException("next() has not returned an entry to remove");
    }
    K key = lastKey;
    lastKey = null;
    remover.accept(key);
  }
}
