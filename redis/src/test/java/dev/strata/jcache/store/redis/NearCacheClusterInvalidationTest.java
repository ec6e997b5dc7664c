package dev.strata.jcache.store.redis;

import static dev.strata.jcache.store.redis.NearCacheInvalidationTest.assertSeenWithin;
import static dev.strata.jcache.store.redis.NearCacheInvalidationTest.keepCopyOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.testing.redis.JvmProcess;
import dev.strata.jcache.testing.redis.RedisCluster;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import dev.strata.jcache.testing.redis.RespConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link NearCacheInvalidationTest} on a Redis Cluster, where each slot numbers its own changes:
 * a lost message and a flush of every master are found within the check interval.
 */
class NearCacheClusterInvalidationTest {
  private static final String NAMESPACE = "cluster-invalidation";
  private static final String PREFIX = "strata:" + NAMESPACE + ":shared:s";
  private static final String KEY_NAME = PREFIX + NearReaderWorker.KEY;

  @RegisterExtension
  static final RedisExtension<RedisCluster> CLUSTER = RedisExtension.cluster();

  private CacheManager writerSide;
  private Cache<String, Integer> writer;
  private JvmProcess reader;

  @BeforeEach
  void open() {
    for (RedisServer node : CLUSTER.get().nodes()) {
      node.call("FLUSHALL");
    }
    String addresses = String.join(",", CLUSTER.get().nodeUris());
    var properties = new Properties();
    properties.setProperty("strata.redis.mode", "cluster");
    properties.setProperty("strata.redis.addresses", addresses);
    properties.setProperty("strata.redis.namespace", NAMESPACE);
    properties.setProperty("strata.defaults.store", "redis");
    writerSide = Caching.getCachingProvider().getCacheManager(
        URI.create("cluster-invalidation-writer"), getClass().getClassLoader(), properties);
    writer = writerSide.createCache(NearReaderWorker.CACHE,
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
    reader = JvmProcess.start(NearReaderWorker.class, addresses, NAMESPACE, "60s", "1000ms",
        "cluster");
    reader.awaitOutput("ready", Duration.ofSeconds(30));
  }

  @AfterEach
  void close() {
    reader.close();
    writerSide.close();
  }

  @Test
  void aChangeWhoseMessageWasLostIsFoundByTheCheck() {
    int mark = keepCopyOf(writer, reader, 1);
    // a source key in the entry's slot, so one script may copy it over the entry
    String source = null;
    for (int i = 0; source == null; i++) {
      if (SlotTags.slot(PREFIX + "source-" + i) == SlotTags.slot(KEY_NAME)) {
        source = "source-" + i;
      }
    }
    writer.put(source, 2);
    String counter = new RedisKeyspace(NAMESPACE, NearReaderWorker.CACHE, (Codec) null, null)
        .sequenceName(SequenceGroups.of(true).groupOf(KEY_NAME));
    long changedAt = 0;
    for (RedisServer node : CLUSTER.get().nodes()) {
      try (RespConnection connection = node.connect()) {
        connection.call("EVAL", NearCacheInvalidationTest.SILENT_WRITE, "3", KEY_NAME, counter,
            PREFIX + source);
        changedAt = System.nanoTime();
      } catch (RespConnection.ErrorReply moved) {
        // another node owns the slot
      }
    }
    assertTrue(changedAt != 0, "no node ran the silent write");
    assertSeenWithin(reader, "seen 2 ", changedAt, mark, "a change whose message was lost");
  }

  @Test
  void aFlushOfEveryMasterLosesEveryCopyWithinTheInterval() {
    int mark = keepCopyOf(writer, reader, 1);
    for (RedisServer node : CLUSTER.get().nodes()) {
      node.call("FLUSHALL");
    }
    long changedAt = System.nanoTime();
    assertSeenWithin(reader, "seen null ", changedAt, mark, "FLUSHALL on a Cluster");
  }
}
