package dev.strata.jcache.testing.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterTest {
  @RegisterExtension
  static final RedisExtension<RedisCluster> cluster = RedisExtension.cluster();

  @Test
  void everyNodeReportsTheClusterOk() {
    assertEquals(3, cluster.get().nodes().size());
    for (RedisServer node : cluster.get().nodes()) {
      String info = node.call("CLUSTER", "INFO").toString();
      assertTrue(info.contains("cluster_state:ok"), info);
      assertTrue(info.contains("cluster_size:3"), "three masters with slots: " + info);
    }
  }

  @Test
  void theSlotsAreSplitBetweenTheThreeMasters() {
    for (RedisServer node : cluster.get().nodes()) {
      String nodes = node.call("CLUSTER", "NODES").toString();
      assertEquals(3, nodes.lines().filter(line -> line.contains("master")).count(), nodes);
      assertFalse(nodes.contains("slave"), "no replicas: " + nodes);
    }
  }

  @Test
  void aKeySetThroughOneNodeIsReadThroughEveryNodeWithRedirects() {
    List<RedisServer> nodes = cluster.get().nodes();
    // Keys in different slots, so that some live on nodes other than the one asked.
    List<String> keys = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot");
    for (String key : keys) {
      nodes.get(0).cli("-c", "SET", key, "value-of-" + key).requireSuccess();
    }
    for (RedisServer node : nodes) {
      for (String key : keys) {
        String value = node.cli("-c", "GET", key).requireSuccess().output().strip();
        assertEquals("value-of-" + key, value, "GET " + key + " via " + node.uri());
      }
    }
  }

  @Test
  void aNodeRedirectsKeysItDoesNotServe() {
    List<String> answers = new ArrayList<>();
    for (RedisServer node : cluster.get().nodes()) {
      try {
        answers.add(String.valueOf(node.call("GET", "alpha")));
      } catch (RespConnection.ErrorReply e) {
        answers.add(e.code());
      }
    }
    // One node owns the key's slot; the two others send clients there.
    assertEquals(2, answers.stream().filter("MOVED"::equals).count(), answers.toString());
  }

  @Test
  void theNodeUrisAreSeedsForClients() {
    List<String> uris = cluster.get().nodeUris();
    assertEquals(3, uris.size());
    for (int i = 0; i < uris.size(); i++) {
      assertEquals("redis://127.0.0.1:" + cluster.get().nodes().get(i).port(), uris.get(i));
    }
  }

  /** Runs last: it closes the class's cluster, whose second close (by the extension) is a no-op. */
  @Test
  @Order(Integer.MAX_VALUE)
  void closeStopsEveryNodeAndDeletesTheirDirectories() {
    RedisCluster closing = cluster.get();
    List<Path> directories = new ArrayList<>();
    for (RedisServer node : closing.nodes()) {
      directories.add(node.directory());
      assertTrue(Files.exists(node.directory().resolve("nodes-" + node.port() + ".conf")));
    }

    closing.close();

    for (RedisServer node : closing.nodes()) {
      assertFalse(node.isRunning());
    }
    directories.forEach(directory -> assertFalse(Files.exists(directory), directory.toString()));
  }
}
