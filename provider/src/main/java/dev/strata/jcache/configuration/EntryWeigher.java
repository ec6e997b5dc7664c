package dev.strata.jcache.configuration;

/**
 * The weight of one entry, for caches bounded by {@link StrataConfiguration#setMaximumWeight
 * total weight}. Called on every write with the caller's key and value; must be cheap, and
 * return zero or more.
 */
@FunctionalInterface
public interface EntryWeigher<K, V> {
  int weigh(K key, V value);
}
