package dev.strata.benchmarks;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.hibernate.SessionFactory;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.cfg.Configuration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hibernate's entity load by id, with Strata (embedded) as the second-level cache and without a
 * cache: each operation opens a session, finds one of 1,000 entities, and closes the session,
 * the way a request would. The database is H2 in memory, so "without" is a fast database's best.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HibernateBenchmark {
  private static final int ENTITIES = 1_000;

  @Param({"no-cache", "strata"})
  public String provider;

  private SessionFactory sessions;

  /** The entity loaded. */
  @Entity(name = "BenchItem")
  @Cacheable
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
  public static class Item {
    @Id
    public Long id;
    public String name;
    public long quantity;
  }

  @Setup(Level.Trial)
  public void setUp() {
    boolean cached = provider.equals("strata");
    sessions = new Configuration().addAnnotatedClass(Item.class)
        .setProperty("hibernate.connection.url", "jdbc:h2:mem:bench-" + provider
            + ";DB_CLOSE_DELAY=-1")
        .setProperty("hibernate.hbm2ddl.auto", "create-drop")
        .setProperty("hibernate.cache.use_second_level_cache", String.valueOf(cached))
        .setProperty("hibernate.cache.region.factory_class", "strata")
        .setProperty("hibernate.cache.strata.uri", "strata:hibernate-benchmark")
        .setProperty("hibernate.cache.strata.missing_cache_strategy", "create")
        .setProperty("hibernate.cache.strata.statistics", "false")
        .buildSessionFactory();
    sessions.inTransaction(session -> {
      for (long id = 0; id < ENTITIES; id++) {
        var item = new Item();
        item.id = id;
        item.name = "item " + id;
        item.quantity = id;
        session.persist(item);
      }
    });
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sessions.close();
  }

  @Benchmark
  public Item loadById() {
    long id = ThreadLocalRandom.current().nextInt(ENTITIES);
    try (var session = sessions.openSession()) {
      return session.find(Item.class, id);
    }
  }
}
