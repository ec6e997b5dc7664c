package dev.strata.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.hibernate.model.Author;
import dev.strata.hibernate.model.Book;
import dev.strata.hibernate.model.Country;
import dev.strata.hibernate.model.Tag;
import dev.strata.hibernate.time.RedisCacheClock;
import dev.strata.jcache.store.near.NearCacheStore;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import jakarta.persistence.OptimisticLockException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.StaleStateException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes (two SessionFactories, each with its own Strata cache manager, as two JVMs would
 * have) sharing one real redis-server and one H2 database.
 */
class TwoNodesOnRedisTest {
  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  static Node a;
  static Node b;

  @BeforeAll
  static void start() {
    a = node("node-a");
    b = node("node-b");
    a.run(s -> {
      var author = new Author(1L, "Borges");
      s.persist(author);
      for (long i = 1; i <= 3; i++) {
        var book = new Book(i, "isbn-" + i, "Book " + i);
        book.author = author;
        s.persist(book);
      }
      s.persist(new Country("AR", "Argentina"));
      s.persist(new Tag(1L, "fiction"));
    });
  }

  static Node node(String name) {
    return Node.builder("two-nodes").redis(REDIS.get().uri(), "two-nodes", "strata:" + name)
        .build();
  }

  @AfterAll
  static void stop() {
    b.close();
    a.close();
  }

  @Test
  void theNodesHaveTheirOwnManagersAndTheRedisClock() {
    assertTrue(a.regionFactory().cacheManager() != b.regionFactory().cacheManager());
    assertTrue(a.regionFactory().clock() instanceof RedisCacheClock);
  }

  @Test
  void anUpdateOnOneNodeIsLoadedByTheOtherAHundredTimesInARow() {
    for (int i = 0; i < 100; i++) {
      String title = "title " + i;
      b.run(s -> s.find(Book.class, 1L));
      a.run(s -> s.find(Book.class, 1L).title = title);
      assertEquals(title, b.inTransaction(s -> s.find(Book.class, 1L)).title, "round " + i);
      assertEquals(title, a.inTransaction(s -> s.find(Book.class, 1L)).title, "round " + i);
      String name = "name " + i;
      a.run(s -> s.find(Author.class, 1L));
      b.run(s -> s.find(Author.class, 1L).name = name);
      assertEquals(name, a.inTransaction(s -> s.find(Author.class, 1L)).name, "round " + i);
    }
  }

  @Test
  void aLoadServedFromRedisSendsNoSqlOnEitherNode() {
    a.factory.getCache().evictEntityData(Book.class, 2L);
    a.run(s -> s.find(Country.class, "AR"));
    long beforeA = a.statements();
    long beforeB = b.statements();
    assertEquals("Argentina", b.inTransaction(s -> s.find(Country.class, "AR")).name);
    assertEquals("Argentina", a.inTransaction(s -> s.find(Country.class, "AR")).name);
    b.run(s -> s.find(Book.class, 2L));
    // as in Hibernate's read-write access, a loaded item is readable by transactions that start
    // after it was put; timestamps count milliseconds of the Redis server's clock, and two nodes'
    // readings within one millisecond do not order, so node A starts a millisecond later
    pause(Duration.ofMillis(3));
    a.run(s -> s.find(Book.class, 2L));
    assertEquals(beforeB + 1, b.statements(), "node B loaded the book once");
    assertEquals(beforeA, a.statements(), "node A found everything in Redis");
  }

  @Test
  void collectionsAndNaturalIdsChangedOnOneNodeAreSeenByTheOther() {
    b.run(s -> s.find(Author.class, 1L).books.size());
    a.run(s -> {
      var book = new Book(10L, "isbn-10", "Ficciones");
      book.author = s.find(Author.class, 1L);
      s.persist(book);
      book.author.books.add(book);
    });
    assertEquals(4, (int) b.inTransaction(s -> s.find(Author.class, 1L).books.size()));

    b.run(s -> s.bySimpleNaturalId(Book.class).load("isbn-3"));
    a.run(s -> s.find(Book.class, 3L).isbn = "isbn-3b");
    assertNull(b.inTransaction(s -> s.bySimpleNaturalId(Book.class).load("isbn-3")));
    assertEquals(3L, b.inTransaction(s -> s.bySimpleNaturalId(Book.class).load("isbn-3b")).id);
    a.run(s -> {
      var book = s.find(Book.class, 10L);
      book.author.books.remove(book);
      s.remove(book);
    });
    assertEquals(3, (int) b.inTransaction(s -> s.find(Author.class, 1L).books.size()));
  }

  @Test
  void queryResultsInvalidatedOnOneNodeAreNotReusedOnTheOther() {
    Function<Session, String> query = s -> s.createSelectionQuery(
        "select t.label from Tag t where t.id = 1", String.class).setCacheable(true)
        .getSingleResult();
    a.run(s -> s.find(Tag.class, 1L).label = "label");
    for (int i = 0; i < 20; i++) {
      String label = "label " + i;
      // the nodes' clocks agree to within a fraction of a millisecond, so a result cached in
      // the millisecond of the last change may not be trusted yet: one more execution
      b.inTransaction(query);
      b.inTransaction(query);
      long before = b.statements();
      b.inTransaction(query);
      assertEquals(before, b.statements(), "reused while nothing changed");
      a.run(s -> s.find(Tag.class, 1L).label = label);
      assertEquals(label, b.inTransaction(query), "round " + i);
    }
  }

