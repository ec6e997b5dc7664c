package dev.strata.samples.near;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code redis-server} on a free 127.0.0.1 port, for the sample: nothing saved to
 * disk, nothing exposed beyond loopback, stopped by {@link #close()}.
 */
final class LocalRedis implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  // Below Linux's ephemeral range (32768 and up), so the kernel does not hand the port to some
  // client socket between the check and the server's bind.
  private static final int LOWEST_PORT = 15_000;
  private static final int HIGHEST_PORT = 22_000;

  private final Process process;
  private final int port;

  private LocalRedis(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a server and waits until it answers PING. */
  static LocalRedis start() throws IOException, InterruptedException {
    Path executable = redisServer();
    IOException lastFailure = null;
    // Another process may bind the port between the check and redis-server's own bind.
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      Process process = new ProcessBuilder(executable.toString(),
          "--bind", HOST, "--port", Integer.toString(port), "--daemonize", "no",
          "--save", "", "--appendonly", "no", "--loglevel", "warning")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      LocalRedis redis = new LocalRedis(process, port);
      try {
        redis.awaitPing();
        return redis;
      } catch (IOException e) {
        redis.close();
        lastFailure = e;
      }
    }
    throw lastFailure;
  }

  String uri() {
    return "redis://" + HOST + ":" + port;
  }

  int port() {
    return port;
  }

  /** SIGTERM, on which Redis shuts down cleanly (and, with --save "", saves nothing). */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitPing() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with code " + process.exitValue()
            + " while starting on port " + port);
      }
      try (Socket socket = new Socket(HOST, port)) {
        socket.setSoTimeout(1000);
        OutputStream out = socket.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] reply = in.readNBytes(7);
        if ("+PONG\r\n".equals(new String(reply, StandardCharsets.US_ASCII))) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IOException("redis-server did not answer PING on port " + port + " within 10 s");
  }

  /**
   * {@code $REDIS_SERVER}, else {@code redis-server} on the PATH, else {@code /usr/bin} or
   * {@code /usr/local/bin}: the same places Strata's test harness looks.
   */
  static Path redisServer() {
    String configured = System.getenv("REDIS_SERVER");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (!Files.isExecutable(path)) {
        // A wrong setting is a mistake to report, not a reason to quietly use another Redis.
        throw new IllegalStateException("$REDIS_SERVER is " + configured
            + ", which is not an executable file. " + installHint());
      }
      return path;
    }
    List<Path> candidates = new ArrayList<>();
    String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String directory : pathVariable.split(File.pathSeparator)) {
      if (!directory.isEmpty()) {
        candidates.add(Path.of(directory, "redis-server"));
      }
    }
    candidates.add(Path.of("/usr/bin/redis-server"));
    candidates.add(Path.of("/usr/local/bin/redis-server"));
    return candidates.stream().filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new IllegalStateException("No redis-server found (looked at"
            + " $REDIS_SERVER, the PATH, /usr/bin and /usr/local/bin). " + installHint()));
  }

  private static String installHint() {
    return "This sample starts its own Redis: install Redis 7 (Debian/Ubuntu: apt-get install"
        + " -y redis-server; macOS: brew install redis), or set REDIS_SERVER to the path of"
        + " a redis-server binary.";
  }

  private static int freePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST_PORT, HIGHEST_PORT);
      try (ServerSocket socket = new ServerSocket()) {
        // Redis binds with SO_REUSEADDR; checking the same way ignores TIME_WAIT leftovers.
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("No free port in " + LOWEST_PORT + "-" + (HIGHEST_PORT - 1)
        + " on 127.0.0.1");
  }
}
