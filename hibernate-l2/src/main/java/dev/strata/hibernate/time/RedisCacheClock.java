package dev.strata.hibernate.time;

import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.client.codec.StringCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The clock of the Redis server that holds the shared caches, so that every node sharing them
 * stamps with one clock whatever the skew between the nodes' own clocks.
 *
 * <p>Asking Redis for every timestamp would cost a round trip per session. Instead this clock
 * measures the offset between the Redis server's {@code TIME} and this JVM's clock when it
 * starts and again every {@link #RECALIBRATION} ({@value #SAMPLES} round trips each, keeping the
 * fastest), taking the middle of the round trip as the instant Redis read its clock. Between measurements it adds the offset to the
 * local clock, so nodes agree to within half a round trip plus the drift of one interval. The
 * server is always the one that owns the key {@link #CLOCK_KEY}, also in a Redis Cluster.
 */
public final class RedisCacheClock implements CacheClock {
  /** How often the offset to the Redis server's clock is measured again. */
  public static final Duration RECALIBRATION = Duration.ofSeconds(30);
  /** Round trips per measurement; the fastest one is kept, its midpoint being the surest. */
  static final int SAMPLES = 3;
  static final String CLOCK_KEY = "strata:hibernate:clock";
  private static final String SCRIPT = script("server-time.lua");

  private final LongSupplier serverMicros;
  private final MonotonicTimestamps timestamps = new MonotonicTimestamps();
  private volatile long offsetMillis;
  private volatile long calibratedAtNanos;

  RedisCacheClock(LongSupplier serverMicros) {
    this.serverMicros = serverMicros;
    calibrate();
  }

  /** A clock reading the server of {@code client} that owns {@link #CLOCK_KEY}. */
  public static RedisCacheClock of(RedissonClient client) {
    RScript script = client.getScript(StringCodec.INSTANCE);
    return new RedisCacheClock(() -> script.<Long>eval(CLOCK_KEY, RScript.Mode.READ_ONLY, SCRIPT,
        RScript.ReturnType.LONG, List.of(CLOCK_KEY)));
  }

  @Override
  public long next() {
    if (System.nanoTime() - calibratedAtNanos > RECALIBRATION.toNanos()) {
      calibrate();
    }
    return timestamps.next(System.currentTimeMillis() + offsetMillis);
  }

  /** The last measured difference, Redis's clock minus this JVM's, in milliseconds. */
  public long offsetMillis() {
    return offsetMillis;
  }

  private synchronized void calibrate() {
    if (calibratedAtNanos != 0
        && System.nanoTime() - calibratedAtNanos <= RECALIBRATION.toNanos()) {
      return;
    }
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

  private static String script(String name) {
    try (InputStream in = RedisCacheClock.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing Lua script resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read Lua script resource " + name, e);
    }
  }
}
