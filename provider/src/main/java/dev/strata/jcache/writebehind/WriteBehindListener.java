package dev.strata.jcache.writebehind;

/**
 * Hears what a write-behind cache could not write. Called on the flusher's thread (or the
 * closing thread), so it should return quickly.
 */
public interface WriteBehindListener<K, V> {

  /** The writer refused the change as often as allowed; it is kept as a dead letter. */
  default void onDeadLetter(DeadLetter<K, V> letter) {}

  /**
   * The cache closed with changes its writer had not received in time: in a Redis cache they
   * stay in Redis for another JVM of the cache, or this one after a restart, to write; in an
   * embedded cache they are lost.
   *
   * @param pending how many changes were left, or -1 when Redis could not be asked
   * @param durable whether they outlive this JVM
   */
  default void onClosedWithPending(long pending, boolean durable) {}
}
