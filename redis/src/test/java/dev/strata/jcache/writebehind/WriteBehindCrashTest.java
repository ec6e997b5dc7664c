package dev.strata.jcache.writebehind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.testing.redis.JvmProcess;
import dev.strata.jcache.testing.redis.RedisServer;
import java.time.Duration;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;

/**
 * A JVM killed with {@code kill -9} while its acknowledged writes wait for the writer loses none
 * of them: another JVM of the cache takes the journal over once the dead one's lease lapses, and
 * the system of record ends with the latest value of every key, never having seen a key's older
 * value after a newer one.
 */
class WriteBehindCrashTest {
  private static final String JOURNAL = "strata:{crash:orders}#write-behind:journal";

  @Test
  void aKilledJvmLosesNoAcknowledgedWrite() throws Exception {
    try (RedisServer server = RedisServer.start();
         JvmProcess doomed = JvmProcess.start(CrashWorker.class, "127.0.0.1",
             Integer.toString(server.port()))) {
      doomed.awaitOutput(CrashWorker.ACKED, Duration.ofMinutes(2));
      long pending = Long.parseLong(String.valueOf(server.call("XLEN", JOURNAL)));
      doomed.kill9();
      assertTrue(pending > 0, "nothing was pending when the JVM was killed");

      try (CacheManager manager = CrashWorker.manager("127.0.0.1", server.port(), "survivor")) {
        Cache<String, Long> cache = CrashWorker.cache(manager, "127.0.0.1", server.port(), 0);
        @SuppressWarnings("unchecked")
        StrataCache<String, Long> strata = cache.unwrap(StrataCache.class);
        WriteBehind<String, Long> queue = strata.writeBehind().orElseThrow();
        assertTrue(queue.flush(Duration.ofSeconds(60)), "the survivor did not finish the flush");
        long last = CrashWorker.WRITES / CrashWorker.KEYS - 1;
        for (int k = 0; k < CrashWorker.KEYS; k++) {
          Object recorded = server.call("HGET", SystemOfRecordWriter.RECORDS,
              CrashWorker.key(k));
          assertEquals(Long.toString(last), String.valueOf(recorded),
              "key " + CrashWorker.key(k) + " after " + pending + " pending writes");
          assertEquals(last, cache.get(CrashWorker.key(k)));
        }
        assertEquals("null", String.valueOf(server.call("GET",
            SystemOfRecordWriter.OUT_OF_ORDER)), "writes applied out of order");
        System.out.println("kill -9 with " + pending + " journal records pending; the writer"
            + " applied " + server.call("GET", SystemOfRecordWriter.APPLIED)
            + " writes in all, none out of order");
      }
    }
  }
}
