package dev.strata.jcache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.expiry.FakeTicker;
import dev.strata.jcache.store.Journal.DeadLetterRecord;
import dev.strata.jcache.store.Journal.JournalRecord;
import dev.strata.jcache.store.Write.Condition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} contract, run against every store: each store's test class extends this one,
 * says how to make an empty store over the test's {@link FakeTicker}, and declares what it is
 * documented to do where stores differ (who keeps time, whether copies are kept in the heap,
 * whether two stores share their entries) through the capability methods below, never by the
 * store's class.
 *
 * <p>Values are handed to stores in their stored form, made by {@link #copier()}, and read back
 * through it, since a remote store hands back the encoding rather than the object it was given.
 */
public abstract class StoreContract {
  protected static final String K = "k";
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  /** The test's clock; it starts an hour in, so that instants in the past are positive. */
  protected final FakeTicker ticker = new FakeTicker();
  /** What the stores {@link #open opened} by a test report. */
  protected final Heard heard = new Heard();
  private final List<Store<String>> opened = new ArrayList<>();

  protected StoreContract() {
    ticker.advance(Duration.ofHours(1));
  }

  // ---------------------------------------------------------------- fixture and capabilities

  /**
   * A new store over {@link #ticker}, reporting to {@code listener}, with a write-behind journal
   * when {@code journaled}. Stores that {@link #sharesEntries share their entries} are empty at
   * the start of each test.
   */
  protected abstract Store<String> newStore(StoreListener<String> listener, boolean journaled);

  /** The copier whose stored form the store keeps. */
  protected abstract ValueCopier copier();

  /**
   * Whether the store expires entries on the cache's ticker: advancing {@link #ticker} past an
   * entry's instant makes it absent and reported. A store of record that keeps time on its own
   * server's clock does not.
   */
  protected boolean expiresOnTicker() {
    return false;
  }

  /**
   * How far below the instant written a store may report an entry's instant: none for a store
   * that keeps the instant; a store that keeps a time to live in milliseconds on its server's
   * clock reports what remains of it when it is read.
   */
  protected long instantTolerance() {
    return 0;
  }

  /**
   * Whether {@link Store#get} reports entries' instants; a remote store's plain read may leave
   * them {@link StoreEntry#UNKNOWN}, and {@link #readWithExpiry} is then how the suite reads them.
   */
  protected boolean plainReadsCarryInstants() {
    return true;
  }

  /** The key's entry with its instant ({@link AuthoritativeTier#getWithExpiry} for a record). */
  protected StoreEntry readWithExpiry(Store<String> store, String key) {
    return store.get(key);
  }

  /** Whether two stores made by {@link #newStore} see each other's entries (a shared server). */
  protected boolean sharesEntries() {
    return false;
  }

  /** What {@link Store#heapEntryCount} is documented to count for this store. */
  protected HeapCount heapCount() {
    return HeapCount.ENTRIES;
  }

  /**
   * The maximum staleness of the copies a store keeps in this JVM in front of its record, or
   * {@code null} for a store that keeps none.
   */
  protected Duration nearCopyStaleness() {
    return null;
  }

  /** Whether the store reads the clock of a server shared by every client. */
  protected boolean hasServerClock() {
    return false;
  }

  /** What a store's {@link Store#heapEntryCount} counts. */
  protected enum HeapCount {
    /** Every entry: the store keeps them all in the heap. */
    ENTRIES,
    /** The copies of entries kept in front of the store of record. */
    COPIES,
    /** Nothing: the entries live elsewhere ({@code -1}). */
    UNKNOWN
  }

  /** Opens a store that the test closes afterwards. */
  protected final Store<String> open(boolean journaled) {
    return open(heard, journaled);
  }

  protected final Store<String> open(StoreListener<String> listener, boolean journaled) {
    Store<String> store = newStore(listener, journaled);
    opened.add(store);
    return store;
  }

  @AfterEach
  void closeStores() {
    for (Store<String> store : opened) {
      store.close();
    }
  }

  // ---------------------------------------------------------------- reads of absent keys

  @Test
  void absentKeysReadAsNothing() {
    Store<String> store = open(false);

    assertNull(store.get(K));
    assertNull(store.getFromRecord(K));
    assertEquals(Map.of(), store.getAll(Set.of(K, "other")));
    assertEquals(Map.of(), store.getAll(Set.of()));
    assertFalse(store.iterator().hasNext());
    assertEquals(0, store.estimatedSize());
    assertEquals(List.of(), heard.events());
  }

  /**
   * A bulk read into the caller's own result hands over each key present once, with its live
   * entry and the key as given, leaves absent and expired keys out, and lets the receiver call
   * the store (an access of each entry read, as the semantics layer makes).
   */
  @Test
  void forEachPresentHandsOverEachLiveEntryOnce() {
    Store<String> store = open(false);
    put(store, K, "v", now() + 10 * SECOND);
    put(store, "eternal", "forever", StoreEntry.ETERNAL);
    put(store, "later", "v-later", now() + 60 * SECOND);
    Map<String, Object> found = new HashMap<>();

    store.forEachPresent(Set.of(K, "eternal", "later", "absent"), (key, entry) -> {
      assertNull(found.put(key, valueOf(entry)), "handed over once: " + key);
      store.touch(key, entry.expiresAt() == StoreEntry.UNKNOWN ? now() + 120 * SECOND
          : entry.expiresAt());
    });

    assertEquals(Map.of(K, "v", "eternal", "forever", "later", "v-later"), found);
    found.clear();
    store.forEachPresent(Set.of(), (key, entry) -> found.put(key, entry));
    assertEquals(Map.of(), found);
    if (expiresOnTicker()) {
      ticker.advance(Duration.ofSeconds(10));
      store.forEachPresent(Set.of(K, "eternal", "later"),
          (key, entry) -> found.put(key, valueOf(entry)));
      assertEquals(Set.of("eternal", "later"), found.keySet(), "the expired entry left out");
    }
  }

  // ---------------------------------------------------------------- compute

  @Test
  void computeCreatesAnEntryAndReturnsIt() {
    Store<String> store = open(false);
    long expiresAt = now() + 60 * SECOND;
    List<StoreEntry> seen = new ArrayList<>();

    StoreEntry returned = store.compute(K, current -> {
      seen.add(current);
      return entry("v1", expiresAt);
    });

    assertEquals(1, seen.size(), "the remapper ran once");
    assertNull(seen.get(0), "the remapper saw the key absent");
    assertNotNull(returned);
    assertEquals("v1", valueOf(returned));
    assertEquals(expiresAt, returned.expiresAt());
    StoreEntry read = store.get(K);
    assertEquals("v1", valueOf(read));
    assertPlainReadInstant(expiresAt, read);
    assertInstant(expiresAt, readWithExpiry(store, K).expiresAt());
    Map<String, StoreEntry> all = store.getAll(Set.of(K, "absent"));
    assertEquals(Set.of(K), all.keySet());
    assertEquals("v1", valueOf(all.get(K)));
    assertEquals("v1", valueOf(store.getFromRecord(K)));
    assertEquals(1, store.estimatedSize());
  }

  @Test
  void computeUpdatesAndItsRemapperSeesTheCurrentEntry() {
    Store<String> store = open(false);
    put(store, K, "v1", StoreEntry.ETERNAL);
    long expiresAt = now() + 60 * SECOND;
    List<StoreEntry> seen = new ArrayList<>();

    StoreEntry returned = store.compute(K, current -> {
      seen.add(current);
      return entry("v2", expiresAt);
    });

    assertEquals(1, seen.size());
    assertEquals("v1", valueOf(seen.get(0)));
    assertEquals(StoreEntry.ETERNAL, seen.get(0).expiresAt(), "the remapper saw the instant");
    assertEquals("v2", valueOf(returned));
    assertEquals("v2", valueOf(store.get(K)));
    assertInstant(expiresAt, readWithExpiry(store, K).expiresAt());

    // an update that keeps the current instant keeps it in the store, too
    store.compute(K, current -> {
      assertInstant(expiresAt, current.expiresAt());
      return new StoreEntry(copier().toStored("v3"), current.expiresAt());
    });
    StoreEntry read = readWithExpiry(store, K);
    assertEquals("v3", valueOf(read));
    assertInstant(expiresAt, read.expiresAt());
    assertEquals(1, store.estimatedSize());
  }

  @Test
  void computeReturningTheCurrentEntryChangesNothing() {
    Store<String> store = open(true);
    long expiresAt = now() + 60 * SECOND;
    put(store, K, "v1", expiresAt);
    List<StoreEntry> seen = new ArrayList<>();

    StoreEntry returned = store.compute(K, current -> {
      seen.add(current);
      return current;
    });

    assertEquals(1, seen.size());
    assertSame(seen.get(0), returned, "the entry now stored is the one the remapper kept");
    StoreEntry read = readWithExpiry(store, K);
    assertEquals("v1", valueOf(read));
    assertInstant(expiresAt, read.expiresAt());
    assertEquals(List.of(), store.journal().read(10), "a plain step records nothing");
    assertEquals(List.of(), heard.events());

    // an absent key that stays absent
    assertNull(store.compute("absent", current -> {
      assertNull(current);
      return null;
    }));
    assertNull(store.get("absent"));
    assertEquals(1, store.estimatedSize());
  }

  @Test
  void computeReturningNullRemovesTheKey() {
    Store<String> store = open(false);
    put(store, K, "v1", StoreEntry.ETERNAL);
    put(store, "kept", "v2", StoreEntry.ETERNAL);
    List<StoreEntry> seen = new ArrayList<>();

    StoreEntry returned = store.compute(K, current -> {
      seen.add(current);
      return null;
    });

    assertNull(returned);
    assertEquals("v1", valueOf(seen.get(0)));
    assertNull(store.get(K));
    assertNull(store.getFromRecord(K));
    assertEquals(Set.of("kept"), store.getAll(Set.of(K, "kept")).keySet());
    assertEquals(1, store.estimatedSize());
    assertEquals(List.of(), heard.events(), "a requested removal is not reported");
  }

  @Test
  void onCommitRunsOnceForEachCommittedStepAfterItsRemapper() {
    Store<String> store = open(false);
    List<String> order = new ArrayList<>();
    Map<String, Remapper> steps = new LinkedHashMap<>();
    steps.put("create", current -> entry("v1", StoreEntry.ETERNAL));
    steps.put("update", current -> entry("v2", StoreEntry.ETERNAL));
    steps.put("keep", current -> current);
    steps.put("touch", current -> current.withExpiry(now() + 60 * SECOND));
    steps.put("remove", current -> null);
    steps.put("absent stays absent", current -> null);

    for (Map.Entry<String, Remapper> step : steps.entrySet()) {
      String name = step.getKey();
      store.compute(K, current -> {
        order.add("remap " + name);
        return step.getValue().remap(current);
      }, () -> order.add("commit " + name));
    }

    List<String> expected = new ArrayList<>();
    for (String name : steps.keySet()) {
      expected.add("remap " + name);
      expected.add("commit " + name);
    }
    assertEquals(expected, order);
    assertNull(store.get(K));
  }

  /**
   * A store whose entries other clients share decides a step again when another client changed
   * the key between its read and its write, and runs the step's onCommit once, for the attempt
   * that committed; stores that share nothing do not see each other's entries at all.
   */
  @Test
  void aStepThatAnotherClientInterruptsIsDecidedAgainAndCommitsOnce() {
    Store<String> store = open(false);
    Store<String> other = open(false);
    put(store, K, "v1", StoreEntry.ETERNAL);
    List<Object> seen = new ArrayList<>();
    AtomicInteger commits = new AtomicInteger();

    StoreEntry returned = store.compute(K, current -> {
      seen.add(current == null ? null : valueOf(current));
      if (seen.size() == 1) {
        other.compute(K, theirs -> entry("theirs", StoreEntry.ETERNAL));
      }
      return entry("mine after " + seen.get(seen.size() - 1), StoreEntry.ETERNAL);
    }, commits::incrementAndGet);

    assertEquals(1, commits.get(), "onCommit ran once");
    if (sharesEntries()) {
      assertEquals(Arrays.asList("v1", "theirs"), seen,
          "the step was decided again on the other client's value");
      assertEquals("mine after theirs", valueOf(returned));
      assertEquals("mine after theirs", valueOf(store.get(K)));
      assertEquals("mine after theirs", valueOf(other.getFromRecord(K)));
    } else {
      assertEquals(List.of("v1"), seen);
      assertEquals("mine after v1", valueOf(store.get(K)));
      assertEquals("theirs", valueOf(other.get(K)));
    }
  }

  // ---------------------------------------------------------------- computeAll

  @Test
  void computeAllAppliesEveryStepAndRunsEachOnCommitOnce() {
    Store<String> store = open(false);
    for (int i = 0; i < 30; i++) {
      put(store, "k" + i, "old" + i, StoreEntry.ETERNAL);
    }
    Map<String, Object> seen = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> commits = new ConcurrentHashMap<>();
    List<KeyStep<String>> steps = new ArrayList<>();
    Map<String, Object> expected = new HashMap<>();
    long expiresAt = now() + 60 * SECOND;
    for (int i = 0; i < 40; i++) {
      String key = "k" + i;
      int group = i / 10;
      String value = "new" + i;
      commits.put(key, new AtomicInteger());
      steps.add(new KeyStep<>(key, current -> {
        seen.put(key, current == null ? "absent" : valueOf(current));
        switch (group) {
          case 0: return entry(value, expiresAt);  // update
          case 1: return null;                      // remove
          case 2: return current;                   // keep
          default: return entry(value, expiresAt);  // create
        }
      }, () -> commits.get(key).incrementAndGet()));
      if (group == 0 || group == 3) {
        expected.put(key, value);
      } else if (group == 2) {
        expected.put(key, "old" + i);
      }
    }

    store.computeAll(steps);
    store.computeAll(List.of());

    for (int i = 0; i < 40; i++) {
      String key = "k" + i;
      assertEquals(i < 30 ? "old" + i : "absent", seen.get(key), key + "'s remapper saw");
      assertEquals(1, commits.get(key).get(), key + "'s onCommit runs");
    }
    Map<String, Object> found = new HashMap<>();
    store.getAll(commits.keySet()).forEach((key, entry) -> found.put(key, valueOf(entry)));
    assertEquals(expected, found);
    assertInstant(expiresAt, readWithExpiry(store, "k3").expiresAt());
    assertInstant(expiresAt, readWithExpiry(store, "k33").expiresAt());
    assertEquals(30, store.estimatedSize());
  }

  @Test
  void computeAllDecidesAgainOnlyTheStepsAnotherClientInterrupted() {
    Store<String> store = open(false);
    Store<String> other = open(false);
    Map<String, AtomicInteger> remaps = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> commits = new ConcurrentHashMap<>();
    List<KeyStep<String>> steps = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String key = "k" + i;
      put(store, key, "v" + i, StoreEntry.ETERNAL);
      remaps.put(key, new AtomicInteger());
      commits.put(key, new AtomicInteger());
      steps.add(new KeyStep<>(key, current -> {
        if (remaps.get(key).incrementAndGet() == 1 && key.equals("k4")) {
          other.compute(key, theirs -> entry("theirs", StoreEntry.ETERNAL));
        }
        return entry(valueOf(current) + "+", StoreEntry.ETERNAL);
      }, () -> commits.get(key).incrementAndGet()));
    }

    store.computeAll(steps);

    for (int i = 0; i < 10; i++) {
      String key = "k" + i;
      boolean interrupted = sharesEntries() && i == 4;
      assertEquals(interrupted ? 2 : 1, remaps.get(key).get(), key + "'s remapper runs");
      assertEquals(1, commits.get(key).get(), key + "'s onCommit runs");
      assertEquals(interrupted ? "theirs+" : "v" + i + "+", valueOf(store.get(key)));
    }
  }

  // ---------------------------------------------------------------- touch

  @Test
  void touchMovesTheExpiryInstantAndLeavesTheValue() {
    Store<String> store = open(false);
    put(store, K, "v", now() + 60 * SECOND);

    store.touch(K, StoreEntry.ETERNAL);
    StoreEntry read = readWithExpiry(store, K);
    assertEquals("v", valueOf(read));
    assertEquals(StoreEntry.ETERNAL, read.expiresAt());

    store.touch(K, now() + 30 * SECOND);
    read = readWithExpiry(store, K);
    assertEquals("v", valueOf(read));
    assertInstant(now() + 30 * SECOND, read.expiresAt());

    // an access that lengthens the entry's life by less than half of it
    store.touch(K, now() + 50 * SECOND);
    read = readWithExpiry(store, K);
    assertEquals("v", valueOf(read));
    assertInstant(now() + 50 * SECOND, read.expiresAt());

    store.touch("absent", now() + 50 * SECOND);
    assertNull(store.get("absent"));
    assertEquals(1, store.estimatedSize());
    assertEquals(List.of(), heard.events());
  }

  // ---------------------------------------------------------------- iteration, clear, size

  @Test
  void iterationSeesExactlyTheLiveEntries() {
    Store<String> store = open(false);
    for (String key : List.of("a", "b", "c", "d")) {
      put(store, key, "v-" + key, now() + 60 * SECOND);
    }
    store.compute("b", current -> null);
    put(store, "gone", "v-gone", now() - SECOND);

    Map<String, Object> iterated = new HashMap<>();
    Iterator<Map.Entry<String, StoreEntry>> iterator = store.iterator();
    while (iterator.hasNext()) {
      Map.Entry<String, StoreEntry> next = iterator.next();
      assertNull(iterated.put(next.getKey(), valueOf(next.getValue())), "each entry once");
    }

    assertEquals(Map.of("a", "v-a", "c", "v-c", "d", "v-d"), iterated);
    assertThrows(NoSuchElementException.class, iterator::next);
    Iterator<Map.Entry<String, StoreEntry>> another = store.iterator();
    another.next();
    assertThrows(UnsupportedOperationException.class, another::remove);
  }

  @Test
  void estimatedSizeCountsTheEntries() {
    Store<String> store = open(false);
    assertEquals(0, store.estimatedSize());
    for (int i = 0; i < 3; i++) {
      put(store, "k" + i, "v", StoreEntry.ETERNAL);
    }
    assertEquals(3, store.estimatedSize());
    store.compute("k1", current -> null);
    assertEquals(2, store.estimatedSize());
    put(store, "k0", "updated", StoreEntry.ETERNAL);
    assertEquals(2, store.estimatedSize());
  }

  @Test
  void clearRemovesEveryEntryWithoutReportingThem() {
    Store<String> store = open(false);
    for (int i = 0; i < 3; i++) {
      put(store, "k" + i, "v" + i, StoreEntry.ETERNAL);
    }
    put(store, "expiring", "v", now() + 10 * SECOND);
    ticker.advance(Duration.ofSeconds(11));

    store.clear();

    assertEquals(Map.of(), store.getAll(Set.of("k0", "k1", "k2", "expiring")));
    assertFalse(store.iterator().hasNext());
    assertEquals(0, store.estimatedSize());
    assertEquals(List.of(), heard.events(), "a clear reports nothing, expired entries included");
    put(store, "k0", "after", StoreEntry.ETERNAL);
    assertEquals("after", valueOf(store.get("k0")));
  }

  // ---------------------------------------------------------------- expiry

  /** Every store keeps no entry whose instant has already passed when it is written. */
  @Test
  void anEntryWrittenWithAnInstantInThePastIsAbsent() {
    Store<String> store = open(false);
    put(store, K, "past", now() - SECOND);
    put(store, "now", "now", now());
    put(store, "updated", "v", StoreEntry.ETERNAL);
    put(store, "updated", "past", now() - SECOND);

    for (String key : List.of(K, "now", "updated")) {
      assertNull(store.get(key), key);
      assertNull(store.getFromRecord(key), key);
      assertNull(store.compute(key, current -> {
        assertNull(current, key + ": the remapper sees no entry");
        return current;
      }), key);
    }
    assertEquals(Map.of(), store.getAll(Set.of(K, "now", "updated")));
    assertFalse(store.iterator().hasNext());
    assertEquals(0, store.estimatedSize());
  }

  /**
   * A step that leaves an entry expired (an update or an access whose duration is zero, at the
   * store's now) removes it, and the store reports it expired, once, with the entry's value: the
   * semantics layer hands such entries to the store and relies on that report for its expired
   * events (see {@code ReadOperations.touch}, and {@code ExpiryTest}'s zero update and access
   * durations).
   */
  @Test
  void aStepThatExpiresAnEntryAtOnceReportsItExpiredOnce() {
    Store<String> store = open(false);
    put(store, "updated", "v1", StoreEntry.ETERNAL);
    put(store, "accessed", "v", now() + 60 * SECOND);

    store.compute("updated", current -> entry("v2", now()));
    store.touch("accessed", now());

    for (String key : List.of("updated", "accessed")) {
      assertNull(store.get(key), key);
      assertNull(store.get(key), key);
      assertNull(store.getFromRecord(key), key);
    }
    assertEquals(0, store.estimatedSize());
    assertEquals(List.of("expired updated=v2", "expired accessed=v"), heard.events());
  }

  /**
   * Advancing the ticker past an entry's instant expires it in a store that keeps time on the
   * ticker, and the store reports it once; a store of record that keeps time on its own clock
   * still holds it.
   */
  @Test
  void anEntryPastItsInstantOnTheTicker() {
    Store<String> store = open(false);
    put(store, K, "v", now() + 10 * SECOND);
    put(store, "eternal", "forever", StoreEntry.ETERNAL);
    put(store, "later", "v-later", now() + 60 * SECOND);

    ticker.advance(Duration.ofSeconds(10));

    if (expiresOnTicker()) {
      assertNull(store.get(K));
      assertNull(store.get(K));
      assertEquals(List.of("expired k=v"), heard.events(), "reported once");
      assertEquals(Set.of("eternal", "later"),
          store.getAll(Set.of(K, "eternal", "later")).keySet());
      Set<String> iterated = new HashSet<>();
      store.iterator().forEachRemaining(entry -> iterated.add(entry.getKey()));
      assertEquals(Set.of("eternal", "later"), iterated);
    } else {
      assertEquals("v", valueOf(store.get(K)), "the record keeps time on its own clock");
      assertEquals(Set.of(K, "eternal", "later"),
          store.getAll(Set.of(K, "eternal", "later")).keySet());
      assertEquals(List.of(), heard.events());
    }
    assertEquals("forever", valueOf(store.get("eternal")));
    assertEquals("v-later", valueOf(store.get("later")));
  }

  @Test
  void aStepOnAnEntryPastItsInstantOnTheTicker() {
    Store<String> store = open(false);
    put(store, K, "v", now() + 10 * SECOND);
    ticker.advance(Duration.ofSeconds(11));
    List<Object> seen = new ArrayList<>();

    store.compute(K, current -> {
      seen.add(current == null ? null : valueOf(current));
      return entry("next", StoreEntry.ETERNAL);
    });

    if (expiresOnTicker()) {
      assertEquals(Collections.singletonList(null), seen,
          "the remapper sees an expired entry as absent");
      assertEquals(List.of("expired k=v"), heard.events());
    } else {
      assertEquals(List.of("v"), seen);
      assertEquals(List.of(), heard.events());
    }
    assertEquals("next", valueOf(store.get(K)));
  }

  // ---------------------------------------------------------------- journal

  @Test
  void aStoreWithoutAJournalHasNoneAndIgnoresJournalChanges() {
    Store<String> store = open(false);
    assertNull(store.journal());

    store.compute(K, current -> Step.of(entry("v", StoreEntry.ETERNAL),
        JournalChange.write(copier().toStored("v"))));
    store.compute("removed", current -> Step.of(null, JournalChange.DELETE));

    assertEquals("v", valueOf(store.get(K)));
    assertNull(store.get("removed"));
  }

  @Test
  void aJournaledStoreAppendsEachCommittedChangeInOrder() {
    Store<String> store = open(true);
    Journal<String> journal = store.journal();
    assertNotNull(journal);
    assertEquals(List.of(), journal.read(10));
    assertEquals(0, journal.refreshLength());
    List<String> value = new ArrayList<>(List.of("a", "list"));

    store.compute(K, current -> Step.of(entry("v1", StoreEntry.ETERNAL),
        JournalChange.write(copier().toStored("v1"))));
    store.compute(K, current -> Step.of(entry(value, StoreEntry.ETERNAL),
        JournalChange.write(copier().toStored(value))));
    store.compute(K, current -> entry("unjournaled", StoreEntry.ETERNAL));
    store.compute(K, current -> current);
    store.compute("other", current -> Step.of(entry("o", StoreEntry.ETERNAL),
        JournalChange.write(copier().toStored("o"))));
    store.compute(K, current -> Step.of(null, JournalChange.DELETE));
    // a step that keeps its entry can still hand the journal a change
    store.compute("other", current -> Step.of(current,
        JournalChange.write(copier().toStored("o again"))));

    List<JournalRecord<String>> records = journal.read(10);
    assertEquals(List.of("write k=v1", "write k=[a, list]", "write other=o", "delete k",
        "write other=o again"), describe(records));
    for (JournalRecord<String> record : records) {
      assertFalse(record.retry());
    }
    assertEquals(5, new HashSet<>(ids(records)).size(), "each record has its own id");
    assertEquals(5, journal.refreshLength());
    assertEquals(describe(records).subList(0, 2), describe(journal.read(2)));
    assertNull(store.get(K));
    assertEquals("o", valueOf(store.get("other")));
  }

  @Test
  void aJournaledComputeAllAppendsOneRecordPerStep() {
    Store<String> store = open(true);
    put(store, "k0", "old", StoreEntry.ETERNAL);
    List<KeyStep<String>> steps = new ArrayList<>();
    AtomicInteger commits = new AtomicInteger();
    for (int i = 0; i < 6; i++) {
      String key = "k" + i;
      String value = "v" + i;
      steps.add(new KeyStep<>(key, current -> key.equals("k5")
          ? Step.of(null, JournalChange.DELETE)
          : Step.of(entry(value, StoreEntry.ETERNAL),
              JournalChange.write(copier().toStored(value))),
          commits::incrementAndGet));
    }

    store.computeAll(steps);

    assertEquals(6, commits.get());
    assertEquals(Set.of("write k0=v0", "write k1=v1", "write k2=v2", "write k3=v3",
        "write k4=v4", "delete k5"), new HashSet<>(describe(store.journal().read(100))));
    assertEquals("v3", valueOf(store.get("k3")));
    assertEquals(5, store.estimatedSize(), "the journal is not among the entries");
  }

  @Test
  void aJournalSettlesRecordsAndKeepsDeadLetters() {
    Store<String> store = open(true);
    Journal<String> journal = store.journal();
    store.compute("a", current -> Step.of(entry("1", StoreEntry.ETERNAL),
        JournalChange.write(copier().toStored("1"))));
    store.compute("b", current -> Step.of(entry("2", StoreEntry.ETERNAL),
        JournalChange.write(copier().toStored("2"))));
    store.compute("c", current -> Step.of(null, JournalChange.DELETE));
    List<JournalRecord<String>> records = journal.read(10);
    assertTrue(journal.lease(10_000) > 0, "a lone flusher gets the lease");
    var letter = new DeadLetterRecord<>("b", records.get(1).stored(), false, 3, "refused");

    assertTrue(journal.settle(records, List.of("a"), List.of(letter)));

    assertEquals(List.of(), journal.read(10));
    assertEquals(0, journal.refreshLength());
    DeadLetterRecord<String> kept = journal.deadLetter("b");
    assertNotNull(kept);
    assertEquals("2", copier().fromStored(kept.stored()));
    assertEquals(3, kept.attempts());
    assertEquals("refused", kept.failure());
    assertEquals(letter.serial(), kept.serial());
    assertEquals(List.of("b"), journal.deadLetters().stream().map(DeadLetterRecord::key).toList());
    assertNull(journal.deadLetter("a"));

    journal.appendRetry(kept);
    List<JournalRecord<String>> retried = journal.read(10);
    assertEquals(List.of("write b=2"), describe(retried));
    assertTrue(retried.get(0).retry());
    assertEquals(letter.serial(), retried.get(0).letter());

    assertTrue(journal.discardDeadLetter("b"));
    assertFalse(journal.discardDeadLetter("b"));
    assertEquals(List.of(), journal.deadLetters());
    journal.releaseLease();
  }

  // ---------------------------------------------------------------- near copies, heap, clock

  @Test
  void heapEntryCountCountsWhatTheStoreDocuments() {
    Store<String> store = open(false);
    assertEquals(nearCopyStaleness() != null, store.keepsNearCopies());
    for (String key : List.of("a", "b", "c")) {
      put(store, key, "v-" + key, StoreEntry.ETERNAL);
    }
    assertHeapCount(store, 3, 0);

    store.get("a");
    store.getAll(Set.of("b", "absent"));
    assertHeapCount(store, 3, 2);

    store.getFromRecord("c");
    assertHeapCount(store, 3, 2);

    put(store, "a", "changed", StoreEntry.ETERNAL);
    assertHeapCount(store, 3, 1);
    assertEquals("changed", valueOf(store.get("a")), "a change drops the copy of the key");
    assertHeapCount(store, 3, 2);

    store.clear();
    assertHeapCount(store, 0, 0);
  }

  /**
   * A copy in this JVM is served, instant and all, until its entry's instant or its staleness
   * bound passes on the ticker; then the record is read again. A store without copies reads the
   * same entry from {@code get} and {@code getFromRecord}.
   */
  @Test
  void aNearCopyLivesUntilItsInstantOnTheTicker() {
    Store<String> store = open(false);
    put(store, K, "v", now() + 5 * SECOND);
    StoreEntry first = store.get(K);
    assertEquals("v", valueOf(store.getFromRecord(K)));
    if (nearCopyStaleness() == null) {
      assertEquals("v", valueOf(first));
      return;
    }
    assertInstant(now() + 5 * SECOND, first.expiresAt());

    ticker.advance(Duration.ofSeconds(4));
    assertEquals(first.expiresAt(), store.get(K).expiresAt(), "the copy is served");

    ticker.advance(Duration.ofSeconds(2));
    StoreEntry reread = store.get(K);
    assertEquals("v", valueOf(reread));
    assertNotEquals(first.expiresAt(), reread.expiresAt(), "the record was read again");
    assertInstant(now() + 5 * SECOND, reread.expiresAt());
  }

  @Test
  void aNearCopyLivesNoLongerThanItsStalenessBound() {
    Store<String> store = open(false);
    put(store, K, "v", now() + 600 * SECOND);
    StoreEntry first = store.get(K);
    Duration staleness = nearCopyStaleness();
    if (staleness == null) {
      ticker.advance(Duration.ofSeconds(30));
      assertEquals("v", valueOf(store.get(K)));
      return;
    }

    ticker.advance(staleness.minusSeconds(1));
    assertEquals(first.expiresAt(), store.get(K).expiresAt(), "the copy is served");

    ticker.advance(Duration.ofSeconds(2));
    StoreEntry reread = store.get(K);
    assertNotEquals(first.expiresAt(), reread.expiresAt(), "the record was read again");
    assertInstant(now() + 600 * SECOND, reread.expiresAt());
  }

  /** {@code getFromRecord} reads the record around any copy this JVM holds. */
  @Test
  void getFromRecordReadsAnotherClientsChangeAtOnce() {
    Store<String> store = open(false);
    Store<String> other = open(false);
    put(store, K, "v1", StoreEntry.ETERNAL);
    assertEquals("v1", valueOf(store.get(K)));

    put(other, K, "v2", StoreEntry.ETERNAL);

    assertEquals(sharesEntries() ? "v2" : "v1", valueOf(store.getFromRecord(K)));
  }

  /** A listening store hears of changes made through another store of the same entries. */
  @Test
  void aListeningStoreHearsOtherClientsChanges() throws InterruptedException {
    var remote = new Heard();
    Store<String> store = open(remote, false);
    store.setListening(true);
    Store<String> other = open(false);
    put(store, "mine", "v0", StoreEntry.ETERNAL);

    // a key of this test alone: a change message of an earlier test may still be on its way
    String key = "heard-" + System.nanoTime();
    put(other, key, "v1", StoreEntry.ETERNAL);
    other.compute(key, current -> null);

    if (sharesEntries()) {
      List<String> expected = List.of("changed " + key + " null->v1",
          "changed " + key + " v1->null");
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (remote.eventsOf(key).size() < 2 && System.nanoTime() < deadline) {
        remote.await(remote.events().size() + 1, 1);
      }
      assertEquals(expected, remote.eventsOf(key), () -> "heard " + remote.events());
    } else {
      assertEquals(List.of(), remote.events());
      assertNull(store.get(key));
    }
  }

  @Test
  void aSharedStoreReadsItsServersClock() {
    Store<String> store = open(false);
    Optional<LongSupplier> clock = store.serverClock();
    assertEquals(hasServerClock(), clock.isPresent());
    if (clock.isPresent()) {
      long micros = clock.get().getAsLong();
      long wall = System.currentTimeMillis() * 1000L;
      assertTrue(Math.abs(micros - wall) < TimeUnit.SECONDS.toMicros(10),
          () -> "server clock " + micros + " us, this JVM's " + wall + " us");
      assertTrue(clock.get().getAsLong() >= micros);
    }
  }

  @Test
  void unwrapReturnsTheStoreItselfOrNothing() {
    Store<String> store = open(false);
    assertSame(store, store.unwrap(Store.class));
    assertSame(store, store.unwrap(store.getClass()));
    assertNull(store.unwrap(Thread.class));
  }

  // ---------------------------------------------------------------- write

  @Test
  void aWriteDecidesOnThePresenceOfTheKeyAndTellsWhatItFound() {
    Store<String> store = open(false);
    long created = now() + 60 * SECOND;
    long updated = now() + 120 * SECOND;
    List<Written> committed = new ArrayList<>();

    Written replaced = store.write(K, new Write(copier().toStored("v0"), Condition.PRESENT,
        created, updated, null, true), committed::add);
    assertFalse(replaced.found());
    assertNull(store.get(K), "a replace of an absent key stores nothing");

    assertFalse(store.write(K, Write.put(copier().toStored("v1"), created, updated, null, true),
        committed::add).found());
    assertEquals("v1", valueOf(store.get(K)));
    assertInstant(created, readWithExpiry(store, K).expiresAt());

    Written ifAbsent = store.write(K, new Write(copier().toStored("v2"), Condition.ABSENT,
        created, Write.KEEP, null, false), committed::add);
    assertTrue(ifAbsent.found());
    assertEquals("v1", valueOf(store.get(K)), "a putIfAbsent of a present key stores nothing");

    Written kept = store.write(K, Write.put(copier().toStored("v2"), created, Write.KEEP, null,
        true), committed::add);
    assertTrue(kept.found());
    assertEquals("v1", copier().fromStored(kept.previous()));
    assertInstant(created, readWithExpiry(store, K).expiresAt());

    Written present = store.write(K, new Write(copier().toStored("v3"), Condition.PRESENT,
        created, updated, null, false), committed::add);
    assertTrue(present.found());
    assertNull(present.previous(), "the previous value was not asked for");
    StoreEntry read = readWithExpiry(store, K);
    assertEquals("v3", valueOf(read));
    assertInstant(updated, read.expiresAt());

    Written removed = store.write(K, Write.delete(null, true), committed::add);
    assertTrue(removed.found());
    assertEquals("v3", copier().fromStored(removed.previous()));
    assertNull(store.get(K));
    assertFalse(store.write(K, Write.delete(null, true), null).found());
    assertEquals(List.of(replaced, Written.ABSENT, ifAbsent, kept, present, removed), committed,
        "onCommit ran once for each write, with what it found");
  }

  @Test
  void writesOfManyKeysTellWhatEachFoundAndJournalTheirChanges() {
    Store<String> store = open(true);
    put(store, "a", "1", StoreEntry.ETERNAL);
    List<KeyWrite<String>> writes = new ArrayList<>();
    for (String key : List.of("a", "b", "c")) {
      Object stored = copier().toStored(key + "2");
      writes.add(new KeyWrite<>(key, Write.put(stored, StoreEntry.ETERNAL, Write.KEEP,
          JournalChange.write(stored), false), null));
    }

    List<Written> found = store.writeAll(writes);

    assertEquals(List.of(true, false, false), found.stream().map(Written::found).toList());
    assertEquals("a2", valueOf(store.get("a")));
    assertEquals("c2", valueOf(store.get("c")));
    List<Written> deleted = store.writeAll(List.of(
        new KeyWrite<>("a", Write.delete(JournalChange.DELETE, true), null),
        new KeyWrite<>("z", Write.delete(JournalChange.DELETE, true), null)));
    assertEquals("a2", copier().fromStored(deleted.get(0).previous()));
    assertFalse(deleted.get(1).found());
    assertNull(store.get("a"));
    assertEquals(List.of("write a=a2", "write b=b2", "write c=c2", "delete a", "delete z"),
        describe(store.journal().read(10)));
  }

  // ---------------------------------------------------------------- helpers

  protected final long now() {
    return ticker.read();
  }

  /** An entry of the value in its stored form. */
  protected final StoreEntry entry(Object value, long expiresAt) {
    return new StoreEntry(copier().toStored(value), expiresAt);
  }

  /** The value an entry holds, out of its stored form. */
  protected final Object valueOf(StoreEntry entry) {
    assertNotNull(entry, "no entry");
    return copier().fromStored(entry.value());
  }

  protected final void put(Store<String> store, String key, Object value, long expiresAt) {
    store.compute(key, current -> entry(value, expiresAt));
  }

  /** The instant read is the one written, or what remains of it by the store's clock. */
  protected final void assertInstant(long written, long read) {
    if (written == StoreEntry.ETERNAL) {
      assertEquals(StoreEntry.ETERNAL, read, "eternal");
      return;
    }
    assertTrue(read <= written && read >= written - instantTolerance(),
        () -> "instant read " + read + " for " + written + " written (tolerance "
            + instantTolerance() + " ns)");
  }

  private void assertPlainReadInstant(long written, StoreEntry read) {
    if (plainReadsCarryInstants()) {
      assertInstant(written, read.expiresAt());
    } else {
      assertEquals(StoreEntry.UNKNOWN, read.expiresAt(), "a plain read leaves the instant out");
    }
  }

  private void assertHeapCount(Store<String> store, long entries, long copies) {
    long expected = switch (heapCount()) {
      case ENTRIES -> entries;
      case COPIES -> copies;
      case UNKNOWN -> -1;
    };
    assertEquals(expected, store.heapEntryCount(), "heap entry count (" + heapCount() + ")");
  }

  private List<String> describe(List<JournalRecord<String>> records) {
    List<String> described = new ArrayList<>();
    for (JournalRecord<String> record : records) {
      if (record.delete()) {
        assertNull(record.stored());
        described.add("delete " + record.key());
      } else {
        described.add("write " + record.key() + "=" + copier().fromStored(record.stored()));
      }
    }
    return described;
  }

  private static List<Object> ids(List<JournalRecord<String>> records) {
    return records.stream().map(JournalRecord::id).toList();
  }

  /** A store listener that writes down what it hears, values out of their stored form. */
  protected final class Heard implements StoreListener<String> {
    private final List<String> events = new ArrayList<>();

    @Override
    public void onExpired(String key, Object storedValue) {
      add("expired " + key + "=" + copier().fromStored(storedValue));
    }

    @Override
    public void onEvicted(String key, Object storedValue) {
      add("evicted " + key + "=" + copier().fromStored(storedValue));
    }

    @Override
    public void onRemoteChange(String key, Object oldStored, Object newStored) {
      add("changed " + key + " " + (oldStored == null ? null : copier().fromStored(oldStored))
          + "->" + (newStored == null ? null : copier().fromStored(newStored)));
    }

    @Override
    public void onExpiredElsewhere(String key) {
      add("expired elsewhere " + key);
    }

    @Override
    public void onClearedElsewhere() {
      add("cleared elsewhere");
    }

    /** The events about one key, in the order heard. */
    synchronized List<String> eventsOf(String key) {
      List<String> of = new ArrayList<>();
      for (String event : events) {
        if (event.startsWith("changed " + key + " ")) {
          of.add(event);
        }
      }
      return of;
    }

    private synchronized void add(String event) {
      events.add(event);
      notifyAll();
    }

    public synchronized List<String> events() {
      return List.copyOf(events);
    }

    /** Waits up to {@code seconds} for {@code count} events; an event, not a sleep, ends it. */
    synchronized boolean await(int count, long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (events.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }
}
