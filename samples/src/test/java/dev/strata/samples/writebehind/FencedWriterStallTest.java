package dev.strata.samples.writebehind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.configuration.WriteBehindSettings;
import dev.strata.jcache.testing.redis.RedisServer;
import dev.strata.jcache.writebehind.FencedCacheWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import org.junit.jupiter.api.Test;

/**
 * A write-behind flusher that stalls inside its writer past its lease is replaced, and when it
 * wakes up with its batch of older values, the sample's fenced JDBC writer refuses the batch:
 * the database ends with the newest value of every key. The stall is a writer call held on a
 * latch while the flusher's lease is taken from it in Redis (as if it had lapsed during a pause
 * or a partition), so that a second cache manager's flusher takes the journal over.
 */
class FencedWriterStallTest {
  private static final int KEYS = 20;

  @Test
  void aStalledFlusherWakingUpCannotOverwriteWhatItsSuccessorWrote() throws Exception {
    var table = new ProductTable("fenced-stall");
    table.addFence("products");
    var writer = new JdbcCacheWriter(table.dataSource(), "products");
    try (RedisServer server = RedisServer.start();
         CacheManager first = manager(server, "first");
         CacheManager second = manager(server, "second")) {
      var stalling = new StallingWriter(writer, true);
      Cache<Long, String> stalled = first.createCache("products", configuration(stalling));
      for (long id = 0; id < KEYS; id++) {
        stalled.put(id, "old " + id);
      }
      assertTrue(stalling.inside.await(30, TimeUnit.SECONDS), "the first flusher's batch");
      for (long id = 0; id < KEYS; id++) {
        stalled.put(id, "new " + id);
      }
      server.call("DEL", "strata:{fenced:products}#write-behind:flusher");

      Cache<Long, String> successor = second.createCache("products",
          configuration(new StallingWriter(writer, false)));
      @SuppressWarnings("unchecked")
      StrataCache<Long, String> strata = successor.unwrap(StrataCache.class);
      assertTrue(strata.writeBehind().orElseThrow().flush(Duration.ofSeconds(30)),
          "the successor flushed the journal");
      assertEquals(newest(), table.rows(), "what the successor wrote");

      stalling.release.countDown();
      assertTrue(stalling.returned.await(30, TimeUnit.SECONDS), "the stalled call returned");
      assertEquals(1, writer.fencedOff(), "the stalled flusher's batch was refused");
      assertEquals(newest(), table.rows(), "the newest values stay");
    } finally {
      table.shutdown();
    }
  }

  private static Map<Long, String> newest() {
    Map<Long, String> rows = new TreeMap<>();
    for (long id = 0; id < KEYS; id++) {
      rows.put(id, "new " + id);
    }
    return rows;
  }

  private static CacheManager manager(RedisServer server, String name) {
    var properties = new Properties();
    properties.setProperty("strata.redis.addresses", server.uri());
    properties.setProperty("strata.redis.namespace", "fenced");
    properties.setProperty("strata.defaults.store", "redis");
    return Caching.getCachingProvider().getCacheManager(URI.create("fenced-stall:" + name),
        FencedWriterStallTest.class.getClassLoader(), properties);
  }

  private static StrataConfiguration<Long, String> configuration(StallingWriter writer) {
    var configuration = new StrataConfiguration<Long, String>()
        .setTypes(Long.class, String.class)
        .setWriteBehind(WriteBehindSettings.DEFAULTS
            .withMaxBatchSize(100)
            .withMaxDelay(Duration.ofMillis(20))
            .withCloseTimeout(Duration.ofSeconds(1)));
    configuration.setWriteThrough(true);
    configuration.setCacheWriterFactory(new FactoryBuilder.SingletonFactory<>(writer));
    return configuration;
  }

  /** Holds its first batch, if asked to, until released, then hands it to the fenced writer. */
  static final class StallingWriter implements FencedCacheWriter<Long, String> {
    final CountDownLatch inside = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch returned = new CountDownLatch(1);
    private final AtomicBoolean first;
    private final JdbcCacheWriter delegate;

    StallingWriter(JdbcCacheWriter delegate, boolean stall) {
      this.delegate = delegate;
      this.first = new AtomicBoolean(stall);
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends Long, ? extends String>> entries,
        long fencingToken) {
      if (!first.compareAndSet(true, false)) {
        delegate.writeAll(entries, fencingToken);
        return;
      }
      inside.countDown();
      try {
        release.await();
        delegate.writeAll(entries, fencingToken);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        returned.countDown();
      }
    }

    @Override
    public void deleteAll(Collection<?> keys, long fencingToken) {
      delegate.deleteAll(keys, fencingToken);
    }

    @Override
    public void write(Cache.Entry<? extends Long, ? extends String> entry) {
      delegate.write(entry);
    }

    @Override
    public void writeAll(Collection<Cache.Entry<? extends Long, ? extends String>> entries) {
      delegate.writeAll(entries);
    }

    @Override
    public void delete(Object key) {
      delegate.delete(key);
    }

    @Override
    public void deleteAll(Collection<?> keys) {
      delegate.deleteAll(keys);
    }
  }
}
