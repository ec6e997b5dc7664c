package dev.strata.jcache.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.event.RecordingListener;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.EventType;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExpiryTest {
  private static final Duration ONE_MINUTE = new Duration(TimeUnit.MINUTES, 1);
  private static final Duration TWO_MINUTES = new Duration(TimeUnit.MINUTES, 2);
  private static final Duration FIVE_MINUTES = new Duration(TimeUnit.MINUTES, 5);

  private static CacheManager manager;
  private final FakeTicker ticker = new FakeTicker();
  private final RecordingListener<String, String> listener = new RecordingListener<>();
  private Cache<String, String> cache;

  @BeforeAll
  static void openManager() {
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("test:" + ExpiryTest.class.getName()), ExpiryTest.class.getClassLoader());
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  @AfterEach
  void destroyCache() {
    manager.destroyCache("expiry");
  }

  private Cache<String, String> create(Factory<? extends ExpiryPolicy> policy) {
    var config = new StrataConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setTicker(ticker);
    config.setExpiryPolicyFactory(policy);
    config.setStatisticsEnabled(true);
    config.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
        new FactoryBuilder.SingletonFactory<>(listener), null, true, true));
    cache = manager.createCache("expiry", config);
    return cache;
  }

  private Cache<String, String> create(Duration creation, Duration update, Duration access) {
    return create(FactoryBuilder.factoryOf(new ConfiguredExpiryPolicy(creation, update, access)));
  }

  private void advance(long seconds) {
    ticker.advance(java.time.Duration.ofSeconds(seconds));
  }

  private List<String> events() {
    return listener.briefs();
  }

  @Test
  void anUntouchedEntryLivesForItsCreationDuration() {
    create(ONE_MINUTE, null, null);
    cache.put("k", "v");
    advance(59);
    assertEquals("v", cache.get("k"));
    advance(1);
    assertNull(cache.get("k"));
    assertEquals(List.of("CREATED k v", "EXPIRED k v was v"), events());
  }

  @Test
  void clearingACacheReportsNoEventEvenForEntriesThatHadExpired() {
    create(ONE_MINUTE, null, null);
    cache.put("stale", "v");
    listener.clear();
    advance(61);
    cache.clear();
    cache.put("after", "v");
    assertEquals(List.of("CREATED after v"), events());
  }

  @Test
  void anUpdateRestartsTheClockWithTheUpdateDuration() {
    create(ONE_MINUTE, FIVE_MINUTES, null);
    cache.put("k", "v1");
    advance(30);
    cache.put("k", "v2");
    advance(60 + 59);
    assertEquals("v2", cache.get("k"), "the creation duration no longer applies");
    advance(5 * 60 - 60 - 59 - 1);
    assertTrue(cache.containsKey("k"));
    advance(1);
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void aNullUpdateDurationLeavesTheExpiryUnchanged() {
    create(ONE_MINUTE, null, null);
    cache.put("k", "v1");
    advance(20);
    cache.put("k", "v2");
    advance(20);
    assertTrue(cache.replace("k", "v3"));
    cache.invoke("k", (entry, args) -> {
      entry.setValue("v4");
      return null;
    });
    advance(19);
    assertEquals("v4", cache.get("k"));
    advance(1);
    assertNull(cache.get("k"));
  }

  @Test
  void aReadRestartsTheClockWithTheAccessDuration() {
    create(ONE_MINUTE, null, TWO_MINUTES);
    cache.put("k", "v");
    advance(30);
    assertEquals("v", cache.get("k"));
    // containsKey is no access: it must not move the expiry again.
    advance(119);
    assertTrue(cache.containsKey("k"));
    advance(1);
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void everyKindOfReadCountsAsAnAccess() {
    create(ONE_MINUTE, null, TWO_MINUTES);
    cache.putAll(Map.of("get", "v", "getAll", "v", "iterator", "v", "invoke", "v"));
    advance(30);
    cache.get("get");
    cache.getAll(Set.of("getAll"));
    cache.invoke("invoke", (entry, args) -> entry.getValue());
    for (Cache.Entry<String, String> entry : cache) {
      assertTrue(entry.getKey().length() > 0);
    }
    advance(119);
    for (String key : List.of("get", "getAll", "iterator", "invoke")) {
      assertTrue(cache.containsKey(key), key);
    }
    advance(1);
    for (String key : List.of("get", "getAll", "iterator", "invoke")) {
      assertFalse(cache.containsKey(key), key);
    }
  }

  @Test
  void aNullAccessDurationLeavesTheExpiryUnchanged() {
    create(ONE_MINUTE, null, null);
    cache.put("k", "v");
    advance(30);
    assertEquals("v", cache.get("k"));
    advance(29);
    assertTrue(cache.containsKey("k"));
    advance(1);
    assertFalse(cache.containsKey("k"));
  }

  @Test
  void eternalEntriesOutliveAnyAmountOfTime() {
    create(FactoryBuilder.factoryOf(EternalExpiryPolicy.class));
    cache.put("k", "v");
    advance(TimeUnit.DAYS.toSeconds(100_000));
    assertEquals("v", cache.get("k"));
  }

  @Test
  void anEternalUpdateDurationMakesAnEntryEternal() {
    create(ONE_MINUTE, Duration.ETERNAL, ONE_MINUTE);
    cache.put("k", "v1");
    cache.put("k", "v2");
    // A century: eternal entries of an expiring cache rely on Caffeine's longest expiry.
    advance(TimeUnit.DAYS.toSeconds(36_500));
    assertEquals("v2", cache.get("k"));
  }

  @Test
  void aZeroCreationDurationNeverShowsTheEntry() {
    create(Duration.ZERO, null, null);
    cache.put("k", "v");
    assertFalse(cache.putIfAbsent("p", "v"), "nothing was stored");
    assertFalse(cache.containsKey("k"));
    assertNull(cache.get("k"));
    assertEquals(Map.of(), cache.getAll(Set.of("k", "p")));
    assertFalse(cache.iterator().hasNext());
    // As the reference implementation does: the new entry is reported expired, never created.
    assertEquals(List.of("EXPIRED k v was v", "EXPIRED p v was v"), events());
    assertEquals(0, cache.unwrap(StrataCache.class).statistics().getCachePuts());
  }

  @Test
  void aZeroUpdateDurationExpiresTheUpdatedEntry() {
    create(ONE_MINUTE, Duration.ZERO, null);
    cache.put("k", "v1");
    cache.put("k", "v2");
    assertNull(cache.get("k"));
    assertEquals(List.of("CREATED k v1", "UPDATED k v2 was v1", "EXPIRED k v2 was v2"),
        events());
  }

  @Test
  void aZeroAccessDurationAllowsOneLastRead() {
    create(ONE_MINUTE, null, Duration.ZERO);
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
    assertNull(cache.get("k"));
    assertEquals(List.of("CREATED k v", "EXPIRED k v was v"), events());
  }

  @Test
  void expiredEntriesAreInvisibleToEveryRead() {
    create(ONE_MINUTE, null, null);
    cache.putAll(Map.of("a", "1", "b", "2", "c", "3"));
    advance(60);
    assertFalse(cache.iterator().hasNext());
    assertNull(cache.get("a"));
    assertFalse(cache.containsKey("b"));
    assertEquals(Map.of(), cache.getAll(Set.of("a", "b", "c")));
    assertNull(cache.getAndRemove("c"));
    assertFalse(cache.replace("c", "new"));
    assertNull(cache.invoke("c", (entry, args) -> entry.exists() ? entry.getValue() : null));
  }

  @Test
  void eachExpiredEntryIsReportedOnceWithItsLastValue() {
    create(ONE_MINUTE, null, null);
    cache.putAll(Map.of("a", "1", "b", "2", "c", "3"));
    listener.clear();
    advance(60);
    assertNull(cache.get("a"));
    assertTrue(events().contains("EXPIRED a 1 was 1"), "an expired entry met is reported");
    cache.containsKey("b");
    cache.getAll(Set.of("a", "b", "c"));
    cache.get("a");
    Map<Object, Integer> reported = new HashMap<>();
    for (RecordingListener.Seen seen : listener.seen()) {
      assertEquals(EventType.EXPIRED, seen.type());
      assertEquals(seen.value(), seen.oldValue());
      reported.merge(seen.key(), 1, Integer::sum);
    }
    assertEquals(Map.of("a", 1, "b", 1, "c", 1), reported);
  }

  @Test
  void aWriteOverAnExpiredEntryReportsTheExpiryThenACreation() {
    create(ONE_MINUTE, null, null);
    cache.put("k", "v1");
    advance(60);
    cache.put("k", "v2");
    assertEquals(List.of("CREATED k v1", "EXPIRED k v1 was v1", "CREATED k v2"), events());
    assertEquals("v2", cache.get("k"));
  }

  @Test
  void readingAnExpiredEntryIsAMiss() {
    create(ONE_MINUTE, null, null);
    cache.put("k", "v");
    var statistics = cache.unwrap(StrataCache.class).statistics();
    cache.unwrap(StrataCache.class).clearStatistics();
    advance(60);
    cache.get("k");
    assertEquals(0, statistics.getCacheHits());
    assertEquals(1, statistics.getCacheMisses());
  }
}
