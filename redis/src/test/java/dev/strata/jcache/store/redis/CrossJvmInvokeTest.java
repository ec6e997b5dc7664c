package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.testing.redis.JvmProcess;
import dev.strata.jcache.testing.redis.RedisCluster;
import dev.strata.jcache.testing.redis.RedisServer;
import java.time.Duration;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;

/**
 * {@code invoke} is atomic across JVMs: two JVM processes, four threads each, increment one
 * Redis-backed counter, and not one increment is lost.
 */
class CrossJvmInvokeTest {
  private static final int THREADS = 4;
  private static final int INCREMENTS = 10_000;

  @Test
  void incrementsFromTwoJvmsAllCountOnAStandaloneServer() throws Exception {
    try (RedisServer server = RedisServer.start()) {
      assertNoIncrementLost("standalone", server.uri());
    }
  }

  @Test
  void incrementsFromTwoJvmsAllCountOnAThreeMasterCluster() throws Exception {
    try (RedisCluster cluster = RedisCluster.start()) {
      assertNoIncrementLost("cluster", String.join(",", cluster.nodeUris()));
    }
  }

  private static void assertNoIncrementLost(String mode, String addresses) throws Exception {
    String namespace = "atomicity-" + mode;
    try (JvmProcess other = JvmProcess.start(IncrementWorker.class, mode, addresses, namespace,
            Integer.toString(THREADS), Integer.toString(INCREMENTS));
         CacheManager manager = IncrementWorker.manager(mode, addresses, namespace)) {
      IncrementWorker.run(manager, THREADS, INCREMENTS);
      assertTrue(other.waitFor(Duration.ofMinutes(3)), () -> "the other JVM did not finish: "
          + other.output());
      assertEquals(0, other.exitCode(), () -> "the other JVM failed: " + other.output());
      assertTrue(other.output().contains(IncrementWorker.DONE), other::output);
      assertEquals(2L * THREADS * INCREMENTS,
          IncrementWorker.cache(manager).get(IncrementWorker.KEY));
    }
  }
}
