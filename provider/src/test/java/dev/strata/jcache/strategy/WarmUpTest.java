package dev.strata.jcache.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.expiry.FakeTicker;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.junit.jupiter.api.Test;

/**
 * Warming 100,000 keys: progress reported at every interval, failing keys listed and skipped,
 * existing values kept, reads served throughout. The loader moves a fake ticker by a
 * millisecond per key, so the warm-up "takes" 100 s of the cache's time.
 */
class WarmUpTest {
  private static final int KEYS = 100_000;
  private static final Set<Integer> BAD = Set.of(7, 31_337, 50_000, 99_999);
  static final FakeTicker TICKER = new FakeTicker();

  @Test
  void warmsOneHundredThousandKeysReportingProgressAndFailures() throws Exception {
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("warm-up"), getClass().getClassLoader())) {
      var config = new StrataConfiguration<Integer, String>().setTypes(Integer.class, String.class)
          .setTicker(TICKER);
      config.setStoreByValue(false);
      config.setCacheLoaderFactory(FactoryBuilder.factoryOf(SlowLoader.class));
      Cache<Integer, String> cache = manager.createCache("warm", config);
      cache.put(5, "kept");
      cache.put(-1, "read meanwhile");
      var reads = new AtomicLong();
      var readFailed = new AtomicBoolean();
      var warming = new AtomicBoolean(true);
      var reader = new Thread(() -> {
        while (warming.get()) {
          if (!"read meanwhile".equals(cache.get(-1))) {
            readFailed.set(true);
          }
          reads.incrementAndGet();
        }
      });
      List<WarmProgress> reports = new CopyOnWriteArrayList<>();
      List<Long> readsAtReports = new CopyOnWriteArrayList<>();
      WarmOptions options = WarmOptions.DEFAULTS.withProgressInterval(Duration.ofMillis(1_500))
          .withBatchSize(100)
          .withListener(progress -> {
            reports.add(progress);
            readsAtReports.add(reads.get());
          });
      reader.start();
      WarmProgress last;
      try {
        @SuppressWarnings("unchecked")
        StrataCache<Integer, String> strata = cache.unwrap(StrataCache.class);
        last = strata.warm(KeySource.of(IntStream.range(0, KEYS).boxed().toList()), options)
            .get(2, TimeUnit.MINUTES);
      } finally {
        warming.set(false);
        reader.join();
      }
      assertTrue(last.finished());
      assertEquals(KEYS, last.done());
      assertEquals(KEYS, last.total());
      assertEquals(BAD.size(), last.failed());
      assertEquals(new TreeSet<>(BAD), new TreeSet<>(castAll(last.failedKeys())));
      assertEquals(KEYS - BAD.size() - 1, last.loaded());
      assertEquals("kept", cache.get(5));
      assertEquals("value 42", cache.get(42));
      assertEquals(null, cache.get(31_337));
      // a report at least every 2 s of the cache's time: reports come at the end of the batch
      // that crosses the 1.5 s interval, and two batches of 100 keys at once, one of them
      // loaded again key by key after a failure, take at most 0.4 s
      assertTrue(reports.size() >= 50, "only " + reports.size() + " reports");
      long previous = 0;
      for (WarmProgress report : reports) {
        long at = report.elapsed().toMillis();
        assertTrue(at - previous <= 2_000, "no report between " + previous + " and " + at
            + " ms");
        previous = at;
      }
      assertTrue(reports.get(reports.size() - 1).finished());
      assertTrue(reports.get(0).rate() > 0);
      // reads were served while the warm-up ran, not only before or after it
      assertTrue(readsAtReports.get(readsAtReports.size() / 2) > readsAtReports.get(0),
          "no read was served between the first and the middle report");
      assertTrue(!readFailed.get());
      assertEquals(KEYS - BAD.size() - 1,
          cache.unwrap(StrataCache.class).strategyStatistics().warmedKeys());
    }
  }

  private static List<Integer> castAll(List<Object> keys) {
    List<Integer> cast = new ArrayList<>();
    keys.forEach(key -> cast.add((Integer) key));
    return cast;
  }

  /** Loads "value " and the key, a millisecond of the ticker per key; fails the bad keys. */
  public static final class SlowLoader implements CacheLoader<Integer, String> {
    @Override
    public String load(Integer key) {
      TICKER.advance(Duration.ofMillis(1));
      if (BAD.contains(key)) {
        throw new CacheLoaderException("no row for key " + key);
      }
      return "value " + key;
    }

    @Override
    public Map<Integer, String> loadAll(Iterable<? extends Integer> keys) {
      Map<Integer, String> loaded = new HashMap<>();
      keys.forEach(key -> loaded.put(key, load(key)));
      return loaded;
    }
  }
}
