package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.store.KeyStep;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.testing.redis.RedisCluster;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import dev.strata.shaded.redisson.api.RedissonClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on the Redis store over a three-master Cluster, where a cache's keys lie on
 * many slots (a write-behind cache's all on one, with its journal).
 */
class RedisClusterStoreContractTest extends RedisStoreContract {
  @RegisterExtension
  static final RedisExtension<RedisCluster> CLUSTER = RedisExtension.cluster();

  private static RedissonClient client;

  @BeforeAll
  static void connect() {
    client = connect(CLUSTER.get().nodeUris(), true);
  }

  @AfterAll
  static void disconnect() {
    client.shutdown();
  }

  @BeforeEach
  void flush() {
    for (RedisServer node : CLUSTER.get().nodes()) {
      node.call("FLUSHALL");
    }
  }

  @Override
  protected RedissonClient client() {
    return client;
  }

  /** The contract's bulk steps and reads hold when the keys lie on every master. */
  @Test
  void computeAllGetAllAndIterationReachEveryMaster() {
    Store<String> store = open(false);
    List<KeyStep<String>> steps = new ArrayList<>();
    AtomicInteger commits = new AtomicInteger();
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      String key = "k" + i;
      keys.add(key);
      steps.add(new KeyStep<>(key, current -> entry("v", StoreEntry.ETERNAL),
          commits::incrementAndGet));
    }

    store.computeAll(steps);

    assertEquals(60, commits.get());
    for (RedisServer node : CLUSTER.get().nodes()) {
      long size = Long.parseLong(node.call("DBSIZE").toString());
      assertTrue(size > 0, () -> node.uri() + " holds none of the 60 entries");
    }
    assertEquals(keys, store.getAll(keys).keySet());
    Set<String> iterated = new HashSet<>();
    store.iterator().forEachRemaining(entry -> iterated.add(entry.getKey()));
    assertEquals(keys, iterated);
    assertEquals(60, store.estimatedSize());
    store.clear();
    assertEquals(0, store.estimatedSize());
  }
}
