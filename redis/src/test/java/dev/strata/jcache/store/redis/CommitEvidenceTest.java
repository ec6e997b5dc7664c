package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.integration.CacheWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two ways a step's commit could go unrecognised, and be decided again: its commit record gone
 * (evicted) before Redisson's resend arrives, and, under a write-through step's lease, its
 * entry expiring while the writer runs. Both steps must count as committed once.
 */
class CommitEvidenceTest {
  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  static final AtomicBoolean PAUSE_ONCE = new AtomicBoolean();
  static final AtomicInteger RUNS = new AtomicInteger();
  static final List<String> WRITES = Collections.synchronizedList(new ArrayList<>());

  /**
   * A step's first call commits late (writes paused longer than the timeout), and its commit
   * record is gone by the time Redisson's resend arrives, as maxmemory eviction would take it
   * (volatile-ttl picks the shortest time to live first: the records'). The resend finds the
   * entry carrying the step's own stamp and answers "committed".
   */
  @Test
  void aResendWhoseCommitRecordIsGoneStillFindsItsCommit() throws Exception {
    Path yaml = Files.createTempFile("redisson", ".yaml");
    Files.writeString(yaml, "singleServerConfig:\n"
        + "  address: \"" + REDIS.get().uri() + "\"\n"
        + "  timeout: 1000\n"
        + "  connectTimeout: 10000\n"
        + "  connectionMinimumIdleSize: 2\n"
        + "  connectionPoolSize: 4\n"
        + "  retryAttempts: 1\n");
    var properties = new Properties();
    properties.setProperty("strata.redis.redisson-config", yaml.toString());
    properties.setProperty("strata.redis.namespace", "commit-evidence-record");
    properties.setProperty("strata.redis.timeout", "250ms"); // record: max(1 s, 4 x 250 ms)
    properties.setProperty("strata.redis.fail-fast-after", "5s");
    properties.setProperty("strata.defaults.store", "redis");
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("commit-evidence-record"), CommitEvidenceTest.class.getClassLoader(), properties)) {
      Cache<String, Integer> cache = manager.createCache("counters",
          new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));
      cache.put("k", 0);
      RUNS.set(0);
      PAUSE_ONCE.set(true);
      Integer returned = cache.invoke("k", (entry, arguments) -> {
        RUNS.incrementAndGet();
        if (PAUSE_ONCE.compareAndSet(true, false)) {
          REDIS.get().call("CLIENT", "PAUSE", "1100", "WRITE");
          new Thread(() -> {
            try {
              Thread.sleep(1250);
            } catch (InterruptedException e) {
              return;
            }
            for (Object name : (List<?>) REDIS.get().call("KEYS", "*strata#step*")) {
              REDIS.get().call("DEL", String.valueOf(name));
            }
          }).start();
        }
        entry.setValue(entry.getValue() + 1);
        return entry.getValue();
      });
      assertEquals(1, returned);
      assertEquals(1, RUNS.get(), "the processor ran again after a resend (double apply)");
      assertEquals(1, cache.get("k"), "the increment was applied twice");
    }
  }

  /**
   * A write-through replace whose entry expires in Redis while the writer runs: no other step
   * changed the entry (the step holds its lease), so the step commits, and the writer's change is
   * one the cache made (the update, which keeps the expiry, has expired at once).
   */
  @Test
  void aWriteThroughReplaceWhoseEntryExpiresWhileTheWriterRunsCommits() throws Exception {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", REDIS.get().uri());
    properties.setProperty("strata.redis.namespace", "commit-evidence-expiry");
    properties.setProperty("strata.defaults.store", "redis");
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(
        URI.create("commit-evidence-expiry"), CommitEvidenceTest.class.getClassLoader(), properties)) {
      Cache<String, String> cache = manager.createCache("names",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)
              .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                  new Duration(TimeUnit.MILLISECONDS, 600)))
              .setWriteThrough(true)
              .setCacheWriterFactory(FactoryBuilder.factoryOf(SlowWriter.class)));
      cache.put("k", "v1");
      WRITES.clear();
      boolean replaced = cache.replace("k", "v2");
      assertEquals(true, replaced, "the replace the writer was called for");
      assertEquals(List.of("k=v2"), WRITES, "the writer saw each change the cache made, once");
    }
  }

  /** Sleeps past the entry's expiry on the second write (the first is the initial put). */
  public static final class SlowWriter implements CacheWriter<String, String> {
    @Override
    public void write(Cache.Entry<? extends String, ? extends String> entry) {
      if ("v2".equals(entry.getValue())) {
        try {
          Thread.sleep(900);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      WRITES.add(entry.getKey() + "=" + entry.getValue());
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> e) {
      e.forEach(this::write);
      e.clear();
    }

    @Override
    public void delete(Object key) {}

    @Override
    public void deleteAll(Collection<?> keys) {
      keys.clear();
    }
  }
}
