package dev.strata.jcache.writebehind;

import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.store.Journal;
import java.lang.System.Logger.Level;
import java.util.function.BooleanSupplier;

/**
 * A flusher's hold on the right to flush a shared journal: it takes the lease, renews it when
 * less than two thirds of its time is left, and, on a watchdog thread of its own, renews it
 * while a round is in progress however long the writer takes, so that no other flusher takes
 * the journal over from a live one. A renewal that finds the lease taken marks it lost; so does
 * a refused settle.
 *
 * <p>The lease's time to live is counted by the journal's source (Redis) in real time, so what
 * is left of it is counted here in real time too, on the system ticker whatever the cache's
 * ticker: a test's ticker that stands still must not make a lapsed lease look fresh, or a paused
 * holder would write beside its successor. A journal private to one JVM grants every lease, and
 * has no watchdog.
 */
final class LeaseKeeper {
  /** Write-behind logs under the flusher's name, one category for all of it. */
  private static final System.Logger LOG =
      System.getLogger(WriteBehindFlusher.class.getName());
  /** How long a lease lasts unless renewed. */
  static final long LEASE_MILLIS = 5_000;
  private static final long NOT_HELD = Long.MIN_VALUE;

  private final String cacheName;
  private final Journal<?> journal;
  private final TickerWait time = new TickerWait(Ticker.system(), LEASE_MILLIS);
  private final BooleanSupplier roundInProgress;
  private final Thread watchdog;
  private volatile boolean stopped;
  private volatile long renewedAt = NOT_HELD;
  /** The epoch of the lease last held: the fencing token of the writer's calls. */
  private volatile long epoch;

  /**
   * @param shared whether other JVMs' flushers may want the journal (it lives in Redis)
   * @param roundInProgress whether the flusher is between reading a round and settling it
   */
  LeaseKeeper(String cacheName, Journal<?> journal, boolean shared,
      BooleanSupplier roundInProgress) {
    this.cacheName = cacheName;
    this.journal = journal;
    this.roundInProgress = roundInProgress;
    this.watchdog = shared
        ? new Thread(this::watch, "strata-write-behind-lease-" + cacheName) : null;
    if (watchdog != null) {
      watchdog.setDaemon(true);
    }
  }

  void start() {
    if (watchdog != null) {
      watchdog.start();
    }
  }

  /** Ends the watchdog; the lease itself is kept until {@link #release} or its lapse. */
  void stop() {
    stopped = true;
    if (watchdog != null) {
      watchdog.interrupt();
    }
  }

  /** Takes or renews the lease when it has less than two thirds of its time left. */
  boolean hold() {
    long now = time.now();
    long renewed = renewedAt;
    if (renewed != NOT_HELD && now - renewed < LEASE_MILLIS * 1_000_000L / 3) {
      return true;
    }
    long held = journal.lease(LEASE_MILLIS);
    if (held > 0) {
      epoch = held;
      renewedAt = now;
      return true;
    }
    renewedAt = NOT_HELD;
    return false;
  }

  /** Whether the lease has more than half its time left, renewing it otherwise. */
  boolean fresh() {
    long renewed = renewedAt;
    if (renewed != NOT_HELD && time.now() - renewed < LEASE_MILLIS * 1_000_000L / 2) {
      return true;
    }
    renewedAt = NOT_HELD;
    return hold();
  }

  /**
   * The epoch of the lease held, which increases with every new holder: the fencing token a
   * {@link FencedCacheWriter} receives.
   */
  long epoch() {
    return epoch;
  }

  /** Notes that the lease lapsed (a settle was refused): the next round takes it anew. */
  void lost() {
    renewedAt = NOT_HELD;
  }

  /** Waits before trying again for a lease another flusher holds. */
  void awaitTurn() throws InterruptedException {
    time.pause(LEASE_MILLIS / 5);
  }

  /** Gives the lease up, if held; a failure only leaves it to lapse. */
  void release() {
    try {
      journal.releaseLease();
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "Giving up the write-behind lease of cache '" + cacheName
          + "' failed; it lapses by itself: " + e);
    }
  }

  private void watch() {
    while (!stopped) {
      time.pauseQuietly(LEASE_MILLIS / 3);
      if (roundInProgress.getAsBoolean() && renewedAt != NOT_HELD) {
        try {
          // the renewal counts from before it was sent: it may have taken effect at once and
          // answered late; and it keeps the epoch the lease was taken with
          long sent = time.now();
          renewedAt = journal.renewLease(LEASE_MILLIS) > 0 ? sent : NOT_HELD;
        } catch (RuntimeException e) {
          LOG.log(Level.DEBUG, "Renewing the write-behind lease of cache '" + cacheName
              + "' failed: " + e);
        }
      }
    }
  }
}
