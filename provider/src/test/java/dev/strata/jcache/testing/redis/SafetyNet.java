package dev.strata.jcache.testing.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Kills the processes and deletes the directories the harness created if a test forgets to, or
 * the JVM exits before its {@code @AfterAll} runs: a Redis server outliving its build would hold
 * its port and memory until someone notices.
 *
 * <p>Normal cleanup is each fixture's {@code close()}; this is the shutdown hook behind it. It
 * cannot help if the test JVM itself is SIGKILLed.
 *
 * <p>Set the system property or environment variable {@code STRATA_KEEP_REDIS_DIRS=true} to keep
 * the directories (configuration, logs, certificates) for a look after a failure.
 */
final class SafetyNet {
  private static final Set<Process> processes = new LinkedHashSet<>();
  private static final Set<Path> directories = new LinkedHashSet<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(SafetyNet::cleanUpEverything,
        "strata-redis-harness-cleanup"));
  }

  private SafetyNet() {}

  static synchronized void watch(Process process) {
    processes.add(process);
  }

  static synchronized void forget(Process process) {
    processes.remove(process);
  }

  /** Creates a temporary directory that is deleted at exit unless closed earlier. */
  static Path newDirectory(String prefix) {
    try {
      Path directory = Files.createTempDirectory(prefix);
      synchronized (SafetyNet.class) {
        directories.add(directory);
      }
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  /** Deletes a directory from {@link #newDirectory}, unless told to keep directories. */
  static void delete(Path directory) {
    synchronized (SafetyNet.class) {
      directories.remove(directory);
    }
    if (!keepDirectories()) {
      deleteRecursively(directory);
    }
  }

  static boolean keepDirectories() {
    String value = System.getProperty("STRATA_KEEP_REDIS_DIRS",
        System.getenv().getOrDefault("STRATA_KEEP_REDIS_DIRS", "false"));
    return Boolean.parseBoolean(value);
  }

  private static void cleanUpEverything() {
    List<Process> leftoverProcesses;
    List<Path> leftoverDirectories;
    synchronized (SafetyNet.class) {
      leftoverProcesses = new ArrayList<>(processes);
      leftoverDirectories = new ArrayList<>(directories);
    }
    for (Process process : leftoverProcesses) {
      process.destroyForcibly();
    }
    for (Process process : leftoverProcesses) {
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (!keepDirectories()) {
      leftoverDirectories.forEach(SafetyNet::deleteRecursively);
    }
  }

  private static void deleteRecursively(Path directory) {
    try {
      Files.walkFileTree(directory, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
            throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          // A file a stopping process removed on its own (a socket, a temp RDB) is no error.
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException alreadyGone) {
      // Nothing to delete.
    } catch (IOException e) {
      // Cleanup must not fail a test that passed; the directory is in the system's temp space.
      System.err.println("Could not delete " + directory + ": " + e);
    }
  }
}
