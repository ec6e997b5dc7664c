package dev.strata.jcache.writebehind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.configuration.WriteBehindSettings;
import dev.strata.jcache.expiry.FakeTicker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.integration.CompletionListenerFuture;
import javax.cache.processor.EntryProcessor;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a write-behind cache promises, whatever its store: batches by size and time, coalescing,
 * per-key order, retries, dead letters, back-pressure and a flush on close.
 *
 * <p>The caches run on a {@link FakeTicker}: the maximum delay and the pauses after refusals
 * pass when a test moves it, never by waiting.
 */
abstract class WriteBehindContract {
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final Duration WAIT = Duration.ofSeconds(20);

  protected final RecordingWriter writer = new RecordingWriter();
  protected final FakeTicker ticker = new FakeTicker();
  private final List<Cache<?, ?>> opened = new ArrayList<>();

  /** The manager the caches are made in; the subclass decides the store. */
  protected abstract CacheManager manager();

  /** Completes the configuration for the store under test. */
  protected abstract StrataConfiguration<String, String> configure(
      StrataConfiguration<String, String> config);

  /**
   * Makes the store lose the key's entry (of a {@link #readThroughCache}, whose entries expire a
   * minute after their creation) as its own expiry or eviction would, without the cache
   * changing it: no journal record, no write.
   */
  protected abstract void loseEntry(Cache<String, String> cache, String key) throws Exception;

  @AfterEach
  void closeCaches() {
    writer.gate = null;
    for (Cache<?, ?> cache : opened) {
      cache.close();
    }
  }

  protected Cache<String, String> cache(WriteBehindSettings settings) {
    var config = new StrataConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setWriteBehind(settings)
        .setTicker(ticker);
    config.setWriteThrough(true);
    config.setCacheWriterFactory(new FactoryBuilder.SingletonFactory<>(writer));
    config.setStatisticsEnabled(true);
    Cache<String, String> cache = manager().createCache(
        "write-behind-" + NAMES.incrementAndGet(), configure(config));
    opened.add(cache);
    return cache;
  }

  /**
   * A write-behind cache that reads through {@code loader}, whose entries expire a minute after
   * their creation, and whose queue is flushed only when a test asks (its maximum delay is an
   * hour of the ticker's time).
   */
  protected Cache<String, String> readThroughCache(RecordsLoader loader) {
    return readThroughCache(loader, manager(), "write-behind-" + NAMES.incrementAndGet());
  }

