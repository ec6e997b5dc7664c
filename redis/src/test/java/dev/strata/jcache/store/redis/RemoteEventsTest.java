package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.jcache.event.RecordingListener;
import dev.strata.jcache.event.StrataListenerConfiguration;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Listeners hear of changes that other cache managers, on their own Redis connections, make to
 * a cache they share through Redis; a local-only registration does not.
 */
class RemoteEventsTest {
  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  private CacheManager writerSide;
  private CacheManager listenerSide;

  @BeforeEach
  void open() {
    REDIS.get().call("FLUSHALL");
    // different connect timeouts give the two managers separate Redis connections
    writerSide = manager("writer", "2s");
    listenerSide = manager("listener", "3s");
  }

  @AfterEach
  void close() {
    writerSide.close();
    listenerSide.close();
  }

  private static CacheManager manager(String name, String connectTimeout) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", REDIS.get().uri());
    properties.setProperty("strata.redis.namespace", "events");
    properties.setProperty("strata.redis.connect-timeout", connectTimeout);
    properties.setProperty("strata.defaults.store", "redis");
    return Caching.getCachingProvider().getCacheManager(URI.create("events-" + name),
        RemoteEventsTest.class.getClassLoader(), properties);
  }

  private static Cache<String, String> cache(CacheManager manager) {
    return manager.createCache("shared",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @Test
  void anotherManagersChangesReachTheListenerInOrderWithTheirValues() throws Exception {
    Cache<String, String> writer = cache(writerSide);
    Cache<String, String> reader = cache(listenerSide);
    var heard = new RecordingListener<String, String>();
    reader.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        new FactoryBuilder.SingletonFactory<>(heard), null, true, true));

    writer.put("k", "v1");
    writer.put("k", "v2");
    writer.invoke("k", (entry, arguments) -> {
      entry.setValue(entry.getValue() + "+");
      return null;
    });
    writer.remove("k");

    heard.awaitCount(4, 10_000);
    assertEquals(List.of("CREATED k v1", "UPDATED k v2 was v1", "UPDATED k v2+ was v2",
        "REMOVED k v2+ was v2+"), heard.briefs());
  }

  @Test
  void aListenersOwnCachesChangesReachItOnceAndLocalOnlyListenersHearNothingElse()
      throws Exception {
    Cache<String, String> writer = cache(writerSide);
    Cache<String, String> reader = cache(listenerSide);
    var all = new RecordingListener<String, String>();
    var localOnly = new RecordingListener<String, String>();
    reader.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        new FactoryBuilder.SingletonFactory<>(all), null, true, false));
    reader.registerCacheEntryListener(new StrataListenerConfiguration<String, String>(
        new FactoryBuilder.SingletonFactory<>(localOnly), null, true, true).setLocalOnly(true));

    reader.put("mine", "1");
    writer.put("theirs", "2");
    reader.put("last", "3");

    // a change of the other side's comes after any echo of this side's own changes, so once
    // it arrives every duplicate would have arrived too
    writer.put("final", "4");
    all.awaitCount(4, 10_000);
    assertEquals(List.of("CREATED mine 1", "CREATED last 3"), localOnly.briefs());
    assertEquals(List.of("CREATED last 3", "CREATED mine 1", "CREATED theirs 2",
        "CREATED final 4").stream().sorted().toList(), all.briefs().stream().sorted().toList(),
        "each change heard exactly once");
  }
}
