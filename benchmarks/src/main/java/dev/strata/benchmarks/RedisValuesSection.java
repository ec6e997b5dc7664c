package dev.strata.benchmarks;

import dev.strata.benchmarks.Report.Measure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The "Redis tiers with realistic values" section of the benchmark page, from
 * {@link RedisValueBenchmark}: each row beside the Strata operation it is compared with, and the
 * ratios the targets are read from.
 */
final class RedisValuesSection {
  static final String BENCHMARK = RedisValueBenchmark.class.getName();
  private static final Map<String, String> TITLES = new LinkedHashMap<>();
  /** For each benchmark, the Strata one it is compared with. */
  private static final Map<String, String> COUNTERPARTS = new LinkedHashMap<>();

  static {
    row("nearGetHitProfile", "**Strata near-cache get hit**, `Profile` by value", null);
    row("caffeineGetIfPresentProfile", "raw Caffeine `getIfPresent`, `Profile` by reference",
        "nearGetHitProfile");
    row("redissonLocalCachedMapGetProfile", "Redisson `RLocalCachedMap` hit, `Profile`",
        "nearGetHitProfile");
    row("nearGetHitPoint", "**Strata near-cache get hit**, `Point` record by value", null);
    row("redissonLocalCachedMapGetPoint", "Redisson `RLocalCachedMap` hit, `Point`",
        "nearGetHitPoint");
    row("nearGetAll100", "**Strata near-cache `getAll` of 100 hits**", null);
    row("redissonBucketsGet100", "plain Redisson `RBuckets.get` of the same 100 keys' bytes"
        + " (one `MGET`)", "nearGetAll100");
    row("redisTierGet", "**Strata Redis-tier get**", null);
    row("redissonBucketGet", "plain Redisson `RBucket.get` of the same key's bytes",
        "redisTierGet");
    row("redissonJCacheGet", "Redisson's JCache get", "redisTierGet");
    row("redisTierPut", "**Strata Redis-tier put**", null);
    row("redissonBucketSet", "plain Redisson `RBucket.set` of the same bytes", "redisTierPut");
    row("redissonJCachePut", "Redisson's JCache put", "redisTierPut");
    row("redisTierGetAll100", "**Strata Redis-tier `getAll` of 100 keys**", null);
    row("redissonBucketsGet100#tier", "plain Redisson `RBuckets.get` of the same 100 keys'"
        + " bytes", "redisTierGetAll100");
    row("redissonJCacheGetAll100", "Redisson's JCache `getAll` of the same 100 keys",
        "redisTierGetAll100");
    row("redisTierPutAll100", "**Strata Redis-tier `putAll` of 100 keys**", null);
    row("redissonBucketsSet100", "plain Redisson `RBuckets.set` of the same 100 keys' bytes"
        + " (one `MSET`)", "redisTierPutAll100");
    row("redissonJCachePutAll100", "Redisson's JCache `putAll` of the same 100 entries",
        "redisTierPutAll100");
  }

  private RedisValuesSection() {}

  private static void row(String benchmark, String title, String counterpart) {
    TITLES.put(benchmark, title);
    if (counterpart != null) {
      COUNTERPARTS.put(benchmark, counterpart);
    }
  }

  static String markdown(Map<String, Measure> results) {
    if (results.isEmpty()) {
      return "";
    }
    var out = new StringBuilder("## Redis tiers with realistic values\n\n");
    out.append("`RedisValueBenchmark`: 16,384 `Integer` keys, all present, visited in a Zipf"
        + " (exponent 0.99) order by 1 thread; bulk calls take 100 distinct keys from that order."
        + " Values are `Profile`s (a mutable serializable object of about 176 bytes), or, for the"
        + " near-cache hits, `Point`s (an immutable record of the application's, which Strata does"
        + " not take for immutable); every Strata cache stores by value, so each read hands out a"
        + " copy. Raw Caffeine stores by reference: the floor of any in-heap read. The plain"
        + " Redisson rows read and write the very bytes Strata keeps, under its own Redis keys,"
        + " with no encoding or decoding: the floor of a round trip. Redisson's JCache and"
        + " `RLocalCachedMap` use Redisson's default codec. Average time per operation, lower is"
        + " better; **× Strata** is Strata's time divided by the row's, above 1 being faster than"
        + " the Strata operation named in parentheses.\n\n");
    out.append("| operation | time per op | × Strata | B/op |\n|---|---|---|---|\n");
    for (var entry : TITLES.entrySet()) {
      String benchmark = entry.getKey();
      int mark = benchmark.indexOf('#');
      Measure measure = results.get(mark < 0 ? benchmark : benchmark.substring(0, mark));
      if (measure == null) {
        continue;
      }
      String counterpart = COUNTERPARTS.get(benchmark);
      Measure strata = counterpart == null ? null : results.get(counterpart);
      String ratio = strata == null ? ""
          : Format.ratio(strata.score() / measure.score()) + " (" + counterpart + ")";
      out.append("| ").append(entry.getValue()).append(" | ").append(Format.time(measure))
          .append(" | ").append(ratio).append(" | ").append(Format.bytes(measure.bytesPerOp()))
          .append(" |\n");
    }
    return out.append('\n').toString();
  }
}
