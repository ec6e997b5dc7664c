package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.testing.redis.JvmProcess;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two JVM processes race write-through {@code putIfAbsent}, {@code replace}, {@code remove(k, v)}
 * and {@code invoke} on a few keys of one Redis cache. A write-through cache's steps hold their
 * key across JVMs from read to write, so afterwards the database holds exactly what the cache
 * holds, key by key, and the writer was called exactly once per change the caches reported.
 */
class WriteThroughRaceTest {
  private static final int THREADS = 4;
  private static final int OPERATIONS = 400;
  private static final int KEYS = 100;

  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  @Test
  void theDatabaseEqualsTheCacheAndTheWriterSawEachChangeOnce() throws Exception {
    RedisServer server = REDIS.get();
    System.setProperty(DatabaseWriter.ADDRESS, server.host() + ":" + server.port());
    String namespace = "write-through-race";
    try (JvmProcess other = JvmProcess.start(WriteThroughRaceWorker.class, server.uri(),
            namespace, Integer.toString(THREADS), Integer.toString(OPERATIONS),
            Integer.toString(KEYS), "2");
         CacheManager manager = WriteThroughRaceWorker.manager(server.uri(), namespace)) {
      Cache<String, String> cache = WriteThroughRaceWorker.cache(manager);
      long mine = WriteThroughRaceWorker.run(cache, THREADS, OPERATIONS, KEYS, 1);
      assertTrue(other.waitFor(Duration.ofMinutes(3)), () -> "the other JVM did not finish: "
          + other.output());
      assertEquals(0, other.exitCode(), () -> "the other JVM failed: " + other.output());
      long theirs = changesOf(other.output());

      Map<String, String> database = table(server);
      Map<String, String> cached = new HashMap<>();
      for (int i = 0; i < KEYS; i++) {
        String value = cache.get("k" + i);
        if (value != null) {
          cached.put("k" + i, value);
        }
      }
      assertEquals(cached, database, "the database and the cache disagree");
      assertEquals(mine + theirs, Long.parseLong(server.call("GET", DatabaseWriter.CALLS)
          .toString()), "writer calls against changes the caches made");
    }
  }

  private static long changesOf(String output) {
    for (String line : output.split("\n")) {
      if (line.startsWith(WriteThroughRaceWorker.CHANGES)) {
        return Long.parseLong(line.substring(WriteThroughRaceWorker.CHANGES.length()).trim());
      }
    }
    throw new AssertionError("the other JVM reported no count: " + output);
  }

  private static Map<String, String> table(RedisServer server) {
    Map<String, String> table = new HashMap<>();
    List<?> flat = (List<?>) server.call("HGETALL", DatabaseWriter.TABLE);
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      table.put(text(flat.get(i)), text(flat.get(i + 1)));
    }
    return table;
  }

  private static String text(Object reply) {
    return reply instanceof byte[] ? new String((byte[]) reply) : String.valueOf(reply);
  }
}
