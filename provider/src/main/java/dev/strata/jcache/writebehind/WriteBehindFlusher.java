package dev.strata.jcache.writebehind;

import dev.strata.jcache.configuration.WriteBehindSettings;
import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.store.Journal;
import dev.strata.jcache.store.Journal.DeadLetterRecord;
import dev.strata.jcache.store.Journal.JournalRecord;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import javax.cache.CacheException;
import javax.cache.integration.CacheWriter;

/**
 * Hands a write-behind cache's journal to its writer, in batches, on a thread of its own; and is
 * what the application sees of it ({@link WriteBehind}, and the JMX bean).
 *
 * <p>Each round reads the oldest records (up to the batch size, once the batch is full or its
 * oldest record has waited the maximum delay), keeps the latest record of each key and calls
 * {@code writeAll} and {@code deleteAll}. The records of the keys the writer took are removed;
 * those of the keys it refused (the ones left in the collection it was given) stay at the head
 * of the journal and are read again, with anything newer of the same key, after an exponential
 * pause with jitter. So the writer never sees a key's older value after a newer one. A key
 * refused {@code max-attempts} times becomes a dead letter. {@link RoundPlanner} decides each
 * round, {@link FlushLoop} runs them.
 *
 * <p>Only one flusher at a time works a shared journal: the holder of its lease ({@link
 * LeaseKeeper}). If the holder's JVM dies, the lease lapses and another JVM's flusher (or the
 * same JVM after a restart) reads the records the dead one had not removed and writes them
 * again, in the same order: a write may reach the writer twice, never out of order.
 *
 * <p>The flusher's own schedule (the maximum delay, the pauses after refusals) runs on the
 * cache's ticker, so a test moves it without waiting. What bounds a calling thread (the
 * full-queue wait, a flush's timeout, the close timeout) and the lease, whose time Redis counts,
 * run in real time: a thread held there cannot move a test's ticker.
 */
public final class WriteBehindFlusher<K, V> implements WriteBehind<K, V> {
  private static final System.Logger LOG = System.getLogger(WriteBehindFlusher.class.getName());
  /** How often a close that waits for its writer says how far it got. */
  private static final long PROGRESS_NANOS = 2_000_000_000L;
  /** How long closing waits for a writer call in progress once the close timeout is over. */
  private static final long JOIN_MILLIS = 1_000;

  private final String cacheName;
  private final Journal<K> journal;
  private final WriteBehindSettings settings;
  private final boolean durable;
  private final TickerWait realTime = new TickerWait(Ticker.system(), 10);
  private final WriteBehindListeners<K, V> listeners;
  private final DeadLetters<K, V> deadLetters;
  private final WriteBehindStatistics statistics;
  private final FlushLoop<K, V> loop;
  private volatile boolean draining;
  private volatile int flushRequests;

  /**
   * @param decoder turns a value's stored form into the value the writer receives
   * @param durable whether the journal outlives the JVM (Redis) or not (embedded)
   * @param ticker the cache's ticker
   */
  public WriteBehindFlusher(String cacheName, Journal<K> journal,
      CacheWriter<? super K, ? super V> writer, Function<Object, V> decoder,
      WriteBehindSettings settings, boolean durable, Ticker ticker) {
    this.cacheName = cacheName;
    this.journal = journal;
    this.settings = settings;
    this.durable = durable;
    this.listeners = new WriteBehindListeners<>(cacheName);
    this.deadLetters = new DeadLetters<>(journal, decoder);
    this.statistics = new WriteBehindStatistics(this);
    var planner = new RoundPlanner<K, V>(decoder, settings.maxAttempts(),
        settings.initialBackoff().toMillis(), settings.maxBackoff().toMillis(),
        new SplittableRandom());
    this.loop = new FlushLoop<>(cacheName, journal, durable, writer, settings, planner,
        new TickerWait(ticker, FlushLoop.IDLE_POLL_MILLIS), this::urgent, statistics,
        deadLetters, listeners);
  }

  public void start() {
    loop.start();
  }

