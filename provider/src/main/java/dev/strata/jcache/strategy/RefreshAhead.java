package dev.strata.jcache.strategy;

import dev.strata.jcache.core.RefreshStep;
import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.integration.LoaderSupport;
import dev.strata.jcache.store.LoadLeases;
import dev.strata.jcache.store.StoreEntry;
import java.io.Closeable;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Refresh-ahead: a read that finds an entry older than the refresh age returns it at once and
 * schedules one reload of the key, so that a key read continuously never misses.
 *
 * <p><b>Age.</b> Stores keep no write time, so an entry's age is read off its expiry instant:
 * the creation duration less the remaining time to live. That is exact for an entry written by
 * a load, a refresh or a write whose expiry the creation (or an equal update) duration set; an
 * update duration that left the instant unchanged makes the entry look as old as its creation,
 * and an access duration makes the age the time since the last access.
 *
 * <p><b>One reload per key.</b> This JVM runs at most one reload of a key at a time, on a
 * bounded pool of its own ({@code refreshThreads} threads, a queue of 1,024 keys; a key that
 * finds the queue full is dropped and counted, and the next due read schedules it again). On
 * Redis a reload first takes the key's loading lease (the single-flight lease), so one JVM
 * reloads the key; it keeps the lease until it lapses (at most the single-flight timeout, and no
 * longer than the creation duration less the refresh age), so that other JVMs, which may read
 * the old entry until the change message reaches them, do not reload it again meanwhile.
 *
 * <p><b>Failure.</b> A reload whose loader fails or returns nothing changes nothing: the old
 * value is served until it expires, the failure is counted, and the lease is given up so that
 * the next due read, in any JVM, tries again.
 */
public final class RefreshAhead<K, V> implements Closeable {
  private static final System.Logger LOG = System.getLogger(RefreshAhead.class.getName());
  private static final int QUEUE = 1024;

  private final String cacheName;
  private final Ticker ticker;
  private final long creationNanos;
  private final long dueAgeNanos;
  private final LoaderSupport<K, V> loader;
  private final RefreshStep<K, V> step;
  private final LoadLeases<K> leases;
  private final long leaseMillis;
  private final byte[] token = new byte[12];
  private final StrategyStatistics statistics;
  private final Set<K> running = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor pool;

  /**
   * @param creationNanos the cache's creation duration
   * @param dueAgeNanos the age from which a read schedules a reload, below {@code creationNanos}
   * @param leases the loading leases of a cache shared across JVMs, or {@code null}
   */
  public RefreshAhead(String cacheName, Ticker ticker, long creationNanos, long dueAgeNanos,
      int threads, LoaderSupport<K, V> loader, RefreshStep<K, V> step, LoadLeases<K> leases,
      long leaseMillis, StrategyStatistics statistics) {
    if (dueAgeNanos <= 0 || dueAgeNanos >= creationNanos) {
      throw new IllegalArgumentException("Cache '" + cacheName + "' refreshes entries "
          + TimeUnit.NANOSECONDS.toMillis(dueAgeNanos) + " ms after they are written, which is"
          + " not within their " + TimeUnit.NANOSECONDS.toMillis(creationNanos)
          + " ms creation duration");
    }
    this.cacheName = cacheName;
    this.ticker = ticker;
    this.creationNanos = creationNanos;
    this.dueAgeNanos = dueAgeNanos;
    this.loader = loader;
    this.step = step;
    this.leases = leases;
    this.leaseMillis = leaseMillis;
    this.statistics = statistics;
    ThreadLocalRandom.current().nextBytes(token);
    var count = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE), runnable -> {
          var thread = new Thread(runnable, "strata-refresh-" + cacheName + "-"
              + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
  }

  /** The age from which a read schedules a reload, in ticker nanoseconds. */
  public long dueAgeNanos() {
    return dueAgeNanos;
  }

  /** Schedules a reload of the key when the entry just read is due (see the class comment). */
  public void onRead(K key, StoreEntry entry) {
    long expiresAt = entry.expiresAt();
    if (expiresAt == StoreEntry.ETERNAL || expiresAt == StoreEntry.UNKNOWN) {
      return;
    }
    long age = creationNanos - (expiresAt - ticker.read());
    if (age < dueAgeNanos || !running.add(key)) {
      return;
    }
    try {
      pool.execute(() -> reload(key));
    } catch (RejectedExecutionException e) {
      running.remove(key);
      statistics.recordRefreshDropped();
    }
  }

  private void reload(K key) {
    boolean leased = false;
    boolean refreshed = false;
    try {
      if (leases != null) {
        leased = leases.tryLease(key, token, leaseMillis);
        if (!leased) {
          return;
        }
      }
      V value = loader.load(key);
      if (value == null) {
        statistics.recordRefreshFailure();
        return;
      }
      step.store(key, value);
      refreshed = true;
      statistics.recordRefresh();
    } catch (RuntimeException e) {
      statistics.recordRefreshFailure();
      LOG.log(Level.DEBUG, "Refreshing a key of cache '" + cacheName + "' failed; its value"
          + " stays until it expires: " + e);
    } finally {
      if (leased && !refreshed) {
        leases.release(key, token);
      }
      running.remove(key);
    }
  }

  /** Whether no reload is scheduled or running: for tests and orderly shutdowns. */
  public boolean isIdle() {
    return running.isEmpty();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
