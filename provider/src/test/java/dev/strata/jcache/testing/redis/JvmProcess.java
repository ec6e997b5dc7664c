package dev.strata.jcache.testing.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a {@code main} method from the test class path, for tests where two
 * processes share one Redis (one cache manager per JVM) or where a JVM dies mid-operation.
 *
 * <pre>{@code
 * try (JvmProcess writer = JvmProcess.start(WriterMain.class, redis.uri())) {
 *   writer.awaitOutput("ready", Duration.ofSeconds(20));
 *   writer.kill9();
 *   ...
 * }
 * }</pre>
 *
 * <p>The child runs the same {@code java} ({@code java.home}) on the same class path as the
 * tests: Surefire's {@code surefire.test.class.path} when set (the test JVM's own
 * {@code java.class.path} may be a single manifest-only jar), else {@code java.class.path}. Its
 * stdout and stderr go to {@link #outputFile()}, whose path failure messages name.
 * {@link #close()} kills it if it is still running and deletes its directory.
 */
public final class JvmProcess implements AutoCloseable {
  private final Process process;
  private final Path directory;
  private final Path outputFile;
  private final String description;

  private JvmProcess(Process process, Path directory, Path outputFile, String description) {
    this.process = process;
    this.directory = directory;
    this.outputFile = outputFile;
    this.description = description;
  }

  /** Starts {@code mainClass.main(args)} in a new JVM with default JVM options. */
  public static JvmProcess start(Class<?> mainClass, String... args) {
    return start(List.of(), mainClass, args);
  }

  /** Starts {@code mainClass.main(args)} in a new JVM with {@code jvmOptions} (e.g. -Xmx). */
  public static JvmProcess start(List<String> jvmOptions, Class<?> mainClass, String... args) {
    Path directory = SafetyNet.newDirectory("strata-jvm-");
    Path outputFile = directory.resolve("output.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", testClassPath(), mainClass.getName()));
    command.addAll(Arrays.asList(args));
    try {
      Process process = new ProcessBuilder(command)
          .directory(directory.toFile())
          .redirectErrorStream(true)
          .redirectOutput(outputFile.toFile())
          .start();
      SafetyNet.watch(process);
      return new JvmProcess(process, directory, outputFile,
          mainClass.getSimpleName() + " (pid " + process.pid() + ", output " + outputFile + ")");
    } catch (IOException e) {
      SafetyNet.delete(directory);
      throw new UncheckedIOException("cannot start a JVM for " + mainClass.getName(), e);
    }
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** Whether the child is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits at most {@code timeout} for the child to exit; true if it did. */
  public boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + description, e);
    }
  }

  /**
   * The child's exit code: 0 for a normal end, 137 (128 + 9) after {@link #kill9()}.
   *
   * @throws IllegalStateException if it is still running
   */
  public int exitCode() {
    if (process.isAlive()) {
      throw new IllegalStateException("still running: " + description);
    }
    return process.exitValue();
  }

  /**
   * Kills the child with SIGKILL and waits for it to be gone: no shutdown hooks, no finally
   * blocks, no flushed buffers, as when a machine loses power or the OOM killer strikes.
   * ({@link Process#destroyForcibly()} sends SIGKILL on Linux and macOS; the exit code 137
   * proves it.)
   */
  public void kill9() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + description, e);
    }
  }

  /** The file the child's stdout and stderr go to. */
  public Path outputFile() {
    return outputFile;
  }

  /** Everything the child has printed so far. */
  public String output() {
    try {
      return Files.readString(outputFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + outputFile, e);
    }
  }

  /**
   * Waits until the child has printed {@code text}, the usual way for a child to say it is
   * ready.
   *
   * @throws IllegalStateException if it exits or {@code timeout} passes first; the message has
   *     the child's output
   */
  public void awaitOutput(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!output().contains(text)) {
      if (!process.isAlive() && !output().contains(text)) {
        throw new IllegalStateException(description + " exited with code "
            + process.exitValue() + " before printing \"" + text + "\"; it printed:\n"
            + output());
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(description + " did not print \"" + text + "\" within "
            + timeout + "; it printed:\n" + output());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + description, e);
      }
    }
  }

  /** Kills the child if it is still running and deletes its directory. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        kill9();
      }
    } finally {
      SafetyNet.forget(process);
      SafetyNet.delete(directory);
    }
  }

  @Override
  public String toString() {
    return description;
  }

  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
