package dev.strata.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The "Codecs" section of the benchmark page: runs {@link CodecBenchmark} on 1 thread, with the
 * GC profiler, and shows nanoseconds and bytes allocated per operation for each codec, shape
 * and operation, with each shape's encoded size.
 */
final class CodecSection {
  private static final String BENCHMARK = CodecBenchmark.class.getName();

  private CodecSection() {}

  static List<RunResult> run(Report.Settings settings, Path json)
      throws RunnerException, IOException {
    var options = new OptionsBuilder()
        .include(Pattern.quote(BENCHMARK) + "\\.(" + settings.include() + ")$")
        .threads(1)
        .forks(1)
        .warmupIterations(settings.quick() ? 1 : 2)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(settings.quick() ? 1 : 3)
        .measurementTime(TimeValue.seconds(1))
        .addProfiler(GCProfiler.class)
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
  static String markdown(Collection<RunResult> results) {
    if (results.isEmpty()) {
      return "";
    }
    var out = new StringBuilder("\n## Codecs\n\n");
    out.append("`CodecBenchmark`: a store-by-value cache's codec on a small mutable"
        + " `Serializable` class (three numbers, a `String`, a 16-byte `byte[]`; about 176 heap"
        + " bytes) and on a record of the same data, 1 thread. `java` and `kryo` are Strata's"
        + " codecs as a cache in Redis runs them (allowed classes, header, bounds); `fory` is"
        + " Apache Fory 0.13 for comparison (see docs/codec.md).\n\n");
    out.append("| codec | shape | encoded bytes | encode ns | encode B/op | decode ns"
        + " | decode B/op | deep copy ns | deep copy B/op |\n|---|---|---|---|---|---|---|---|---|\n");
    for (String codec : List.of("java", "kryo", "fory")) {
      for (String shape : List.of("pojo", "record")) {
        out.append("| ").append(codec).append(" | ").append(shape).append(" | ")
            .append(CodecBenchmark.encodedSize(codec, shape));
        for (String method : List.of("encode", "decode", "deepCopy")) {
          RunResult found = find(results, method, codec, shape);
          if (found == null) {
            out.append(" | – | –");
            continue;
          }
          Result<?> primary = found.getPrimaryResult();
          Result<?> bytes = found.getSecondaryResults().get("gc.alloc.rate.norm");
          out.append(String.format(Locale.ROOT, " | %.0f | %s", primary.getScore(),
              bytes == null ? "–" : String.format(Locale.ROOT, "%.0f", bytes.getScore())));
        }
        out.append(" |\n");
      }
    }
    return out.toString();
  }

  private static RunResult find(Collection<RunResult> results, String method, String codec,
      String shape) {
    for (RunResult result : results) {
      var params = result.getParams();
      if (params.getBenchmark().endsWith("." + method) && codec.equals(params.getParam("codec"))
          && shape.equals(params.getParam("shape"))) {
        return result;
      }
    }
    return null;
  }
}