  /**
   * Returns once the journal has room for a change, waiting up to the configured time while it
   * is full; then fails, changing nothing.
   */
  public void admit() {
    if (journal.length() < settings.queueCapacity()) {
      return;
    }
    long deadline = realTime.deadlineAfter(settings.fullQueueWait());
    while (journal.refreshLength() >= settings.queueCapacity()) {
      long left = realTime.left(deadline);
      if (left <= 0) {
        throw new CacheException("The write-behind queue of cache '" + cacheName + "' is full: "
            + journal.length() + " changes wait for its CacheWriter (queue-capacity "
            + settings.queueCapacity() + "), and the write was refused"
            + (settings.fullQueueWait().isZero() ? " at once (full-queue-wait 0)"
            : " after waiting " + settings.fullQueueWait().toMillis() + " ms (full-queue-wait)")
            + ". The cache is unchanged. The writer is slower than the writes, or failing: see"
            + " the cache's StrataWriteBehind statistics and dead letters.");
      }
      realTime.pauseQuietly(Math.max(1, Math.min(10, left / 1_000_000L)));
    }
  }

  private boolean urgent() {
    return draining || flushRequests > 0;
  }

  /**
   * Flushes what is queued, up to the close timeout, then stops the flusher and reports what is
   * left.
   */
  public void close() {
    draining = true;
    long deadline = realTime.deadlineAfter(settings.closeTimeout());
    long left = -1;
    long started = System.nanoTime();
    long nextReport = started + PROGRESS_NANOS;
    long first = -1;
    try {
      while (loop.alive()) {
        left = lengthOrUnknown();
        if (first < 0) {
          first = left;
        }
        if (left == 0 || realTime.left(deadline) <= 0) {
          break;
        }
        long now = System.nanoTime();
        if (now - nextReport >= 0) {
          nextReport = now + PROGRESS_NANOS;
          long elapsed = (now - started) / 1_000_000;
          LOG.log(Level.INFO, "Cache '" + cacheName + "' closing: its CacheWriter has "
              + (left < 0 ? "an unknown number of" : Long.toString(left)) + " changes left to"
              + " receive" + (first > 0 && left >= 0 ? " of " + first : "") + " after "
              + elapsed + " ms; close-timeout " + settings.closeTimeout().toMillis() + " ms");
        }
        realTime.pauseQuietly(10);
      }
    } finally {
      loop.stop(JOIN_MILLIS);
    }
    left = lengthOrUnknown();
    if (left != 0) {
      String count = left < 0 ? "an unknown number of" : Long.toString(left);
      LOG.log(Level.WARNING, "Cache '" + cacheName + "' closed with " + count + " changes its"
          + " CacheWriter had not received within close-timeout "
          + settings.closeTimeout().toMillis() + " ms" + (durable
          ? "; they stay in Redis, and the next flusher of the cache writes them"
          : "; the queue of an embedded cache is in the heap, so they are lost"));
      listeners.closedWithPending(left, durable);
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

  @Override
  public long pending() {
    return journal.refreshLength();
  }

  @Override
  public Duration oldestPendingAge() {
    List<JournalRecord<K>> oldest = journal.read(1);
    return oldest.isEmpty() ? Duration.ZERO
        : Duration.ofMillis(Math.max(0, loop.ageMillis(oldest.get(0))));
  }

  @Override
  public boolean flush(Duration timeout) {
    long deadline = realTime.deadlineAfter(timeout);
    synchronized (this) {
      flushRequests++;
    }
    try {
      while (lengthOrUnknown() != 0 || loop.busy()) {
        if (realTime.left(deadline) <= 0 || loop.stopped()) {
          return false;
        }
        realTime.pauseQuietly(5);
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
    return deadLetters.list();
  }

  @Override
  public boolean retryDeadLetter(K key) {
    return deadLetters.retry(key);
  }

  @Override
  public int retryDeadLetters() {
    return deadLetters.retryAll();
  }

  @Override
  public boolean discardDeadLetter(K key) {
    return deadLetters.discard(key);
  }

  @Override
  public int discardDeadLetters() {
    return deadLetters.discardAll();
  }

  @Override
  public void addListener(WriteBehindListener<K, V> listener) {
    listeners.add(listener);
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
    return deadLetters.count();
  }

  Collection<DeadLetterRecord<K>> deadLetterRecords() {
    return deadLetters.records();
  }
}
