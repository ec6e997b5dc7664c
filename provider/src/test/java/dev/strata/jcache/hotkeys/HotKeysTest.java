package dev.strata.jcache.hotkeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.management.JmxRegistration;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HotKeysTest {
  private static final int KEYS = 100_000;
  private static CacheManager manager;

  @BeforeAll
  static void openManager() {
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("test:" + HotKeysTest.class.getName()), HotKeysTest.class.getClassLoader());
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  /**
   * 4 million reads, one in four sampled: a million samples put the 10th and 11th keys (0.80%
   * and 0.73% of the reads) almost six standard deviations apart.
   */
  @Test
  void theTopTenOfAZipfWorkloadAreTheTrueTopTen() throws Exception {
    var config = new StrataConfiguration<Integer, Integer>()
        .setTypes(Integer.class, Integer.class)
        .setHotKeys(new HotKeySettings(4, 512));
    config.setStoreByValue(false);
    StrataCache<Integer, Integer> cache =
        manager.createCache("zipf", config).unwrap(StrataCache.class);
    for (int key = 0; key < KEYS; key++) {
      cache.put(key, key);
    }
    long[] reads = new long[KEYS];
    var zipf = new ZipfKeys(KEYS, 0.99, 42);
    for (int i = 0; i < 4_000_000; i++) {
      int key = zipf.next();
      reads[key]++;
      cache.get(key);
    }
    List<Integer> trueTop = IntStream.range(0, KEYS).boxed()
        .sorted(Comparator.comparingLong((Integer key) -> reads[key]).reversed())
        .limit(10).toList();

    List<HotKey<Integer>> top = cache.hotKeys(10);
    assertEquals(new HashSet<>(trueTop), keysOf(top), () -> "true top 10 " + trueTop
        + ", estimated " + top);
    for (HotKey<Integer> hot : top) {
      long actual = reads[hot.key()];
      assertTrue(Math.abs(hot.estimate() - actual) < actual / 10,
          () -> hot + " read " + actual + " times");
      assertTrue(hot.lowerBound() <= hot.estimate() && hot.estimate() <= hot.upperBound());
    }
    assertEquals(cache.hottestKeys(10), top.stream().map(HotKey::key).toList());
    assertEquals(trueTop.get(0), cache.hottestKeys(1).get(0));

    ObjectName bean = JmxRegistration.objectName(JmxRegistration.Kind.HOT_KEYS,
        manager.getURI(), "zipf");
    String[] topTen = (String[]) ManagementFactory.getPlatformMBeanServer()
        .getAttribute(bean, "TopTen");
    assertEquals(10, topTen.length);
    assertTrue(topTen[0].startsWith(trueTop.get(0) + " ~"), topTen[0]);
    cache.close();
    assertTrue(!ManagementFactory.getPlatformMBeanServer().isRegistered(bean));
  }

  /** Sixteen trackers fed a Zipf stream of distinct key objects hold under 64 KB each. */
  @Test
  void aTrackerStaysUnder64KilobytesWhateverTheNumberOfKeys() {
    List<HotKeys<Integer>> trackers = new ArrayList<>();
    long before = usedHeap();
    var zipf = new ZipfKeys(KEYS, 0.99, 7);
    for (int t = 0; t < 16; t++) {
      var tracker = new HotKeys<Integer>(new HotKeySettings(1, 512));
      for (int i = 0; i < 150_000; i++) {
        // a fresh Integer per read (above the boxing cache), as a cache's callers would pass
        tracker.read(Integer.valueOf(1_000 + zipf.next()));
      }
      trackers.add(tracker);
    }
    long perTracker = (usedHeap() - before) / trackers.size();
    assertTrue(perTracker < 64 * 1024, () -> perTracker + " bytes per tracker");
    assertEquals(150_000, trackers.get(0).sampledReads());
  }

  @Test
  void aCacheWithoutHotKeysReportsNone() {
    StrataCache<String, String> cache = manager.createCache("plain",
        new StrataConfiguration<String, String>().setTypes(String.class, String.class))
        .unwrap(StrataCache.class);
    cache.put("a", "b");
    cache.get("a");
    assertEquals(List.of(), cache.hotKeys(5));
    assertTrue(!cache.tracksHotKeys());
  }

  @Test
  void settingsMustBePowersOfTwo() {
    var e = assertThrows(IllegalArgumentException.class, () -> new HotKeySettings(10, 512));
    assertTrue(e.getMessage().contains("sample-every"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new HotKeySettings(16, 500));
    assertTrue(e.getMessage().contains("max-tracked"), e.getMessage());
  }

  private static Set<Integer> keysOf(List<HotKey<Integer>> top) {
    Set<Integer> keys = new HashSet<>();
    for (HotKey<Integer> hot : top) {
      keys.add(hot.key());
    }
    return keys;
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
