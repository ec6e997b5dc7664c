package dev.strata.jcache.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.testing.redis.JvmProcess;
import dev.strata.jcache.testing.redis.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Single-flight loading across JVM processes: JVMs of four threads each, every other one with a
 * near cache, miss the same 100 keys of a read-through Redis cache at once, and the loader is
 * called exactly once per key among them all. Four JVMs by default;
 * {@code -Dstrata.test.single-flight.jvms=8} runs the eight-JVM check, which passes too but
 * loads a shared two-core machine for over a minute.
 */
class SingleFlightAcrossJvmsTest {
  private static final int JVMS = Integer.getInteger("strata.test.single-flight.jvms", 4);
  private static final int THREADS = 4;
  private static final int KEYS = 100;
  private static final Pattern LOADS = Pattern.compile("loads=(\\d+)");

  @Test
  void concurrentMissesInManyJvmsCallTheLoaderOncePerKey() throws Exception {
    try (RedisServer server = RedisServer.start()) {
      Path directory = Files.createTempDirectory("strata-single-flight-");
      Path go = directory.resolve("go");
      List<JvmProcess> workers = new ArrayList<>();
      try {
        for (int i = 0; i < JVMS; i++) {
          workers.add(JvmProcess.start(List.of("-Xmx128m", "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1", "-Xss512k"), SingleFlightWorker.class, server.uri(),
              "flights", Integer.toString(THREADS), Integer.toString(KEYS), go.toString(),
              Boolean.toString(i % 2 == 1)));
        }
        for (JvmProcess worker : workers) {
          worker.awaitOutput(SingleFlightWorker.READY, Duration.ofMinutes(2));
        }
        Files.createFile(go);
        long loads = 0;
        for (JvmProcess worker : workers) {
          assertTrue(worker.waitFor(Duration.ofMinutes(2)), () -> "a worker did not finish: "
              + worker.output());
          assertEquals(0, worker.exitCode(), () -> "a worker failed: " + worker.output());
          Matcher matcher = LOADS.matcher(worker.output());
          assertTrue(matcher.find(), worker::output);
          loads += Long.parseLong(matcher.group(1));
        }
        assertEquals(KEYS, loads, JVMS + " JVMs x " + THREADS + " threads missing " + KEYS
            + " keys at once");
      } finally {
        for (JvmProcess worker : workers) {
          worker.close();
        }
        Files.deleteIfExists(go);
        Files.deleteIfExists(directory);
      }
    }
  }
}
