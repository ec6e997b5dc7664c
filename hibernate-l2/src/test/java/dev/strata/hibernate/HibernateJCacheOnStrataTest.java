package dev.strata.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.hibernate.model.Book;
import dev.strata.jcache.StrataCacheManager;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;

/**
 * The standard path: Hibernate's own hibernate-jcache module, with Strata as its JCache
 * provider and Strata's configuration file as its URI.
 */
class HibernateJCacheOnStrataTest {
  @Test
  void hibernateJCacheRunsOnStrata() {
    try (Node node = Node.builder("jcache")
        .set("hibernate.cache.region.factory_class", "jcache")
        .set("hibernate.javax.cache.provider", "dev.strata.jcache.StrataCachingProvider")
        .set("hibernate.javax.cache.uri", "strata-hibernate-test.conf")
        .set("hibernate.javax.cache.missing_cache_strategy", "fail").build()) {
      var regionFactory = node.factory.unwrap(SessionFactoryImplementor.class).getCache()
          .getRegionFactory();
      assertTrue(regionFactory instanceof JCacheRegionFactory, regionFactory.toString());
      assertTrue(((JCacheRegionFactory) regionFactory).getCacheManager()
          instanceof StrataCacheManager);

      node.run(s -> s.persist(new Book(1L, "isbn-1", "Dune")));
      node.run(s -> s.find(Book.class, 1L));
      long before = node.statements();
      assertEquals("Dune", node.inTransaction(s -> s.find(Book.class, 1L)).title);
      assertEquals(before, node.statements(), "served by Strata through hibernate-jcache");

      node.run(s -> s.find(Book.class, 1L).title = "Dune Messiah");
      assertEquals("Dune Messiah", node.inTransaction(s -> s.find(Book.class, 1L)).title);
    }
  }
}
