package dev.strata.jcache.store;

import java.util.function.BiFunction;

/**
 * Decides, atomically for one key, what becomes of its entry.
 *
 * <p>Returning {@code current} itself leaves the entry as it is; returning another entry stores
 * it; returning {@code null} removes the key. A store calls the remapper while it holds the key
 * exclusively (the embedded store) or within an optimistic transaction that it may retry (remote
 * stores), so a remapper must tolerate being called again after an attempt that did not commit.
 */
@FunctionalInterface
public interface Remapper extends BiFunction<Object, StoreEntry, StoreEntry> {
  /**
   * @param current the key's live entry, or {@code null} when it is absent or has expired
   * @return the entry to keep or store, or {@code null} to remove the key
   */
  StoreEntry remap(StoreEntry current);

  /** The remapper as a map's remapping function, so a map-backed store wraps nothing. */
  @Override
  default StoreEntry apply(Object key, StoreEntry current) {
    return remap(current);
  }
}
