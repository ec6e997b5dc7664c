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
 * Operations on a full in-heap cache, 16,384 keys visited in Zipf(0.99) order: Strata's embedded
 * store beside raw Caffeine and the JCache providers users would pick instead (Caffeine's JCache
 * adapter, Ehcache 3, the JSR-107 reference implementation), each storing by reference and by
 * value. The JCache providers run on their defaults (unbounded), except the {@code -bounded}
 * ones, whose maximum size (the key count: everything fits, and every write runs the eviction
 * policy) compares with raw {@code caffeine}'s. Values are the key itself ({@code integer}, an
 * immutable {@code Integer}) or a {@link Profile} ({@code profile}, a small mutable object of
 * about 176 bytes that a by-value cache copies on every read). Run with {@code -t 1} and
 * {@code -t 2}.
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
      "strata-bounded-value", "caffeine-jcache-ref", "caffeine-jcache-value",
      "caffeine-jcache-bounded-ref", "caffeine-jcache-bounded-value", "ehcache-ref",
      "ehcache-value", "ri-ref", "ri-value"})
  public String provider;

  /** Kept in step with {@link CacheFixture#VALUES}. */
  @Param({"integer", "profile"})
  public String value;

  private CacheFixture.Subject cache;
  private Integer[] keys;
  private Object[] values;
  private int[] indexes;
  private List<Set<Integer>> batches;
  private List<Map<Integer, ?>> batchEntries;

  @Setup(Level.Trial)
  public void setUp() {
    cache = CacheFixture.create(provider, value);
    keys = CacheFixture.keys();
    values = CacheFixture.values(keys, value);
    indexes = CacheFixture.zipfIndexes(42);
    for (int i = 0; i < keys.length; i++) {
      cache.put(keys[i], values[i]);
    }
    batches = CacheFixture.batches(keys, indexes, BATCH);
    batchEntries = new ArrayList<>();
    for (Set<Integer> batch : batches) {
      batchEntries.add(CacheFixture.entries(batch, values));
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
  public Object getHit(Cursor cursor) {
    return cache.get(keys[cursor.next(indexes)]);
  }

  @Benchmark
  public void put(Cursor cursor) {
    int index = cursor.next(indexes);
    cache.put(keys[index], values[index]);
  }

  /** 80 % get hits, 20 % puts, interleaved. */
  @Benchmark
  public Object mixed80Read20Write(Cursor cursor) {
    boolean write = cursor.write();
    int index = cursor.next(indexes);
    if (write) {
      cache.put(keys[index], values[index]);
      return values[index];
    }
    return cache.get(keys[index]);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Map<Integer, ?> getAll100(Cursor cursor) {
    return cache.getAll(batches.get(cursor.nextBatch(batches.size())));
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void putAll100(Cursor cursor) {
    cache.putAll(batchEntries.get(cursor.nextBatch(batchEntries.size())));
  }

  /**
   * An entry processor adding one to the value, or a visit to the profile (for raw Caffeine,
   * {@code asMap().compute}).
   */
  @Benchmark
  public void invokeIncrement(Cursor cursor) {
    cache.increment(keys[cursor.next(indexes)]);
  }
}
