package dev.strata.jcache.store;

import java.util.Map;
import java.util.Set;

/**
 * A store of record that a nearer copy can sit in front of (see
 * {@link dev.strata.jcache.store.near.NearCacheStore}): besides the {@link Store} operations, it
 * reads entries together with their expiry instants, so that a copy never outlives the entry it
 * copies. A store's plain {@link #get} may leave the instant {@link StoreEntry#UNKNOWN}; these
 * reads never do.
 *
 * <p>Its listener must hear of every change made elsewhere while it
 * {@link Store#setListening listens}, and of every (re)start of its subscription, since that is
 * what keeps the copies in front of it coherent.
 */
public interface AuthoritativeTier<K> extends Store<K> {
  /** The key's entry with its expiry instant, or {@code null}. */
  StoreEntry getWithExpiry(K key);

  /** {@link #getWithExpiry} for many keys; absent keys are left out. */
  Map<K, StoreEntry> getAllWithExpiry(Set<? extends K> keys);
}
