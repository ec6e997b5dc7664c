package dev.strata.samples.near;

import dev.strata.jcache.configuration.NearCacheSettings;
import dev.strata.jcache.store.near.NearCacheStore;
import dev.strata.samples.SampleLogging;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * The reading JVM of {@link NearCacheSample}: reads the key in a tight loop through a near
 * cache, notes when it first sees each update, and compares that with when the writer's put
 * returned, which the writer sends on standard input.
 *
 * <p>Arguments: the Redis URI and the number of updates to expect.
 */
public final class NearCacheReader {
  /** Printed once the near cache holds the key, so the writer knows it may start. */
  static final String READY = "ready";
  /** How long to keep reading after the writer's last put returned, before giving up on it. */
  private static final long GRACE_MICROS = TimeUnit.SECONDS.toMicros(2);

  private NearCacheReader() {}

  public static void main(String[] args) throws Exception {
    SampleLogging.quiet();
    String redisUri = args[0];
    int updates = Integer.parseInt(args[1]);
    CacheManager manager = NearCacheSample.manager(redisUri);
    try {
      Cache<String, String> cache = manager.createCache(NearCacheSample.CACHE,
          NearCacheSample.configuration(new NearCacheSettings(1_000, Duration.ofSeconds(30))));
      // The first read fills the near cache; the subscription to the cache's invalidations is
      // in place once the cache is created.
      cache.get(NearCacheSample.KEY);
      System.out.println(READY);
      System.out.flush();
      read(cache, updates);
    } finally {
      manager.close();
    }
    // The Redis client's threads wind down in the background for a few seconds after the
    // manager is closed; this JVM has nothing left to do, so it need not wait for them.
    System.exit(0);
  }

  private static void read(Cache<String, String> cache, int updates) throws InterruptedException {
    // Indexed by update number; 0 until known.
    AtomicLongArray putReturned = new AtomicLongArray(updates + 1);
    long[] firstSeen = new long[updates + 1];
    Thread stdin = new Thread(() -> receive(putReturned), "writer-timestamps");
    stdin.setDaemon(true);
    stdin.start();

    int latest = 0;
    String last = cache.get(NearCacheSample.KEY);
    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(60);
    while (latest < updates && !givenUp(putReturned, updates)
        && System.nanoTime() - deadline < 0) {
      String value = cache.get(NearCacheSample.KEY);
      if (value != null && !value.equals(last)) {
        long seen = NearCacheSample.epochMicros();
        last = value;
        int update = Integer.parseInt(value);
        if (update > latest) {
          firstSeen[update] = seen;
          latest = update;
        }
      }
      // Spinning would starve the writer JVM and Redis of a core on a small machine; yielding
      // still re-reads at once when nothing else is waiting to run.
      Thread.yield();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    stdin.join(5_000);

    NearCacheStore<?> near = cache.unwrap(NearCacheStore.class);
    System.out.printf("read the key %,d times in %.1f s: %,d near-cache hits, %,d reads from"
            + " Redis, %,d misses%n", near.nearHits() + near.remoteHits() + near.misses(),
        seconds, near.nearHits(), near.remoteHits(), near.misses());

    long[] delays = new long[updates];
    int seenCount = 0;
    int early = 0;
    for (int update = 1; update <= updates; update++) {
      if (firstSeen[update] != 0 && putReturned.get(update) != 0) {
        long delay = firstSeen[update] - putReturned.get(update);
        delays[seenCount++] = delay;
        if (delay < 0) {
          early++;
        }
      }
    }
    delays = Arrays.copyOf(delays, seenCount);
    Arrays.sort(delays);
    System.out.printf("saw %d of %d updates (the rest were overwritten before a read)%n",
        seenCount, updates);
    if (seenCount > 0) {
      System.out.printf("new value first seen, after the writer's put returned: p50 %.3f ms,"
              + " p99 %.3f ms, max %.3f ms%n", delays[seenCount / 2] / 1e3,
          delays[Math.min(seenCount - 1, seenCount * 99 / 100)] / 1e3,
          delays[seenCount - 1] / 1e3);
    }
    if (early > 0) {
      // Redis announces a change from inside the script that makes it, before its reply has
      // travelled back to the writer and woken the writer's thread: the reader can be first.
      System.out.printf("%d updates were seen before the writer's put had returned (counted as"
          + " negative delays)%n", early);
    }
  }

  /** True once the writer is done and its last put returned long enough ago. */
  private static boolean givenUp(AtomicLongArray putReturned, int updates) {
    long last = putReturned.get(updates);
    return last != 0 && NearCacheSample.epochMicros() - last > GRACE_MICROS;
  }

  /** Records the writer's lines, {@code <update> <epoch microseconds>}, until it closes them. */
  private static void receive(AtomicLongArray putReturned) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        int space = line.indexOf(' ');
        putReturned.set(Integer.parseInt(line.substring(0, space)),
            Long.parseLong(line.substring(space + 1)));
      }
    } catch (IOException e) {
      System.err.println("lost the writer's timestamps: " + e.getMessage());
    }
  }
}
