package dev.strata.benchmarks;

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
 * Get hits and puts on a full in-heap cache, Zipf-distributed keys: Strata's embedded store
 * beside raw Caffeine and Caffeine's own JCache adapter. The JCache providers run on their
 * defaults (unbounded, so Caffeine's unbounded map), except {@code strata-bounded-ref}, whose
 * size bound compares with {@code caffeine}'s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EmbeddedCacheBenchmark {
  @Param({"caffeine", "caffeine-unbounded", "strata-ref", "strata-value", "strata-bounded-ref",
      "caffeine-jcache-ref"})
  public String provider;

  private CacheFixture.Subject cache;
  private Integer[] keys;
  private int[] indexes;

  @Setup(Level.Trial)
  public void setUp() {
    cache = CacheFixture.create(provider);
    keys = CacheFixture.keys();
    indexes = CacheFixture.zipfIndexes(42);
    for (Integer key : keys) {
      cache.put(key, key);
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

    int next(int[] indexes) {
      return indexes[position++ & CacheFixture.MASK];
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
}
