package dev.strata.jcache.writebehind;

import dev.strata.jcache.store.Journal;
import dev.strata.jcache.store.Journal.DeadLetterRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The dead letters of a journal as an application sees them, with their values decoded, and the
 * means to retry and discard them. A retry is a record appended to the journal; the flusher
 * applies it only while the letter remains.
 */
final class DeadLetters<K, V> {
  private final Journal<K> journal;
  private final Function<Object, V> decoder;

  DeadLetters(Journal<K> journal, Function<Object, V> decoder) {
    this.journal = journal;
    this.decoder = decoder;
  }

  List<DeadLetter<K, V>> list() {
    List<DeadLetter<K, V>> letters = new ArrayList<>();
    for (DeadLetterRecord<K> letter : journal.deadLetters()) {
      letters.add(decoded(letter));
    }
    return letters;
  }

  List<DeadLetterRecord<K>> records() {
    return journal.deadLetters();
  }

  int count() {
    return journal.deadLetters().size();
  }

  DeadLetter<K, V> decoded(DeadLetterRecord<K> letter) {
    V value = null;
    if (!letter.delete()) {
      try {
        value = decoder.apply(letter.stored());
      } catch (RuntimeException e) {
        // the value that could not be decoded stays in its stored form in the journal
      }
    }
    return new DeadLetter<>(letter.key(), value, letter.delete(), letter.attempts(),
        letter.failure(), Instant.ofEpochMilli(letter.buriedAtMillis()));
  }

  boolean retry(K key) {
    DeadLetterRecord<K> letter = journal.deadLetter(key);
    if (letter == null) {
      return false;
    }
    journal.appendRetry(letter);
    return true;
  }

  int retryAll() {
    int count = 0;
    for (DeadLetterRecord<K> letter : journal.deadLetters()) {
      journal.appendRetry(letter);
      count++;
    }
    return count;
  }

  boolean discard(K key) {
    return journal.discardDeadLetter(key);
  }

  int discardAll() {
    int count = 0;
    for (DeadLetterRecord<K> letter : journal.deadLetters()) {
      if (journal.discardDeadLetter(letter.key())) {
        count++;
      }
    }
    return count;
  }
}
