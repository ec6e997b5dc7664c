package dev.strata.jcache.writebehind;

import dev.strata.jcache.StrataEntry;
import dev.strata.jcache.configuration.WriteBehindSettings;
import dev.strata.jcache.store.Journal;
import dev.strata.jcache.store.Journal.DeadLetterRecord;
import dev.strata.jcache.store.Journal.JournalRecord;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.integration.CacheWriter;

/**
 * Hands a write-behind cache's journal to its writer, in batches, on a thread of its own.
 *
 * <p>Each round reads the oldest records (up to the batch size, once the batch is full or its
 * oldest record has waited the maximum delay), keeps the latest record of each key — several
 * writes of a key become one write of its latest value, a write then a delete one delete — and
 * calls {@code writeAll} and {@code deleteAll}. The records of the keys the writer took are
 * removed; those of the keys it refused (the ones left in the collection it was given) stay at
 * the head of the journal and are read again, with anything newer of the same key, after an
 * exponential pause with jitter. So the writer never sees a key's older value after a newer one.
 * A key refused {@code max-attempts} times becomes a dead letter.
 *
 * <p>Only one flusher at a time works a shared journal: the holder of its lease. If the holder's
 * JVM dies, the lease lapses and another JVM's flusher (or the same JVM after a restart) reads
 * the records the dead one had not removed and writes them again, in the same order: a write may
 * reach the writer twice, never out of order. Before each writer call the flusher makes sure its
 * lease has more than half its time left, so a paused holder does not write beside its
 * successor.
 */
public final class WriteBehindFlusher<K, V> implements WriteBehind<K, V> {
  private static final System.Logger LOG = System.getLogger(WriteBehindFlusher.class.getName());
  /** How long a flusher's lease on a shared journal lasts unless renewed. */
  static final long LEASE_MILLIS = 5_000;
  /** How long closing waits for a writer call in progress once the close timeout is over. */
  private static final long JOIN_MILLIS = 1_000;
  /** How often an idle flusher looks for work, and a waiting caller for room. */
  private static final long IDLE_POLL_MILLIS = 50;

  private final String cacheName;
  private final Journal<K> journal;
  private final CacheWriter<? super K, ? super V> writer;
  private final Function<Object, V> decoder;
  private final WriteBehindSettings settings;
  private final boolean durable;
  private final List<WriteBehindListener<K, V>> listeners = new CopyOnWriteArrayList<>();
  private final WriteBehindStatistics statistics;
  /** Consecutive refusals of each key still being retried; the flusher thread's alone. */
  private final Map<K, Integer> attempts = new HashMap<>();
  private final Thread thread;
  private final Thread watchdog;
  private volatile boolean draining;
  private volatile boolean stopped;
  private volatile int flushRequests;
  /** Whether a round is between reading the journal and telling the listeners of it. */
  private volatile boolean busy;
  private volatile long leaseRenewedAt = Long.MIN_VALUE;
  private int failedRounds;

  /**
   * @param decoder turns a value's stored form into the value the writer receives
   * @param durable whether the journal outlives the JVM (Redis) or not (embedded)
   */
  public WriteBehindFlusher(String cacheName, Journal<K> journal,
      CacheWriter<? super K, ? super V> writer, Function<Object, V> decoder,
      WriteBehindSettings settings, boolean durable) {
    this.cacheName = cacheName;
    this.journal = journal;
    this.writer = writer;
    this.decoder = decoder;
    this.settings = settings;
    this.durable = durable;
    this.statistics = new WriteBehindStatistics(this);
    this.thread = new Thread(this::run, "strata-write-behind-" + cacheName);
    thread.setDaemon(true);
    this.watchdog = durable ? new Thread(this::watchLease,
        "strata-write-behind-lease-" + cacheName) : null;
    if (watchdog != null) {
      watchdog.setDaemon(true);
    }
  }

  public void start() {
    thread.start();
    if (watchdog != null) {
      watchdog.start();
    }
  }

