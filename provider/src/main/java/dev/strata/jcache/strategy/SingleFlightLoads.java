package dev.strata.jcache.strategy;

import dev.strata.jcache.store.LoadLeases;
import dev.strata.jcache.store.StoreEntry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Read-through misses of one key load once across the JVMs that share a cache's Redis.
 *
 * <p>The first miss of a key in this JVM leads; this JVM's later misses of it wait for the
 * leader, then read what it stored. The leader reads the entry and, finding it absent, takes the
 * key's {@link LoadLeases lease} in the same round trip; holding it, it loads as a cache without
 * single flight does (inside the key's atomic step, so a value written meanwhile is kept) and
 * gives the lease up. A leader that finds the lease held by another JVM reads again with a
 * growing pause (1 ms doubling to 32 ms, never past the lease) until the value appears, the
 * lease is free (the other load stored nothing, or its JVM died: this one takes the lease), or
 * the timeout passes: it then loads by itself. So a loader that hangs delays the others at most
 * the timeout, and a loaded value is read, never loaded again, by every JVM that waited.
 *
 * <p>Costs: an uncontended miss sends the leased read (one round trip) before its atomic step,
 * and the lease's release without waiting; a waiting miss one round trip per pause.
 */
public final class SingleFlightLoads<K> {
  private static final long FIRST_PAUSE_NANOS = 1_000_000L;
  private static final long MAX_PAUSE_NANOS = 32_000_000L;

  private final LoadLeases<K> leases;
  private final long timeoutNanos;
  private final long leaseMillis;
  private final StrategyStatistics statistics;
  private final ConcurrentHashMap<K, CompletableFuture<Void>> leaders = new ConcurrentHashMap<>();

  /**
   * @param timeoutMillis the longest a miss waits for another load, and how long a lease lasts
   */
  public SingleFlightLoads(LoadLeases<K> leases, long timeoutMillis,
      StrategyStatistics statistics) {
    this.leases = leases;
    this.leaseMillis = timeoutMillis;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    this.statistics = statistics;
  }

  /**
   * The value of a missing key: loaded by {@code load} (the caller's own load step) when this
   * caller leads, else what another caller's load stored, decoded by {@code present}.
   */
  public <V> V load(K key, Function<K, V> load, Function<StoreEntry, V> present) {
    var mine = new CompletableFuture<Void>();
    CompletableFuture<Void> leader = leaders.putIfAbsent(key, mine);
    if (leader != null) {
      awaitLocal(leader);
      return load.apply(key);
    }
    try {
      return lead(key, load, present);
    } finally {
      leaders.remove(key, mine);
      mine.complete(null);
    }
  }

  private <V> V lead(K key, Function<K, V> load, Function<StoreEntry, V> present) {
    byte[] token = new byte[12];
    ThreadLocalRandom.current().nextBytes(token);
    long started = System.nanoTime();
    long pause = FIRST_PAUSE_NANOS;
    boolean waited = false;
    while (true) {
      LoadLeases.Read read = leases.readOrLease(key, token, leaseMillis);
      switch (read.state()) {
        case PRESENT:
          return present.apply(read.entry());
        case LEASED:
          try {
            return load.apply(key);
          } finally {
            leases.release(key, token);
          }
        default:
          if (!waited) {
            waited = true;
            statistics.recordSingleFlightWait();
          }
          long left = timeoutNanos - (System.nanoTime() - started);
          if (left <= 0) {
            statistics.recordSingleFlightTimeout();
            return load.apply(key);
          }
          long leaseLeft = TimeUnit.MILLISECONDS.toNanos(read.remainingMillis()) + 100_000L;
          LockSupport.parkNanos(Math.min(pause, Math.min(left, leaseLeft)));
          pause = Math.min(MAX_PAUSE_NANOS, pause * 2);
      }
    }
  }

  /** Waits for this JVM's leader of the key, at most the timeout. */
  private void awaitLocal(CompletableFuture<Void> leader) {
    try {
      leader.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // loads by itself
    }
  }
}
