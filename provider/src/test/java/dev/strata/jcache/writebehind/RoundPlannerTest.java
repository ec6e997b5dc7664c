package dev.strata.jcache.writebehind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.store.Journal.DeadLetterRecord;
import dev.strata.jcache.store.Journal.JournalRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;

/** The decisions of a round, made from records and answers alone: no journal, no writer. */
class RoundPlannerTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final Function<String, DeadLetterRecord<String>> NO_LETTERS = key -> null;

  private final RoundPlanner<String, String> planner = planner(3);
  private long ids;

  private static RoundPlanner<String, String> planner(int maxAttempts) {
    return new RoundPlanner<>(stored -> {
      if ("undecodable".equals(stored)) {
        throw new IllegalStateException("bad bytes");
      }
      return "decoded " + stored;
    }, maxAttempts, 100, 1_000, new SplittableRandom(7));
  }

  private JournalRecord<String> write(String key, String value) {
    return new JournalRecord<>(ids++, key, value, false, false, NOW, 0);
  }

  private JournalRecord<String> delete(String key) {
    return new JournalRecord<>(ids++, key, null, true, false, NOW, 0);
  }

  private JournalRecord<String> retry(String key, String value, long serial) {
    return new JournalRecord<>(ids++, key, value, false, true, NOW, serial);
  }

  private static Map<String, String> written(RoundPlanner.Offer<String, String> offer) {
    Map<String, String> writes = new HashMap<>();
    for (Cache.Entry<? extends String, ? extends String> entry : offer.writes()) {
      writes.put(entry.getKey(), entry.getValue());
    }
    return writes;
  }

  @Test
  void writesOfAKeyBecomeOneWriteOfItsLatestValueAndAWriteThenADeleteOneDelete() {
    var offer = planner.offer(List.of(write("a", "1"), write("b", "1"), write("a", "2"),
        write("b", "2"), delete("b")), NO_LETTERS, NOW);
    assertEquals(Map.of("a", "decoded 2"), written(offer));
    assertEquals(List.of("b"), offer.deletes());
    assertTrue(offer.undecodable().isEmpty());
  }

  @Test
  void aRoundTheWriterTookWhollyRemovesEveryRecordAndSupersedesTheKeysDeadLetters() {
    var records = List.of(write("a", "1"), write("a", "2"), delete("b"));
    var offer = planner.offer(records, NO_LETTERS, NOW);
    var outcome = planner.outcome(offer, Map.of(), Map.of(), NOW);
    assertTrue(outcome.clean());
    assertEquals(records, outcome.done());
    assertEquals(Set.of("a", "b"), outcome.accepted());
    assertTrue(outcome.buried().isEmpty());
  }

  @Test
  void aRefusedKeyKeepsAllItsRecordsAndCountsAnAttemptWhileTheOthersAreDone() {
    var records = List.of(write("bad", "1"), write("good", "1"), write("bad", "2"));
    var offer = planner.offer(records, NO_LETTERS, NOW);
    Map<String, Integer> attempts = new HashMap<>(Map.of("good", 1));
    var outcome = planner.outcome(offer, Map.of("bad", "refused"), attempts, NOW);
    assertFalse(outcome.clean());
    assertEquals(List.of(records.get(1)), outcome.done());
    assertEquals(Set.of("good"), outcome.accepted());
    assertEquals(Map.of("bad", 1), outcome.retrying());
    outcome.applyTo(attempts);
    assertEquals(Map.of("bad", 1), attempts, "the accepted key's count is forgotten");
  }

  @Test
  void aKeyRefusedMaxAttemptsTimesInARowIsBuriedWithItsLatestChange() {
    var records = List.of(write("k", "old"), write("k", "new"));
    var offer = planner.offer(records, NO_LETTERS, NOW);
    Map<String, Integer> attempts = new HashMap<>(Map.of("k", 2));
    var outcome = planner.outcome(offer, Map.of("k", "the database is down"), attempts, NOW);
    assertTrue(outcome.clean(), "nothing is left to retry");
    assertEquals(records, outcome.done());
    assertTrue(outcome.accepted().isEmpty());
    DeadLetterRecord<String> letter = outcome.buried().get(0);
    assertEquals("k", letter.key());
    assertEquals("new", letter.stored());
    assertEquals(3, letter.attempts());
    assertEquals("the database is down", letter.failure());
    assertEquals(NOW, letter.buriedAtMillis());
    outcome.applyTo(attempts);
    assertTrue(attempts.isEmpty());
  }

  @Test
  void aRefusedDeleteIsBuriedAsADelete() {
    var offer = planner(1).offer(List.of(delete("k")), NO_LETTERS, NOW);
    var outcome = planner(1).outcome(offer, Map.of("k", "no"), Map.of(), NOW);
    assertTrue(outcome.buried().get(0).delete());
    assertEquals(1, outcome.buried().get(0).attempts());
  }

  @Test
  void aValueThatCannotBeDecodedIsBuriedAtOnceAndNeverOffered() {
    var records = List.of(write("k", "undecodable"), write("fine", "1"));
    var offer = planner.offer(records, NO_LETTERS, NOW);
    assertEquals(Map.of("fine", "decoded 1"), written(offer));
    assertEquals("k", offer.undecodable().get(0).key());
    assertTrue(offer.undecodable().get(0).failure().contains("bad bytes"));
    var outcome = planner.outcome(offer, Map.of(), Map.of(), NOW);
    assertEquals(Set.of("fine"), outcome.accepted());
    assertEquals(records, outcome.done());
    assertEquals(List.of("k"), outcome.buried().stream().map(DeadLetterRecord::key).toList());
  }

  @Test
  void aRetryIsOfferedOnlyWhileItsVeryLetterRemains() {
    var letter = new DeadLetterRecord<>("k", "v", false, 3, "failed", NOW, 42L);
    var current = planner.offer(List.of(retry("k", "v", 42L)), key -> letter, NOW);
    assertEquals(Map.of("k", "decoded v"), written(current));

    var replaced = planner.offer(List.of(retry("k", "v", 41L)), key -> letter, NOW);
    assertTrue(replaced.writes().isEmpty(), "a retry of an older letter");
    var discarded = planner.offer(List.of(retry("k", "v", 42L)), NO_LETTERS, NOW);
    assertTrue(discarded.writes().isEmpty(), "a retry of a discarded letter");
    var outcome = planner.outcome(discarded, Map.of(), Map.of(), NOW);
    assertEquals(1, outcome.done().size(), "the stale retry is removed all the same");
  }

  @Test
  void aNewerChangeInTheRoundSupersedesARetryWithoutAskingForTheLetter() {
    List<String> asked = new ArrayList<>();
    var offer = planner.offer(List.of(retry("k", "old", 42L), write("k", "new")), key -> {
      asked.add(key);
      return new DeadLetterRecord<>(key, "old", false, 3, "failed", NOW, 42L);
    }, NOW);
    assertEquals(Map.of("k", "decoded new"), written(offer));
    assertTrue(asked.isEmpty());
  }

  @Test
  void pausesDoubleFromTheInitialUpToTheMaximumWithJitterOfAtMostHalf() {
    long[][] bounds = {{50, 100}, {100, 200}, {200, 400}, {400, 800}, {500, 1_000},
        {500, 1_000}};
    for (int round = 1; round <= bounds.length; round++) {
      for (int i = 0; i < 200; i++) {
        long pause = planner.backoffMillis(round);
        assertTrue(pause >= bounds[round - 1][0] && pause <= bounds[round - 1][1],
            "round " + round + " paused " + pause);
      }
    }
    long far = planner.backoffMillis(10_000);
    assertTrue(far >= 500 && far <= 1_000, "after very many rounds: " + far);
  }

  @Test
  void theJitterComesFromTheGivenRandom() {
    var always = new RoundPlanner<String, String>(stored -> "", 3, 100, 1_000, () -> 0L);
    var again = new RoundPlanner<String, String>(stored -> "", 3, 100, 1_000, () -> 0L);
    List<Long> pauses = new ArrayList<>();
    List<Long> repeated = new ArrayList<>();
    for (int round = 1; round <= 5; round++) {
      pauses.add(always.backoffMillis(round));
      repeated.add(again.backoffMillis(round));
    }
    assertEquals(pauses, repeated);
    assertEquals(Set.of(), pauses.stream().filter(p -> p < 50 || p > 1_000)
        .collect(Collectors.toSet()));
  }
}
