package dev.strata.jcache.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writers on several threads: a listener still sees one key's changes in the order the cache
 * made them, so every update's old value is the previous update's new value.
 */
class ConcurrentEventOrderTest {
  private static final int WRITES_PER_THREAD = 20_000;

  private CacheManager manager;

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void asynchronousListenersSeeOneKeysUpdatesAsAnUnbrokenChain() throws Exception {
    assertUnbrokenChain(false);
  }

  @Test
  void synchronousListenersSeeOneKeysUpdatesAsAnUnbrokenChain() throws Exception {
    assertUnbrokenChain(true);
  }

  private void assertUnbrokenChain(boolean synchronous) throws Exception {
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("test:" + getClass().getName() + synchronous), getClass().getClassLoader());
    var listener = new RecordingListener<String, String>();
    Cache<String, String> cache = manager.createCache("order",
        new MutableConfiguration<String, String>()
            .setTypes(String.class, String.class)
            .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
                new FactoryBuilder.SingletonFactory<>(listener), null, true, synchronous)));
    cache.put("k", "start");
    var ready = new CountDownLatch(1);
    Thread[] writers = new Thread[2];
    for (int t = 0; t < writers.length; t++) {
      String prefix = "t" + t + "-";
      writers[t] = new Thread(() -> {
        try {
          ready.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < WRITES_PER_THREAD; i++) {
          cache.put("k", prefix + i);
        }
      });
      writers[t].start();
    }
    ready.countDown();
    for (Thread writer : writers) {
      writer.join();
    }
    List<RecordingListener.Seen> seen =
        listener.awaitCount(1 + writers.length * WRITES_PER_THREAD, 30_000);
    assertEquals(EventType.CREATED, seen.get(0).type());
    Object previous = seen.get(0).value();
    for (int i = 1; i < seen.size(); i++) {
      RecordingListener.Seen event = seen.get(i);
      assertEquals(previous, event.oldValue(), "update " + i + " does not follow the one before");
      previous = event.value();
    }
    assertEquals(cache.get("k"), previous, "the last event names the value the cache holds");
  }
}
