package dev.strata.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmark suite and writes {@code docs/benchmarks.md} from its results: the
 * embedded benchmarks on 1 and 2 threads, the Redis benchmarks on 1, each with JMH's GC profiler,
 * and the write-behind benchmark ({@link WriteBehindSection}); JMH's JSON of all of them goes to
 * {@code benchmarks/target/results.json}. The settings finish
 * in about 45 minutes on 2 cores.
 *
 * <p>Arguments: {@code --quick} (1 × 1 s warm-up and measurement, to check that everything
 * runs), {@code --include REGEX} (only benchmark methods whose name matches, e.g.
 * {@code getHit|redisTierGet}), {@code --markdown PATH} (write the page elsewhere).
 */
public final class Report {
  private static final String EMBEDDED = EmbeddedCacheBenchmark.class.getName();
  private static final String REDIS = RedisCacheBenchmark.class.getName();
  private static final String HIBERNATE = HibernateBenchmark.class.getName();
  private static final String ALLOCATION = "gc.alloc.rate.norm";

  private static final String[] EMBEDDED_SCENARIOS = {"getHit", "put", "mixed80Read20Write",
      "getAll100", "putAll100", "invokeIncrement"};
  private static final Map<String, String> SCENARIO_TITLES = Map.of(
      "getHit", "Get hit",
      "put", "Put",
      "mixed80Read20Write", "80 % get hits, 20 % puts",
      "getAll100", "`getAll` of 100 keys",
      "putAll100", "`putAll` of 100 keys",
      "invokeIncrement", "`invoke`: increment the value");
  private static final Map<String, String> PROVIDER_TITLES = new LinkedHashMap<>();
  private static final Map<String, String> REDIS_TITLES = new LinkedHashMap<>();
  /** For each Redis benchmark, the Strata one it is compared with. */
  private static final Map<String, String> REDIS_COUNTERPARTS = new LinkedHashMap<>();

  static {
    PROVIDER_TITLES.put("caffeine-unbounded", "raw Caffeine, unbounded");
    PROVIDER_TITLES.put("strata-ref", "**Strata, by reference**");
    PROVIDER_TITLES.put("caffeine-jcache-ref", "Caffeine's JCache adapter, by reference");
    PROVIDER_TITLES.put("ehcache-ref", "Ehcache 3, by reference");
    PROVIDER_TITLES.put("ri-ref", "JSR-107 RI, by reference");
    PROVIDER_TITLES.put("strata-value", "**Strata, by value**");
    PROVIDER_TITLES.put("caffeine-jcache-value", "Caffeine's JCache adapter, by value");
    PROVIDER_TITLES.put("ehcache-value", "Ehcache 3, by value");
    PROVIDER_TITLES.put("ri-value", "JSR-107 RI, by value");
    PROVIDER_TITLES.put("caffeine", "raw Caffeine, maximum size");
    PROVIDER_TITLES.put("strata-bounded-ref", "**Strata, by reference, maximum size**");
    PROVIDER_TITLES.put("caffeine-jcache-bounded-ref",
        "Caffeine's JCache adapter, by reference, maximum size");
    PROVIDER_TITLES.put("strata-bounded-value", "**Strata, by value, maximum size**");
    PROVIDER_TITLES.put("caffeine-jcache-bounded-value",
        "Caffeine's JCache adapter, by value, maximum size");

    redis("caffeineGetIfPresent", "raw Caffeine `getIfPresent` (maximum size)",
        "nearCacheGetHit");
    redis("nearCacheGetHit", "**Strata near-cache get hit**", null);
    redis("redisTierGet", "**Strata Redis-tier get** (no near cache)", null);
    redis("redissonBucketGet", "plain Redisson `RBucket.get` of the same Redis key",
        "redisTierGet");
    redis("redissonJCacheGet", "Redisson's JCache get", "redisTierGet");
    redis("redisTierPut", "**Strata Redis-tier put**", null);
    redis("redissonJCachePut", "Redisson's JCache put", "redisTierPut");
    redis("redisTierWriteThroughPut", "Strata Redis-tier put, write-through (step lease held"
        + " from read to write)", "redisTierPut");
    redis("redisTierGetAll100", "**Strata `getAll` of 100 keys**, Redis tier", null);
    redis("redisTierSingleGets100", "**100 Strata single gets**, Redis tier",
        "redisTierGetAll100");
    redis("redissonJCacheGetAll100", "Redisson's JCache `getAll` of the same 100 keys",
        "redisTierGetAll100");
    redis("redissonBatchGet100", "plain Redisson, the same 100 keys as one batch of `GET`s",
        "redisTierGetAll100");
    redis("redissonMget100", "plain Redisson, the same 100 keys as one `MGET`",
        "redisTierGetAll100");
  }

