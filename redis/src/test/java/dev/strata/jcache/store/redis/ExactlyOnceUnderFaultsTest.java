package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.testing.redis.FaultLoop;
import dev.strata.jcache.testing.redis.FaultLoop.Fault;
import dev.strata.jcache.testing.redis.FaultyProxy;
import dev.strata.jcache.testing.redis.JvmProcess;
import dev.strata.jcache.testing.redis.RedisCluster;
import dev.strata.jcache.testing.redis.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.CacheManager;
import dev.strata.jcache.testing.redis.RedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps apply exactly once, and say truly what they did, while real faults hit them mid-flight:
 * two JVM processes, several threads each, run operations on one Redis-backed cache while a
 * {@link FaultLoop} holds the server past the response timeout ({@code CLIENT PAUSE ... WRITE},
 * {@code DEBUG SLEEP}, SIGSTOP/SIGCONT, a {@link FaultyProxy} holding all traffic) and cuts
 * Strata's connections ({@code CLIENT KILL}, the proxy's reset), one fault every 1.2 to 1.8 s.
 *
 * <p>The resend window: Redisson tries each call twice ({@code RedisConnections.RETRY_ATTEMPTS
 * = 1}), each attempt bounded by the timeout T, the second sent T/10 after the first timed out;
 * a call is answered in time if the server answers it within 2.1 T of its first send. Each fault
 * here lasts 1.2 to 1.4 T, so a call sent before or during one is answered by 1.4 T plus a
 * little: every step's first attempt may time out, but a resend always completes it, and no
 * outcome may stay unknown. (A cut fails an attempt at once; the resend goes on a new
 * connection; should both attempts fail, the store reads the commit record and sends the
 * identical call once more.) The script's commit record makes the resend of a call that
 * committed answer "committed" rather than apply it again or report a change made meanwhile.
 * Faults are spaced so that no step meets two: a step that does may rightly end unknown. The
 * caches do not fail fast: a node marked down would end a step caught in a fault unknown, as
 * docs/faults.md says, and that promise has tests of its own.
 */
class ExactlyOnceUnderFaultsTest {
  private static final long TIMEOUT_MILLIS = 200;
  private static final long FAULT_MIN_MILLIS = TIMEOUT_MILLIS * 6 / 5;
  private static final long FAULT_MAX_MILLIS = TIMEOUT_MILLIS * 7 / 5;
  /**
   * Longer than a step can spend on one fault, so that no step meets two: its two attempts
   * (2.1 T), then the reads of its commit record and its last send, within the record's
   * lifetime ({@code RedisConnections.stepRecordMillis}, 1 s here).
   */
  private static final long FAULT_GAP_MILLIS = 1_200;
  private static final String[] DEBUG = {"--enable-debug-command", "local"};
  private static final List<Fault> ALL = List.of(Fault.PAUSE_WRITES, Fault.PROXY_CUT,
      Fault.DEBUG_SLEEP, Fault.KILL_CLIENTS, Fault.PROXY_HOLD, Fault.SIGSTOP);
  private static final List<Fault> ON_SERVERS = List.of(Fault.PAUSE_WRITES, Fault.KILL_CLIENTS,
      Fault.DEBUG_SLEEP, Fault.SIGSTOP);
  private static final int THREADS = 4;
  private static final int INCREMENTS = 2_000;
  /** Fewer on a Cluster, to keep the suite short: the same faults hit every node. */
  private static final int CLUSTER_INCREMENTS = 300;

  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS =
      RedisExtension.of(() -> RedisServer.start(DEBUG));
  @RegisterExtension
  static final RedisExtension<RedisCluster> CLUSTER =
      RedisExtension.of(() -> RedisCluster.start(DEBUG));

  @TempDir
  Path directory;

  @Test
  void incrementsFromTwoJvmsCountExactlyOnceUnderTimeoutsAndCutsOnAStandaloneServer()
      throws Exception {
    RedisServer server = REDIS.get();
    try (FaultyProxy proxy = FaultyProxy.to(server)) {
      Run run = runInTwoJvms("increment", "standalone", proxy.uri(), "eo-increment",
          List.of(server), proxy, ALL, THREADS, INCREMENTS);
      assertIncrementsExactlyOnce(run, INCREMENTS);
    }
  }

  @Test
  void incrementsFromTwoJvmsCountExactlyOnceUnderTimeoutsAndCutsOnACluster() throws Exception {
    RedisCluster cluster = CLUSTER.get();
    Run run = runInTwoJvms("increment", "cluster", String.join(",", cluster.nodeUris()),
        "eo-increment-cluster", cluster.nodes(), null, ON_SERVERS, THREADS, CLUSTER_INCREMENTS);
    assertIncrementsExactlyOnce(run, CLUSTER_INCREMENTS);
  }

