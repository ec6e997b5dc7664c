package dev.strata.jcache.writebehind;

import java.time.Duration;
import java.util.List;

/**
 * The write-behind queue of a cache: what its writer has yet to receive, the changes the writer
 * kept refusing (dead letters), and the means to flush, retry and discard. A cache configured
 * with {@link dev.strata.jcache.configuration.StrataConfiguration#setWriteBehind} has one:
 * {@code cache.unwrap(StrataCache.class).writeBehind()}. The same is available through JMX as
 * {@code javax.cache:type=StrataWriteBehind,CacheManager=<uri>,Cache=<name>}.
 */
public interface WriteBehind<K, V> {

  /** About how many changes wait for the writer (in Redis: for every JVM of the cache). */
  long pending();

  /** How long the oldest waiting change has waited, or zero when none waits. */
  Duration oldestPendingAge();

  /**
   * Asks for everything waiting to be written now, without waiting for batches to fill, and
   * waits up to {@code timeout} for the queue to be empty and this JVM's flusher to have told
   * its listeners of the last round (dead letters included).
   *
   * @return true when the queue was empty in time
   */
  boolean flush(Duration timeout);

  /** The changes the writer kept refusing, one per key: the latest such change of the key. */
  List<DeadLetter<K, V>> deadLetters();

  /**
   * Queues the key's dead letter again, to be offered to the writer as a fresh change; it is
   * dropped instead if a newer change of the key is written first.
   *
   * @return false when the key has no dead letter
   */
  boolean retryDeadLetter(K key);

  /** Queues every dead letter again; returns how many. */
  int retryDeadLetters();

  /** Forgets the key's dead letter; false when it had none. */
  boolean discardDeadLetter(K key);

  /** Forgets every dead letter; returns how many. */
  int discardDeadLetters();

  /** Hears of dead letters and of changes left unwritten when the cache closed. */
  void addListener(WriteBehindListener<K, V> listener);

  void removeListener(WriteBehindListener<K, V> listener);

  /** The counters of this JVM's flusher. */
  WriteBehindStatisticsMXBean statistics();
}
