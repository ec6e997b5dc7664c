package dev.strata.hibernate.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The clock of the Redis server that holds the shared caches, so that every node sharing them
 * stamps with one clock whatever the skew between the nodes' own clocks.
 *
 * <p>Asking Redis for every timestamp would cost a round trip per session. Instead this clock
 * measures the offset between the Redis server's {@code TIME} and this JVM's clock when it
 * starts and again every {@link #RECALIBRATION} ({@value #SAMPLES} round trips each, keeping the
 * fastest), taking the middle of the round trip as the instant Redis read its clock. Between
 * measurements it adds the offset to the local clock, so nodes agree to within half a round trip
 * plus the drift of one interval. The server is the one a Strata cache in Redis names as the
 * shared clock ({@code StrataCache.serverClock()}): the same one for every node, also in a Redis
 * Cluster.
 */
public final class RedisCacheClock implements CacheClock {
  /** How often the offset to the Redis server's clock is measured again. */
  public static final Duration RECALIBRATION = Duration.ofSeconds(30);
  /** Round trips per measurement; the fastest one is kept, its midpoint being the surest. */
  static final int SAMPLES = 3;
  /** How long after a failed measurement the next is tried. */
  static final Duration RETRY = Duration.ofSeconds(5);
  private static final System.Logger LOG = System.getLogger(RedisCacheClock.class.getName());

  private final LongSupplier serverMicros;
  private final MonotonicTimestamps timestamps = new MonotonicTimestamps();
  private volatile long offsetMillis;
  private volatile long calibratedAtNanos;
  private final AtomicBoolean recalibrating = new AtomicBoolean();

  RedisCacheClock(LongSupplier serverMicros) {
    this.serverMicros = serverMicros;
    calibrate();
  }

  /** A clock following a server clock that reads microseconds since the epoch. */
  public static RedisCacheClock of(LongSupplier serverMicros) {
    return new RedisCacheClock(serverMicros);
  }

  /**
   * The next timestamp: local time shifted by the last offset measured. Only the first
   * measurement, when the clock is made, may fail; a later one that fails (Redis slow or out of
   * reach) leaves the last offset in use and is tried again a {@link #RETRY} later, so no
   * transaction waits on Redis here.
   */
  @Override
  public long next() {
    if (System.nanoTime() - calibratedAtNanos > RECALIBRATION.toNanos()
        && recalibrating.compareAndSet(false, true)) {
      try {
        calibrate();
      } catch (RuntimeException e) {
        calibratedAtNanos = System.nanoTime() - RECALIBRATION.toNanos() + RETRY.toNanos();
        LOG.log(System.Logger.Level.WARNING, "Cannot measure the Redis server's clock; the"
            + " second-level cache keeps the last offset (" + offsetMillis + " ms): " + e);
      } finally {
        recalibrating.set(false);
      }
    }
    return timestamps.next(System.currentTimeMillis() + offsetMillis);
  }

  /** The last measured difference, Redis's clock minus this JVM's, in milliseconds. */
  public long offsetMillis() {
    return offsetMillis;
  }

  private void calibrate() {
    long bestRoundTrip = Long.MAX_VALUE;
    for (int sample = 0; sample < SAMPLES; sample++) {
      long start = System.nanoTime();
      long before = System.currentTimeMillis();
      long server = serverMicros.getAsLong();
      long after = System.currentTimeMillis();
      long roundTrip = System.nanoTime() - start;
      if (roundTrip < bestRoundTrip) {
        bestRoundTrip = roundTrip;
        offsetMillis = Math.round(server / 1000.0 - (before + after) / 2.0);
      }
    }
    calibratedAtNanos = System.nanoTime();
  }
}
