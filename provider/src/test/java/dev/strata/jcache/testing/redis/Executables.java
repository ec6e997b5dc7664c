package dev.strata.jcache.testing.redis;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the programs the harness runs: {@code redis-server}, {@code redis-cli} and
 * {@code openssl}.
 *
 * <p>A missing Redis is installed from Debian's package when the build can (see
 * {@link #redisServer()}), and otherwise fails at once with the command that installs it: the
 * Redis tests are part of the build, so a machine without Redis must not pass them by skipping
 * them.
 */
final class Executables {
  private static final String INSTALL_HINT =
      "Strata's tests start real Redis servers. Install Redis 7 "
          + "(Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis), "
          + "or point the %s environment variable at the %s binary.";

  private Executables() {}

  /**
   * {@code $REDIS_SERVER}, else {@code redis-server} on the PATH, else the usual places; on a
   * Debian machine where the build runs as root and none is found, Debian's package is
   * installed first, and the build says so.
   */
  static Path redisServer() {
    if (find("redis-server", "REDIS_SERVER", List.of(), System::getenv).isEmpty()) {
      installDebianRedis();
    }
    return redisServer(System::getenv);
  }

  private static boolean installAttempted;

  /**
   * Installs Debian's {@code redis-server} and {@code redis-tools} with apt-get, once per JVM,
   * when this is a Debian machine and the build may install packages (it runs as root). Any
   * failure is left for {@link #require} to report with the command to run by hand.
   */
  private static synchronized void installDebianRedis() {
    if (installAttempted || !Files.isExecutable(Path.of("/usr/bin/apt-get"))
        || !"root".equals(System.getProperty("user.name"))) {
      return;
    }
    installAttempted = true;
    System.err.println("[strata tests] redis-server is not installed; installing Debian's"
        + " redis-server and redis-tools packages with apt-get");
    for (List<String> command : List.of(
        List.of("/usr/bin/apt-get", "update"),
        List.of("/usr/bin/apt-get", "install", "-y", "redis-server", "redis-tools"))) {
      try {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
          System.err.println("[strata tests] " + String.join(" ", command) + " failed");
          return;
        }
      } catch (java.io.IOException e) {
        System.err.println("[strata tests] cannot run apt-get: " + e.getMessage());
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** {@link #redisServer()} with the environment given, so its failures can be tested. */
  static Path redisServer(Function<String, String> environment) {
    return require("redis-server", "REDIS_SERVER", List.of(), environment);
  }

  /**
   * {@code $REDIS_CLI}, else the {@code redis-cli} beside the {@code redis-server} in use (the two
   * come from one install, and a mismatched pair may not speak the same cluster protocol), else
   * on the PATH, else the usual places.
   */
  static Path redisCli() {
    Path besideServer = redisServer().resolveSibling("redis-cli");
    return require("redis-cli", "REDIS_CLI", List.of(besideServer), System::getenv);
  }

  /** {@code openssl} on the PATH or in the usual places, if this machine has one. */
  static Optional<Path> openssl() {
    return find("openssl", null, List.of(), System::getenv);
  }

  /** The {@code keytool} of the JDK running the tests, which every JDK has. */
  static Path keytool() {
    return Path.of(System.getProperty("java.home"), "bin", "keytool");
  }

  private static Path require(String name, String variable, List<Path> preferred,
      Function<String, String> environment) {
    return find(name, variable, preferred, environment)
        .orElseThrow(() -> new IllegalStateException(
            "No " + name + " found (looked at $" + variable + ", the PATH, /usr/bin and "
                + "/usr/local/bin). " + String.format(INSTALL_HINT, variable, name)));
  }

  private static Optional<Path> find(String name, String variable, List<Path> preferred,
      Function<String, String> environment) {
    if (variable != null) {
      String configured = environment.apply(variable);
      if (configured != null && !configured.isBlank()) {
        Path path = Path.of(configured);
        if (!Files.isExecutable(path)) {
          // A wrong setting is a mistake to report, not a reason to quietly use another Redis.
          throw new IllegalStateException(
              "$" + variable + " is " + configured + ", which is not an executable file. "
                  + String.format(INSTALL_HINT, variable, name));
        }
        return Optional.of(path);
      }
    }
    List<Path> candidates = new ArrayList<>(preferred);
    String pathVariable = environment.apply("PATH");
    if (pathVariable != null) {
      for (String directory : pathVariable.split(File.pathSeparator)) {
        if (!directory.isEmpty()) {
          candidates.add(Path.of(directory, name));
        }
      }
    }
    candidates.add(Path.of("/usr/bin", name));
    candidates.add(Path.of("/usr/local/bin", name));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }
}
