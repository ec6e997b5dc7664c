package dev.strata.jcache.store.redis;

import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.api.redisnode.RedisNode;
import dev.strata.shaded.redisson.api.redisnode.RedisNodes;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Has every master a client talks to send {@code evicted} key events
 * ({@code notify-keyspace-events} with {@code E} and {@code e}), which a near cache needs to
 * drop the copy of an entry Redis evicted under {@code maxmemory}: it adds the two flags to
 * what the server has ({@code CONFIG SET}), once per client. A server that refuses (an ACL user
 * without {@code +config|set}, a renamed command, a managed service) is named in a warning:
 * near copies of entries it evicts then live until the periodic sequence check finds their group
 * changed, or their maximum staleness.
 */
final class EvictionEvents {
  private static final System.Logger LOG = System.getLogger(EvictionEvents.class.getName());
  private static final String SETTING = "notify-keyspace-events";
  private static final Set<RedissonClient> ENABLED =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private EvictionEvents() {}

  /** Enables the events on every master of the client, or warns; once per client. */
  static void enable(RedissonClient client, String cacheName) {
    if (!ENABLED.add(client)) {
      return;
    }
    try {
      for (RedisNode node : masters(client)) {
        enable(node, cacheName);
      }
    } catch (RuntimeException e) {
      warn(cacheName, "its masters could not be listed", e);
    }
  }

  private static void enable(RedisNode node, String cacheName) {
    String flags;
    try {
      Map<String, String> config = node.getConfig(SETTING);
      flags = config.getOrDefault(SETTING, "");
    } catch (RuntimeException e) {
      warn(cacheName, "CONFIG GET " + SETTING + " failed", e);
      return;
    }
    boolean keyEvents = flags.contains("E");
    boolean evicted = flags.contains("e") || flags.contains("A");
    if (keyEvents && evicted) {
      return;
    }
    String wanted = flags + (keyEvents ? "" : "E") + (evicted ? "" : "e");
    try {
      node.setConfig(SETTING, wanted);
    } catch (RuntimeException e) {
      warn(cacheName, "CONFIG SET " + SETTING + " " + wanted + " was refused", e);
    }
  }

  private static List<? extends RedisNode> masters(RedissonClient client) {
    if (client.getConfig().isClusterConfig()) {
      return new ArrayList<>(client.getRedisNodes(RedisNodes.CLUSTER).getMasters());
    }
    if (client.getConfig().isSentinelConfig()) {
      return List.of(client.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster());
    }
    if (client.getConfig().isSingleConfig()) {
      return List.of(client.getRedisNodes(RedisNodes.SINGLE).getInstance());
    }
    return List.of(client.getRedisNodes(RedisNodes.MASTER_SLAVE).getMaster());
  }

  private static void warn(String cacheName, String what, RuntimeException e) {
    LOG.log(Level.WARNING, "Near cache '" + cacheName + "': Redis will not report the keys it"
        + " evicts (" + what + ": " + e.getMessage() + "). Set " + SETTING + " to include 'Ee'"
        + " on every master (redis-server --" + SETTING + " Ee, or grant the user +config|set):"
        + " until then a copy of an evicted entry lives until the periodic sequence check"
        + " drops its group, or its near-cache.max-staleness.");
  }
}
