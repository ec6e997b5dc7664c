package dev.strata.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.hibernate.model.Author;
import dev.strata.hibernate.model.Book;
import dev.strata.hibernate.model.Country;
import dev.strata.hibernate.model.Tag;
import dev.strata.jcache.StrataCache;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Strata embedded (in the heap) as the second-level cache of one node. */
class EmbeddedSecondLevelCacheTest {
  static Node node;

  @BeforeAll
  static void start() {
    node = Node.builder("embedded").set(StrataCacheSettings.URI, "strata:embedded-test").build();
    node.run(s -> {
      var author = new Author(1L, "Le Guin");
      s.persist(author);
      for (long i = 1; i <= 3; i++) {
        var book = new Book(i, "isbn-" + i, "Book " + i);
        book.author = author;
        s.persist(book);
      }
      s.persist(new Country("FR", "France"));
      s.persist(new Tag(1L, "fantasy"));
    });
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aLoadServedFromTheCacheSendsNoSql() {
    node.factory.getCache().evictAllRegions();
    node.run(s -> s.find(Book.class, 1L));
    long before = node.statements();
    Book book = node.inTransaction(s -> s.find(Book.class, 1L));
    assertEquals("Book 1", book.title);
    assertEquals(before, node.statements(), "a second-level cache hit sends no SQL");
  }

  @Test
  void eachAccessStrategyCachesAndSeesUpdates() {
    node.run(s -> s.find(Country.class, "FR"));
    node.run(s -> s.find(Tag.class, 1L));
    long before = node.statements();
    node.run(s -> {
      assertEquals("France", s.find(Country.class, "FR").name);
      assertEquals("fantasy", s.find(Tag.class, 1L).label);
    });
    assertEquals(before, node.statements());

    node.run(s -> s.find(Tag.class, 1L).label = "sf");
    assertEquals("sf", node.inTransaction(s -> s.find(Tag.class, 1L)).label);
    node.run(s -> s.find(Author.class, 1L).name = "Ursula K. Le Guin");
    assertEquals("Ursula K. Le Guin", node.inTransaction(s -> s.find(Author.class, 1L)).name);
  }

  @Test
  void collectionsAndNaturalIdsAreCached() {
    node.run(s -> s.find(Author.class, 1L).books.size());
    node.run(s -> s.bySimpleNaturalId(Book.class).load("isbn-2"));
    long before = node.statements();
    node.run(s -> {
      assertEquals(3, s.find(Author.class, 1L).books.size());
      assertEquals(2L, s.bySimpleNaturalId(Book.class).load("isbn-2").id);
    });
    assertEquals(before, node.statements());
  }

  @Test
  void queryResultsAreReusedUntilATableChanges() {
    String hql = "select b.title from Book b where b.isbn = :isbn";
    var query = (java.util.function.Function<org.hibernate.Session, String>) s ->
        s.createSelectionQuery(hql, String.class).setParameter("isbn", "isbn-3")
            .setCacheable(true).getSingleResult();
    node.inTransaction(query);
    long before = node.statements();
    assertEquals("Book 3", node.inTransaction(query));
    assertEquals(before, node.statements(), "the cached result is reused");

    node.run(s -> s.find(Book.class, 3L).title = "Book three");
    assertEquals("Book three", node.inTransaction(query), "an update invalidates the result");
  }

  @Test
  void evictionThroughHibernateAndJakartaApis() {
    node.run(s -> s.find(Book.class, 2L));
    assertTrue(node.factory.getCache().containsEntity(Book.class, 2L));
    node.factory.getCache().evictEntityData(Book.class, 2L);
    assertTrue(!node.factory.getCache().containsEntity(Book.class, 2L));

    node.run(s -> s.find(Book.class, 2L));
    node.factory.unwrap(jakarta.persistence.EntityManagerFactory.class).getCache()
        .evict(Book.class);
    long before = node.statements();
    node.run(s -> s.find(Book.class, 2L));
    assertEquals(before + 1, node.statements(), "evicted, so loaded with SQL");

    node.factory.getCache().evictAllRegions();
    before = node.statements();
    node.run(s -> s.find(Book.class, 2L));
    assertEquals(before + 1, node.statements());
  }

  @Test
  void hibernateStatisticsCountTheRegionsActivity() {
    node.factory.getCache().evictAllRegions();
    var region = node.statistics().getDomainDataRegionStatistics("books");
    long hits = region.getHitCount();
    long misses = region.getMissCount();
    long puts = region.getPutCount();
    node.run(s -> s.find(Book.class, 1L));
    node.run(s -> s.find(Book.class, 1L));
    assertEquals(misses + 1, region.getMissCount());
    assertEquals(puts + 1, region.getPutCount());
    assertEquals(hits + 1, region.getHitCount());
    assertTrue(region.getElementCountInMemory() >= 1);
  }

  @Test
  void strataStatisticsOfEachRegionArePublishedThroughJmx() throws Exception {
    node.run(s -> s.find(Book.class, 1L));
    var manager = node.regionFactory().cacheManager();
    var books = manager.getCache("books").unwrap(StrataCache.class);
    assertTrue(books.statistics().getCacheGets() > 0);
    var names = ManagementFactory.getPlatformMBeanServer()
        .queryNames(new ObjectName("javax.cache:type=CacheStatistics,*"), null);
    assertTrue(names.stream().anyMatch(n -> n.toString().contains("books")), names.toString());
  }

  @Test
  void theShortNameSelectsStrata() {
    assertNotNull(node.regionFactory());
  }

  @Test
  void transactionalAccessIsRefusedAtStartUp() {
    var configuration = new Configuration().addAnnotatedClass(TransactionalThing.class)
        .setProperty("hibernate.connection.url", "jdbc:h2:mem:tx;DB_CLOSE_DELAY=-1")
        .setProperty("hibernate.cache.region.factory_class", "strata")
        .setProperty(StrataCacheSettings.URI, "strata:tx-test");
    var failure = assertThrows(RuntimeException.class, configuration::buildSessionFactory);
    assertTrue(messages(failure).contains("does not support TRANSACTIONAL"), messages(failure));
  }

  @Test
  void anUndeclaredRegionFailsStartUpWhenTheUserSaysSo() {
    var configuration = new Configuration().addAnnotatedClass(Country.class)
        .setProperty("hibernate.connection.url", "jdbc:h2:mem:fail;DB_CLOSE_DELAY=-1")
        .setProperty("hibernate.cache.region.factory_class", "strata")
        .setProperty(StrataCacheSettings.URI, "strata:fail-test")
        .setProperty(StrataCacheSettings.MISSING_CACHE_STRATEGY, "fail");
    var failure = assertThrows(RuntimeException.class, configuration::buildSessionFactory);
    assertTrue(messages(failure).contains("strata.caches.\"" + Country.class.getName() + "\""),
        messages(failure));
  }

  @Test
  void aDeclaredRegionTakesItsSettingsFromStratasFile() {
    try (Node declared = Node.builder("declared")
        .set(StrataCacheSettings.URI, "classpath:strata-hibernate-test.conf")
        .set(StrataCacheSettings.MISSING_CACHE_STRATEGY, "fail").build()) {
      var manager = declared.regionFactory().cacheManager();
      var config = manager.getCache("books").getConfiguration(
          dev.strata.jcache.configuration.StrataConfiguration.class);
      assertEquals(500, config.getMaximumSize());
      assertNotNull(manager.getCache("default-update-timestamps-region"));
    }
    assertNull(null);
  }

  static String messages(Throwable failure) {
    var all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t).append(" / ");
    }
    return all.toString();
  }
}
