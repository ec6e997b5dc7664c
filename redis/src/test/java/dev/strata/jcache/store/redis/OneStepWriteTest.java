package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.configuration.WriteBehindSettings;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The writes Redis can decide (put, remove, putIfAbsent, replace of any value and their bulk
 * forms) are one script call each, decided on the server: counted by {@code INFO commandstats}
 * on a real server, a read-then-compare-and-set write costs two {@code EVALSHA}s, these one.
 * Their semantics, events and expiries are the cache's, and a call whose reply comes after the
 * timeout applies, announces and journals once.
 */
class OneStepWriteTest {
  private static final long TIMEOUT_MILLIS = 300;

  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  static final List<String> EVENTS = new CopyOnWriteArrayList<>();

  @Test
  void eachWriteRedisCanDecideIsOneScriptCall() throws Exception {
    try (CacheManager manager = manager("one-call")) {
      Cache<String, String> cache = manager.createCache("names", listened());
      cache.put("warm-up", "the script is loaded");

      assertEquals(1, evalshas(() -> cache.put("a", "1")), "put that creates");
      assertEquals(1, evalshas(() -> cache.put("a", "2")), "put that updates");
      assertEquals(1, evalshas(() -> cache.putIfAbsent("b", "1")), "putIfAbsent that creates");
      assertEquals(1, evalshas(() -> cache.putIfAbsent("b", "2")), "putIfAbsent that finds");
      assertEquals(1, evalshas(() -> cache.replace("b", "3")), "replace that replaces");
      assertEquals(1, evalshas(() -> cache.replace("c", "3")), "replace that finds nothing");
      assertEquals(1, evalshas(() -> cache.remove("b")), "remove that removes");
      assertEquals(1, evalshas(() -> cache.remove("b")), "remove that finds nothing");
      Map<String, String> many = new LinkedHashMap<>();
      for (int i = 0; i < 20; i++) {
        many.put("m" + i, "v" + i);
      }
      assertEquals(20, evalshas(() -> cache.putAll(many)), "putAll: one call per key, no read");
      assertEquals(20, evalshas(() -> cache.removeAll(many.keySet())), "removeAll");
      // by comparison: the by-value forms still read, then compare-and-set
      cache.put("d", "1");
      assertEquals(2, evalshas(() -> cache.remove("d", "1")), "remove of a value");
      assertEquals(0, evalshas(() -> cache.get("d")), "a plain read is a GET, no script");
    }
  }

