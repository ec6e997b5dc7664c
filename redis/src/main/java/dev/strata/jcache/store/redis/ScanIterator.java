package dev.strata.jcache.store.redis;

import dev.strata.jcache.store.StoreEntry;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The entries of a Redis cache, a page of keys at a time: the key names come from a
 * {@code SCAN} that Redisson runs lazily, as the iteration asks for more, and each page's values
 * from one batched read. Since the scan talks to Redis from inside {@code hasNext} and
 * {@code next}, each of its steps goes through the store's failure wrapper, so a lost Redis
 * surfaces as a {@link javax.cache.CacheException} there too.
 */
final class ScanIterator<K> implements Iterator<Map.Entry<K, StoreEntry>> {
  private final Iterator<String> names;
  private final RedisKeyspace keyspace;
  private final int pageSize;
  private final Function<Set<K>, Map<K, StoreEntry>> reader;
  /** Runs a step that talks to Redis, turning its failure into a CacheException. */
  private final UnaryOperator<Supplier<Object>> guard;
  private Iterator<Map.Entry<K, StoreEntry>> page = Collections.emptyIterator();

  ScanIterator(Iterator<String> names, RedisKeyspace keyspace, int pageSize,
      Function<Set<K>, Map<K, StoreEntry>> reader, UnaryOperator<Supplier<Object>> guard) {
    this.names = names;
    this.keyspace = keyspace;
    this.pageSize = pageSize;
    this.reader = reader;
    this.guard = guard;
  }

  @Override
  public boolean hasNext() {
    while (!page.hasNext() && moreNames()) {
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

  private boolean moreNames() {
    return (Boolean) guard.apply(names::hasNext).get();
  }

  @SuppressWarnings("unchecked")
  private Iterator<Map.Entry<K, StoreEntry>> nextPage() {
    Set<K> keys = new LinkedHashSet<>();
    while (keys.size() < pageSize && moreNames()) {
      Object key = keyspace.key((String) guard.apply(names::next).get());
      if (key != null) {
        keys.add((K) key);
      }
    }
    Map<K, StoreEntry> found = reader.apply(keys);
    List<Map.Entry<K, StoreEntry>> entries = new ArrayList<>(found.size());
    for (K key : keys) {
      StoreEntry entry = found.get(key);
      if (entry != null) {
        entries.add(new AbstractMap.SimpleImmutableEntry<>(key, entry));
      }
    }
    return entries.iterator();
  }
}
