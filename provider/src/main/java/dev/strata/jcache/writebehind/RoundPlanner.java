package dev.strata.jcache.writebehind;

import dev.strata.jcache.StrataEntry;
import dev.strata.jcache.store.Journal.DeadLetterRecord;
import dev.strata.jcache.store.Journal.JournalRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import javax.cache.Cache;

/**
 * What a flusher's round does, decided without touching the journal or the writer: which
 * records become which writes and deletes, and, once the writer has answered, which records are
 * done, which keys are retried and which are given up as dead letters; and how long to pause
 * after failed rounds.
 *
 * <p>A round keeps the latest record of each key, so several writes of a key become one write
 * of its latest value, and a write then a delete one delete. A retried dead letter is offered
 * only while its very letter remains: not when a newer change of the key is in the round, nor
 * when the letter was discarded or replaced. A refused key's records stay in the journal, to be
 * read again with anything newer of the key, until it has been refused {@code maxAttempts}
 * times in a row; then it is buried. A value that cannot be decoded is buried at once.
 *
 * <p>Used by one thread at a time (the flusher's), as is its random.
 */
final class RoundPlanner<K, V> {
  private final Function<Object, V> decoder;
  private final int maxAttempts;
  private final long initialBackoffMillis;
  private final long maxBackoffMillis;
  private final RandomGenerator random;

  /**
   * @param decoder turns a value's stored form into the value the writer receives
   * @param random the jitter of the pauses and the serials of the dead letters
   */
  RoundPlanner(Function<Object, V> decoder, int maxAttempts, long initialBackoffMillis,
      long maxBackoffMillis, RandomGenerator random) {
    this.decoder = decoder;
    this.maxAttempts = maxAttempts;
    this.initialBackoffMillis = Math.max(1, initialBackoffMillis);
    this.maxBackoffMillis = Math.max(this.initialBackoffMillis, maxBackoffMillis);
    this.random = random;
  }

  /** What a round offers the writer, from the records read and the dead letters of their keys. */
  record Offer<K, V>(List<JournalRecord<K>> records, Map<K, JournalRecord<K>> latest,
      List<Cache.Entry<? extends K, ? extends V>> writes, List<K> deletes,
      List<DeadLetterRecord<K>> undecodable) {}

  /**
   * How a round ends: the records to remove, the keys whose dead letters a newer write
   * supersedes, the new dead letters, and the keys to retry with their attempts so far.
   */
  record Outcome<K>(List<JournalRecord<K>> done, Set<K> accepted,
      List<DeadLetterRecord<K>> buried, Map<K, Integer> retrying) {
    /** Whether the writer took every key it was offered (or each was given up). */
    boolean clean() {
      return retrying.isEmpty();
    }

    /** Carries the attempt counts of the keys past this round into the next. */
    void applyTo(Map<K, Integer> attempts) {
      attempts.keySet().removeAll(accepted);
      for (DeadLetterRecord<K> letter : buried) {
        attempts.remove(letter.key());
      }
      attempts.putAll(retrying);
    }
  }

  /**
   * @param deadLetter the current dead letter of a key, or null; asked only of retried keys
   * @param nowMillis the wall-clock time a letter buried now is stamped with
   */
  Offer<K, V> offer(List<JournalRecord<K>> records,
      Function<K, DeadLetterRecord<K>> deadLetter, long nowMillis) {
    Map<K, JournalRecord<K>> latest = new LinkedHashMap<>();
    Map<K, JournalRecord<K>> retries = new LinkedHashMap<>();
    for (JournalRecord<K> record : records) {
      (record.retry() ? retries : latest).put(record.key(), record);
    }
    for (Map.Entry<K, JournalRecord<K>> retry : retries.entrySet()) {
      DeadLetterRecord<K> letter = latest.containsKey(retry.getKey()) ? null
          : deadLetter.apply(retry.getKey());
      if (letter != null && letter.serial() == retry.getValue().letter()) {
        latest.put(retry.getKey(), retry.getValue());
      }
    }
    List<Cache.Entry<? extends K, ? extends V>> writes = new ArrayList<>();
    List<K> deletes = new ArrayList<>();
    List<DeadLetterRecord<K>> undecodable = new ArrayList<>();
    for (JournalRecord<K> record : latest.values()) {
      if (record.delete()) {
        deletes.add(record.key());
        continue;
      }
      try {
        writes.add(new StrataEntry<>(record.key(), decoder.apply(record.stored())));
      } catch (RuntimeException e) {
        undecodable.add(letter(record, 0, "the value cannot be decoded: " + e.getMessage(),
            nowMillis));
      }
    }
    return new Offer<>(records, latest, writes, deletes, undecodable);
  }

  /**
   * @param refused the keys the writer did not take, with the failure it gave
   * @param attempts how often each key still being retried has been refused in a row
   * @param nowMillis the wall-clock time a letter buried now is stamped with
   */
  Outcome<K> outcome(Offer<K, V> offer, Map<K, String> refused, Map<K, Integer> attempts,
      long nowMillis) {
    List<DeadLetterRecord<K>> buried = new ArrayList<>(offer.undecodable());
    Set<K> accepted = new HashSet<>(offer.latest().keySet());
    accepted.removeAll(refused.keySet());
    for (DeadLetterRecord<K> letter : offer.undecodable()) {
      accepted.remove(letter.key());
    }
    Map<K, Integer> retrying = new HashMap<>();
    for (Map.Entry<K, String> failure : refused.entrySet()) {
      K key = failure.getKey();
      int attempt = attempts.getOrDefault(key, 0) + 1;
      if (attempt >= maxAttempts) {
        buried.add(letter(offer.latest().get(key), attempt, failure.getValue(), nowMillis));
      } else {
        retrying.put(key, attempt);
      }
    }
    List<JournalRecord<K>> done = new ArrayList<>(offer.records().size());
    for (JournalRecord<K> record : offer.records()) {
      if (!retrying.containsKey(record.key())) {
        done.add(record);
      }
    }
    return new Outcome<>(done, accepted, buried, retrying);
  }

  /** The pause after {@code rounds} failed rounds: doubling from the initial, with jitter. */
  long backoffMillis(int rounds) {
    long pause = initialBackoffMillis << Math.min(rounds - 1, 30);
    pause = Math.min(maxBackoffMillis, pause <= 0 ? maxBackoffMillis : pause);
    return pause / 2 + random.nextLong(pause / 2 + 1);
  }

  private DeadLetterRecord<K> letter(JournalRecord<K> record, int attempts, String failure,
      long nowMillis) {
    return new DeadLetterRecord<>(record.key(), record.stored(), record.delete(), attempts,
        failure, nowMillis, random.nextLong());
  }
}
