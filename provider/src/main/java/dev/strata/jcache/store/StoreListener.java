package dev.strata.jcache.store;

import java.util.function.Predicate;

/**
 * Told by a store about changes the store makes on its own: entries that expired and entries
 * evicted to respect a size bound. Changes requested through {@link Store#compute} are not
 * reported here; the caller already knows them.
 */
public interface StoreListener<K> {
  /** The entry's expiry instant passed and the store removed it. */
  void onExpired(K key, Object storedValue);

  /** The store removed the entry to stay within its capacity. */
  void onEvicted(K key, Object storedValue);

  /**
   * Another JVM (or another cache manager of this JVM) changed an entry of this cache: created
   * it ({@code oldStored} null), updated it, or removed it ({@code newStored} null). Reported
   * only while the store is {@link Store#setListening listening}.
   */
  default void onRemoteChange(K key, Object oldStored, Object newStored) {}

  /**
   * A shared store's server expired an entry on its own; its value is gone with it. Reported
   * only while the store is {@link Store#setListening listening}.
   */
  default void onExpiredElsewhere(K key) {}

  /**
   * A change this very store made to the key was announced by the shared store: it is applied
   * there. What a write whose outcome this store could not learn, and which landed late, is
   * heard as. Reported only while listening; no event follows from it.
   */
  default void onOwnChangeAnnounced(K key) {}

  /**
   * A shared store's server evicted an entry to stay within its memory; its value is gone with
   * it. Reported whenever the store hears of it; no event follows from it.
   */
  default void onEvictedElsewhere(K key) {}

  /**
   * Changes made elsewhere to the keys {@code affected} accepts may have been missed (a message
   * lost, the shared store's history of them lost): anything kept of those keys must go. Also
   * told of a single key whose entry was read too early to be kept. No event follows from it.
   */
  default void onChangesMissed(Predicate<? super K> affected) {}

  /** Another client cleared the shared store. Reported only while listening. */
  default void onClearedElsewhere() {}

  /**
   * The store's subscription to changes made elsewhere started, or started again after its
   * connection was lost: reports of changes made meanwhile may have been missed.
   */
  default void onListeningRestarted() {}

  /** A listener that ignores everything. */
  static <K> StoreListener<K> none() {
    return new StoreListener<>() {
      @Override
      public void onExpired(K key, Object storedValue) {}

      @Override
      public void onEvicted(K key, Object storedValue) {}
    };
  }
}
