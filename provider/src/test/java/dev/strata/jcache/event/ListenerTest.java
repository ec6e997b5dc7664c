package dev.strata.jcache.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ListenerTest {
  private static final long TIMEOUT_MILLIS = 10_000;

  private static CacheManager manager;
  private Cache<String, Integer> cache;

  @BeforeAll
  static void openManager() {
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("test:" + ListenerTest.class.getName()), ListenerTest.class.getClassLoader());
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  @BeforeEach
  void createCache() {
    cache = manager.createCache("events",
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
  }

  @AfterEach
  void destroyCache() {
    manager.destroyCache("events");
  }

  private <L extends javax.cache.event.CacheEntryListener<String, Integer>> L register(
      L listener, boolean oldValueRequired, boolean synchronous,
      CacheEntryEventFilter<String, Integer> filter) {
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        new FactoryBuilder.SingletonFactory<>(listener),
        filter == null ? null : new FactoryBuilder.SingletonFactory<>(filter),
        oldValueRequired, synchronous));
    return listener;
  }

  /** Every kind of change on one key, in an order whose events are known. */
  private void changeOneKeyInEveryWay() {
    cache.put("k", 1);
    cache.put("k", 2);
    cache.replace("k", 3);
    cache.replace("k", 3, 4);
    cache.invoke("k", (entry, args) -> {
      entry.setValue(entry.getValue() + 1);
      return null;
    });
    cache.getAndPut("k", 6);
    cache.remove("k");
    cache.putIfAbsent("k", 7);
    cache.getAndReplace("k", 8);
    cache.getAndRemove("k");
    cache.put("k", 9);
    cache.remove("k", 9);
  }

  private static final List<String> EVERY_WAY = List.of(
      "CREATED k 1", "UPDATED k 2 was 1", "UPDATED k 3 was 2", "UPDATED k 4 was 3",
      "UPDATED k 5 was 4", "UPDATED k 6 was 5", "REMOVED k 6 was 6", "CREATED k 7",
      "UPDATED k 8 was 7", "REMOVED k 8 was 8", "CREATED k 9", "REMOVED k 9 was 9");

  @Test
  void aSynchronousListenerSeesEachChangeBeforeTheOperationReturns() {
    var listener = register(new RecordingListener<String, Integer>(), true, true, null);
    cache.put("k", 1);
    assertEquals(List.of("CREATED k 1"), listener.briefs(), "delivered before put returned");
    assertSame(Thread.currentThread(), listener.seen().get(0).thread());
    cache.remove("k");
    assertEquals(List.of("CREATED k 1", "REMOVED k 1 was 1"), listener.briefs());
  }

  @Test
  void aSynchronousListenerSeesOneKeysEventsInOperationOrder() {
    var listener = register(new RecordingListener<String, Integer>(), true, true, null);
    changeOneKeyInEveryWay();
    assertEquals(EVERY_WAY, listener.briefs());
  }

  @Test
  void anAsynchronousListenerSeesOneKeysEventsInOperationOrder() throws InterruptedException {
    var listener = register(new RecordingListener<String, Integer>(), true, false, null);
    changeOneKeyInEveryWay();
    listener.awaitCount(EVERY_WAY.size(), TIMEOUT_MILLIS);
    assertEquals(EVERY_WAY, listener.briefs());
    for (RecordingListener.Seen seen : listener.seen()) {
      assertNotSame(Thread.currentThread(), seen.thread(), "delivered on the event executor");
    }
  }

  @Test
  void anAsynchronousListenerKeepsOrderUnderABurst() throws InterruptedException {
    var listener = register(new RecordingListener<String, Integer>(), false, false, null);
    int updates = 5_000;
    for (int i = 0; i <= updates; i++) {
      cache.put("k", i);
    }
    List<RecordingListener.Seen> seen = listener.awaitCount(updates + 1, TIMEOUT_MILLIS);
    assertEquals(EventType.CREATED, seen.get(0).type());
    for (int i = 0; i <= updates; i++) {
      assertEquals(i, seen.get(i).value(), "event " + i);
    }
  }

  @Test
  void oldValuesArePresentOnlyWhenRequired() {
    var withOld = register(new RecordingListener<String, Integer>(), true, true, null);
    var withoutOld = register(new RecordingListener<String, Integer>(), false, true, null);
    cache.put("k", 1);
    cache.put("k", 2);
    cache.remove("k");

    assertEquals(List.of("CREATED k 1", "UPDATED k 2 was 1", "REMOVED k 2 was 2"),
        withOld.briefs());
    // As the reference implementation does: without old values a removed event has no value.
    assertEquals(List.of("CREATED k 1", "UPDATED k 2", "REMOVED k null"), withoutOld.briefs());
    for (RecordingListener.Seen seen : withoutOld.seen()) {
      assertFalse(seen.oldValueAvailable());
      assertNull(seen.oldValue());
    }
    assertFalse(withOld.seen().get(0).oldValueAvailable(), "a creation has no old value");
  }

  /** Passes events of even values only; serializable, as factories of filters may be. */
  static final class EvenValues implements CacheEntryEventFilter<String, Integer>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean evaluate(CacheEntryEvent<? extends String, ? extends Integer> event) {
      return event.getValue() != null && event.getValue() % 2 == 0;
    }
  }

  /** Passes events of one key only. */
  static final class KeyIs implements CacheEntryEventFilter<String, Integer>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String key;

    KeyIs(String key) {
      this.key = key;
    }

    @Override
    public boolean evaluate(CacheEntryEvent<? extends String, ? extends Integer> event) {
      return event.getKey().equals(key);
    }
  }

  @Test
  void aFilterDecidesWhichEventsASynchronousListenerSees() {
    var even = register(new RecordingListener<String, Integer>(), true, true, new EvenValues());
    var onlyA = register(new RecordingListener<String, Integer>(), true, true, new KeyIs("a"));
    for (int i = 1; i <= 4; i++) {
      cache.put("a", i);
      cache.put("b", i * 10 + 1);
    }
    assertEquals(List.of("UPDATED a 2 was 1", "UPDATED a 4 was 3"), even.briefs());
    assertEquals(List.of("CREATED a 1", "UPDATED a 2 was 1", "UPDATED a 3 was 2",
        "UPDATED a 4 was 3"), onlyA.briefs());
  }

  @Test
  void aFilterDecidesWhichEventsAnAsynchronousListenerSees() throws InterruptedException {
    var onlyA = register(new RecordingListener<String, Integer>(), true, false, new KeyIs("a"));
    var everything = register(new RecordingListener<String, Integer>(), true, false, null);
    cache.put("b", 1);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.remove("a");
    // The unfiltered listener's last event follows the filtered one's in operation order.
    everything.awaitCount(4, TIMEOUT_MILLIS);
    assertEquals(List.of("CREATED a 1", "REMOVED a 1 was 1"), onlyA.awaitCount(2, TIMEOUT_MILLIS)
        .stream().map(RecordingListener.Seen::brief).toList());
  }

  /** Fails on every event it is given, after counting it. */
  static final class FailingListener implements CacheEntryCreatedListener<String, Integer>,
      CacheEntryUpdatedListener<String, Integer>, CacheEntryRemovedListener<String, Integer> {
    final AtomicInteger calls = new AtomicInteger();

    private void fail() {
      calls.incrementAndGet();
      throw new IllegalStateException("listener failure " + calls.get());
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> e) {
      fail();
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> e) {
      fail();
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> e) {
      fail();
    }
  }

  @Test
  void aSynchronousListenerFailureReachesTheCallerAfterTheChange() {
    var failing = register(new FailingListener(), true, true, null);
    var recording = register(new RecordingListener<String, Integer>(), true, true, null);

    var onCreate = assertThrows(CacheEntryListenerException.class, () -> cache.put("k", 1));
    assertTrue(onCreate.getCause() instanceof IllegalStateException, onCreate::toString);
    assertEquals(1, cache.get("k"), "the put was applied");

    assertThrows(CacheEntryListenerException.class, () -> cache.replace("k", 2));
    assertEquals(2, cache.get("k"), "the replace was applied");

    assertThrows(CacheEntryListenerException.class, () -> cache.invoke("k", (entry, args) -> {
      entry.setValue(3);
      return null;
    }));
    assertEquals(3, cache.get("k"), "the processor's change was applied");

    assertThrows(CacheEntryListenerException.class, () -> cache.remove("k"));
    assertFalse(cache.containsKey("k"), "the remove was applied");

    assertEquals(4, failing.calls.get());
    assertEquals(List.of("CREATED k 1", "UPDATED k 2 was 1", "UPDATED k 3 was 2",
        "REMOVED k 3 was 3"), recording.briefs(), "the other listener still saw every change");
  }

  @Test
  void anAsynchronousListenerFailureDoesNotReachTheCaller() throws InterruptedException {
    var failing = register(new FailingListener(), true, false, null);
    var recording = register(new RecordingListener<String, Integer>(), true, false, null);
    cache.put("k", 1);
    cache.put("k", 2);
    recording.awaitCount(2, TIMEOUT_MILLIS);
    long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
    while (failing.calls.get() < 2 && System.nanoTime() < deadline) {
      Thread.yield();
    }
    assertEquals(2, failing.calls.get(), "a failure does not stop later events");
    assertEquals(2, cache.get("k"));
  }

  @Test
  void aDeregisteredListenerHearsNothingMore() {
    var config = new MutableCacheEntryListenerConfiguration<String, Integer>(
        new FactoryBuilder.SingletonFactory<>(new RecordingListener<String, Integer>()),
        null, true, true);
    cache.registerCacheEntryListener(config);
    cache.put("k", 1);
    var listener = (RecordingListener<String, Integer>) config.getCacheEntryListenerFactory()
        .create();
    cache.deregisterCacheEntryListener(config);
    cache.put("k", 2);
    assertEquals(List.of("CREATED k 1"), listener.briefs());
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, Integer> current =
        cache.getConfiguration(CompleteConfiguration.class);
    assertFalse(current.getCacheEntryListenerConfigurations().iterator().hasNext());
  }
}
