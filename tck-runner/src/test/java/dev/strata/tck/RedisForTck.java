package dev.strata.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.runner.Description;
import org.junit.runner.Result;
import org.junit.runner.notification.RunListener;

/**
 * Starts a real {@code redis-server} on a free loopback port before the TCK runs in a Redis
 * mode and stops it afterwards. The port reaches the mode's configuration file through the
 * {@value #ADDRESS_PROPERTY} system property.
 */
public class RedisForTck extends RunListener {
  static final String ADDRESS_PROPERTY = "strata.tck.redis.address";

  private Process server;

  @Override
  public void testRunStarted(Description description) throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path dir = Files.createTempDirectory("strata-tck-redis");
    server = new ProcessBuilder(List.of(redisServer(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile())
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::destroyForcibly));
    awaitListening(port, dir.resolve("redis.log"));
    System.setProperty(ADDRESS_PROPERTY, "redis://127.0.0.1:" + port);
  }

  @Override
  public void testRunFinished(Result result) {
    if (server != null) {
      server.destroy();
    }
  }

  private static String redisServer() {
    String configured = System.getenv("REDIS_SERVER");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "redis-server"))) {
        return Path.of(dir, "redis-server").toString();
      }
    }
    for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException("The TCK's Redis modes need redis-server, which is not on"
        + " the PATH: install it (apt-get install -y redis-server) or set REDIS_SERVER");
  }

  private void awaitListening(int port, Path log) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("redis-server exited at start; see " + log);
      }
      try (var socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    throw new UncheckedIOException(new IOException("redis-server did not listen on port " + port
        + " within 10 s; see " + log));
  }
}
