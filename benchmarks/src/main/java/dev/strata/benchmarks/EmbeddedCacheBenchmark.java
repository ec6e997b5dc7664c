package dev.strata.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * Operations on a full in-heap cache, Zipf-distributed keys: Strata's embedded store beside raw
 * Caffeine and the JCache providers users would pick instead (Caffeine's JCache adapter,
 * Ehcache 3, the JSR-107 reference implementation), each storing by reference and by value. The
 * JCache providers run on their defaults (unbounded), except {@code strata-bounded-ref}, whose
 * size bound compares with {@code caffeine}'s. Run with {@code -t 1} and {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Ehcache logs through SLF4J and the benchmarks bring no backend: SLF4J's own no-op provider,
// named explicitly, keeps its warning out of the results.
@Fork(value = 1, jvmArgsAppend = {
    "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider",
    "-Dslf4j.internal.verbosity=WARN"})
public class EmbeddedCacheBenchmark {
  static final int BATCH = 100;

  /** Kept in step with {@link CacheFixture#PROVIDERS}. */
  @Param({"caffeine", "caffeine-unbounded", "strata-ref", "strata-value", "strata-bounded-ref",
      "caffeine-jcache-ref", "caffeine-jcache-value", "ehcache-ref", "ehcache-value", "ri-ref",
      "ri-value"})
  public String provider;

  private CacheFixture.Subject cache;
  private Integer[] keys;
  private int[] indexes;
  private List<Set<Integer>> batches;
  private List<Map<Integer, Integer>> batchEntries;

  @Setup(Level.Trial)
  public void setUp() {
    cache = CacheFixture.create(provider);
    keys = CacheFixture.keys();
    indexes = CacheFixture.zipfIndexes(42);
    for (Integer key : keys) {
      cache.put(key, key);
    }
    batches = CacheFixture.batches(keys, indexes, BATCH);
    batchEntries = new ArrayList<>();
    for (Set<Integer> batch : batches) {
      batchEntries.add(CacheFixture.entries(batch));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }

  /** Each thread walks the shared index sequence from its own position. */
  @State(Scope.Thread)
  public static class Cursor {
    int position = (int) (Thread.currentThread().getId() * 7919);
    int batch = (int) Thread.currentThread().getId();

    int next(int[] indexes) {
      return indexes[position++ & CacheFixture.MASK];
    }

    /** Every fifth operation of the mix is a write. */
    boolean write() {
      return position % 5 == 0;
    }

    int nextBatch(int batches) {
      return Math.floorMod(batch++, batches);
    }
  }

  @Benchmark
  public Integer getHit(Cursor cursor) {
    return cache.get(keys[cursor.next(indexes)]);
  }

  @Benchmark
  public void put(Cursor cursor) {
    Integer key = keys[cursor.next(indexes)];
    cache.put(key, key);
  }

  /** 80 % get hits, 20 % puts, interleaved. */
  @Benchmark
  public Integer mixed80Read20Write(Cursor cursor) {
    boolean write = cursor.write();
    Integer key = keys[cursor.next(indexes)];
    if (write) {
      cache.put(key, key);
      return key;
    }
    return cache.get(key);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Map<Integer, Integer> getAll100(Cursor cursor) {
    return cache.getAll(batches.get(cursor.nextBatch(batches.size())));
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void putAll100(Cursor cursor) {
    cache.putAll(batchEntries.get(cursor.nextBatch(batchEntries.size())));
  }

  /** An entry processor adding one to the value (for raw Caffeine, {@code asMap().merge}). */
  @Benchmark
  public void invokeIncrement(Cursor cursor) {
    cache.increment(keys[cursor.next(indexes)]);
  }
}
