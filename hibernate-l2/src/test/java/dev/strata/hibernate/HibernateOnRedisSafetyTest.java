package dev.strata.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.hibernate.model.Book;
import dev.strata.jcache.codec.KryoCodec;
import dev.strata.jcache.testing.redis.RedisExtension;
import dev.strata.jcache.testing.redis.RedisServer;
import dev.strata.jcache.testing.redis.RespConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.cache.CacheException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hibernate over caches in Redis: Hibernate's own hibernate-jcache module works once the
 * classes its README names are allowed, and a planted value that would hang its reader is
 * refused within milliseconds, naming the region's cache and the key.
 */
class HibernateOnRedisSafetyTest {
  @RegisterExtension
  static final RedisExtension<RedisServer> REDIS = RedisExtension.server();

  @BeforeEach
  void clean() {
    REDIS.get().call("FLUSHALL");
  }

  @Test
  void hibernateJCacheRunsOnACacheInRedis(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("strata-jcache-redis.conf");
    Files.writeString(file, String.join("\n",
        "strata {",
        "  redis { addresses = [\"" + REDIS.get().uri() + "\"], namespace = jcache }",
        "  defaults {",
        "    store = redis",
        "    allowed-classes = [",
        "      \"org.hibernate.cache.internal.BasicCacheKeyImplementation\",",
        "      \"org.hibernate.cache.internal.CacheKeyImplementation\",",
        "      \"org.hibernate.cache.internal.NaturalIdCacheKey\",",
        "      \"org.hibernate.cache.spi.entry.StandardCacheEntryImpl\",",
        "      \"org.hibernate.cache.spi.support.AbstractReadWriteAccess$Item\",",
        "      \"org.hibernate.cache.spi.support.AbstractReadWriteAccess$SoftLockImpl\",",
        "      \"dev.strata.hibernate.model.*\"",
        "    ]",
        "  }",
        "  caches { books {}, book-isbns {} }",
        "}"));
    try (Node node = Node.builder("jcache-redis")
        .set("hibernate.cache.region.factory_class", "jcache")
        .set("hibernate.cache.use_query_cache", "false")
        .set("hibernate.javax.cache.provider", "dev.strata.jcache.StrataCachingProvider")
        .set("hibernate.javax.cache.uri", file.toUri().toString())
        .set("hibernate.javax.cache.missing_cache_strategy", "create").build()) {
      node.run(s -> s.persist(new Book(1L, "isbn-1", "Dune")));
      node.run(s -> s.find(Book.class, 1L));
      assertTrue(keys("strata:jcache:books:*").size() > 0, "the entry is in Redis");
      long before = node.statements();
      assertEquals("Dune", node.inTransaction(s -> s.find(Book.class, 1L)).title);
      assertEquals(before, node.statements(), "served from Redis through hibernate-jcache");

      node.run(s -> s.find(Book.class, 1L).title = "Dune Messiah");
      assertEquals("Dune Messiah", node.inTransaction(s -> s.find(Book.class, 1L)).title);
      before = node.statements();
      assertEquals("Dune Messiah", node.inTransaction(s -> s.find(Book.class, 1L)).title);
      assertEquals(before, node.statements(), "the update's state is read back from Redis");
    }
  }

  @Test
  void aBombPlantedInARegionIsRefusedQuicklyNamingCacheAndKey() throws Exception {
    try (Node node = Node.builder("bomb").redis(REDIS.get().uri(), "bomb", "strata:bomb")
        .build()) {
      node.run(s -> s.persist(new Book(1L, "isbn-1", "Dune")));
      node.run(s -> s.find(Book.class, 1L));
      List<?> entries = keys("strata:bomb:books:*");
      assertEquals(1, entries.size(), entries.toString());
      String entry = String.valueOf(entries.get(0));
      // A class that is not allowed first: the first failure of a path costs more than later
      // ones, whatever the bytes; the bomb's refusal is measured after.
      plant(entry, serialized(new NotAllowed()));
      assertNotNull(findFailure(node));
      plant(entry, nestedSets());
      long start = System.nanoTime();
      Throwable failure = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> findFailure(node));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertNotNull(failure, "the planted value was not refused");
      assertTrue(millis < 100, "refused after " + millis + " ms");
      Throwable cause = failure;
      while (cause != null && !(cause instanceof CacheException)) {
        cause = cause.getCause();
      }
      assertNotNull(cause, failure.toString());
      String message = cause.getMessage();
      assertTrue(message.contains("Cache 'books'") && message.contains("collections"), message);
    }
  }

  /** A value class of a package no region allows. */
  static final class NotAllowed implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
  }

  private static RuntimeException findFailure(Node node) {
    try {
      node.inTransaction(s -> s.find(Book.class, 1L));
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** Replaces the value under a Redis key with a stamp and {@code encoded}. */
  private static void plant(String redisKey, byte[] encoded) {
    byte[] stored = new byte[8 + encoded.length];
    System.arraycopy(encoded, 0, stored, 8, encoded.length);
    try (RespConnection connection = REDIS.get().connect()) {
      connection.callBinary(utf8("SET"), utf8(redisKey), stored);
    }
  }

  private static List<?> keys(String pattern) {
    return (List<?>) REDIS.get().call("KEYS", pattern);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A value as the regions' codec (the default) writes it. */
  private static byte[] serialized(Object value) {
    return new KryoCodec().encode(value);
  }

  /** 100 nested sets sharing their elements, whose hashing doubles at every level. */
  private static byte[] nestedSets() {
    Set<Object> root = new HashSet<>();
    Set<Object> s1 = root;
    Set<Object> s2 = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Set<Object> t1 = new HashSet<>();
      Set<Object> t2 = new HashSet<>();
      t1.add("foo");
      s1.add(t1);
      s1.add(t2);
      s2.add(t1);
      s2.add(t2);
      s1 = t1;
      s2 = t2;
    }
    return serialized(root);
  }
}
