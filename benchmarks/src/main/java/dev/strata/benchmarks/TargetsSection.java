package dev.strata.benchmarks;

import dev.strata.benchmarks.Report.Measure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The page's "Against the targets" section: each target the benchmark issue set, met or not by
 * this run, and for each one missed a JFR profile of the cases it compares, with what would close
 * the gap.
 */
final class TargetsSection {
  private static final String EMBEDDED = EmbeddedCacheBenchmark.class.getName();
  private static final String REDIS = RedisCacheBenchmark.class.getName();

  private TargetsSection() {}

  /** One benchmark case to profile: benchmark method, and its provider parameter or null. */
  record Case(String benchmark, String provider) {
    String title() {
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      return provider == null ? method : method + " / " + provider;
    }
  }

  /** A target, what this run made of it, and what explains a miss. */
  record Target(String name, String result, boolean met, List<Case> cases, String remedy) {}

  static String markdown(Report.Settings settings, Map<String, Measure> embedded,
      Map<String, Measure> redis) throws IOException, RunnerException {
    List<Target> targets = targets(embedded, redis);
    var out = new StringBuilder("## Against the targets\n\n");
    out.append("Embedded targets on 1 thread.\n\n| target | result |\n|---|---|\n");
    for (Target target : targets) {
      out.append("| ").append(target.name()).append(" | ").append(target.result())
          .append(" |\n");
    }
    out.append('\n');
    List<Target> missed = targets.stream().filter(target -> !target.met()).toList();
    if (missed.isEmpty()) {
      return out.toString();
    }
    out.append("## Why a target is missed\n\n");
    out.append("Each case below was run again for 1 × 1 s warm-up and 3 × 1 s measurement under"
        + " Java Flight Recorder (JMH's `-prof jfr`, with non-safepoint debug information, so"
        + " inlined methods keep their frames); its execution samples of the benchmark thread are"
        + " summed by method: **self** is the share of samples in which the method was running,"
        + " **total** the share in which it was on the stack. `Profiles` runs one case on its"
        + " own.\n\n");
    Map<Case, String> profiled = new LinkedHashMap<>();
    Path work = settings.root().resolve("benchmarks/target");
    for (Target target : missed) {
      out.append("### ").append(target.name()).append("\n\n").append(target.remedy())
          .append("\n\n");
      for (Case profileCase : target.cases()) {
        String table = profiled.get(profileCase);
        if (table == null) {
          table = Format.profile(Profiles.profile(profileCase.title(), profileCase.benchmark(),
              "provider", profileCase.provider(), work));
          profiled.put(profileCase, table);
          out.append(table);
        } else {
          out.append("(`").append(profileCase.title()).append("`: profiled above.)\n\n");
        }
      }
    }
    return out.toString();
  }

