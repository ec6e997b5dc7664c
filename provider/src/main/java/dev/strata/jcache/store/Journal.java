package dev.strata.jcache.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A store's write-behind journal: the changes a cache's writer has yet to receive, in the order
 * the cache made them, appended by the store in the same atomic step as each change (see
 * {@link Step#journalChange}) and read by one flusher at a time.
 *
 * <p>Beside the journal a store keeps the dead letters: the latest change of each key the writer
 * kept refusing. A later change of the key that the writer accepts supersedes its dead letter.
 *
 * <p>An embedded store keeps both in its heap; a Redis store keeps them in Redis, where they
 * outlive the JVM that appended them.
 */
public interface Journal<K> {

  /** The oldest records, at most {@code max}, in the order they were appended. */
  List<JournalRecord<K>> read(int max);

  /**
   * How long the record has been in the journal, in milliseconds on the clock that stamped its
   * {@code appendedAtMillis}; by default this JVM's wall clock.
   */
  default long ageMillis(JournalRecord<K> record) {
    return Math.max(0, System.currentTimeMillis() - record.appendedAtMillis());
  }

  /** About how many records the journal holds. */
  long length();

  /** Reads the journal's length from its source (the shared one may have changed). */
  long refreshLength();

  /**
   * Takes or renews the right to flush, for {@code millis}.
   *
   * @return the holder's epoch, greater than zero, when this flusher holds the right afterwards
   *     (every new holder has a higher epoch than every earlier one: a fencing token); 0 while
   *     another flusher holds it. A journal private to one JVM always grants it, with epoch 1.
   */
  long lease(long millis);

  /**
   * Extends the lease this flusher holds, for {@code millis}; one that lapsed meanwhile is not
   * taken again, so that a flusher learns it lost its lease (another may hold it, or have held
   * it, since).
   *
   * @return the lease's epoch when it was still this flusher's, else 0
   */
  default long renewLease(long millis) {
    return lease(millis);
  }

  /** Gives the right to flush up, if this flusher holds it. */
  void releaseLease();

  /** Waits up to {@code millis} for the journal to hold at least {@code count} records. */
  void awaitRecords(int count, long millis) throws InterruptedException;

  /**
   * Settles a round of the flusher: removes the {@code done} records (those the writer took and
   * those of the keys buried), drops the dead letters of the {@code accepted} keys (a newer
   * change was written) and puts each of {@code buried} among the dead letters.
   */
  boolean settle(Collection<JournalRecord<K>> done, Collection<K> accepted,
      Collection<DeadLetterRecord<K>> buried);

  /** Appends a retry of a dead letter; the flusher applies it only while the letter remains. */
  void appendRetry(DeadLetterRecord<K> letter);

  /** The dead letters, in no particular order. */
  List<DeadLetterRecord<K>> deadLetters();

  /** The key's dead letter, or {@code null}. */
  DeadLetterRecord<K> deadLetter(K key);

  /** Removes the key's dead letter; true if there was one. */
  boolean discardDeadLetter(K key);

  /**
   * The key's latest change that its writer has not taken yet: a write (with the value in its
   * stored form) or a delete; {@code null} when the system of record is up to date with the
   * cache for the key. A read-through miss of a write-behind cache answers from it instead of
   * loading, since the loader would read the value the change has yet to replace.
   *
   * <p>The journal keeps an index of each key's latest change, set by the append of a step's
   * change and cleared when the flusher settles that very record (not when it settles an older
   * one of the key). A retried dead letter does not count: while it is on its way the letter it
   * retries still stands for the key.
   *
   * <p>A key whose latest change became a dead letter is still pending: the system of record
   * never got it, so the letter answers until a newer change of the key is written or the letter
   * is discarded. A letter that this JVM cannot decode makes the lookup fail rather than let the
   * loader bring back what the key no longer holds.
   *
   * <p>Called from the remapper of the key's own step, the answer holds for that step when the
   * remapper hands the answer's {@link PendingChange#guard guard} back with its step
   * ({@link Step#guarded}): the embedded store appends a key's changes while holding the key and
   * needs none, and the Redis store commits such a step only if the key's latest pending record
   * is still the one the remapper was told of, and otherwise decides it again.
   *
   * @return the answer, never {@code null}; its change is {@code null} when nothing is pending
   */
  PendingChange pendingChange(K key);

  /**
   * {@link #pendingChange} of many keys: the keys with a pending change, and their changes. A
   * shared journal answers in one round trip. Outside a step the answer is only a hint of which
   * keys to leave to the step itself, since a change may be appended as soon as it is read.
   */
  default Map<K, PendingChange> pendingChanges(Collection<? extends K> keys) {
    Map<K, PendingChange> pending = new HashMap<>();
    for (K key : keys) {
      PendingChange change = pendingChange(key);
      if (change.isPending()) {
        pending.put(key, change);
      }
    }
    return pending;
  }

  /**
   * A change the journal holds: a write of a stored value, or a delete. A retried dead letter
   * carries its letter's serial, which tells that letter from a later one.
   */
  record JournalRecord<K>(Object id, K key, Object stored, boolean delete, boolean retry,
      long appendedAtMillis, long letter) {}

  /**
   * A change the writer kept refusing: the key, the value in its stored form ({@code null} for
   * a delete), how often it was tried, the last failure, when it was buried, and a random serial
   * that tells this letter from any other of the key.
   */
  record DeadLetterRecord<K>(K key, Object stored, boolean delete, int attempts, String failure,
      long buriedAtMillis, long serial) {
    public DeadLetterRecord(K key, Object stored, boolean delete, int attempts, String failure) {
      this(key, stored, delete, attempts, failure, System.currentTimeMillis(),
          ThreadLocalRandom.current().nextLong());
    }
  }
}
