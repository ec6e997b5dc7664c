package dev.strata.jcache.store.embedded;

import dev.strata.jcache.store.Journal;
import dev.strata.jcache.store.JournalChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The write-behind journal of an embedded cache, in the heap: what it holds dies with the JVM,
 * as the cache's entries do.
 */
public final class MemoryJournal<K> implements Journal<K> {
  private final LinkedHashMap<Long, JournalRecord<K>> records = new LinkedHashMap<>();
  private final Map<K, DeadLetterRecord<K>> deadLetters = new ConcurrentHashMap<>();
  private long nextId;
  /** The length at which an append wakes the waiting flusher. */
  private int wakeAt = Integer.MAX_VALUE;

  /** Appends the change a step committed; called while the store holds the key. */
  public synchronized void append(K key, JournalChange change) {
    add(key, change.stored(), change.isDelete(), false, 0L);
  }

  private void add(K key, Object stored, boolean delete, boolean retry, long letter) {
    long id = nextId++;
    records.put(id, new JournalRecord<>(id, key, stored, delete, retry,
        System.currentTimeMillis(), letter));
    if (records.size() >= wakeAt) {
      wakeAt = Integer.MAX_VALUE;
      notifyAll();
    }
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
  public boolean discardDeadLetter(K key) {
    return deadLetters.remove(key) != null;
  }
}
