package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.testing.redis.RedisCluster;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import dev.strata.jcache.testing.redis.RespConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one write costs Redis in bytes sent, against the number of connections subscribed to the
 * cache's channel (1, 4, 16: one per JVM and cache manager) and the number of shards (1, 3):
 * Redis sends every change message to every subscriber, and on a Cluster a plain PUBLISH goes to
 * every node. Reports the figures (docs/invalidation.md, "Fan-out and scale"); asserts only that
 * every subscriber is sent every message.
 */
class ChangeFanOutTest {
  private static final int WRITES = 200;
  private static final String VALUE = "v".repeat(100);

  @RegisterExtension
  static final RedisExtension<RedisServer> SERVER = RedisExtension.server();
  @RegisterExtension
  static final RedisExtension<RedisCluster> CLUSTER = RedisExtension.cluster();

  @Test
  void bytesSentPerWriteGrowWithSubscribersAndShards() throws Exception {
    report("1 shard", List.of(SERVER.get()), "standalone", SERVER.get().uri());
    report("3 shards", CLUSTER.get().nodes(), "cluster",
        String.join(",", CLUSTER.get().nodeUris()));
  }

  private void report(String shards, List<RedisServer> nodes, String mode, String addresses)
      throws Exception {
    var properties = new Properties();
    properties.setProperty("strata.redis.mode", mode);
    properties.setProperty("strata.redis.addresses", addresses);
    properties.setProperty("strata.redis.namespace", "fanout");
    properties.setProperty("strata.defaults.store", "redis");
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("fan-out-" + mode), getClass().getClassLoader(), properties)) {
      Cache<String, String> cache = manager.createCache("shared",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      String channel = "strata:fanout:shared:events";
      double base = bytesPerWrite(cache, nodes, 0);
      for (int subscribers : new int[] {1, 4, 16}) {
        List<RespConnection> connections = new ArrayList<>();
        try {
          for (int i = 0; i < subscribers; i++) {
            RespConnection connection = nodes.get(i % nodes.size()).connect();
            connections.add(connection);
            connection.call("SUBSCRIBE", channel);
          }
          double perWrite = bytesPerWrite(cache, nodes, subscribers);
          double perSubscriber = (perWrite - base) / subscribers;
          System.out.printf("change fan-out, %s, %2d subscribers: %.0f bytes sent per write"
                  + " (%.0f without subscribers, %.0f per subscriber); publish messages on the"
                  + " cluster bus per write: %.1f%n", shards, subscribers, perWrite, base,
              perSubscriber, busMessages(nodes) / (double) WRITES);
          assertTrue(perSubscriber > VALUE.length(),
              "each subscriber is sent each message with its value: " + perSubscriber);
        } finally {
          for (RespConnection connection : connections) {
            connection.close();
          }
        }
      }
    }
  }

  private double bytesPerWrite(Cache<String, String> cache, List<RedisServer> nodes,
      int round) {
    busMessages(nodes);
    long before = outputBytes(nodes);
    for (int i = 0; i < WRITES; i++) {
      cache.put("key-" + round + "-" + i, VALUE);
    }
    return (outputBytes(nodes) - before) / (double) WRITES;
  }

  private static long outputBytes(List<RedisServer> nodes) {
    long total = 0;
    for (RedisServer node : nodes) {
      total += field(String.valueOf(node.call("INFO", "stats")), "total_net_output_bytes");
    }
    return total;
  }

  private long lastBus;

  /** Publish messages sent on the cluster bus since the last call (0 outside a Cluster). */
  private long busMessages(List<RedisServer> nodes) {
    if (nodes.size() == 1) {
      return 0;
    }
    long total = 0;
    for (RedisServer node : nodes) {
      total += field(String.valueOf(node.call("CLUSTER", "INFO")),
          "cluster_stats_messages_publish_sent");
    }
    long since = total - lastBus;
    lastBus = total;
    return since;
  }

  private static long field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return Long.parseLong(line.substring(name.length() + 1).trim());
      }
    }
    return 0;
  }
}
