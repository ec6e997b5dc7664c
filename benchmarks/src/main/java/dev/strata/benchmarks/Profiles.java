package dev.strata.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Profiles one benchmark case with Java Flight Recorder (through JMH's JFR profiler, with
 * non-safepoint debug information so that inlined methods keep their own frames) and sums the
 * execution samples of the benchmark thread by method: the share of samples a method was on top
 * of the stack (self) and anywhere in it (total). That is what {@code docs/benchmarks.md} shows
 * beside a target the run missed.
 */
final class Profiles {
  private static final int ROWS = 12;

  private Profiles() {}

  /**
   * Profiles one case and prints its table. Arguments: benchmark (class.method), parameter name,
   * parameter value; e.g. {@code dev.strata.benchmarks.EmbeddedCacheBenchmark.getHit provider
   * strata-ref}.
   */
  public static void main(String[] args) throws Exception {
    Path work = Path.of("benchmarks/target").toAbsolutePath();
    System.out.print(markdown(profile(args[0], args[0], args[1], args[2], work)));
  }

  /** A profile's rows: method, self share, total share; plus the number of samples. */
  record Profile(String title, int samples, List<Row> rows) {}

  record Row(String method, double self, double total) {}

  /**
   * Runs {@code benchmark} (a class and method) with the given parameter for 1 × 1 s warm-up and
   * 3 × 1 s measurement under JFR, and summarises the samples of the JMH worker thread.
   */
  static Profile profile(String title, String benchmark, String param, String value, Path work)
      throws RunnerException, IOException {
    String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
    Path dir = work.resolve("jfr-" + method + (value == null ? "" : "-" + value));
    deleteTree(dir);
    Files.createDirectories(dir);
    var options = new OptionsBuilder()
        .include(Pattern.quote(benchmark) + "$");
    if (value != null) {
      options.param(param, value);
    }
    if (benchmark.startsWith(EmbeddedCacheBenchmark.class.getName() + ".")) {
      // the targets are read from the Integer cases
      options.param("value", "integer");
    }
    options.threads(1)
        .forks(1)
        .warmupIterations(1)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(3)
        .measurementTime(TimeValue.seconds(1))
        .addProfiler(JavaFlightRecorderProfiler.class, "dir=" + dir + ";configName=profile");
    new Runner(options.build()).run();
    Path recording;
    try (Stream<Path> files = Files.walk(dir)) {
      recording = files.filter(file -> file.getFileName().toString().endsWith(".jfr"))
          .findFirst().orElseThrow(() -> new IOException("JFR wrote no recording in " + dir));
    }
    return summarise(title, recording);
  }

  static Profile summarise(String title, Path recording) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
          || event.getStackTrace() == null) {
        continue;
      }
      var thread = event.getThread("sampledThread");
      if (thread == null || thread.getJavaName() == null
          || !thread.getJavaName().contains("jmh-worker")) {
        continue;
      }
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      samples++;
      self.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String method = name(frame.getMethod());
        if (seen.add(method)) {
          total.merge(method, 1, Integer::sum);
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    int count = samples;
    self.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(ROWS)
        .forEach(entry -> rows.add(new Row(entry.getKey(), 100.0 * entry.getValue() / count,
            100.0 * total.getOrDefault(entry.getKey(), 0) / count)));
    return new Profile(title, samples, rows);
  }

  /** The profile as a Markdown table. */
  static String markdown(Profile profile) {
    var out = new StringBuilder();
    out.append("**").append(profile.title()).append("** (").append(profile.samples())
        .append(" samples of the benchmark thread)\n\n")
        .append("| method | self | total |\n|---|---|---|\n");
    for (Row row : profile.rows()) {
      out.append("| `").append(row.method()).append("` | ")
          .append(String.format(Locale.ROOT, "%.1f %%", row.self())).append(" | ")
          .append(String.format(Locale.ROOT, "%.1f %%", row.total())).append(" |\n");
    }
    return out.append('\n').toString();
  }

  private static String name(RecordedMethod method) {
    String type = method.getType().getName();
    int dot = type.lastIndexOf('.');
    return (dot < 0 ? type : type.substring(dot + 1)) + "." + method.getName();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(file);
      }
    }
  }
}
