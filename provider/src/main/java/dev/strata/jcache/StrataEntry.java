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

  /** Equal to any {@code Cache.Entry} or {@code Map.Entry} with an equal key and value. */
  @Override
  public boolean equals(Object other) {
    Object otherKey;
    Object otherValue;
    if (other instanceof Cache.Entry) {
      otherKey = ((Cache.Entry<?, ?>) other).getKey();
      otherValue = ((Cache.Entry<?, ?>) other).getValue();
    } else if (other instanceof Map.Entry) {
      otherKey = ((Map.Entry<?, ?>) other).getKey();
      otherValue = ((Map.Entry<?, ?>) other).getValue();
    } else {
      return false;
    }
    return key.equals(otherKey) && Objects.equals(value, otherValue);
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
