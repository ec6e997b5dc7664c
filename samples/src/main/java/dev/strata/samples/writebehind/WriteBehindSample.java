package dev.strata.samples.writebehind;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.configuration.WriteBehindSettings;
import dev.strata.jcache.writebehind.DeadLetter;
import dev.strata.jcache.writebehind.WriteBehind;
import dev.strata.jcache.writebehind.WriteBehindListener;
import dev.strata.jcache.writebehind.WriteBehindStatisticsMXBean;
import dev.strata.samples.SampleLogging;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.management.ObjectName;

/**
 * Write-behind in front of a real JDBC table (H2, in memory), on Strata's embedded default: puts
 * return at cache speed while a background flusher hands {@link JdbcCacheWriter} batches, with
 * several writes of a key coalesced to the latest; then a row the database refuses becomes a
 * dead letter, and is written once the schema is fixed and the letter retried.
 *
 * <p>An embedded cache keeps its write-behind queue in the heap: what is still queued when the
 * JVM dies is lost. A Redis cache keeps it in Redis.
 */
public final class WriteBehindSample {
  private static final int PRODUCTS = 1_000;
  private static final int POPULAR = 100;
  private static final int PUTS = 10_000;
  private static final int REMOVES = 100;
  private static final long REFUSED_KEY = 7;
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(10);

  private WriteBehindSample() {}

  public static void main(String[] args) throws Exception {
    SampleLogging.quiet();
    var table = new ProductTable();
    table.addFence("products");
    var writer = new JdbcCacheWriter(table.dataSource(), "products");
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    try {
      Cache<Long, String> products = manager.createCache("products", configuration(writer));
      @SuppressWarnings("unchecked")
      StrataCache<Long, String> strata = products.unwrap(StrataCache.class);
      WriteBehind<Long, String> queue = strata.writeBehind().orElseThrow();
      var buried = new LinkedBlockingQueue<DeadLetter<Long, String>>();
      queue.addListener(new WriteBehindListener<>() {
        @Override
        public void onDeadLetter(DeadLetter<Long, String> letter) {
          buried.add(letter);
        }
      });

      coalescedBatches(products, queue, writer, table);
      deadLetter(products, queue, buried, table, manager);
    } finally {
      manager.close();
      table.shutdown();
    }
  }

  /** Write-through with the writer, written behind in batches of up to 500 keys. */
  private static StrataConfiguration<Long, String> configuration(JdbcCacheWriter writer) {
    var config = new StrataConfiguration<Long, String>()
        .setTypes(Long.class, String.class)
        .setWriteBehind(WriteBehindSettings.DEFAULTS
            .withMaxBatchSize(500)
            .withMaxDelay(Duration.ofMillis(100))
            .withMaxAttempts(3)
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100)));
    config.setWriteThrough(true);
    config.setCacheWriterFactory(new FactoryBuilder.SingletonFactory<>(writer));
    return config;
  }

  private static void coalescedBatches(Cache<Long, String> products,
      WriteBehind<Long, String> queue, JdbcCacheWriter writer, ProductTable table)
      throws Exception {
    System.out.printf(Locale.ROOT, "-- %,d puts over %,d products (80 %% of them to the %d"
        + " popular ones), then %d removes%n", PUTS, PRODUCTS, POPULAR, REMOVES);
    var random = new Random(42);
    long start = System.nanoTime();
    for (int i = 0; i < PUTS; i++) {
      long id = random.nextInt(10) < 8 ? random.nextInt(POPULAR) : random.nextInt(PRODUCTS);
      products.put(id, "product " + id + " rev " + i);
    }
    for (long id = PRODUCTS - REMOVES; id < PRODUCTS; id++) {
      products.remove(id);
    }
    System.out.printf(Locale.ROOT, "the calls returned in %d ms; %,d changes still queued%n",
        millisSince(start), queue.pending());

    start = System.nanoTime();
    boolean flushed = queue.flush(FLUSH_TIMEOUT);
    System.out.printf(Locale.ROOT, "flush: %s, in %d ms%n", flushed, millisSince(start));

    WriteBehindStatisticsMXBean stats = queue.statistics();
    long changes = PUTS + REMOVES;
    long reached = stats.getWrittenEntries() + stats.getDeletedEntries();
    System.out.println("\n-- what the database received");
    System.out.printf(Locale.ROOT, "%d writer calls (%d writeAll, %d deleteAll), the largest"
            + " %d rows, %.1f ms each on average%n", stats.getBatches(), writer.writeCalls(),
        writer.deleteCalls(), writer.largestBatch(), stats.getAverageWriterMicros() / 1000);
    System.out.printf(Locale.ROOT, "%,d cache changes became %,d row merges and %,d deletes:"
            + " %.0f %% coalesced away%n", changes, stats.getWrittenEntries(),
        stats.getDeletedEntries(), 100.0 * (changes - reached) / changes);

    Map<Long, String> rows = table.rows();
    Map<Long, String> cached = new TreeMap<>();
    products.forEach(entry -> cached.put(entry.getKey(), entry.getValue()));
    System.out.printf(Locale.ROOT, "table: %,d rows, cache: %,d entries, identical: %s%n",
        rows.size(), cached.size(), rows.equals(cached));
  }

  private static void deadLetter(Cache<Long, String> products, WriteBehind<Long, String> queue,
      BlockingQueue<DeadLetter<Long, String>> buried, ProductTable table, CacheManager manager)
      throws Exception {
    System.out.println("\n-- a name longer than the table's CHECK allows ("
        + ProductTable.FIRST_LIMIT + " characters)");
    String tooLong = "product " + REFUSED_KEY + ", the deluxe edition with a much longer name";
    products.put(REFUSED_KEY, tooLong);
    products.put(REFUSED_KEY + 1, "product " + (REFUSED_KEY + 1) + ", renamed");
    System.out.println("flush: " + queue.flush(FLUSH_TIMEOUT));
    DeadLetter<Long, String> letter = buried.poll(10, TimeUnit.SECONDS);
    System.out.println("listener: key " + letter.key() + " is a dead letter after "
        + letter.attempts() + " attempts: " + letter.failure());
    Map<Long, String> rows = table.rows();
    System.out.println("row " + (REFUSED_KEY + 1) + " = " + rows.get(REFUSED_KEY + 1)
        + " (written with it)");
    System.out.println("row " + REFUSED_KEY + " = " + rows.get(REFUSED_KEY) + ", cache "
        + REFUSED_KEY + " = " + products.get(REFUSED_KEY));
    ObjectName bean = new ObjectName("javax.cache:type=StrataWriteBehind,CacheManager="
        + manager.getURI().toString().replaceAll("[,:=\n*?\"]", ".") + ",Cache="
        + products.getName());
    System.out.println("JMX DeadLetterCount = "
        + ManagementFactory.getPlatformMBeanServer().getAttribute(bean, "DeadLetterCount"));

    System.out.println("\n-- widen the constraint, then retry the dead letter");
    table.allowLongerNames();
    System.out.println("retryDeadLetter(" + REFUSED_KEY + "): "
        + queue.retryDeadLetter(REFUSED_KEY));
    System.out.println("flush: " + queue.flush(FLUSH_TIMEOUT));
    System.out.println("row " + REFUSED_KEY + " = " + table.rows().get(REFUSED_KEY)
        + "; dead letters left: " + queue.deadLetters().size());
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
