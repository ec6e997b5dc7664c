package dev.strata.jcache.store.redis;

import dev.strata.jcache.store.OutcomeUnknownException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * One JVM's share of an exactly-once test under injected faults: several threads run cache
 * operations on a Redis-backed cache of their own manager, and each keeps what the operations
 * returned, so that the test can compare it with what Redis holds afterwards.
 *
 * <p>Arguments: task, mode (standalone or cluster), comma-separated addresses, namespace,
 * timeout in milliseconds, threads, operations per thread, owner (this JVM's name), and the
 * file the results go to. Prints {@value #READY} once connected, and begins when a file of
 * that name with ".go" appended appears. Tasks:
 * <ul>
 *   <li>{@code increment}: {@code invoke} increments one counter; each result line is the
 *       value an increment returned.
 *   <li>{@code bulk}: {@code invokeAll} increments {@value #BULK_KEYS} counters at once; each
 *       line is {@code key value} for one key's returned result.
 *   <li>{@code race}: {@code putIfAbsent(key, owner/thread)} for {@value #RACE_KEYS} keys, for
 *       "operations" rounds of new keys; each line is {@code key owner/thread} for a
 *       {@code true}.
 * </ul>
 * An operation that fails with anything but an {@link OutcomeUnknownException} changed nothing
 * (a single key's step) and is made again; one whose outcome is unknown is counted and not made
 * again. Prints {@link Tally#line()} when done.
 */
public final class ExactlyOnceWorker {
  static final String CACHE = "exactly-once";
  static final String COUNTER = "counter";
  static final int BULK_KEYS = 12;
  static final int RACE_KEYS = 100;
  static final String TALLY = "tally:";
  static final String READY = "connected";

  /** What a JVM's threads saw. */
  static final class Tally {
    final AtomicLong returned = new AtomicLong();
    final AtomicLong unknown = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong runs = new AtomicLong();
    final AtomicLong slow = new AtomicLong();
    final ConcurrentLinkedQueue<String> results = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    /**
     * returned: operations that returned; unknown: OutcomeUnknownExceptions; failed: other
     * failures (made again); runs: processor runs; slow: returned operations that took longer
     * than a timeout, i.e. whose first attempt went unanswered and that a resend completed.
     */
    String line() {
      return TALLY + " returned=" + returned + " unknown=" + unknown + " failed=" + failed
          + " runs=" + runs + " slow=" + slow + (failures.isEmpty() ? "" : " first failures: "
          + failures.stream().limit(3).toList());
    }

    static long field(String output, String name) {
      int line = output.lastIndexOf(TALLY);
      int at = output.indexOf(" " + name + "=", line) + name.length() + 2;
      int end = at;
      while (end < output.length() && Character.isDigit(output.charAt(end))) {
        end++;
      }
      return Long.parseLong(output.substring(at, end));
    }
  }

  private static final AtomicLong RUNS = new AtomicLong();

  private ExactlyOnceWorker() {}

  public static void main(String[] args) throws Exception {
    Tally tally;
    try (CacheManager manager = connect(args[0], args[1], args[2], args[3],
        Long.parseLong(args[4]))) {
      System.out.println(READY);
      Path go = Path.of(args[8] + ".go");
      while (!Files.exists(go)) {
        Thread.sleep(5);
      }
      tally = run(manager, args[0], Integer.parseInt(args[5]), Integer.parseInt(args[6]),
          args[7], Long.parseLong(args[4]));
    }
    Files.write(Path.of(args[8]), tally.results);
    System.out.println(tally.line());
  }

  /**
   * A manager whose cache answered once: a cold JVM on a busy machine may miss the short
   * timeout of its very first PING, which is no part of what the tests check.
   */
  static CacheManager connect(String task, String mode, String addresses, String namespace,
      long timeoutMillis) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      CacheManager manager = manager(mode, addresses, namespace, timeoutMillis);
      try {
        if (task.equals("race")) {
          cache(manager, String.class).containsKey("warm-up");
        } else {
          cache(manager, Long.class).containsKey("warm-up");
        }
        return manager;
      } catch (javax.cache.CacheException e) {
        manager.close();
        if (attempt == 5) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  static CacheManager manager(String mode, String addresses, String namespace,
      long timeoutMillis) {
    var properties = new Properties();
    properties.setProperty("strata.redis.mode", mode);
    properties.setProperty("strata.redis.addresses", addresses);
    properties.setProperty("strata.redis.namespace", namespace);
    properties.setProperty("strata.redis.timeout", timeoutMillis + "ms");
    // What is checked here is the resend window and the commit records. Failing fast is another
    // promise (RedisFailFastTest): a node it marks down (at once on a cut, or when a PING
    // starved of CPU misses its interval) fails the commit-record read of a step caught in the
    // fault without sending it, and that step then rightly ends unknown (docs/faults.md).
    properties.setProperty("strata.redis.fail-fast", "false");
    properties.setProperty("strata.defaults.store", "redis");
    return Caching.getCachingProvider().getCacheManager(
        URI.create("exactly-once:" + namespace + ":" + ProcessHandle.current().pid()),
        ExactlyOnceWorker.class.getClassLoader(), properties);
  }

  static <V> Cache<String, V> cache(CacheManager manager, Class<V> type) {
    Cache<String, V> cache = manager.getCache(CACHE, String.class, type);
    return cache != null ? cache : manager.createCache(CACHE,
        new MutableConfiguration<String, V>().setTypes(String.class, type));
  }

  static Set<String> bulkKeys() {
    Set<String> keys = new LinkedHashSet<>();
    for (int i = 0; i < BULK_KEYS; i++) {
      keys.add("bulk-" + i);
    }
    return keys;
  }

  static String raceKey(int round, int i) {
    return "race-" + round + "-" + i;
  }

  /** Runs {@code task} on {@code threads} threads and returns what they saw. */
  static Tally run(CacheManager manager, String task, int threads, int operations, String owner,
      long timeoutMillis) throws InterruptedException {
    RUNS.set(0);
    Tally tally = new Tally();
    EntryProcessor<String, Long, Long> increment = (entry, arguments) -> {
      RUNS.incrementAndGet();
      long next = entry.exists() ? entry.getValue() + 1 : 1L;
      entry.setValue(next);
      return next;
    };
    Cache<String, Long> counters = task.equals("race") ? null : cache(manager, Long.class);
    Cache<String, String> names = task.equals("race") ? cache(manager, String.class) : null;
    Set<String> bulkKeys = bulkKeys();
    var start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String me = owner + "/" + t;
      var worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        switch (task) {
          case "increment":
            for (int i = 0; i < operations; i++) {
              Long value = attempt(tally, timeoutMillis, () -> counters.invoke(COUNTER, increment));
              if (value != null) {
                tally.results.add(Long.toString(value));
              }
            }
            break;
          case "bulk":
            for (int i = 0; i < operations; i++) {
              Map<String, EntryProcessorResult<Long>> results =
                  attempt(tally, timeoutMillis, () -> counters.invokeAll(bulkKeys, increment));
              if (results != null) {
                results.forEach((key, result) -> tally.results.add(key + " " + result.get()));
              }
            }
            break;
          case "race":
            for (int round = 0; round < operations; round++) {
              for (int i = 0; i < RACE_KEYS; i++) {
                String key = raceKey(round, i);
                Boolean won = attempt(tally, timeoutMillis, () -> names.putIfAbsent(key, me));
                if (Boolean.TRUE.equals(won)) {
                  tally.results.add(key + " " + me);
                }
              }
            }
            break;
          default:
            throw new IllegalArgumentException(task);
        }
      }, "worker-" + me);
      workers.add(worker);
      worker.start();
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    tally.runs.set(RUNS.get());
    return tally;
  }

  /**
   * Makes one operation until it returns or its outcome is unknown; returns its result, or
   * {@code null} for an unknown outcome.
   */
  private static <T> T attempt(Tally tally, long timeoutMillis,
      java.util.function.Supplier<T> operation) {
    while (true) {
      long start = System.nanoTime();
      try {
        T result = operation.get();
        tally.returned.incrementAndGet();
        if (System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
          tally.slow.incrementAndGet();
        }
        return result;
      } catch (RuntimeException e) {
        if (outcomeUnknown(e)) {
          tally.unknown.incrementAndGet();
          StringBuilder note = new StringBuilder("unknown: " + e);
          for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            for (Throwable suppressed : cause.getSuppressed()) {
              note.append(" [suppressed: ").append(suppressed).append(']');
            }
          }
          note(tally, note.toString());
          return null;
        }
        tally.failed.incrementAndGet();
        note(tally, e.toString());
      }
    }
  }

  private static void note(Tally tally, String failure) {
    if (tally.failures.size() < 10) {
      tally.failures.add(failure);
    }
  }

  static boolean outcomeUnknown(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof OutcomeUnknownException) {
        return true;
      }
    }
    return false;
  }

  static List<String> readResults(Path file) throws IOException {
    return Files.readAllLines(file);
  }
}
