package dev.strata.benchmarks;

import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.hotkeys.HotKeySettings;
import dev.strata.jcache.metrics.MetricsOptions;
import dev.strata.jcache.metrics.StrataMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What observability costs on an embedded get hit (store by reference, Zipf keys), in
 * nanoseconds per operation. {@code counters} is a cache with no binder: its hit, miss, put,
 * removal and eviction counts are recorded always (one {@code LongAdder} increment), and
 * compares with {@code EmbeddedCacheBenchmark.getHit} of {@code caffeine} for the cost of the
 * whole JCache layer. {@code binder} adds the Micrometer binder with its default options (its
 * meters read those counters: nothing is added to the hit itself); {@code binder-timers} adds
 * the opt-in latency timers (two clock readings and a timer update per operation);
 * {@code hot-keys} a hot-key tracker sampling one read in 64 (the default) and {@code hot-keys-all} one
 * sampling every read; {@code statistics} enables JCache statistics, which time each
 * operation for the average get time. Targets: {@code binder} and {@code hot-keys} within
 * 10 ns of {@code counters}. Run with {@code -t 1} and {@code -t 2}, outside the report
 * ({@code benchmarks/run.sh} runs its own suite):
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am -DskipTests -Dexec.executable=java package exec:exec \
 *   -Djmh.args="MetricsOverhead -t 1"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
    "-Dslf4j.internal.verbosity=WARN"})
public class MetricsOverheadBenchmark {
  @Param({"counters", "binder", "binder-timers", "hot-keys", "hot-keys-all", "statistics"})
  public String variant;

  private CacheManager manager;
  private StrataMetrics metrics;
  private Cache<Integer, Integer> cache;
  private Integer[] keys;
  private int[] indexes;

  @Setup(Level.Trial)
  public void setUp() {
    manager = Caching.getCachingProvider("dev.strata.jcache.StrataCachingProvider")
        .getCacheManager(URI.create("benchmark:metrics-overhead"), getClass().getClassLoader());
    var config = new StrataConfiguration<Integer, Integer>()
        .setTypes(Integer.class, Integer.class);
    config.setStoreByValue(false);
    if (variant.equals("hot-keys")) {
      config.setHotKeys(HotKeySettings.DEFAULTS);
    } else if (variant.equals("hot-keys-all")) {
      config.setHotKeys(new HotKeySettings(1, HotKeySettings.DEFAULTS.maxTracked()));
    } else if (variant.equals("statistics")) {
      config.setStatisticsEnabled(true);
    }
    cache = manager.createCache("overhead", config);
    if (variant.startsWith("binder")) {
      MetricsOptions options = variant.equals("binder-timers")
          ? MetricsOptions.DEFAULTS.withLatencyTimers() : MetricsOptions.DEFAULTS;
      metrics = new StrataMetrics(manager, options);
      metrics.bindTo(new SimpleMeterRegistry());
    }
    keys = CacheFixture.keys();
    indexes = CacheFixture.zipfIndexes(42);
    for (Integer key : keys) {
      cache.put(key, key);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (metrics != null) {
      metrics.close();
    }
    manager.close();
  }

  /** Each thread walks the shared index sequence from its own position. */
  @State(Scope.Thread)
  public static class Cursor {
    int position = (int) (Thread.currentThread().getId() * 7919);

    int next(int[] indexes) {
      return indexes[position++ & CacheFixture.MASK];
    }
  }

  @Benchmark
  public Integer getHit(Cursor cursor) {
    return cache.get(keys[cursor.next(indexes)]);
  }
}