  /**
   * Returns once the journal has room for a change, waiting up to the configured time while it
   * is full; then fails, changing nothing.
   */
  public void admit() {
    if (journal.length() < settings.queueCapacity()) {
      return;
    }
    long wait = settings.fullQueueWait().toNanos();
    long deadline = System.nanoTime() + wait;
    while (journal.refreshLength() >= settings.queueCapacity()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new CacheException("The write-behind queue of cache '" + cacheName + "' is full: "
            + journal.length() + " changes wait for its CacheWriter (queue-capacity "
            + settings.queueCapacity() + "), and the write was refused"
            + (wait == 0 ? " at once (full-queue-wait 0)" : " after waiting "
            + settings.fullQueueWait().toMillis() + " ms (full-queue-wait)")
            + ". The cache is unchanged. The writer is slower than the writes, or failing: see"
            + " the cache's StrataWriteBehind statistics and dead letters.");
      }
      sleepMillis(Math.max(1, Math.min(10, left / 1_000_000L)));
    }
  }

  private void run() {
    while (!stopped) {
      try {
        if (!holdLease()) {
          Thread.sleep(LEASE_MILLIS / 5);
          continue;
        }
        int max = settings.maxBatchSize();
        List<JournalRecord<K>> records = journal.read(max);
        if (records.size() < max && !urgent()) {
          long wait = records.isEmpty() ? IDLE_POLL_MILLIS
              : settings.maxDelay().toMillis()
                  - (System.currentTimeMillis() - records.get(0).appendedAtMillis());
          if (wait > 0) {
            journal.awaitRecords(records.isEmpty() ? 1 : max, Math.min(wait, IDLE_POLL_MILLIS));
            continue;
          }
        }
        if (records.isEmpty()) {
          journal.awaitRecords(1, IDLE_POLL_MILLIS);
          continue;
        }
        boolean clean;
        busy = true;
        try {
          clean = round(records);
        } finally {
          busy = false;
        }
        if (clean) {
          failedRounds = 0;
        } else {
          failedRounds++;
          Thread.sleep(backoffMillis(failedRounds));
        }
      } catch (InterruptedException e) {
        if (stopped) {
          break;
        }
      } catch (Throwable e) {
        // whatever goes wrong, the journal must go on being flushed: the thread never dies of it
        if (stopped) {
          break;
        }
        LOG.log(Level.WARNING, "The write-behind flusher of cache '" + cacheName
            + "' failed; it tries again shortly: " + e, e);
        sleepMillis(backoffMillis(++failedRounds));
      }
    }
  }

  /**
   * Renews the lease while a round runs, however long the writer takes, so that no other
   * flusher takes the journal over from a live one; a renewal that finds the lease taken marks
   * it lost, and the round's settling is refused.
   */
  private void watchLease() {
    while (!stopped) {
      sleepMillis(LEASE_MILLIS / 3);
      if (busy && leaseRenewedAt != Long.MIN_VALUE) {
        try {
          if (journal.lease(LEASE_MILLIS)) {
            leaseRenewedAt = System.nanoTime();
          } else {
            leaseRenewedAt = Long.MIN_VALUE;
          }
        } catch (RuntimeException e) {
          LOG.log(Level.DEBUG, "Renewing the write-behind lease of cache '" + cacheName
              + "' failed: " + e);
        }
      }
    }
  }

  private boolean urgent() {
    return draining || flushRequests > 0;
  }

  /** Takes or renews the lease when it has less than two thirds of its time left. */
  private boolean holdLease() {
    long now = System.nanoTime();
    if (leaseRenewedAt != Long.MIN_VALUE
        && now - leaseRenewedAt < LEASE_MILLIS * 1_000_000L / 3) {
      return true;
    }
    if (journal.lease(LEASE_MILLIS)) {
      leaseRenewedAt = now;
      return true;
    }
    leaseRenewedAt = Long.MIN_VALUE;
    return false;
  }

  /** Whether the lease has more than half its time left, renewing it otherwise. */
  private boolean leaseFresh() {
    if (System.nanoTime() - leaseRenewedAt < LEASE_MILLIS * 1_000_000L / 2) {
      return true;
    }
    leaseRenewedAt = Long.MIN_VALUE;
    return holdLease();
  }

  /** One round: coalesce, write, settle. Returns false when some key was refused. */
  private boolean round(List<JournalRecord<K>> records) {
    Map<K, JournalRecord<K>> latest = new LinkedHashMap<>();
    Map<K, JournalRecord<K>> retries = new LinkedHashMap<>();
    for (JournalRecord<K> record : records) {
      (record.retry() ? retries : latest).put(record.key(), record);
    }
    for (Map.Entry<K, JournalRecord<K>> retry : retries.entrySet()) {
      // a retry applies only while its very letter remains: not when a newer change of the key
      // is in this round, nor when the letter was discarded or replaced by a newer one
      DeadLetterRecord<K> letter = latest.containsKey(retry.getKey()) ? null
          : journal.deadLetter(retry.getKey());
      if (letter != null && letter.serial() == retry.getValue().letter()) {
        latest.put(retry.getKey(), retry.getValue());
      }
    }
    List<Cache.Entry<? extends K, ? extends V>> writes = new ArrayList<>();
    List<K> deletes = new ArrayList<>();
    List<DeadLetterRecord<K>> buried = new ArrayList<>();
    for (JournalRecord<K> record : latest.values()) {
      if (record.delete()) {
        deletes.add(record.key());
        continue;
      }
      try {
        writes.add(new StrataEntry<>(record.key(), decoder.apply(record.stored())));
      } catch (RuntimeException e) {
        buried.add(new DeadLetterRecord<>(record.key(), record.stored(), false, 0,
            "the value cannot be decoded: " + e.getMessage()));
      }
    }
    if (!leaseFresh()) {
      return true;
    }
    Map<K, String> refused = new HashMap<>();
    writeAll(writes, refused);
    deleteAll(deletes, refused);
    Set<K> accepted = new HashSet<>(latest.keySet());
    accepted.removeAll(refused.keySet());
    for (DeadLetterRecord<K> letter : buried) {
      accepted.remove(letter.key());
    }
    Map<K, Integer> tried = new HashMap<>();
    int retrying = 0;
    for (Map.Entry<K, String> failure : refused.entrySet()) {
      K key = failure.getKey();
      int attempt = attempts.getOrDefault(key, 0) + 1;
      if (attempt >= settings.maxAttempts()) {
        JournalRecord<K> record = latest.get(key);
        buried.add(new DeadLetterRecord<>(key, record.stored(), record.delete(), attempt,
            failure.getValue()));
      } else {
        tried.put(key, attempt);
        retrying++;
      }
    }
    List<JournalRecord<K>> done = new ArrayList<>(records.size());
    for (JournalRecord<K> record : records) {
      if (!tried.containsKey(record.key())) {
        done.add(record);
      }
    }
    if (!journal.settle(done, accepted, buried)) {
      // the lease lapsed: the next holder reads these records again; nothing here happened
      leaseRenewedAt = Long.MIN_VALUE;
      return true;
    }
    for (K key : accepted) {
      attempts.remove(key);
    }
    for (DeadLetterRecord<K> letter : buried) {
      attempts.remove(letter.key());
    }
    attempts.putAll(tried);
    statistics.retries.add(retrying);
    for (DeadLetterRecord<K> letter : buried) {
      statistics.buried.increment();
      DeadLetter<K, V> dead = toDeadLetter(letter);
      LOG.log(Level.ERROR, "Cache '" + cacheName + "' gave up writing key " + letter.key()
          + " after " + letter.attempts() + " attempts; it is kept as a dead letter: "
          + letter.failure());
      for (WriteBehindListener<K, V> listener : listeners) {
        try {
          listener.onDeadLetter(dead);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "A write-behind listener of cache '" + cacheName
              + "' failed", e);
        }
      }
    }
    return retrying == 0;
  }

  private void writeAll(List<Cache.Entry<? extends K, ? extends V>> writes,
      Map<K, String> refused) {
    if (writes.isEmpty()) {
      return;
    }
    List<Cache.Entry<? extends K, ? extends V>> left = new ArrayList<>(writes);
    long start = System.nanoTime();
    try {
      @SuppressWarnings({"unchecked", "rawtypes"})
      CacheWriter<K, V> typed = (CacheWriter) writer;
      typed.writeAll(left);
      statistics.recordCall(System.nanoTime() - start, writes.size(), 0);
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      statistics.recordCall(System.nanoTime() - start, writes.size() - left.size(), 0);
      String failure = e.toString();
      for (Cache.Entry<? extends K, ? extends V> entry : left) {
        refused.put(entry.getKey(), failure);
      }
    }
  }

  private void deleteAll(List<K> deletes, Map<K, String> refused) {
    if (deletes.isEmpty()) {
      return;
    }
    List<K> left = new ArrayList<>(deletes);
    long start = System.nanoTime();
    try {
      writer.deleteAll(left);
      statistics.recordCall(System.nanoTime() - start, 0, deletes.size());
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      statistics.recordCall(System.nanoTime() - start, 0, deletes.size() - left.size());
      String failure = e.toString();
      for (K key : left) {
        refused.put(key, failure);
      }
    }
  }

  /** The pause after {@code rounds} failed rounds: doubling from the initial, with jitter. */
  private long backoffMillis(int rounds) {
    long initial = Math.max(1, settings.initialBackoff().toMillis());
    long max = Math.max(initial, settings.maxBackoff().toMillis());
    long pause = initial << Math.min(rounds - 1, 30);
    pause = Math.min(max, pause <= 0 ? max : pause);
    return pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1);
  }

  /**
   * Flushes what is queued, up to the close timeout, then stops the flusher and reports what is
   * left.
   */
  public void close() {
    draining = true;
    long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
    long left = -1;
    try {
      while (thread.isAlive()) {
        left = lengthOrUnknown();
        if (left == 0 || System.nanoTime() >= deadline) {
          break;
        }
        sleepMillis(10);
      }
    } finally {
      stopped = true;
      if (!busy) {
        // a writer call in progress is left to finish rather than interrupted mid-statement
        thread.interrupt();
      }
      if (watchdog != null) {
        watchdog.interrupt();
      }
      try {
        thread.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (!thread.isAlive()) {
        // a flusher still in a writer call keeps its lease until the lease lapses
        releaseLeaseQuietly();
      }
    }
    left = lengthOrUnknown();
    if (left != 0) {
      String count = left < 0 ? "an unknown number of" : Long.toString(left);
      LOG.log(Level.WARNING, "Cache '" + cacheName + "' closed with " + count + " changes its"
          + " CacheWriter had not received within close-timeout "
          + settings.closeTimeout().toMillis() + " ms" + (durable
          ? "; they stay in Redis, and the next flusher of the cache writes them"
          : "; the queue of an embedded cache is in the heap, so they are lost"));
      for (WriteBehindListener<K, V> listener : listeners) {
        try {
          listener.onClosedWithPending(left, durable);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "A write-behind listener of cache '" + cacheName
              + "' failed", e);
        }
      }
    }
  }

  /** The journal's length, or -1 when it cannot be read (Redis out of reach). */
  private long lengthOrUnknown() {
    try {
      return journal.refreshLength();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private void releaseLeaseQuietly() {
    try {
      journal.releaseLease();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "Giving up the write-behind lease of cache '" + cacheName
          + "' failed; it lapses by itself: " + e);
    }
  }

  @Override
  public long pending() {
    return journal.refreshLength();
  }

  @Override
  public Duration oldestPendingAge() {
    List<JournalRecord<K>> oldest = journal.read(1);
    return oldest.isEmpty() ? Duration.ZERO : Duration.ofMillis(
        Math.max(0, System.currentTimeMillis() - oldest.get(0).appendedAtMillis()));
  }

  @Override
  public boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      flushRequests++;
    }
    try {
      while (lengthOrUnknown() != 0 || busy) {
        if (System.nanoTime() >= deadline || stopped) {
          return false;
        }
        sleepMillis(5);
      }
      return true;
    } finally {
      synchronized (this) {
        flushRequests--;
      }
    }
  }

  @Override
  public List<DeadLetter<K, V>> deadLetters() {
    List<DeadLetter<K, V>> letters = new ArrayList<>();
    for (DeadLetterRecord<K> letter : journal.deadLetters()) {
      letters.add(toDeadLetter(letter));
    }
    return letters;
  }

  private DeadLetter<K, V> toDeadLetter(DeadLetterRecord<K> letter) {
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

  @Override
  public boolean retryDeadLetter(K key) {
    DeadLetterRecord<K> letter = journal.deadLetter(key);
    if (letter == null) {
      return false;
    }
    journal.appendRetry(letter);
    return true;
  }

  @Override
  public int retryDeadLetters() {
    int count = 0;
    for (DeadLetterRecord<K> letter : journal.deadLetters()) {
      journal.appendRetry(letter);
      count++;
    }
    return count;
  }

  @Override
  public boolean discardDeadLetter(K key) {
    return journal.discardDeadLetter(key);
  }

  @Override
  public int discardDeadLetters() {
    int count = 0;
    for (DeadLetterRecord<K> letter : journal.deadLetters()) {
      if (journal.discardDeadLetter(letter.key())) {
        count++;
      }
    }
    return count;
  }

  @Override
  public void addListener(WriteBehindListener<K, V> listener) {
    listeners.add(java.util.Objects.requireNonNull(listener));
  }

  @Override
  public void removeListener(WriteBehindListener<K, V> listener) {
    listeners.remove(listener);
  }

  @Override
  public WriteBehindStatisticsMXBean statistics() {
    return statistics;
  }

  int deadLetterCount() {
    return journal.deadLetters().size();
  }

  Collection<DeadLetterRecord<K>> deadLetterRecords() {
    return journal.deadLetters();
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
