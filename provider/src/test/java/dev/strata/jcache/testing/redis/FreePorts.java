package dev.strata.jcache.testing.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks loopback ports for Redis servers.
 *
 * <p>Ports come from 15000-21999, below Linux's ephemeral range (32768 and up), so a port the
 * harness picks is not also handed to some client socket by the kernel while a server restarts
 * on it. A cluster node also needs its bus port, the port + 10000 (25000-31999, still below
 * the ephemeral range), so every port is picked with its bus port free too. A port is never
 * handed out twice in one JVM, so a stopped server's port stays its own for a restart. Another
 * process may still take a port between the check and the server's bind; {@link RedisServer}
 * then starts again on a new port.
 */
final class FreePorts {
  static final int CLUSTER_BUS_OFFSET = 10_000;
  private static final int LOWEST = 15_000;
  private static final int HIGHEST_EXCLUSIVE = 22_000;
  private static final int ATTEMPTS = 200;

  private static final Set<Integer> handedOut = new HashSet<>();

  private FreePorts() {}

  /** A port such that it and its cluster bus port are both free on 127.0.0.1 right now. */
  static synchronized int pick() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST_EXCLUSIVE);
      if (!handedOut.contains(port) && isFree(port) && isFree(port + CLUSTER_BUS_OFFSET)) {
        handedOut.add(port);
        return port;
      }
    }
    throw new IllegalStateException("No free port pair (N, N+" + CLUSTER_BUS_OFFSET + ") among "
        + ATTEMPTS + " tries in " + LOWEST + "-" + (HIGHEST_EXCLUSIVE - 1) + " on 127.0.0.1");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // Redis binds with SO_REUSEADDR; checking the same way ignores only TIME_WAIT leftovers,
      // which would not stop Redis either.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