  @Test
  void aLostUpdateTimestampMakesCachedResultsStale() {
    Function<Session, String> query = s -> s.createSelectionQuery(
        "select c.name from Country c where c.code = 'AR'", String.class).setCacheable(true)
        .getSingleResult();
    b.inTransaction(query);
    long before = b.statements();
    b.inTransaction(query);
    assertEquals(before, b.statements());

    a.regionFactory().cacheManager().getCache("default-update-timestamps-region").clear();
    before = b.statements();
    b.inTransaction(query);
    assertEquals(before + 1, b.statements(), "without a timestamp the result is not trusted");
    b.inTransaction(query);
    assertEquals(before + 2, b.statements(),
        "nor is one cached by a session that started before the table was stamped");
    before = b.statements();
    b.inTransaction(query);
    assertEquals(before, b.statements(), "results cached after the loss are reused");
  }

  @Test
  void aSoftLockTakenOnOneNodeIsHonouredByTheOther() {
    b.run(s -> s.find(Book.class, 2L));
    a.run(s -> {
      s.find(Book.class, 2L).title = "being changed";
      s.flush();
      long before = b.statements();
      Book seen = b.inTransaction(other -> other.find(Book.class, 2L));
      assertEquals(before + 1, b.statements(), "locked on node A: node B reads the database");
      assertFalse("being changed".equals(seen.title), "uncommitted state is not seen");
      var region = b.statistics().getDomainDataRegionStatistics("books");
      long puts = region.getPutCount();
      b.run(other -> other.find(Book.class, 2L));
      assertEquals(puts, region.getPutCount(), "node B's load does not replace the lock");
    });
    assertEquals("being changed", b.inTransaction(s -> s.find(Book.class, 2L)).title);
  }

  @Test
  void aLoadThatStartedBeforeAChangeDoesNotCacheTheOldState() {
    b.run(s -> s.find(Author.class, 1L).books.size());
    var region = b.statistics().getDomainDataRegionStatistics(Author.class.getName() + ".books");
    b.run(late -> {
      late.find(Tag.class, 1L);
      a.run(s -> {
        var book = new Book(20L, "isbn-20", "Aleph");
        book.author = s.find(Author.class, 1L);
        s.persist(book);
        book.author.books.add(book);
      });
      long puts = region.getPutCount();
      late.find(Author.class, 1L).books.size();
      assertEquals(puts, region.getPutCount(),
          "a transaction begun before the change may not put what it loads");
    });
    assertEquals(4, (int) a.inTransaction(s -> s.find(Author.class, 1L).books.size()));
    a.run(s -> {
      var book = s.find(Book.class, 20L);
      book.author.books.remove(book);
      s.remove(book);
    });
  }

  @Test
  void concurrentUpdatesFromBothNodesLeaveTheCacheEqualToTheDatabase() throws Exception {
    var pool = Executors.newFixedThreadPool(4);
    var committed = new AtomicInteger();
    try {
      var tasks = new ArrayList<Callable<Void>>();
      for (int t = 0; t < 4; t++) {
        Node node = t % 2 == 0 ? a : b;
        tasks.add(() -> {
          for (int i = 0; i < 15; i++) {
            try {
              node.run(s -> s.find(Author.class, 1L).name = "name-" + Thread.currentThread().getId());
              committed.incrementAndGet();
            } catch (OptimisticLockException | StaleStateException lost) {
              // another node's update won this round
            }
            node.run(s -> s.find(Book.class, 1L));
          }
          return null;
        });
      }
      for (var future : pool.invokeAll(tasks)) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    assertTrue(committed.get() > 0);
    Object[] database = a.inTransaction(s -> s.createNativeQuery(
        "select name, version from Author where id = 1", Object[].class).getSingleResult());
    for (Node node : new Node[] {a, b}) {
      Author cached = node.inTransaction(s -> s.find(Author.class, 1L));
      assertEquals(database[0], cached.name);
      assertEquals(((Number) database[1]).intValue(), cached.version);
    }
  }

  @Test
  void nearCachesNeverServeUpdateTimestampsAndReadWriteEntriesStale() {
    try (Node c = nearNode("node-c"); Node d = nearNode("node-d")) {
      Function<Session, String> query = s -> s.createSelectionQuery(
          "select b.title from Book b where b.id = 3", String.class).setCacheable(true)
          .getSingleResult();
      for (int i = 0; i < 20; i++) {
        String title = "near " + i;
        d.inTransaction(query);
        d.run(s -> s.find(Book.class, 3L));
        c.run(s -> s.find(Book.class, 3L).title = title);
        assertEquals(title, d.inTransaction(s -> s.find(Book.class, 3L)).title, "round " + i);
        assertEquals(title, d.inTransaction(query), "round " + i);
      }
      var timestamps = d.regionFactory().cacheManager()
          .getCache("default-update-timestamps-region").unwrap(NearCacheStore.class);
      assertEquals(0, timestamps.nearSize(), "timestamps are always read from Redis");
    }
  }

  static Node nearNode(String name) {
    return Node.builder("two-nodes").redis(REDIS.get().uri(), "near", "strata:" + name)
        .set("strata.defaults.near-cache.max-staleness", "10m").build();
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
