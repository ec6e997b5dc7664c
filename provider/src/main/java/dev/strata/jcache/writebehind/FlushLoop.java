package dev.strata.jcache.writebehind;

import dev.strata.jcache.configuration.WriteBehindSettings;
import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.store.Journal;
import dev.strata.jcache.store.Journal.DeadLetterRecord;
import dev.strata.jcache.store.Journal.JournalRecord;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;

/**
 * The flusher's thread: it waits for a round to be due, reads it from the journal, has the
 * {@link RoundPlanner} turn it into writer calls, makes them and settles the round in the
 * journal; after a round the writer partly refused it pauses as the planner says.
 *
 * <p>A round is due once the batch is full, once its oldest record has waited the maximum
 * delay, or at once while a flush or the close asks for it. Delays and pauses are measured on
 * the cache's ticker. A record's age starts from the journal's own clock (the heap's wall clock,
 * or the Redis server's, whose stream ids stamp the records), read once when the record first
 * heads the journal, so that records another JVM left behind are as old as they are; from then
 * on it grows with the ticker.
 */
final class FlushLoop<K, V> {
  /** Write-behind logs under the flusher's name, one category for all of it. */
  private static final System.Logger LOG =
      System.getLogger(WriteBehindFlusher.class.getName());
  /** How often an idle flusher looks for work, and a waiting one at its ticker. */
  static final long IDLE_POLL_MILLIS = 50;
  /** The writer's call times are statistics of real work, so they are measured in real time. */
  private static final Ticker STOPWATCH = Ticker.system();

  private final String cacheName;
  private final Journal<K> journal;
  private final CacheWriter<? super K, ? super V> writer;
  private final WriteBehindSettings settings;
  private final RoundPlanner<K, V> planner;
  private final LeaseKeeper lease;
  private final TickerWait ticker;
  private final BooleanSupplier urgent;
  private final WriteBehindStatistics statistics;
  private final DeadLetters<K, V> deadLetters;
  private final WriteBehindListeners<K, V> listeners;
  private final Thread thread;
  /** Consecutive refusals of each key still being retried; this thread's alone. */
  private final Map<K, Integer> attempts = new HashMap<>();
  private volatile boolean stopped;
  /** Whether a round is between reading the journal and telling the listeners of it. */
  private volatile boolean busy;
  private volatile Sighting head;
  private int failedRounds;

  /** The record heading the journal: how old it was, and the ticker's reading, when first seen. */
  private record Sighting(Object id, long ageNanos, long seenAt) {}

  /**
   * @param shared whether other JVMs' flushers may want the journal (it lives in Redis)
   * @param urgent whether a flush or the close wants everything written now
   * @param ticker the cache's ticker
   */
  FlushLoop(String cacheName, Journal<K> journal, boolean shared,
      CacheWriter<? super K, ? super V> writer, WriteBehindSettings settings,
      RoundPlanner<K, V> planner, TickerWait ticker, BooleanSupplier urgent,
      WriteBehindStatistics statistics, DeadLetters<K, V> deadLetters,
      WriteBehindListeners<K, V> listeners) {
    this.cacheName = cacheName;
    this.journal = journal;
    this.writer = writer;
    this.settings = settings;
    this.planner = planner;
    this.lease = new LeaseKeeper(cacheName, journal, shared, this::busy);
    this.ticker = ticker;
    this.urgent = urgent;
    this.statistics = statistics;
    this.deadLetters = deadLetters;
    this.listeners = listeners;
    this.thread = new Thread(this::run, "strata-write-behind-" + cacheName);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
    lease.start();
  }

  boolean alive() {
    return thread.isAlive();
  }

  boolean busy() {
    return busy;
  }

  boolean stopped() {
    return stopped;
  }

