package dev.strata.jcache.store.embedded;

import dev.strata.jcache.store.Journal;
import dev.strata.jcache.store.JournalChange;
import dev.strata.jcache.store.PendingChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The write-behind journal of an embedded cache, in the heap: what it holds dies with the JVM,
 * as the cache's entries do.
 *
 * <p>Beside the records in order it keeps each key's latest appended record, the key's
 * {@link #pendingChange pending change}, until the flusher settles that record. Its monitor is
 * taken inside the store's atomic step of a key (an append, or a lookup from a remapper) and
 * never the other way round.
 */
public final class MemoryJournal<K> implements Journal<K> {
  private final LinkedHashMap<Long, JournalRecord<K>> records = new LinkedHashMap<>();
  /** Each key's latest record appended by a step; retries of dead letters are left out. */
  private final Map<K, JournalRecord<K>> latest = new HashMap<>();
  private final Map<K, DeadLetterRecord<K>> deadLetters = new ConcurrentHashMap<>();
  private long nextId;
  /** The length at which an append wakes the waiting flusher. */
  private int wakeAt = Integer.MAX_VALUE;

  /** Appends the change a step committed; called while the store holds the key. */
  public synchronized void append(K key, JournalChange change) {
    latest.put(key, add(key, change.stored(), change.isDelete(), false, 0L));
  }

  private JournalRecord<K> add(K key, Object stored, boolean delete, boolean retry,
      long letter) {
    long id = nextId++;
    var record = new JournalRecord<>(id, key, stored, delete, retry,
        System.currentTimeMillis(), letter);
    records.put(id, record);
    if (records.size() >= wakeAt) {
      wakeAt = Integer.MAX_VALUE;
      notifyAll();
    }
    return record;
  }

  @Override
  public synchronized List<JournalRecord<K>> read(int max) {
    List<JournalRecord<K>> read = new ArrayList<>(Math.min(max, records.size()));
    for (JournalRecord<K> record : records.values()) {
      if (read.size() == max) {
        break;
      }
      read.add(record);
    }
    return read;
  }

  @Override
  public synchronized long length() {
    return records.size();
  }

  @Override
  public long refreshLength() {
    return length();
  }

  @Override
  public long lease(long millis) {
    return 1L;
  }

  @Override
  public void releaseLease() {}

  @Override
  public synchronized void awaitRecords(int count, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    long left = millis;
    while (records.size() < count && left > 0) {
      wakeAt = count;
      wait(left);
      left = (deadline - System.nanoTime()) / 1_000_000L;
    }
  }

  @Override
  public synchronized boolean settle(Collection<JournalRecord<K>> done,
      Collection<K> accepted, Collection<DeadLetterRecord<K>> buried) {
    for (JournalRecord<K> record : done) {
      records.remove((Long) record.id());
      // a newer append of the key stays its pending change
      latest.computeIfPresent(record.key(),
          (key, pending) -> pending.id().equals(record.id()) ? null : pending);
    }
    for (K key : accepted) {
      deadLetters.remove(key);
    }
    for (DeadLetterRecord<K> letter : buried) {
      deadLetters.put(letter.key(), letter);
    }
    return true;
  }

  @Override
  public synchronized void appendRetry(DeadLetterRecord<K> letter) {
    add(letter.key(), letter.stored(), letter.delete(), true, letter.serial());
  }

  @Override
  public List<DeadLetterRecord<K>> deadLetters() {
    return List.copyOf(deadLetters.values());
  }

  @Override
  public DeadLetterRecord<K> deadLetter(K key) {
    return deadLetters.get(key);
  }

  @Override
  public synchronized PendingChange pendingChange(K key) {
    return new PendingChange(latestChange(key), null);
  }

  private JournalChange latestChange(K key) {
    JournalRecord<K> record = latest.get(key);
    if (record != null) {
      return record.delete() ? JournalChange.DELETE : JournalChange.write(record.stored());
    }
    DeadLetterRecord<K> letter = deadLetters.get(key);
    if (letter != null) {
      return letter.delete() ? JournalChange.DELETE : JournalChange.write(letter.stored());
    }
    return null;
  }

  @Override
  public boolean discardDeadLetter(K key) {
    return deadLetters.remove(key) != null;
  }
}
