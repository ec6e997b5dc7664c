package dev.strata.jcache.testing.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A real Redis Sentinel setup on 127.0.0.1: one master, one replica of it, and three sentinels
 * that monitor the master as {@value #MASTER_NAME} with a quorum of two.
 *
 * <p>The sentinels judge a master down after {@value #DOWN_AFTER_MILLIS} ms without an answer
 * and may retry a failover after {@value #FAILOVER_TIMEOUT_MILLIS} ms, so that a test which
 * {@link RedisServer#kill() kills} the master sees its replica promoted within seconds.
 * {@link #start()} returns once the replica has synchronised and every sentinel knows the
 * replica and both other sentinels, which is what a Sentinel client checks when it connects.
 * {@link #close()} stops every process and deletes their directories.
 */
public final class RedisSentinel implements AutoCloseable {
  /** The name the sentinels monitor the master under: a client's {@code master-name}. */
  public static final String MASTER_NAME = "mymaster";
  private static final int SENTINELS = 3;
  private static final int DOWN_AFTER_MILLIS = 1000;
  private static final int FAILOVER_TIMEOUT_MILLIS = 5000;
  private static final Duration CONVERGE_TIMEOUT = Duration.ofSeconds(30);

  private final List<RedisServer> servers = new ArrayList<>();
  private final List<RedisServer> sentinels = new ArrayList<>();

  private RedisSentinel() {}

  /** Starts the master, its replica and three sentinels, and waits until they agree. */
  public static RedisSentinel start() {
    RedisSentinel setup = new RedisSentinel();
    try {
      RedisServer master = RedisServer.start();
      setup.servers.add(master);
      RedisServer replica = RedisServer.start("--replicaof", RedisServer.HOST,
          Integer.toString(master.port()));
      setup.servers.add(replica);
      setup.await("the replica " + replica.uri() + " to synchronise with " + master.uri(),
          () -> String.valueOf(replica.call("INFO", "replication"))
              .contains("master_link_status:up"));
      String config = "sentinel monitor " + MASTER_NAME + " " + RedisServer.HOST + " "
          + master.port() + " 2\n"
          + "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MILLIS + "\n"
          + "sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT_MILLIS + "\n";
      for (int i = 0; i < SENTINELS; i++) {
        setup.sentinels.add(RedisServer.builder().sentinel(config).start());
      }
      for (RedisServer sentinel : setup.sentinels) {
        setup.await(sentinel.uri() + " to know the replica and the other sentinels", () -> {
          Map<String, String> state = fields(sentinel.call("SENTINEL", "MASTER", MASTER_NAME));
          return "1".equals(state.get("num-slaves"))
              && String.valueOf(SENTINELS - 1).equals(state.get("num-other-sentinels"));
        });
      }
      return setup;
    } catch (RuntimeException | Error e) {
      setup.close();
      throw e;
    }
  }

  /** The sentinels' URIs, {@code redis://127.0.0.1:N}: a Sentinel client's addresses. */
  public List<String> sentinelUris() {
    return sentinels.stream().map(RedisServer::uri).toList();
  }

  /** The sentinels. */
  public List<RedisServer> sentinels() {
    return List.copyOf(sentinels);
  }

  /** The master and the replica, in the roles they started in. */
  public List<RedisServer> servers() {
    return List.copyOf(servers);
  }

  /** The server that the first sentinel names as master now. */
  public RedisServer master() {
    Object reply = sentinels.get(0).call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
    int port = Integer.parseInt(String.valueOf(((List<?>) reply).get(1)));
    return servers.stream().filter(server -> server.port() == port).findFirst()
        .orElseThrow(() -> new IllegalStateException("the sentinels name an unknown master"
            + " on port " + port + ": " + this));
  }

  /**
   * Waits until every sentinel names a master other than {@code former} and that server
   * answers as a master: the end of a failover.
   */
  public RedisServer awaitFailover(RedisServer former, Duration timeout) {
    await("a failover away from " + former.uri(), timeout, () -> {
      for (RedisServer sentinel : sentinels) {
        Object reply = sentinel.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
        if (String.valueOf(former.port()).equals(String.valueOf(((List<?>) reply).get(1)))) {
          return false;
        }
      }
      return String.valueOf(master().call("INFO", "replication")).contains("role:master");
    });
    return master();
  }

  /** Stops every process and deletes their directories. Safe to call more than once. */
  @Override
  public void close() {
    RuntimeException failure = null;
    List<RedisServer> all = new ArrayList<>(sentinels);
    all.addAll(servers);
    for (RedisServer server : all) {
      try {
        server.close();
      } catch (RuntimeException e) {
        // Keep going: one process's trouble must not leave the others running.
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "Redis Sentinel " + sentinelUris() + " over "
        + servers.stream().map(RedisServer::uri).toList();
  }

  private void await(String what, BooleanSupplier condition) {
    await(what, CONVERGE_TIMEOUT, condition);
  }

  private void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // A server in the middle of a role change may refuse or drop a probe.
        last = notYet;
      }
      if (System.nanoTime() - deadline > 0) {
        var failure = new IllegalStateException("waited " + timeout + " in vain for " + what
            + "; " + this + ", logs in " + sentinels.stream().map(RedisServer::logFile).toList());
        if (last != null) {
          failure.addSuppressed(last);
        }
        throw failure;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }

  /** A reply of alternating names and values ({@code SENTINEL MASTER}) as a map. */
  private static Map<String, String> fields(Object reply) {
    List<?> list = (List<?>) reply;
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i + 1 < list.size(); i += 2) {
      map.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
    }
    return map;
  }
}