  /** {@link #readThroughCache(RecordsLoader)} named {@code name}, in {@code manager}. */
  protected Cache<String, String> readThroughCache(RecordsLoader loader, CacheManager manager,
      String name) {
    var config = new StrataConfiguration<String, String>()
        .setTypes(String.class, String.class)
        .setWriteBehind(WriteBehindSettings.DEFAULTS.withMaxDelay(Duration.ofHours(1)))
        .setTicker(ticker);
    config.setWriteThrough(true);
    config.setCacheWriterFactory(new FactoryBuilder.SingletonFactory<>(writer));
    config.setReadThrough(true);
    config.setCacheLoaderFactory(new FactoryBuilder.SingletonFactory<>(loader));
    config.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
        javax.cache.expiry.Duration.ONE_MINUTE));
    config.setStatisticsEnabled(true);
    Cache<String, String> cache = manager.createCache(name, configure(config));
    opened.add(cache);
    return cache;
  }

  protected static WriteBehind<String, String> queue(Cache<String, String> cache) {
    @SuppressWarnings("unchecked")
    StrataCache<String, String> strata = cache.unwrap(StrataCache.class);
    return strata.writeBehind().orElseThrow();
  }

  /**
   * Flushes the cache, moving its ticker on while the flush waits, so that the pauses after
   * refusals pass; true when the queue was empty before {@link #WAIT} of real time.
   */
  protected boolean flushMovingTime(Cache<String, String> cache) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!queue(cache).flush(Duration.ofMillis(20))) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      ticker.advance(Duration.ofMillis(50));
    }
    return true;
  }

  /**
   * Moves the ticker on by {@code step} every few milliseconds until {@code done} holds, for
   * up to {@link #WAIT} of real time; returns how far it moved. Time the flusher had not yet
   * begun to count when a step was made only makes the result larger.
   */
  private Duration moveTimeUntil(BooleanSupplier done, Duration step)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Duration moved = Duration.ZERO;
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      ticker.advance(step);
      moved = moved.plus(step);
      Thread.sleep(10);
    }
    assertTrue(done.getAsBoolean(), "nothing happened in " + moved + " of the cache's time");
    return moved;
  }

  private static WriteBehindSettings settings() {
    return WriteBehindSettings.DEFAULTS.withMaxDelay(Duration.ofMillis(100))
        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(40));
  }

  @Test
  void aReadThroughMissOfAKeyWhoseDeleteIsPendingIsAbsentAndLoadsNothing() throws Exception {
    var loader = new RecordsLoader(writer);
    Cache<String, String> cache = readThroughCache(loader);
    cache.put("k", "v");
    assertTrue(queue(cache).flush(WAIT));
    assertEquals("v", writer.records.get("k"));
    cache.remove("k");
    assertNull(cache.get("k"), "the system of record's row, not yet deleted, was loaded");
    assertNull(cache.get("k"));
    assertEquals(List.of(), loader.asked);
    assertTrue(queue(cache).flush(WAIT));
    assertFalse(writer.records.containsKey("k"));
    assertNull(cache.get("k"));
    assertEquals(List.of("k"), loader.asked, "once written, a miss loads again");
    writer.records.put("k", "from the database");
    assertEquals("from the database", cache.get("k"));
  }

  @Test
  void aReadThroughMissOfAKeyWhoseWriteIsPendingAnswersThePendingValue() throws Exception {
    var loader = new RecordsLoader(writer);
    Cache<String, String> cache = readThroughCache(loader);
    cache.put("k", "v1");
    assertTrue(queue(cache).flush(WAIT));
    cache.put("k", "v2");
    loseEntry(cache, "k");
    assertEquals("v2", cache.get("k"), "the system of record's older value was loaded");
    assertEquals(List.of(), loader.asked);
    assertEquals("v2", cache.get("k"), "the pending value is cached as a loaded one is");
    assertEquals("v1", writer.records.get("k"));
    assertTrue(queue(cache).flush(WAIT));
    assertEquals("v2", writer.records.get("k"));
    loseEntry(cache, "k");
    assertEquals("v2", cache.get("k"));
    assertEquals(List.of("k"), loader.asked, "once written, a miss loads again");
  }

  @Test
  void getAllLoadsNoKeyWithAPendingChange() throws Exception {
    var loader = new RecordsLoader(writer);
    Cache<String, String> cache = readThroughCache(loader);
    writer.records.put("plain", "p");
    cache.putAll(Map.of("gone", "g", "changed", "c1"));
    assertTrue(queue(cache).flush(WAIT));
    cache.remove("gone");
    cache.put("changed", "c2");
    loseEntry(cache, "changed");
    assertEquals(Map.of("changed", "c2", "plain", "p"),
        cache.getAll(Set.of("gone", "changed", "plain")));
    assertEquals(List.of("plain"), loader.asked);
    assertTrue(queue(cache).flush(WAIT));
    assertEquals(Map.of("changed", "c2", "plain", "p"), writer.records);
    loseEntry(cache, "changed");
    loseEntry(cache, "plain");
    assertEquals(Map.of("changed", "c2", "plain", "p"),
        cache.getAll(Set.of("gone", "changed", "plain")));
    assertEquals(Set.of("gone", "changed", "plain"),
        Set.copyOf(loader.asked.subList(1, loader.asked.size())));
  }

  @Test
  void anEntryProcessorReadingAMissingKeyWithAPendingChangeLoadsNothing() throws Exception {
    var loader = new RecordsLoader(writer);
    Cache<String, String> cache = readThroughCache(loader);
    cache.putAll(Map.of("gone", "g", "changed", "c1"));
    assertTrue(queue(cache).flush(WAIT));
    cache.remove("gone");
    cache.put("changed", "c2");
    loseEntry(cache, "changed");
    EntryProcessor<String, String, String> read = (entry, arguments) -> entry.getValue();
    assertNull(cache.invoke("gone", read));
    assertEquals("c2", cache.invoke("changed", read));
    assertEquals(List.of(), loader.asked);
    assertFalse(cache.containsKey("gone"));
  }

  @Test
  void loadAllReplacingExistingValuesLoadsNoKeyWithAPendingChange() throws Exception {
    var loader = new RecordsLoader(writer);
    Cache<String, String> cache = readThroughCache(loader);
    cache.putAll(Map.of("gone", "g", "changed", "c1", "plain", "p1"));
    assertTrue(queue(cache).flush(WAIT));
    writer.records.put("plain", "p2");
    cache.remove("gone");
    cache.put("changed", "c2");
    var done = new CompletionListenerFuture();
    cache.loadAll(Set.of("gone", "changed", "plain"), true, done);
    done.get();
    assertEquals(List.of("plain"), loader.asked);
    assertFalse(cache.containsKey("gone"), "a key whose delete is pending was loaded");
    assertEquals("c2", cache.get("changed"), "a pending write was replaced by the older row");
    assertEquals("p2", cache.get("plain"));
  }

  @Test
  void writesReturnBeforeTheWriterIsCalledAndReachItInBatches() throws Exception {
    writer.gate = new CountDownLatch(1);
    Cache<String, String> cache = cache(settings().withMaxBatchSize(50));
    for (int i = 0; i < 120; i++) {
      cache.put("k" + i, "v" + i);
    }
    assertEquals("v7", cache.get("k7"));
    assertTrue(writer.records.isEmpty(), "the writer was called before the puts returned");
    writer.gate.countDown();
    assertTrue(queue(cache).flush(WAIT));
    assertEquals(120, writer.records.size());
    for (List<Object> batch : writer.writeBatches) {
      assertTrue(batch.size() <= 50, "a batch of " + batch.size() + " keys");
    }
    assertEquals(120, queue(cache).statistics().getWrittenEntries());
    assertEquals(0, queue(cache).pending());
  }

  @Test
  void aPartBatchIsWrittenOnceTheMaximumDelayHasPassed() throws Exception {
    Cache<String, String> cache = cache(settings().withMaxDelay(Duration.ofSeconds(30)));
    cache.put("alone", "1");
    Duration waited = moveTimeUntil(() -> !writer.records.isEmpty(), Duration.ofSeconds(3));
    assertEquals("1", writer.records.get("alone"));
    assertTrue(waited.compareTo(Duration.ofSeconds(29)) >= 0, "written after " + waited);
  }

  @Test
  void aRefusedRoundIsRetriedOnceItsPauseHasPassedOnTheCachesTicker() throws Exception {
    writer.failuresLeft.set(1);
    Cache<String, String> cache = cache(settings()
        .withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10)));
    var calls = new AtomicInteger();
    writer.beforeCall = calls::incrementAndGet;
    cache.put("k", "v");
    moveTimeUntil(() -> queue(cache).statistics().getRetries() == 1, Duration.ofMillis(50));
    Duration paused = moveTimeUntil(() -> !writer.records.isEmpty(),
        Duration.ofMillis(500));
    assertEquals("v", writer.records.get("k"));
    assertEquals(2, calls.get());
    // the shortest pause is half the backoff; the first step may have begun before it did
    assertTrue(paused.compareTo(Duration.ofMillis(4_950)) >= 0,
        "retried after " + paused + ", less than half the backoff");
  }

  @Test
  void writesOfOneKeyCoalesceToTheLatestAndAPutThenRemoveToOneDelete() throws Exception {
    writer.gate = new CountDownLatch(1);
    Cache<String, String> cache = cache(settings());
    writer.records.put("gone", "old");
    for (int i = 0; i < 10; i++) {
      cache.put("hot", "v" + i);
    }
    cache.put("gone", "new");
    cache.remove("gone");
    writer.gate.countDown();
    assertTrue(queue(cache).flush(WAIT));
    assertEquals("v9", writer.records.get("hot"));
    assertFalse(writer.records.containsKey("gone"));
    assertEquals(1, writer.history.stream().filter(h -> h[0].equals("hot")).count());
    assertEquals(1, writer.history.stream().filter(h -> h[0].equals("gone")).count());
  }

  @Test
  void everyWritingOperationIsQueued() throws Exception {
    Cache<String, String> cache = cache(settings());
    cache.putAll(Map.of("a", "1", "b", "2", "c", "3"));
    cache.putIfAbsent("d", "4");
    cache.putIfAbsent("d", "ignored");
    cache.replace("a", "11");
    cache.replace("b", "2", "22");
    cache.getAndPut("e", "5");
    cache.invoke("f", (entry, args) -> {
      entry.setValue("6");
      return null;
    });
    cache.removeAll(Set.of("c"));
    cache.getAndRemove("e");
    assertTrue(queue(cache).flush(WAIT));
    assertEquals(Map.of("a", "11", "b", "22", "d", "4", "f", "6"), writer.records);
  }

  @Test
  void aKeysValuesReachTheWriterInTheOrderTheyWereWritten() throws Exception {
    writer.millisPerCall = 2;
    Cache<String, String> cache = cache(settings().withMaxBatchSize(20));
    int threads = 4;
    int writes = 500;
    var failures = new CopyOnWriteArrayList<Throwable>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      var worker = new Thread(() -> {
        try {
          for (int i = 0; i < writes; i++) {
            cache.put("t" + thread + "-k" + (i % 10), Integer.toString(i));
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    assertTrue(failures.isEmpty(), failures::toString);
    assertTrue(queue(cache).flush(WAIT));
    Map<Object, Integer> last = new HashMap<>();
    for (Object[] written : writer.history) {
      int value = Integer.parseInt((String) written[1]);
      Integer before = last.put(written[0], value);
      assertTrue(before == null || before < value,
          "key " + written[0] + " got " + value + " after " + before);
    }
    for (int t = 0; t < threads; t++) {
      for (int k = 0; k < 10; k++) {
        assertEquals(Integer.toString(writes - 10 + k), writer.records.get("t" + t + "-k" + k));
      }
    }
  }

  @Test
  void aFailingWriterIsRetriedUntilItSucceeds() throws Exception {
    writer.failuresLeft.set(3);
    Cache<String, String> cache = cache(settings());
    cache.put("k", "v");
    assertTrue(flushMovingTime(cache));
    assertEquals("v", writer.records.get("k"));
    assertEquals(3, queue(cache).statistics().getRetries());
    assertTrue(queue(cache).deadLetters().isEmpty());
  }

  @Test
  void aKeyTheWriterRefusesBecomesADeadLetterWhileTheRestOfItsBatchIsWritten()
      throws Exception {
    writer.refused.add("bad");
    Cache<String, String> cache = cache(settings().withMaxAttempts(3));
    var letters = new CopyOnWriteArrayList<DeadLetter<String, String>>();
    queue(cache).addListener(new WriteBehindListener<>() {
      @Override
      public void onDeadLetter(DeadLetter<String, String> letter) {
        letters.add(letter);
      }
    });
    cache.putAll(Map.of("good1", "1", "bad", "2", "good2", "3"));
    assertTrue(flushMovingTime(cache));
    assertEquals(Map.of("good1", "1", "good2", "3"), writer.records);
    assertEquals(1, writer.history.stream().filter(h -> h[0].equals("good1")).count());
    assertEquals(1, letters.size());
    DeadLetter<String, String> letter = queue(cache).deadLetters().get(0);
    assertEquals("bad", letter.key());
    assertEquals("2", letter.value());
    assertEquals(3, letter.attempts());
    assertTrue(letter.failure().contains("key bad is refused"), letter.failure());
    assertEquals(1, queue(cache).statistics().getDeadLetterCount());

    writer.refused.clear();
    assertTrue(queue(cache).retryDeadLetter("bad"));
    assertTrue(flushMovingTime(cache));
    assertEquals("2", writer.records.get("bad"));
    assertTrue(queue(cache).deadLetters().isEmpty());
  }

  @Test
  void aNewerWriteSupersedesADeadLetterAndItsRetry() throws Exception {
    writer.refused.add("k");
    Cache<String, String> cache = cache(settings().withMaxAttempts(1));
    cache.put("k", "old");
    assertTrue(queue(cache).flush(WAIT));
    assertEquals(1, queue(cache).deadLetters().size());
    writer.refused.clear();
    writer.gate = new CountDownLatch(1);
    cache.put("k", "new");
    queue(cache).retryDeadLetters();
    writer.gate.countDown();
    assertTrue(queue(cache).flush(WAIT));
    assertEquals("new", writer.records.get("k"));
    assertTrue(writer.history.stream().noneMatch(h -> "old".equals(h[1])));
    assertTrue(queue(cache).deadLetters().isEmpty());
  }

  @Test
  void aRetryOfAnOldDeadLetterNeverOverwritesANewerOne() throws Exception {
    writer.refused.add("k");
    Cache<String, String> cache = cache(settings().withMaxAttempts(1).withMaxBatchSize(1));
    cache.put("k", "v1");
    assertTrue(queue(cache).flush(WAIT));
    assertEquals("v1", queue(cache).deadLetters().get(0).value());
    writer.gate = new CountDownLatch(1);
    cache.put("k", "v2");
    assertTrue(queue(cache).retryDeadLetter("k"));
    writer.gate.countDown();
    assertTrue(queue(cache).flush(WAIT));
    assertEquals("v2", queue(cache).deadLetters().get(0).value(),
        "the newer change is the key's dead letter");
    assertTrue(writer.history.isEmpty(), "the writer received " + writer.history.size()
        + " writes, the old retried value among them");
  }

  @Test
  void aWriterThatThrowsAnErrorIsRetriedAndTheFlusherGoesOn() throws Exception {
    var failing = new java.util.concurrent.atomic.AtomicBoolean(true);
    writer.beforeCall = () -> {
      if (failing.getAndSet(false)) {
        throw new AssertionError("a writer's bug");
      }
    };
    Cache<String, String> cache = cache(settings());
    cache.put("k", "v");
    assertTrue(flushMovingTime(cache));
    assertEquals("v", writer.records.get("k"));
    cache.put("k", "w");
    assertTrue(flushMovingTime(cache));
    assertEquals("w", writer.records.get("k"));
  }

  @Test
  void deadLettersCanBeDiscardedThroughJmx() throws Exception {
    writer.refused.add("k");
    Cache<String, String> cache = cache(settings().withMaxAttempts(1));
    cache.put("k", "v");
    assertTrue(queue(cache).flush(WAIT));
    var server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName("javax.cache:type=StrataWriteBehind,CacheManager="
        + manager().getURI().toString().replaceAll("[,:=\n*?\"]", ".") + ",Cache="
        + cache.getName());
    assertEquals(1, server.getAttribute(name, "DeadLetterCount"));
    String[] listed = (String[]) server.invoke(name, "listDeadLetters", null, null);
    assertTrue(listed[0].startsWith("k write after 1 attempts"), listed[0]);
    assertEquals(1, server.invoke(name, "discardDeadLetters", null, null));
    assertTrue(queue(cache).deadLetters().isEmpty());
    assertTrue((Long) server.getAttribute(name, "Batches") >= 1);
  }

  @Test
  void aFullQueueRefusesAWriteWithAClearErrorAndLeavesTheCacheUnchanged() throws Exception {
    writer.gate = new CountDownLatch(1);
    Cache<String, String> cache = cache(settings().withQueueCapacity(5)
        .withMaxBatchSize(1).withFullQueueWait(Duration.ofMillis(200)));
    int accepted = 0;
    CacheException refused = null;
    for (int i = 0; i < 20 && refused == null; i++) {
      try {
        cache.put("k" + i, "v");
        accepted++;
      } catch (CacheException e) {
        refused = e;
        assertNull(cache.get("k" + i));
      }
    }
    assertTrue(refused != null, "no write was refused");
    assertTrue(accepted >= 5 && accepted <= 7, "accepted " + accepted);
    assertTrue(refused.getMessage().contains("write-behind queue of cache '" + cache.getName()
        + "' is full"), refused.getMessage());
    assertTrue(refused.getMessage().contains("queue-capacity 5"), refused.getMessage());
    writer.gate.countDown();
    assertTrue(queue(cache).flush(WAIT));
    cache.put("after", "v");
    assertTrue(queue(cache).flush(WAIT));
    assertEquals(accepted + 1, writer.records.size());
  }

  @Test
  void closingTheCacheFlushesWhatIsQueued() {
    writer.millisPerCall = 5;
    Cache<String, String> cache = cache(settings().withMaxDelay(Duration.ofSeconds(30))
        .withMaxBatchSize(1000));
    for (int i = 0; i < 300; i++) {
      cache.put("k" + i, "v" + i);
    }
    assertTrue(writer.records.isEmpty());
    cache.close();
    assertEquals(300, writer.records.size());
  }

  @Test
  void closingReportsWhatCouldNotBeFlushedInTime() {
    writer.gate = new CountDownLatch(1);
    Cache<String, String> cache = cache(settings().withCloseTimeout(Duration.ofMillis(200)));
    var reported = new CopyOnWriteArrayList<Long>();
    queue(cache).addListener(new WriteBehindListener<>() {
      @Override
      public void onClosedWithPending(long pending, boolean durable) {
        reported.add(pending);
      }
    });
    cache.put("a", "1");
    cache.put("b", "2");
    CountDownLatch gate = writer.gate;
    cache.close();
    gate.countDown();
    assertEquals(List.of(2L), reported);
  }
}
