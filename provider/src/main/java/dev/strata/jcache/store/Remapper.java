package dev.strata.jcache.store;

import java.util.function.BiFunction;

/**
 * Decides, atomically for one key, what becomes of its entry, and hands its decision back as a
 * {@link Step}.
 *
 * <p>Returning {@code current} itself leaves the entry as it is; returning another entry stores
 * it; returning {@code null} removes the key; a {@link Step#of step with a journal change} does
 * one of these and has the store append the change to its journal in the same atomic step. A
 * store calls the remapper while it holds the key exclusively (the embedded store) or within an
 * optimistic transaction that it may retry (remote stores), so a remapper must tolerate being
 * called again after an attempt that did not commit; only the committed attempt's step counts.
 */
@FunctionalInterface
public interface Remapper extends BiFunction<Object, StoreEntry, StoreEntry> {
  /**
   * @param current the key's live entry, or {@code null} when it is absent or has expired
   * @return the step: the entry to keep or store, or {@code null} to remove the key
   */
  Step remap(StoreEntry current);

  /**
   * The remapper as a map's remapping function, for a store that keeps no journal: the step's
   * journal change, if any, is not looked at.
   */
  @Override
  default StoreEntry apply(Object key, StoreEntry current) {
    return Step.nextOf(remap(current));
  }
}