  /**
   * Stops the thread, waiting up to {@code joinMillis} for it to end, and gives the lease up
   * once it has. A writer call in progress is left to finish rather than interrupted
   * mid-statement, and keeps the lease until the lease lapses.
   */
  void stop(long joinMillis) {
    stopped = true;
    if (!busy) {
      thread.interrupt();
    }
    lease.stop();
    try {
      thread.join(joinMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      lease.release();
    }
  }

  /** How long the record has waited in the journal, measured as the round's delay is. */
  long ageMillis(JournalRecord<K> record) {
    Sighting seen = head;
    if (seen != null && seen.id().equals(record.id())) {
      return (seen.ageNanos() + ticker.now() - seen.seenAt()) / 1_000_000L;
    }
    return journal.ageMillis(record);
  }

  private void run() {
    while (!stopped) {
      try {
        if (!lease.hold()) {
          lease.awaitTurn();
          continue;
        }
        // the epoch the records are read under: a round written under another is stale
        long readEpoch = lease.epoch();
        int max = settings.maxBatchSize();
        List<JournalRecord<K>> records = journal.read(max);
        if (records.size() < max && !urgent.getAsBoolean()) {
          long wait = records.isEmpty() ? IDLE_POLL_MILLIS
              : settings.maxDelay().toMillis() - headAgeMillis(records.get(0));
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
          clean = round(records, readEpoch);
        } finally {
          busy = false;
        }
        if (clean) {
          failedRounds = 0;
        } else {
          ticker.pause(planner.backoffMillis(++failedRounds));
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
        ticker.pauseQuietly(planner.backoffMillis(++failedRounds));
      }
    }
  }

  private long headAgeMillis(JournalRecord<K> first) {
    Sighting seen = head;
    if (seen == null || !seen.id().equals(first.id())) {
      head = new Sighting(first.id(), journal.ageMillis(first) * 1_000_000L, ticker.now());
    }
    return ageMillis(first);
  }

  /** One round: plan, write, settle. Returns false when some key is to be retried. */
  private boolean round(List<JournalRecord<K>> records, long readEpoch) {
    RoundPlanner.Offer<K, V> offer = planner.offer(records, journal::deadLetter,
        System.currentTimeMillis());
    // a flusher that lost its lease meanwhile, even one that took it again since (a new epoch),
    // read these records before its successor wrote newer ones: the round is not written
    if (!lease.fresh() || lease.epoch() != readEpoch) {
      return true;
    }
    long fence = readEpoch;
    Map<K, String> refused = new HashMap<>();
    writeAll(offer.writes(), refused, fence);
    deleteAll(offer.deletes(), refused, fence);
    RoundPlanner.Outcome<K> outcome = planner.outcome(offer, refused, attempts,
        System.currentTimeMillis());
    if (!journal.settle(outcome.done(), outcome.accepted(), outcome.buried())) {
      // the lease lapsed: the next holder reads these records again; nothing here happened
      lease.lost();
      return true;
    }
    outcome.applyTo(attempts);
    statistics.retries.add(outcome.retrying().size());
    for (DeadLetterRecord<K> letter : outcome.buried()) {
      statistics.buried.increment();
      LOG.log(Level.ERROR, "Cache '" + cacheName + "' gave up writing key " + letter.key()
          + " after " + letter.attempts() + " attempts; it is kept as a dead letter: "
          + letter.failure());
      listeners.deadLetter(deadLetters.decoded(letter));
    }
    return outcome.clean();
  }

  /** Calls the writer, a fenced one with the round's fencing token. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void writeAll(List<Cache.Entry<? extends K, ? extends V>> writes,
      Map<K, String> refused, long fence) {
    if (writes.isEmpty()) {
      return;
    }
    List<Cache.Entry<? extends K, ? extends V>> left = new ArrayList<>(writes);
    long start = STOPWATCH.read();
    try {
      if (writer instanceof FencedCacheWriter) {
        ((FencedCacheWriter<K, V>) writer).writeAll(left, fence);
      } else {
        ((CacheWriter<K, V>) (CacheWriter) writer).writeAll(left);
      }
      statistics.recordCall(STOPWATCH.read() - start, writes.size(), 0);
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      statistics.recordCall(STOPWATCH.read() - start, writes.size() - left.size(), 0);
      String failure = e.toString();
      for (Cache.Entry<? extends K, ? extends V> entry : left) {
        refused.put(entry.getKey(), failure);
      }
    }
  }

  private void deleteAll(List<K> deletes, Map<K, String> refused, long fence) {
    if (deletes.isEmpty()) {
      return;
    }
    List<K> left = new ArrayList<>(deletes);
    long start = STOPWATCH.read();
    try {
      if (writer instanceof FencedCacheWriter) {
        ((FencedCacheWriter<?, ?>) writer).deleteAll(left, fence);
      } else {
        writer.deleteAll(left);
      }
      statistics.recordCall(STOPWATCH.read() - start, 0, deletes.size());
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      statistics.recordCall(STOPWATCH.read() - start, 0, deletes.size() - left.size());
      String failure = e.toString();
      for (K key : left) {
        refused.put(key, failure);
      }
    }
  }
}
