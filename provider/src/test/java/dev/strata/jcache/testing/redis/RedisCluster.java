package dev.strata.jcache.testing.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real three-master Redis Cluster (no replicas) on 127.0.0.1, for tests where key slots and
 * redirections matter.
 *
 * <p>Each node is a {@link RedisServer} started with {@code --cluster-enabled yes} and a 2 s node
 * timeout; {@code redis-cli --cluster create ... --cluster-replicas 0 --cluster-yes} splits the
 * 16384 slots between them, and {@link #start()} returns once every node's {@code CLUSTER INFO}
 * says {@code cluster_state:ok} and knows all three nodes. Ports are picked so that each bus
 * port (port + 10000) is free too. {@link #close()} stops every node and deletes their
 * directories.
 */
public final class RedisCluster implements AutoCloseable {
  private static final int MASTERS = 3;
  private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisServer> nodes;
  private final Path directory;

  private RedisCluster(List<RedisServer> nodes, Path directory) {
    this.nodes = List.copyOf(nodes);
    this.directory = directory;
  }

  /** Starts three nodes, joins them into a cluster and waits until it is ok on every node. */
  public static RedisCluster start() {
    return start(new String[0]);
  }

  /**
   * {@link #start()} with more redis-server arguments for every node, e.g.
   * {@code "--enable-debug-command", "local"}.
   */
  public static RedisCluster start(String... nodeArguments) {
    List<RedisServer> nodes = new ArrayList<>();
    Path directory = SafetyNet.newDirectory("strata-redis-cluster-");
    RedisCluster cluster = new RedisCluster(nodes, directory);
    try {
      for (int i = 0; i < MASTERS; i++) {
        nodes.add(RedisServer.builder().clusterNode().arguments(nodeArguments).start());
      }
      cluster = new RedisCluster(nodes, directory);
      cluster.create();
      cluster.awaitOk();
      return cluster;
    } catch (RuntimeException | Error e) {
      // Stops the nodes already started, so a failed start leaves no process behind.
      new RedisCluster(nodes, directory).close();
      throw e;
    }
  }

  /** The nodes, in the order they were given to {@code redis-cli --cluster create}. */
  public List<RedisServer> nodes() {
    return nodes;
  }

  /** The nodes' URIs, {@code redis://127.0.0.1:N}: what a cluster client is given as seeds. */
  public List<String> nodeUris() {
    return nodes.stream().map(RedisServer::uri).toList();
  }

  /** The file with the output of {@code redis-cli --cluster create}. */
  public Path createLog() {
    return directory.resolve("cluster-create.log");
  }

  /** Stops every node and deletes their directories. Safe to call more than once. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (RedisServer node : nodes) {
      try {
        node.close();
      } catch (RuntimeException e) {
        // Keep going: one node's trouble must not leave the others running.
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    SafetyNet.delete(directory);
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "Redis Cluster " + nodeUris();
  }

  private void create() {
    List<String> command = new ArrayList<>(List.of(
        Executables.redisCli().toString(), "--cluster", "create"));
    for (RedisServer node : nodes) {
      command.add(node.host() + ":" + node.port());
    }
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Command.run(directory, createLog(), CREATE_TIMEOUT, command).requireSuccess();
  }

  private void awaitOk() {
    long deadline = System.nanoTime() + CONVERGE_TIMEOUT.toNanos();
    String lastInfo = "";
    RedisServer lastNode = nodes.get(0);
    while (true) {
      boolean allOk = true;
      for (RedisServer node : nodes) {
        try {
          lastInfo = node.call("CLUSTER", "INFO").toString();
        } catch (RuntimeException e) {
          lastInfo = e.toString();
        }
        lastNode = node;
        // Every node must see every slot served and every peer before a client can rely on
        // whichever node it asks first.
        if (!lastInfo.contains("cluster_state:ok")
            || !lastInfo.contains("cluster_slots_ok:16384")
            || !lastInfo.contains("cluster_known_nodes:" + MASTERS)) {
          allOk = false;
          break;
        }
      }
      if (allOk) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the cluster " + nodeUris() + " was not ok within "
            + CONVERGE_TIMEOUT + "; CLUSTER INFO of " + lastNode.uri() + ":\n" + lastInfo
            + "\nredis-cli output: " + createLog() + "\nnode log: " + lastNode.logFile() + "\n"
            + Command.tail(lastNode.logFile(), 20));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + this, e);
      }
    }
  }
}