  @Test
  void conditionalWritesDecideOnTheServerAndMakeTheCachesEvents() throws Exception {
    try (CacheManager manager = manager("conditional");
        CacheManager other = manager("conditional")) {
      Cache<String, String> cache = manager.createCache("names", listened());
      Cache<String, String> elsewhere = other.createCache("names",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      List<String> heard = new CopyOnWriteArrayList<>();
      elsewhere.registerCacheEntryListener(listener(heard));
      cache.put("subscribed", "yes");
      awaitSize(heard, 1);
      cache.remove("subscribed");
      awaitSize(heard, 2);
      heard.clear();
      EVENTS.clear();

      assertTrue(cache.putIfAbsent("a", "1"));
      assertFalse(cache.putIfAbsent("a", "2"));
      assertEquals("1", cache.get("a"));
      assertFalse(cache.replace("b", "x"));
      assertFalse(cache.containsKey("b"));
      assertTrue(cache.replace("a", "3"));
      assertEquals("3", elsewhere.get("a"));
      assertFalse(cache.remove("zz"));
      assertTrue(cache.remove("a"));
      assertNull(cache.get("a"));
      cache.putAll(Map.of("p", "1"));
      cache.putAll(Map.of("p", "2"));
      cache.removeAll(Set.of("p", "q"));

      List<String> expected = List.of("CREATED a=1 (was null)", "UPDATED a=3 (was 1)",
          "REMOVED a=3 (was 3)", "CREATED p=1 (was null)", "UPDATED p=2 (was 1)",
          "REMOVED p=2 (was 2)");
      assertEquals(expected, EVENTS);
      awaitSize(heard, expected.size());
      assertEquals(expected, heard, "the other manager heard the changes from the messages");
    }
  }

  /** A create takes the creation expiry; an update of a created-expiry entry keeps its TTL. */
  @Test
  void theServerPicksTheCreatedOrTheUpdatedExpiry() throws Exception {
    try (CacheManager manager = manager("expiry")) {
      Cache<String, String> cache = manager.createCache("timed",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)
              .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                  new javax.cache.expiry.Duration(TimeUnit.HOURS, 1))));
      String name = "strata:expiry:timed:sk";
      cache.put("k", "1");
      long created = pttl(name);
      assertTrue(created > 3_500_000 && created <= 3_600_000, "created TTL " + created);
      REDIS.get().call("PEXPIRE", name, "500000");
      cache.put("k", "2");
      long updated = pttl(name);
      assertTrue(updated > 400_000 && updated <= 500_000, "the update kept the TTL: " + updated);
      assertTrue(cache.putIfAbsent("j", "1"));
      assertTrue(pttl("strata:expiry:timed:sj") > 3_500_000);
    }
  }

  /**
   * The put's script call is held by paused writes past the timeout: Redisson sends it again,
   * the first send commits when the pause ends, and the second finds its commit record. The put
   * succeeds, and Redis stored, announced and journaled it once.
   */
  @Test
  void aPutWhoseReplyIsLateAppliesAnnouncesAndJournalsOnce() throws Exception {
    // the pause is a late reply, not an outage: no probe of the node may mark it down meanwhile
    try (CacheManager manager = manager("late-put", "5s")) {
      var config = new StrataConfiguration<String, String>().setTypes(String.class, String.class)
          .setWriteBehind(WriteBehindSettings.DEFAULTS.withMaxDelay(Duration.ofHours(1))
              .withCloseTimeout(Duration.ZERO));
      config.setWriteThrough(true);
      config.setCacheWriterFactory(new FactoryBuilder.SingletonFactory<>(new IdleWriter()));
      config.addCacheEntryListenerConfiguration(listenerConfiguration(EVENTS));
      Cache<String, String> cache = manager.createCache("journaled", config);
      cache.put("warm-up", "the script is loaded");
      EVENTS.clear();
      RedisServer server = REDIS.get();
      server.call("CONFIG", "RESETSTAT");
      server.call("CLIENT", "PAUSE", Long.toString(TIMEOUT_MILLIS * 3 / 2), "WRITE");

      cache.put("k", "v");

      String stats = server.call("INFO", "commandstats").toString();
      assertTrue(calls(stats, "evalsha") >= 2, "the call was sent again: " + stats);
      assertEquals(1, calls(stats, "publish"), "announced once: " + stats);
      assertEquals(1, calls(stats, "xadd"), "journaled once: " + stats);
      assertEquals(List.of("CREATED k=v (was null)"), EVENTS);
      assertEquals("v", cache.get("k"));
    }
  }

  private static void awaitSize(List<String> list, int size) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (list.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private static long pttl(String name) {
    return Long.parseLong(String.valueOf(REDIS.get().call("PTTL", name)));
  }

  /** The script calls an operation makes: its round trips to a single server. */
  private static long evalshas(Runnable operation) {
    RedisServer server = REDIS.get();
    server.call("CONFIG", "RESETSTAT");
    operation.run();
    String stats = server.call("INFO", "commandstats").toString();
    assertEquals(0, calls(stats, "eval") + calls(stats, "eval_ro"), "a script sent as text");
    // a read-only script call (read.lua) is EVALSHA_RO
    return calls(stats, "evalsha") + calls(stats, "evalsha_ro");
  }

  /** The calls of a command that {@code INFO commandstats} counts. */
  static long calls(String stats, String command) {
    String field = "cmdstat_" + command + ":calls=";
    int at = stats.indexOf(field);
    if (at < 0) {
      return 0;
    }
    int from = at + field.length();
    int to = stats.indexOf(',', from);
    return Long.parseLong(stats.substring(from, to));
  }

  private static MutableConfiguration<String, String> listened() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class)
        .addCacheEntryListenerConfiguration(listenerConfiguration(EVENTS));
  }

  private static MutableCacheEntryListenerConfiguration<String, String> listenerConfiguration(
      List<String> into) {
    return new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new Recorder(into)), null, true, true);
  }

  private static MutableCacheEntryListenerConfiguration<String, String> listener(
      List<String> into) {
    return listenerConfiguration(into);
  }

  private static CacheManager manager(String name) {
    return manager(name, null);
  }

  private static CacheManager manager(String name, String failFastAfter) {
    var properties = new Properties();
    if (failFastAfter != null) {
      properties.setProperty("strata.redis.fail-fast-after", failFastAfter);
    }
    properties.setProperty("strata.redis.addresses", REDIS.get().uri());
    properties.setProperty("strata.redis.namespace", name);
    properties.setProperty("strata.redis.timeout", TIMEOUT_MILLIS + "ms");
    properties.setProperty("strata.defaults.store", "redis");
    return Caching.getCachingProvider().getCacheManager(
        URI.create(name + "-" + System.nanoTime()), OneStepWriteTest.class.getClassLoader(),
        properties);
  }

  /** Records created, updated and removed events as text, with their old values. */
  static final class Recorder implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
      Serializable {
    private static final long serialVersionUID = 1L;
    private final transient List<String> into;

    Recorder(List<String> into) {
      this.into = into;
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    private void record(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        into.add(event.getEventType() + " " + event.getKey() + "=" + event.getValue()
            + " (was " + event.getOldValue() + ")");
      }
    }
  }

  /** A write-behind writer that is never due within the test. */
  public static final class IdleWriter implements CacheWriter<String, String> {
    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {}

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
      entries.clear();
    }

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(Collection<?> keys) {
      keys.clear();
    }
  }
}
