package dev.strata.samples.hibernate;

import dev.strata.samples.SampleLogging;
import java.math.BigDecimal;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * Strata as Hibernate's second-level cache, embedded: loads 100 products by id three times
 * over, with the cache and without it, and prints how many SQL statements each run sent and the
 * cache's counts. An H2 in-memory database stands for the application's.
 */
public final class HibernateSample {
  private static final int PRODUCTS = 100;

  private HibernateSample() {}

  public static void main(String[] args) {
    SampleLogging.quiet();
    run(false);
    run(true);
  }

  private static void run(boolean cached) {
    try (SessionFactory sessions = sessionFactory(cached)) {
      var products = new ProductRepository(sessions);
      for (long id = 1; id <= PRODUCTS; id++) {
        products.save(new Product(id, "product " + id, BigDecimal.valueOf(id)));
      }
      sessions.getStatistics().clear();
      for (int round = 0; round < 3; round++) {
        for (long id = 1; id <= PRODUCTS; id++) {
          products.findById(id);
        }
      }
      products.changePrice(1, new BigDecimal("9.99"));
      System.out.println("price after the change: " + products.findById(1).getPrice());
      var statistics = sessions.getStatistics();
      System.out.printf("%s: %d loads by id sent %d SQL statements; second-level cache: %d hits,"
          + " %d misses, %d puts%n", cached ? "with Strata" : "without a cache",
          3 * PRODUCTS + 1, statistics.getPrepareStatementCount(),
          statistics.getSecondLevelCacheHitCount(), statistics.getSecondLevelCacheMissCount(),
          statistics.getSecondLevelCachePutCount());
    }
  }

  private static SessionFactory sessionFactory(boolean cached) {
    return new Configuration().addAnnotatedClass(Product.class)
        .setProperty("hibernate.connection.url",
            "jdbc:h2:mem:catalogue-" + cached + ";DB_CLOSE_DELAY=-1")
        .setProperty("hibernate.hbm2ddl.auto", "create-drop")
        .setProperty("hibernate.generate_statistics", "true")
        .setProperty("hibernate.cache.use_second_level_cache", String.valueOf(cached))
        .setProperty("hibernate.cache.region.factory_class", "strata")
        .setProperty("hibernate.cache.strata.missing_cache_strategy", "create")
        .buildSessionFactory();
  }
}