  @Test
  void bulkIncrementsFromTwoJvmsCountExactlyOnceUnderTimeoutsAndCutsOnACluster()
      throws Exception {
    RedisCluster cluster = CLUSTER.get();
    Run run = runInTwoJvms("bulk", "cluster", String.join(",", cluster.nodeUris()),
        "eo-bulk-cluster", cluster.nodes(), null, ON_SERVERS, 2, 30);
    assertBulkExactlyOnce(run);
  }

  @Test
  void bulkIncrementsFromTwoJvmsCountExactlyOnceUnderTimeoutsAndCutsOnAStandaloneServer()
      throws Exception {
    RedisServer server = REDIS.get();
    try (FaultyProxy proxy = FaultyProxy.to(server)) {
      Run run = runInTwoJvms("bulk", "standalone", proxy.uri(), "eo-bulk", List.of(server),
          proxy, ALL, 2, 30);
      assertBulkExactlyOnce(run);
    }
  }

  @Test
  void everyPutIfAbsentWinnerIsUniqueAndOwnsTheEntryUnderTimeoutsAndCuts() throws Exception {
    RedisServer server = REDIS.get();
    try (FaultyProxy proxy = FaultyProxy.to(server)) {
      int rounds = 3;
      Run run = runInTwoJvms("race", "standalone", proxy.uri(), "eo-race", List.of(server),
          proxy, ALL, THREADS, rounds);
      assertNoUnknownOutcome(run);
      assertEquals(2L * THREADS * rounds * ExactlyOnceWorker.RACE_KEYS, run.returned(),
          run::describe);
      Map<String, List<String>> winners = new HashMap<>();
      for (String line : run.results) {
        String[] parts = line.split(" ");
        winners.computeIfAbsent(parts[0], key -> new ArrayList<>()).add(parts[1]);
      }
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < ExactlyOnceWorker.RACE_KEYS; i++) {
          String key = ExactlyOnceWorker.raceKey(round, i);
          List<String> won = winners.getOrDefault(key, List.of());
          assertEquals(1, won.size(), () -> key + " was won by " + won + "; " + run.describe());
          assertEquals(won.get(0), run.stored(key), () -> key + ": the entry's owner is not"
              + " the thread whose putIfAbsent returned true; " + run.describe());
        }
      }
    }
  }

  private void assertIncrementsExactlyOnce(Run run, int increments) throws Exception {
    assertNoUnknownOutcome(run);
    long expected = 2L * THREADS * increments;
    assertEquals(expected, run.returned(), run::describe);
    assertEquals(expected, run.results.size(), run::describe);
    TreeSet<Long> values = new TreeSet<>();
    for (String line : run.results) {
      assertTrue(values.add(Long.parseLong(line)), () -> "two increments returned " + line
          + ": " + run.describe());
    }
    assertEquals(1L, values.first(), run::describe);
    assertEquals(expected, values.last(), () -> "an increment was applied twice or lost: "
        + run.describe());
    assertEquals(expected, run.counter(ExactlyOnceWorker.COUNTER), run::describe);
  }

  private void assertBulkExactlyOnce(Run run) throws Exception {
    assertNoUnknownOutcome(run);
    Map<String, TreeSet<Long>> returned = new HashMap<>();
    for (String line : run.results) {
      String[] parts = line.split(" ");
      assertTrue(returned.computeIfAbsent(parts[0], key -> new TreeSet<>())
          .add(Long.parseLong(parts[1])), () -> "two increments returned " + line);
    }
    assertEquals(ExactlyOnceWorker.BULK_KEYS, returned.size(), run::describe);
    for (String key : ExactlyOnceWorker.bulkKeys()) {
      TreeSet<Long> values = returned.get(key);
      assertEquals(run.returned(), values.size(), () -> key + ": " + run.describe());
      assertEquals(values.size(), values.last(), () -> key + ": an increment was applied twice"
          + " or lost: " + run.describe());
      assertEquals(run.returned(), run.counter(key), () -> key + ": " + run.describe());
    }
  }

  private static void assertNoUnknownOutcome(Run run) {
    assertEquals(0, run.unknown(), () -> "faults within the resend window left outcomes"
        + " unknown: " + run.describe());
    assertTrue(run.faults.total() >= 3, run::describe);
    assertTrue(run.slow() > 0, () -> "no operation outlasted a timeout, so no fault hit one"
        + " mid-flight: " + run.describe());
  }

  /** Runs {@code task} in a second JVM and in this one at once, under faults. */
  private Run runInTwoJvms(String task, String mode, String addresses, String namespace,
      List<RedisServer> servers, FaultyProxy proxy, List<Fault> faults, int threads,
      int operations) throws Exception {
    Path otherResults = directory.resolve("other.txt");
    long start = System.nanoTime();
    try (CacheManager manager = ExactlyOnceWorker.connect(task, mode, addresses, namespace,
            TIMEOUT_MILLIS)) {
      // Both JVMs know the scripts before the faults begin.
      if (task.equals("race")) {
        ExactlyOnceWorker.cache(manager, String.class).put("warm-up", "the scripts are loaded");
      } else {
        ExactlyOnceWorker.cache(manager, Long.class).put("warm-up", 0L);
      }
      try (JvmProcess other = JvmProcess.start(ExactlyOnceWorker.class, task, mode, addresses,
              namespace, Long.toString(TIMEOUT_MILLIS), Integer.toString(threads),
              Integer.toString(operations), "other", otherResults.toString())) {
        other.awaitOutput(ExactlyOnceWorker.READY, Duration.ofSeconds(30));
        Files.createFile(Path.of(otherResults + ".go"));
        for (RedisServer server : servers) {
          server.call("CONFIG", "RESETSTAT");
        }
        ExactlyOnceWorker.Tally mine;
        FaultLoop loop = FaultLoop.start(servers, proxy, faults, FAULT_MIN_MILLIS,
            FAULT_MAX_MILLIS, FAULT_GAP_MILLIS);
        try {
          mine = ExactlyOnceWorker.run(manager, task, threads, operations, "this",
              TIMEOUT_MILLIS);
          assertTrue(other.waitFor(Duration.ofMinutes(2)),
              () -> "the other JVM did not finish: " + other.output());
        } finally {
          loop.close();
        }
        assertEquals(0, other.exitCode(), () -> "the other JVM failed: " + other.output());
        List<String> results = new ArrayList<>(mine.results);
        results.addAll(Files.readAllLines(otherResults));
        Map<String, Object> stored = new HashMap<>();
        Cache<String, ?> cache = task.equals("race")
            ? ExactlyOnceWorker.cache(manager, String.class)
            : ExactlyOnceWorker.cache(manager, Long.class);
        for (String key : keysOf(task, operations)) {
          stored.put(key, cache.get(key));
        }
        long writes = 0;
        long recordReads = 0;
        for (RedisServer server : servers) {
          String stats = server.call("INFO", "commandstats").toString();
          writes += calls(stats, "evalsha");
          recordReads += calls(stats, "mget");
        }
        Run run = new Run(mine.line(), other.output(), results, stored, loop, writes,
            recordReads, (System.nanoTime() - start) / 1_000_000);
        System.out.println("[" + task + " " + mode + "] " + run.describe());
        return run;
      }
    }
  }

  /** The calls of a command that {@code INFO commandstats} counts. */
  private static long calls(String stats, String command) {
    String field = "cmdstat_" + command + ":calls=";
    int at = stats.indexOf(field);
    if (at < 0) {
      return 0;
    }
    at += field.length();
    int end = stats.indexOf(',', at);
    return Long.parseLong(stats.substring(at, end));
  }

  private static List<String> keysOf(String task, int operations) {
    switch (task) {
      case "increment":
        return List.of(ExactlyOnceWorker.COUNTER);
      case "bulk":
        return List.copyOf(ExactlyOnceWorker.bulkKeys());
      default:
        List<String> keys = new ArrayList<>();
        for (int round = 0; round < operations; round++) {
          for (int i = 0; i < ExactlyOnceWorker.RACE_KEYS; i++) {
            keys.add(ExactlyOnceWorker.raceKey(round, i));
          }
        }
        return keys;
    }
  }

  /** What both JVMs saw, and what Redis holds afterwards. */
  private record Run(String mine, String other, List<String> results,
      Map<String, Object> stored, FaultLoop faults, long writes, long recordReads,
      long millis) {
    long returned() {
      return field("returned");
    }

    long unknown() {
      return field("unknown");
    }

    long slow() {
      return field("slow");
    }

    long field(String name) {
      return ExactlyOnceWorker.Tally.field(mine, name)
          + ExactlyOnceWorker.Tally.field(other, name);
    }

    /** A key's value in Redis once the faults ended. */
    Object stored(String key) {
      return stored.get(key);
    }

    long counter(String key) {
      Object value = stored(key);
      return value == null ? 0 : (Long) value;
    }

    String describe() {
      // Each processor run sends one compare-and-set (EVALSHA); the calls beyond that are the
      // resends that reached Redis (a bulk step's processor runs once per key, like its calls).
      return "this JVM " + mine + "; other JVM " + other.strip() + "; faults " + faults.injected()
          + "; compare-and-set calls " + writes + " (processor runs " + field("runs")
          + "), commit record reads " + recordReads + "; " + millis + " ms";
    }
  }
}
