package dev.strata.jcache;

import java.util.Map;
import java.util.Objects;
import javax.cache.Cache;

/** A key and its value, as Strata hands them to iterators, writers and processors' callers. */
public final class StrataEntry<K, V> implements Cache.Entry<K, V> {
  private final K key;
  private final V value;

  public StrataEntry(K key, V value) {
    this.key = Objects.requireNonNull(key);
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("A cache entry cannot be unwrapped to " + type);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Map.Entry) && !(other instanceof Cache.Entry)) {
      return false;
    }
    if (other instanceof Cache.Entry) {
      var entry = (Cache.Entry<?, ?>) other;
      return key.equals(entry.getKey()) && Objects.equals(value, entry.getValue());
    }
    var entry = (Map.Entry<?, ?>) other;
    return key.equals(entry.getKey()) && Objects.equals(value, entry.getValue());
  }

  @Override
  public int hashCode() {
    return key.hashCode() ^ Objects.hashCode(value);
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