  private static List<Target> targets(Map<String, Measure> embedded, Map<String, Measure> redis) {
    List<Target> targets = new ArrayList<>();
    Case strataGet = new Case(EMBEDDED + ".getHit", "strata-ref");
    Case rawGet = new Case(EMBEDDED + ".getHit", "caffeine-unbounded");
    Case adapterGet = new Case(EMBEDDED + ".getHit", "caffeine-jcache-ref");
    String embeddedRemedy = "A Strata get hit is Caffeine's map lookup plus the semantics"
        + " layer: the closed-state check, the statistics and expiry-policy checks, the"
        + " `StoreEntry` that holds each value with its expiry instant (one more dependent load),"
        + " the copier's call and the event-flush check, each a few tenths of a nanosecond on"
        + " top of a ~6 ns lookup. Caffeine's own JCache adapter has the same structure (an"
        + " `Expirable` holder and the same checks) and measures alike. What would close the"
        + " gap is a fused read path for plain caches (no listeners, statistics, loader or"
        + " expiry): one method from `Cache.get` to Caffeine's map, with one flag read instead of"
        + " the separate checks (see the notes below).";

    Measure strata = embedded.get("getHit/strata-ref");
    Measure unbounded = embedded.get("getHit/caffeine-unbounded");
    if (strata != null && unbounded != null) {
      double ratio = strata.score() / unbounded.score();
      String result = Format.metOrNot(ratio >= 0.7) + " against the unbounded map ("
          + Format.ratio(ratio) + ")";
      Measure strataBounded = embedded.get("getHit/strata-bounded-ref");
      Measure bounded = embedded.get("getHit/caffeine");
      if (strataBounded != null && bounded != null) {
        double boundedRatio = strataBounded.score() / bounded.score();
        result += "; " + Format.metOrNot(boundedRatio >= 0.7) + " against the same bound ("
            + Format.ratio(boundedRatio) + ")";
      }
      targets.add(new Target("embedded get hit by reference ≥ 0.7× raw Caffeine"
          + " `getIfPresent`", result, ratio >= 0.7, List.of(strataGet, rawGet), embeddedRemedy));
    }

    Measure adapter = embedded.get("getHit/caffeine-jcache-ref");
    if (strata != null && adapter != null) {
      double ratio = strata.score() / adapter.score();
      boolean overlap = strata.overlaps(adapter);
      String result = ratio >= 1 ? "**met** (" + Format.ratio(ratio) + ")"
          : overlap ? "within error of it (" + Format.ratio(ratio)
              + ", the intervals overlap)" : "**not met** (" + Format.ratio(ratio) + ")";
      targets.add(new Target("get hit not below Caffeine's JCache adapter", result,
          ratio >= 1 || overlap, List.of(strataGet, adapterGet), embeddedRemedy));
    }

    Measure near = redis.get("nearCacheGetHit");
    Measure remote = redis.get("redisTierGet");
    Measure bucket = redis.get("redissonBucketGet");
    Case nearCase = new Case(REDIS + ".nearCacheGetHit", null);
    if (near != null && remote != null) {
      double ratio = remote.score() / near.score();
      targets.add(new Target("near-cache hit ≥ 100× the throughput of a remote get",
          Format.metOrNot(ratio >= 100) + ": " + Format.ratio(ratio)
              + " Strata's own Redis-tier get" + (bucket == null ? ""
              : ", " + Format.ratio(bucket.score() / near.score()) + " a plain `RBucket.get`"),
          ratio >= 100, List.of(nearCase), "A near hit costs its Caffeine lookup, the copy's"
              + " staleness and expiry checks (a ticker read) and the `Cache.get` checks; a"
              + " remote get a loopback round trip on the same 2 cores as Redis."));
    }
    if (remote != null && bucket != null) {
      double ratio = remote.score() / bucket.score();
      targets.add(new Target("Redis-tier get within 1.3× the latency of plain `RBucket.get`",
          Format.metOrNot(ratio <= 1.3) + ": " + Format.ratio(ratio) + " ("
              + Format.time(remote) + " vs " + Format.time(bucket) + ")", ratio <= 1.3,
          List.of(new Case(REDIS + ".redisTierGet", null),
              new Case(REDIS + ".redissonBucketGet", null)),
          "Strata's get is Redisson's `GET` plus the key's name, the removal of the 8-byte"
              + " version stamp, a `StoreEntry` and the decoding."));
    }
    Measure getAll = redis.get("redisTierGetAll100");
    Measure singles = redis.get("redisTierSingleGets100");
    if (getAll != null && singles != null) {
      double ratio = singles.score() / getAll.score();
      targets.add(new Target("`getAll` of 100 ≥ 20× faster than 100 single gets",
          Format.metOrNot(ratio >= 20) + ": " + Format.ratio(ratio), ratio >= 20,
          List.of(new Case(REDIS + ".redisTierGetAll100", null)),
          "Strata's `getAll` is one `MGET` per slot group, then the decoding of each value;"
              + " 100 single gets are 100 round trips."));
    }
    if (near != null) {
      targets.add(new Target("near-cache hit allocates 0 B/op",
          Format.metOrNot(near.bytesPerOp() < 1) + " for values of immutable types (`String`"
              + " here): " + Format.bytes(near.bytesPerOp()) + " B/op", near.bytesPerOp() < 1,
          List.of(nearCase), "A value of an immutable JDK type is decoded once, when it enters"
              + " the near cache; anything allocated on a hit shows in the profile."));
    }
    return targets;
  }
}