  private static void redis(String benchmark, String title, String counterpart) {
    REDIS_TITLES.put(benchmark, title);
    if (counterpart != null) {
      REDIS_COUNTERPARTS.put(benchmark, counterpart);
    }
  }

  private Report() {}

  /** One measured benchmark: its score and error in its unit, and bytes allocated per op. */
  record Measure(double score, double error, String unit, double bytesPerOp) {
    /** A run of one iteration has no interval; NaN then. */
    boolean overlaps(Measure other) {
      if (Double.isNaN(error) || Double.isNaN(other.error)) {
        return false;
      }
      return score - error <= other.score + other.error
          && other.score - other.error <= score + error;
    }
  }

  /** Settings of one run, in the words of the page. */
  record Settings(boolean quick, String include, Path root, Path markdown) {
    int warmups(boolean redis) {
      return quick ? 1 : redis ? 2 : 1;
    }

    int iterations() {
      return quick ? 1 : 3;
    }
  }

  public static void main(String[] args) throws Exception {
    Path root = projectRoot();
    boolean quick = false;
    String include = ".*";
    Path markdown = root.resolve("docs/benchmarks.md");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--include" -> include = args[++i];
        case "--markdown" -> markdown = Path.of(args[++i]).toAbsolutePath();
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + "; expected --quick, --include REGEX, --markdown PATH");
      }
    }
    var settings = new Settings(quick, include, root, markdown);
    Path target = root.resolve("benchmarks/target");
    Files.createDirectories(target);

    List<RunResult> embedded1 = run(settings, EMBEDDED, 1, target.resolve("results-embedded-1.json"));
    List<RunResult> embedded2 = concurrentEmbedded(settings, target);
    List<RunResult> redis = run(settings, REDIS, 1, target.resolve("results-redis-1.json"));
    List<RunResult> redisValues = run(settings, RedisValuesSection.BENCHMARK, 1,
        target.resolve("results-redis-values-1.json"));
    List<RunResult> hibernate = run(settings, HIBERNATE, 1,
        target.resolve("results-hibernate-1.json"));
    List<RunResult> writeBehind =
        WriteBehindSection.run(settings, target.resolve("results-write-behind.json"));
    List<RunResult> codecs = CodecSection.run(settings, target.resolve("results-codec.json"));
    Path json = target.resolve("results.json");
    mergeJson(json, target.resolve("results-embedded-1.json"),
        target.resolve("results-embedded-2.json"), target.resolve("results-embedded-2-putall.json"),
        target.resolve("results-redis-1.json"), target.resolve("results-redis-values-1.json"),
        target.resolve("results-hibernate-1.json"), target.resolve("results-write-behind.json"),
        target.resolve("results-codec.json"));

    String page = page(settings, index(embedded1), index(embedded2), index(redis),
        RedisValuesSection.markdown(index(redisValues))
            + WriteBehindSection.markdown(settings, writeBehind))
        + hibernateSection(index(hibernate)) + CodecSection.markdown(codecs);
    Files.createDirectories(markdown.getParent());
    Files.writeString(markdown, page);
    System.out.println("Wrote " + json + " and " + markdown);
  }

  /**
   * The embedded benchmarks on 2 threads. The JSR-107 RI's {@code putAll} deadlocks when two
   * threads put overlapping keys (its lock manager takes each key's lock in turn, whatever order
   * the caller gives), so its two providers sit that scenario out.
   */
  private static List<RunResult> concurrentEmbedded(Settings settings, Path target)
      throws RunnerException, IOException, NoSuchFieldException {
    List<RunResult> results = new ArrayList<>(run(settings, EMBEDDED, 2,
        target.resolve("results-embedded-2.json"), "putAll100", null));
    Path putAll = target.resolve("results-embedded-2-putall.json");
    Files.deleteIfExists(putAll);
    if ("putAll100".matches(settings.include())) {
      String[] providers = Arrays.stream(EmbeddedCacheBenchmark.class.getField("provider")
              .getAnnotation(Param.class).value())
          .filter(provider -> !provider.startsWith("ri-"))
          .toArray(String[]::new);
      results.addAll(run(settings, EMBEDDED, 2, putAll, null, providers));
    }
    return results;
  }

  /** Hibernate's entity load by id, with Strata as second-level cache and without a cache. */
  private static String hibernateSection(Map<String, Measure> results) {
    Measure cached = results.get("loadById/strata");
    Measure uncached = results.get("loadById/no-cache");
    if (cached == null || uncached == null) {
      return "";
    }
    return String.format(java.util.Locale.ROOT, "%n## Hibernate second-level cache%n%n"
        + "`HibernateBenchmark`: a session opened, one entity found by id, the session closed;"
        + " H2 in memory, Strata embedded (`strata-hibernate`, read-write region). 1 thread.%n%n"
        + "| case | µs per load | B/op |%n|---|---|---|%n"
        + "| without a second-level cache | %.2f | %,.0f |%n"
        + "| with Strata | %.2f | %,.0f |%n%nWith the cache: %.2f× the loads per second.%n",
        1 / uncached.score(), uncached.bytesPerOp(), 1 / cached.score(), cached.bytesPerOp(),
        cached.score() / uncached.score());
  }

  /** The directory holding {@code docs/} and {@code benchmarks/}: the working directory or its parent. */
  private static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
      if (Files.isDirectory(candidate.resolve("benchmarks"))
          && Files.isDirectory(candidate.resolve("docs"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("Run from Strata's source tree: no directory holding"
        + " benchmarks/ and docs/ at or above " + here);
  }

  private static List<RunResult> run(Settings settings, String benchmark, int threads, Path json)
      throws RunnerException, IOException {
    return run(settings, benchmark, threads, json, null, null);
  }

  /**
   * Runs the benchmark's methods that match the settings, but {@code skip} when it is set; with
   * {@code providers} set, {@code putAll100} alone, for only those values of the provider
   * parameter.
   */
  private static List<RunResult> run(Settings settings, String benchmark, int threads, Path json,
      String skip, String[] providers) throws RunnerException, IOException {
    boolean redis = benchmark.equals(REDIS) || benchmark.equals(RedisValuesSection.BENCHMARK);
    String methods = providers != null ? "putAll100" : settings.include();
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(Pattern.quote(benchmark) + "\\.(" + methods + ")$")
        .threads(threads)
        .forks(1)
        .warmupIterations(settings.warmups(redis))
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(settings.iterations())
        .measurementTime(TimeValue.seconds(1))
        .addProfiler(GCProfiler.class)
        .resultFormat(ResultFormatType.JSON)
        .result(json.toString());
    if (skip != null) {
      options.exclude(Pattern.quote(benchmark) + "\\." + skip + "$");
    }
    if (providers != null) {
      options.param("provider", providers);
    }
    Files.deleteIfExists(json);
    try {
      return new ArrayList<>(new Runner(options.build()).run());
    } catch (NoBenchmarksException e) {
      // --include left nothing of this class
      return List.of();
    }
  }

  /** JMH writes one JSON array per run; the runs together are one array. */
  private static void mergeJson(Path merged, Path... parts) throws IOException {
    List<String> elements = new ArrayList<>();
    for (Path part : parts) {
      if (!Files.exists(part)) {
        continue;
      }
      String text = Files.readString(part).strip();
      if (text.startsWith("[") && text.endsWith("]")) {
        text = text.substring(1, text.length() - 1).strip();
      }
      if (!text.isEmpty()) {
        elements.add(text);
      }
    }
    Files.writeString(merged, "[\n" + String.join(",\n", elements) + "\n]\n");
  }

  /** Results keyed by method name, or by method name and provider for parameterised ones. */
  private static Map<String, Measure> index(Collection<RunResult> results) {
    Map<String, Measure> index = new LinkedHashMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String provider = result.getParams().getParam("provider");
      String value = result.getParams().getParam("value");
      Result<?> primary = result.getPrimaryResult();
      Result<?> allocation = result.getSecondaryResults().get(ALLOCATION);
      index.put(provider == null ? method
          : embeddedKey(method, provider, value == null ? "integer" : value), new Measure(
          primary.getScore(), primary.getScoreError(), primary.getScoreUnit().replace("us", "µs"),
          allocation == null ? Double.NaN : allocation.getScore()));
    }
    return index;
  }

  private static String page(Settings settings, Map<String, Measure> embedded1,
      Map<String, Measure> embedded2, Map<String, Measure> redis, String writeBehind)
      throws IOException, RunnerException {
    var out = new StringBuilder();
    out.append("# Benchmarks\n\n");
    out.append("<!-- Written by dev.strata.benchmarks.Report (benchmarks/run.sh) from its own run;"
        + " change the generator, not this page. -->\n\n");
    out.append("Measured ").append(LocalDate.now(ZoneOffset.UTC))
        .append(" with JMH 1.37 (`benchmarks` module) on ").append(machine())
        .append("; ").append(System.getProperty("java.vm.name")).append(' ')
        .append(System.getProperty("java.version")).append(", G1 defaults. 1 fork per case, ")
        .append(settings.warmups(false)).append(" × 1 s warm-up (Redis: ")
        .append(settings.warmups(true)).append(" × 1 s), ").append(settings.iterations())
        .append(" × 1 s measurement, `-prof gc` (B/op is `").append(ALLOCATION)
        .append("`). Error is JMH's 99.9 % interval.");
    if (settings.quick()) {
      out.append(" **A quick run (`--quick`): one iteration, no error interval; a check that"
          + " every case runs, not a measurement.**");
    }
    if (!settings.include().equals(".*")) {
      out.append(" Only the benchmarks matching `").append(settings.include())
          .append("` were run.");
    }
    out.append("\n\nRegenerate this page (about 45 minutes on 2 cores; JMH's JSON goes to"
        + " `benchmarks/target/results.json`):\n\n```\nbenchmarks/run.sh\n```\n\n");

    out.append("## Embedded store (no Redis)\n\n");
    out.append("`EmbeddedCacheBenchmark`: 16,384 `Integer` keys, all present, visited in a Zipf"
        + " (exponent 0.99) order; bulk calls take 100 distinct keys from that order. The JCache"
        + " providers run on their defaults: unbounded (Caffeine's JCache adapter and Strata build"
        + " Caffeine's unbounded map, whose raw equivalent is `caffeine-unbounded`). The"
        + " *maximum size* rows set a maximum size of " + CacheFixture.BOUND + " entries (the key"
        + " count: everything fits, and every write runs the eviction policy), and raw Caffeine"
        + " with that maximum size is their equivalent. Two kinds of value: the key itself (an"
        + " `Integer`, which Strata and Caffeine's adapter hand out without copying even when they"
        + " store by value, and Ehcache and the RI copy through serialization), and a `Profile`"
        + " (a mutable serializable object of about 176 bytes: two `int`s, a `long`, a `double`,"
        + " a 32-character `String` and a 32-byte array), which every by-value cache copies on"
        + " each read. Each provider is compared with the Strata cache that stores the same way"
        + " (by reference, by value, bounded or not): **× Strata** is its throughput divided by"
        + " Strata's, above 1 being faster than Strata; **× raw** is its throughput divided by raw"
        + " Caffeine's under the same bound.\n\n");
    for (String scenario : EMBEDDED_SCENARIOS) {
      for (String value : CacheFixture.VALUES) {
        embeddedTable(out, scenario, value, embedded1, embedded2);
      }
    }

    out.append("## Redis tiers\n\n");
    out.append("`RedisCacheBenchmark` starts its own `redis-server` (").append(redisVersion())
        .append(", `--save \"\" --appendonly no`) on a free 127.0.0.1 port for each case and"
            + " stops it afterwards; the JVM and Redis share the same cores, so a remote read"
            + " pays both ends of the round trip on them. 1,024 `String` keys with 64-character"
            + " `String` values, all present, stored by value, visited in turn by 1 thread."
            + " Redisson's JCache is configured as its documentation shows (a Redisson YAML"
            + " configuration URI, the cache created from `RedissonConfiguration.fromConfig`)"
            + " and uses Redisson's default codec. Average time per operation, lower is better;"
            + " **× Strata** is Strata's time divided by the row's, above 1 being faster than the"
            + " Strata operation named in parentheses.\n\n");
    out.append("| operation | time per op | × Strata | B/op |\n|---|---|---|---|\n");
    for (var entry : REDIS_TITLES.entrySet()) {
      Measure measure = redis.get(entry.getKey());
      if (measure == null) {
        continue;
      }
      String counterpart = REDIS_COUNTERPARTS.get(entry.getKey());
      Measure strata = counterpart == null ? null : redis.get(counterpart);
      String ratio = strata == null ? ""
          : Format.ratio(strata.score() / measure.score()) + " (" + counterpart + ")";
      out.append("| ").append(entry.getValue()).append(" | ").append(Format.time(measure))
          .append(" | ").append(ratio).append(" | ").append(Format.bytes(measure.bytesPerOp()))
          .append(" |\n");
    }
    out.append('\n');
    out.append(writeBehind);

    out.append(TargetsSection.markdown(settings, embedded1, redis));

    out.append(notes());
    return out.toString();
  }

  /** The index key of an embedded case: the {@code integer} cases keep the plain key. */
  static String embeddedKey(String scenario, String provider, String value) {
    return scenario + "/" + provider + (value.equals("integer") ? "" : "/" + value);
  }

  private static void embeddedTable(StringBuilder out, String scenario, String value,
      Map<String, Measure> embedded1, Map<String, Measure> embedded2) {
    boolean any = PROVIDER_TITLES.keySet().stream().anyMatch(provider ->
        embedded1.containsKey(embeddedKey(scenario, provider, value))
            || embedded2.containsKey(embeddedKey(scenario, provider, value)));
    if (!any) {
      return;
    }
    String unit = PROVIDER_TITLES.keySet().stream()
        .map(provider -> Optional.ofNullable(embedded1.get(embeddedKey(scenario, provider, value)))
            .or(() -> Optional.ofNullable(embedded2.get(embeddedKey(scenario, provider, value)))))
        .flatMap(Optional::stream).findFirst().map(Measure::unit).orElse("");
    out.append("### ").append(SCENARIO_TITLES.get(scenario))
        .append(value.equals("integer") ? ", `Integer` values" : ", `Profile` values")
        .append("\n\n");
    out.append("| provider | 1 thread (").append(unit).append(") | × Strata | × raw | B/op"
        + " | 2 threads (").append(unit).append(") | × Strata | × raw | B/op |\n"
        + "|---|---|---|---|---|---|---|---|---|\n");
    for (var entry : PROVIDER_TITLES.entrySet()) {
      String provider = entry.getKey();
      out.append("| ").append(entry.getValue());
      for (Map<String, Measure> results : List.of(embedded1, embedded2)) {
        Measure measure = results.get(embeddedKey(scenario, provider, value));
        Measure strata = results.get(embeddedKey(scenario,
            CacheFixture.strataCounterpart(provider), value));
        Measure raw = results.get(embeddedKey(scenario, CacheFixture.rawCounterpart(provider),
            value));
        if (measure == null) {
          out.append(" | – | | | ");
          continue;
        }
        out.append(" | ").append(Format.score(measure)).append(" | ")
            .append(strata == null || provider.startsWith("strata") ? ""
                : Format.ratio(measure.score() / strata.score()))
            .append(" | ")
            .append(raw == null || provider.startsWith("caffeine") && !provider.contains("jcache")
                ? "" : Format.ratio(measure.score() / raw.score()))
            .append(" | ").append(Format.bytes(measure.bytesPerOp()));
      }
      out.append(" |\n");
    }
    out.append('\n');
  }

  /** Cores, CPU model and memory, from the JVM and /proc. */
  private static String machine() {
    int cores = Runtime.getRuntime().availableProcessors();
    String cpu = procLine("/proc/cpuinfo", "model name").orElse("unknown CPU");
    String memory = procLine("/proc/meminfo", "MemTotal")
        .map(total -> Math.round(Long.parseLong(total.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0)
            + " GB")
        .orElse("unknown memory");
    return cores + " cores (" + cpu + "), " + memory;
  }

  private static Optional<String> procLine(String file, String key) {
    try {
      return Files.readAllLines(Path.of(file)).stream()
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String redisVersion() {
    try {
      String server = System.getenv("REDIS_SERVER");
      Process process = new ProcessBuilder(server == null || server.isBlank() ? "redis-server"
          : server, "--version")
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      process.waitFor(5, TimeUnit.SECONDS);
      var matcher = Pattern.compile("v=([0-9.]+)").matcher(output);
      return matcher.find() ? "Redis " + matcher.group(1) : "Redis";
    } catch (IOException | RuntimeException e) {
      return "Redis";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "Redis";
    }
  }

  /** The hand-written part of the page: what the measured gaps are made of. */
  private static String notes() throws IOException {
    try (InputStream in = Report.class.getResourceAsStream("benchmarks-notes.md")) {
      if (in == null) {
        throw new IllegalStateException("benchmarks-notes.md is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
