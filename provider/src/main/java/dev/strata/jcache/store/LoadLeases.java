package dev.strata.jcache.store;

/**
 * Leases on loading keys, offered (through {@link Store#unwrap}) by a store that JVMs share, so
 * that one JVM at a time loads a missing key or refreshes a key ahead of its expiry (see
 * {@link dev.strata.jcache.strategy.SingleFlightLoads}). A lease is a token with a deadline: it
 * lapses by itself, so a JVM that dies or hangs while loading holds the key no longer than the
 * lease lasts. A store private to one JVM offers none; its atomic steps already load once.
 */
public interface LoadLeases<K> {

  /** What {@link #readOrLease} found. */
  enum State {
    /** The key has an entry: nothing to load. */
    PRESENT,
    /** The key is absent and the caller now holds its lease: the caller loads it. */
    LEASED,
    /** The key is absent and another caller holds its lease: it is loading the key. */
    BUSY
  }

  /**
   * The outcome of a leased read.
   *
   * @param entry the key's entry when {@link State#PRESENT}, else {@code null}
   * @param remainingMillis while {@link State#BUSY}, how long the other caller's lease lasts
   */
  record Read(State state, StoreEntry entry, long remainingMillis) {}

  /**
   * Reads the key's entry from the store of record and, when it is absent, takes the key's lease
   * unless another caller holds it; one round trip. A lease the caller holds already (the same
   * token) is its own again and lasts {@code leaseMillis} from now.
   */
  Read readOrLease(K key, byte[] token, long leaseMillis);

  /**
   * Takes the key's lease whether or not the key has an entry (a refresh reloads a present
   * key); false when another caller holds it.
   */
  boolean tryLease(K key, byte[] token, long leaseMillis);

  /** Gives up the caller's lease of the key, without waiting for the reply; one that is lost lapses. */
  void release(K key, byte[] token);
}
