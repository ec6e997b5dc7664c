package dev.strata.jcache.metrics;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.hotkeys.HotKey;
import dev.strata.jcache.management.CacheOperation;
import dev.strata.jcache.management.InvalidationStatistics;
import dev.strata.jcache.management.LatencyListener;
import dev.strata.jcache.management.StrataStatistics;
import dev.strata.jcache.writebehind.WriteBehind;
import dev.strata.jcache.writebehind.WriteBehindStatisticsMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one Strata cache, tagged {@code cache} and {@code cacheManager}:
 *
 * <ul>
 *   <li>Micrometer's cache conventions: {@code cache.gets} ({@code result=hit|miss}),
 *       {@code cache.puts}, {@code cache.evictions} (evictions and expiries),
 *       {@code cache.removals}, and {@code cache.size}: the entries this JVM holds in its heap
 *       (the embedded cache's, or a near cache's copies), absent for a Redis cache without a
 *       near cache, whose size only a scan of Redis could tell.
 *   <li>{@code strata.cache.tier.hits} ({@code tier=near|redis}) for a cache with a near cache,
 *       and what that near cache heard: {@code strata.cache.near.invalidations}
 *       ({@code scope=key|all}) and {@code strata.cache.near.invalidation.gaps}.
 *   <li>For a write-behind cache, {@code strata.cache.writebehind.queue.length},
 *       {@code .oldest.age}, {@code .batches}, {@code .retries}, {@code .dead.letters} (given up
 *       by this JVM) and {@code .dead.letters.held} (in the queue now).
 *   <li>With {@link MetricsOptions#withLatencyTimers}, {@code strata.cache.operation}
 *       ({@code operation=get|get_all|put|put_all|remove|invoke}).
 *   <li>For a cache that tracks hot keys, {@code strata.cache.hot.key.reads}
 *       ({@code rank=1..n}): the estimated reads of the n-th most read key (the keys themselves,
 *       unbounded in number over time, are not tags: {@code StrataCache.hotKeys(n)} and JMX
 *       name them).
 * </ul>
 *
 * <p>The counts are read from counters the cache records always, so JCache statistics need not
 * be enabled, and the JCache {@code clear()} of statistics does not move them backwards.
 */
public final class StrataCacheMetrics implements MeterBinder {
  private final StrataCache<?, ?> cache;
  private final MetricsOptions options;
  private final Tags tags;
  private final List<Meter> meters = new ArrayList<>();
  private MeterRegistry registry;
  private LatencyListener latencyListener;

  public StrataCacheMetrics(StrataCache<?, ?> cache, MetricsOptions options) {
    this.cache = cache;
    this.options = options;
    this.tags = Tags.of("cache", cache.getName(),
        "cacheManager", cache.getCacheManager().getURI().toString()).and(options.tags());
  }

  @Override
  public synchronized void bindTo(MeterRegistry meterRegistry) {
    if (registry != null) {
      throw new IllegalStateException("The meters of cache '" + cache.getName()
          + "' are bound already: make one StrataCacheMetrics per registry");
    }
    registry = meterRegistry;
    StrataStatistics statistics = cache.statistics();
    counter("cache.gets", "The number of times cache lookup methods have returned a cached"
        + " value", statistics, StrataStatistics::totalHits, Tags.of("result", "hit"));
    counter("cache.gets", "The number of times cache lookup methods have not returned a value",
        statistics, StrataStatistics::totalMisses, Tags.of("result", "miss"));
    counter("cache.puts", "The number of entries added to the cache", statistics,
        StrataStatistics::totalPuts, Tags.empty());
    counter("cache.evictions", "The number of entries evicted or expired", statistics,
        StrataStatistics::totalEvictions, Tags.empty());
    counter("cache.removals", "The number of entries removed from the cache", statistics,
        StrataStatistics::totalRemovals, Tags.empty());
    if (cache.heapEntryCount() >= 0) {
      gauge("cache.size", "The number of entries this JVM holds in its heap for the cache",
          cache, StrataCache::heapEntryCount, Tags.empty());
    }
    if (cache.hasNearCache()) {
      counter("strata.cache.tier.hits", "Reads served by a tier", statistics,
          StrataStatistics::getNearCacheHits, Tags.of("tier", "near"));
      counter("strata.cache.tier.hits", "Reads served by a tier", statistics,
          StrataStatistics::getRemoteHits, Tags.of("tier", "redis"));
    }
    InvalidationStatistics invalidations = statistics.invalidations();
    if (invalidations != null) {
      counter("strata.cache.near.invalidations", "Invalidations the near cache received",
          invalidations, InvalidationStatistics::received, Tags.of("scope", "key"));
      counter("strata.cache.near.invalidations", "Invalidations the near cache received",
          invalidations, InvalidationStatistics::flushes, Tags.of("scope", "all"));
      counter("strata.cache.near.invalidation.gaps", "Invalidation messages found missing",
          invalidations, InvalidationStatistics::gaps, Tags.empty());
    }
    cache.writeBehind().ifPresent(this::bindWriteBehind);
    if (cache.tracksHotKeys()) {
      for (int rank = 1; rank <= options.hotKeyGauges(); rank++) {
        int index = rank - 1;
        gauge("strata.cache.hot.key.reads", "The estimated reads of the key of this rank",
            cache, c -> readsOfRank(c, index), Tags.of("rank", Integer.toString(rank)));
      }
    }
    if (options.timers()) {
      bindTimers();
    }
  }

  private void bindWriteBehind(WriteBehind<?, ?> queue) {
    WriteBehindStatisticsMXBean wb = queue.statistics();
    gauge("strata.cache.writebehind.queue.length", "Changes waiting for the writer", wb,
        WriteBehindStatisticsMXBean::getQueueLength, Tags.empty());
    meters.add(TimeGauge.builder("strata.cache.writebehind.oldest.age", wb,
            TimeUnit.MILLISECONDS, WriteBehindStatisticsMXBean::getOldestPendingAgeMillis)
        .description("How long the oldest waiting change has waited").tags(tags)
        .register(registry));
    counter("strata.cache.writebehind.batches", "writeAll and deleteAll calls of this JVM", wb,
        WriteBehindStatisticsMXBean::getBatches, Tags.empty());
    counter("strata.cache.writebehind.retries", "Refused keys kept for another attempt", wb,
        WriteBehindStatisticsMXBean::getRetries, Tags.empty());
    counter("strata.cache.writebehind.dead.letters", "Changes given up by this JVM", wb,
        WriteBehindStatisticsMXBean::getDeadLettersBuried, Tags.empty());
    gauge("strata.cache.writebehind.dead.letters.held", "Dead letters the queue holds", wb,
        WriteBehindStatisticsMXBean::getDeadLetterCount, Tags.empty());
  }

  private void bindTimers() {
    CacheOperation[] operations = CacheOperation.values();
    Timer[] timers = new Timer[operations.length];
    for (CacheOperation operation : operations) {
      Timer.Builder builder = Timer.builder("strata.cache.operation")
          .description("The latency of cache operations")
          .tags(tags).tag("operation", operation.name().toLowerCase(Locale.ROOT));
      if (options.percentiles().length > 0) {
        builder.publishPercentiles(options.percentiles());
      }
      if (options.histogram()) {
        builder.publishPercentileHistogram();
      }
      timers[operation.ordinal()] = builder.register(registry);
      meters.add(timers[operation.ordinal()]);
    }
    latencyListener = (operation, nanos) ->
        timers[operation.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    cache.addLatencyListener(latencyListener);
  }

  private static double readsOfRank(StrataCache<?, ?> cache, int index) {
    List<? extends HotKey<?>> top = cache.hotKeys(index + 1);
    return top.size() > index ? top.get(index).estimate() : 0;
  }

  private <T> void counter(String name, String description, T source,
      ToDoubleFunction<T> count, Tags extra) {
    meters.add(FunctionCounter.builder(name, source, count).description(description)
        .tags(tags).tags(extra).register(registry));
  }

  private <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value,
      Tags extra) {
    meters.add(Gauge.builder(name, source, value).description(description).tags(tags)
        .tags(extra).register(registry));
  }

  /** Removes this cache's meters from the registry and stops timing its operations. */
  public synchronized void unbind() {
    if (registry == null) {
      return;
    }
    if (latencyListener != null) {
      cache.removeLatencyListener(latencyListener);
      latencyListener = null;
    }
    for (Meter meter : meters) {
      registry.remove(meter);
    }
    meters.clear();
    registry = null;
  }
}
