package dev.strata.benchmarks;

import dev.strata.jcache.configuration.WriteBehindSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The "Write-behind" section of the benchmark page: runs {@link WriteBehindBenchmark} (under a
 * minute: its puts are slow by design, and the warm-up must fill the queue) and shows, for each
 * store, the puts per second written through and written behind, their ratio and the target they
 * are held to.
 * Apart from {@link Report}'s other sections, because it is measured in puts per second of a
 * slow writer, not in the nanoseconds of a cache call.
 */
final class WriteBehindSection {
  private static final String BENCHMARK = WriteBehindBenchmark.class.getName();
  /** Write-behind puts per second against write-through ones, with the 5 ms writer. */
  static final double TARGET_RATIO = 50;
  /** Long enough for the Redis case, which takes about 3 s to reach its steady rate. */
  private static final int WARMUP_SECONDS = 4;
  private static final int ITERATIONS = 4;

  private WriteBehindSection() {}

  /** Runs the benchmark on 1 thread; JMH's JSON goes to {@code json}. */
  static List<RunResult> run(Report.Settings settings, Path json)
      throws RunnerException, IOException {
    var options = new OptionsBuilder()
        .include(Pattern.quote(BENCHMARK) + "\\.(" + settings.include() + ")$")
        .threads(1)
        .forks(1)
        .warmupIterations(1)
        .warmupTime(TimeValue.seconds(settings.quick() ? 1 : WARMUP_SECONDS))
        .measurementIterations(settings.quick() ? 1 : ITERATIONS)
        .measurementTime(TimeValue.seconds(1))
        .resultFormat(ResultFormatType.JSON)
        .result(json.toString());
    Files.deleteIfExists(json);
    try {
      return new ArrayList<>(new Runner(options.build()).run());
    } catch (NoBenchmarksException e) {
      // --include left nothing of this class
      return List.of();
    }
  }

  /** The section, or nothing when the benchmark was not run. */
  static String markdown(Report.Settings settings, Collection<RunResult> results) {
    if (results.isEmpty()) {
      return "";
    }
    WriteBehindSettings queue = WriteBehindBenchmark.SETTINGS;
    var out = new StringBuilder("## Write-behind\n\n");
    out.append("`WriteBehindBenchmark`: puts into a Strata cache whose `CacheWriter` takes ")
        .append(WriteBehindBenchmark.WRITER_MILLIS).append(" ms a call (a sleep standing for a"
            + " database round trip), 1 thread, `Integer` keys taken in turn from ")
        .append(String.format(Locale.ROOT, "%,d", WriteBehindBenchmark.KEYS))
        .append(", so a batch's keys are distinct and coalescing saves nothing. Written through,"
            + " each put waits for its own `write`. Written behind (batches of up to ")
        .append(queue.maxBatchSize()).append(", a queue of ")
        .append(String.format(Locale.ROOT, "%,d", queue.queueCapacity()))
        .append(" changes, a put waits up to ").append(queue.fullQueueWait().toSeconds())
        .append(" s for room), the queue fills during warm-up, so the rate measured is the one"
            + " the flusher sustains, not the speed of filling an empty queue. The embedded"
            + " store keeps the queue in the heap; the Redis store (a `redis-server` started for"
            + " the run on 127.0.0.1, sharing the cores) keeps it in a Redis stream. ")
        .append(settings.quick() ? "1 × 1 s warm-up, 1 × 1 s"
            : "1 × " + WARMUP_SECONDS + " s warm-up, " + ITERATIONS + " × 1 s")
        .append(" measurement.\n\n");
    out.append("| store | write-through (puts/s) | write-behind (puts/s) | write-behind ÷"
        + " write-through |\n|---|---|---|---|\n");
    List<String> verdicts = new ArrayList<>();
    for (String store : List.of("embedded", "redis")) {
      Result<?> through = score(results, store, "through");
      Result<?> behind = score(results, store, "behind");
      if (through == null && behind == null) {
        continue;
      }
      String ratio = "";
      if (through != null && behind != null) {
        double value = behind.getScore() / through.getScore();
        ratio = String.format(Locale.ROOT, "%.0f×", value);
        verdicts.add((value >= TARGET_RATIO ? "**met**" : "**not met**") + " on " + store
            + " (" + ratio + ")");
      }
      out.append("| ").append(store).append(" | ").append(rate(through)).append(" | ")
          .append(rate(behind)).append(" | ").append(ratio).append(" |\n");
    }
    out.append(String.format(Locale.ROOT, "%nTarget: write-behind ≥ %.0f× write-through puts/s"
        + " with a %d ms writer: ", TARGET_RATIO, WriteBehindBenchmark.WRITER_MILLIS))
        .append(verdicts.isEmpty() ? "not measured" : String.join("; ", verdicts))
        .append(".\n\n");
    return out.toString();
  }

  private static Result<?> score(Collection<RunResult> results, String store, String mode) {
    for (RunResult result : results) {
      if (mode.equals(result.getParams().getParam("mode"))
          && store.equals(result.getParams().getParam("store"))) {
        return result.getPrimaryResult();
      }
    }
    return null;
  }

  private static String rate(Result<?> result) {
    if (result == null) {
      return "–";
    }
    String score = String.format(Locale.ROOT, "%,.0f", result.getScore());
    return Double.isNaN(result.getScoreError()) ? score
        : score + " ± " + String.format(Locale.ROOT, "%,.0f", result.getScoreError());
  }
}
