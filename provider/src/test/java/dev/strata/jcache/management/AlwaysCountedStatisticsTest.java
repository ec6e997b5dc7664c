package dev.strata.jcache.management;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.StrataConfiguration;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Counts are recorded whether statistics are enabled or not, for monitoring; the JCache view
 * shows only what was counted while enabled, since the last clear.
 */
class AlwaysCountedStatisticsTest {
  private static CacheManager manager;

  @BeforeAll
  static void openManager() {
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("test:" + AlwaysCountedStatisticsTest.class.getName()),
        AlwaysCountedStatisticsTest.class.getClassLoader());
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  @Test
  void totalsCountWhileTheJCacheViewStaysAtZero() {
    Cache<String, String> cache = manager.createCache("disabled",
        new StrataConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("a", "1");
    cache.get("a");
    cache.get("b");
    cache.remove("a");
    StrataStatistics statistics = cache.unwrap(StrataCache.class).statistics();
    assertEquals(1, statistics.totalHits());
    assertEquals(1, statistics.totalMisses());
    assertEquals(1, statistics.totalPuts());
    assertEquals(1, statistics.totalRemovals());
    assertEquals(0, statistics.getCacheHits());
    assertEquals(0, statistics.getCacheMisses());
    assertEquals(0, statistics.getCachePuts());
    assertEquals(0, statistics.getCacheRemovals());
  }

  @Test
  void theViewMovesOnlyWhileEnabledAndFromTheLastClear() {
    Cache<String, String> cache = manager.createCache("toggled",
        new StrataConfiguration<String, String>().setTypes(String.class, String.class));
    StrataStatistics statistics = cache.unwrap(StrataCache.class).statistics();
    cache.put("a", "1");
    cache.get("a");

    manager.enableStatistics("toggled", true);
    assertEquals(0, statistics.getCacheHits());
    cache.get("a");
    cache.get("a");
    assertEquals(2, statistics.getCacheHits());

    manager.enableStatistics("toggled", false);
    cache.get("a");
    assertEquals(2, statistics.getCacheHits(), "unchanged while disabled");

    manager.enableStatistics("toggled", true);
    cache.get("a");
    assertEquals(3, statistics.getCacheHits());
    assertEquals(0, statistics.getCachePuts(), "the put before enabling is not shown");

    cache.unwrap(StrataCache.class).clearStatistics();
    assertEquals(0, statistics.getCacheHits());
    cache.get("a");
    assertEquals(1, statistics.getCacheHits());

    manager.enableStatistics("toggled", false);
    cache.unwrap(StrataCache.class).clearStatistics();
    cache.get("a");
    manager.enableStatistics("toggled", true);
    assertEquals(0, statistics.getCacheHits());
    assertEquals(7, statistics.totalHits(), "totals are never cleared");
  }
}
