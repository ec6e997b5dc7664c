package dev.strata.jcache.testing.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short external command ({@code redis-cli}, {@code openssl}, {@code keytool}) to its end,
 * with its output in a file so that a failure can show it.
 */
public final class Command {
  private Command() {}

  /** What a finished command printed (stdout and stderr together) and its exit code. */
  public record Result(List<String> command, int exitCode, String output, Path outputFile) {
    /** This result, or an exception with the command, its exit code and output if it failed. */
    public Result requireSuccess() {
      if (exitCode != 0) {
        throw new IllegalStateException(describe("failed with exit code " + exitCode));
      }
      return this;
    }

    String describe(String what) {
      return String.join(" ", command) + " " + what + "; its output (" + outputFile + "):\n"
          + output;
    }
  }

  /**
   * Runs {@code command} in {@code workDirectory}, writing its output to {@code outputFile}
   * (appended, so one file can log a sequence of commands), and waits at most {@code timeout}.
   *
   * @throws IllegalStateException if it does not finish in time (it is then killed)
   */
  public static Result run(Path workDirectory, Path outputFile, Duration timeout,
      List<String> command) {
    try {
      long start = Files.exists(outputFile) ? Files.size(outputFile) : 0;
      Files.writeString(outputFile, "$ " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      Process process = new ProcessBuilder(command)
          .directory(workDirectory.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      SafetyNet.watch(process);
      try {
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
          process.destroyForcibly().waitFor();
        }
        String output = readFrom(outputFile, start);
        Result result = new Result(List.copyOf(command),
            finished ? process.exitValue() : -1, output, outputFile);
        if (!finished) {
          throw new IllegalStateException(result.describe("did not finish in " + timeout));
        }
        return result;
      } finally {
        SafetyNet.forget(process);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  /** {@link #run(Path, Path, Duration, List)} with the command given as arguments. */
  public static Result run(Path workDirectory, Path outputFile, Duration timeout,
      Object... command) {
    List<String> words = new ArrayList<>();
    for (Object word : command) {
      words.add(word.toString());
    }
    return run(workDirectory, outputFile, timeout, words);
  }

  private static String readFrom(Path file, long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int from = (int) Math.min(offset, bytes.length);
    String text = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
    // Drop the "$ command" line written before the run: the caller knows its command.
    int firstLineEnd = text.indexOf('\n');
    return firstLineEnd < 0 ? "" : text.substring(firstLineEnd + 1);
  }

  /** The last {@code lines} lines of a text file, for failure messages. */
  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
