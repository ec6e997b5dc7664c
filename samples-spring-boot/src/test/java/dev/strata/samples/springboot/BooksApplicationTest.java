package dev.strata.samples.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.StrataCacheManager;
import dev.strata.jcache.configuration.StrataConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.NoSuchElementException;
import javax.cache.Cache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.metrics.MetricsEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;

/**
 * The application as Spring Boot starts it from {@code target/classes}, with its real Strata
 * cache: Spring hands Strata the {@code file:} URL of {@code cache/books.conf}.
 */
@SpringBootTest(properties = {"books.demo=false", "spring.jmx.enabled=true",
    "management.endpoints.jmx.exposure.include=metrics"})
class BooksApplicationTest {
  private static final String JAVA = "978-0134685991";
  private static final String JCIP = "978-0321349606";

  @Autowired
  BookService books;
  @Autowired
  Catalogue catalogue;
  @Autowired
  CacheManager springManager;
  @Autowired
  MeterRegistry registry;
  @Autowired
  MetricsEndpoint metricsEndpoint;

  private Cache<Object, Object> strataCache() {
    @SuppressWarnings("unchecked")
    Cache<Object, Object> cache =
        (Cache<Object, Object>) springManager.getCache("books").getNativeCache();
    return cache;
  }

  @BeforeEach
  void emptyTheCache() {
    springManager.getCache("books").clear();
  }

  @Test
  void springCachesInTheStrataCacheTheFileDeclares() {
    javax.cache.CacheManager manager =
        assertInstanceOf(JCacheCacheManager.class, springManager).getCacheManager();
    assertInstanceOf(StrataCacheManager.class, manager);
    String uri = manager.getURI().toString();
    assertTrue(uri.startsWith("file:") && uri.endsWith("/target/classes/cache/books.conf"), uri);

    @SuppressWarnings({"unchecked", "rawtypes"})
    StrataConfiguration<?, ?> declared = (StrataConfiguration<?, ?>) strataCache()
        .getConfiguration((Class) StrataConfiguration.class);
    assertEquals(String.class, declared.getKeyType());
    assertEquals(Book.class, declared.getValueType());
    assertEquals(1000L, declared.getMaximumSize());
    assertTrue(declared.isStatisticsEnabled());
  }

  @Test
  void aCacheHitAvoidsTheServiceCall() {
    int before = catalogue.lookups();
    long hitsBefore = strataCache().unwrap(StrataCache.class).statistics().getCacheHits();

    Book first = books.find(JAVA);
    assertEquals(before + 1, catalogue.lookups());
    Book second = books.find(JAVA);
    assertEquals(before + 1, catalogue.lookups(), "the second find should be a cache hit");
    assertEquals(first, second);
    assertEquals(hitsBefore + 1,
        strataCache().unwrap(StrataCache.class).statistics().getCacheHits());
    assertEquals(first, strataCache().get(JAVA), "Spring should cache under the ISBN itself");

    books.find(JCIP);
    assertEquals(before + 2, catalogue.lookups(), "another key is another lookup");
  }

  @Test
  void theMetersCountAHitThatAvoidedTheServiceCall() {
    double hitsBefore = gets("hit");
    double missesBefore = gets("miss");
    int before = catalogue.lookups();

    books.find(JAVA);
    books.find(JAVA);
    assertEquals(before + 1, catalogue.lookups(), "the second find should be a cache hit");
    assertEquals(hitsBefore + 1, gets("hit"));
    assertEquals(missesBefore + 1, gets("miss"));
    assertEquals(hitsBefore + 1, metricsEndpoint.metric("cache.gets",
        List.of("cache:books", "result:hit")).getMeasurements().get(0).getValue(),
        "the actuator's metrics endpoint reports the same count");
    assertTrue(registry.get("strata.cache.operation").tags("cache", "books", "operation", "get")
        .timer().count() >= 2);
    assertEquals(1, registry.find("cache.gets").tags("cache", "books", "result", "hit")
        .meters().size(), "only Strata's binder binds the cache");
  }

  private double gets(String result) {
    return registry.get("cache.gets").tags("cache", "books", "result", result)
        .functionCounter().count();
  }

  @Test
  void cacheEvictMakesTheNextFindReadTheCatalogue() {
    books.find(JCIP);
    int before = catalogue.lookups();
    books.retitle(JCIP, "Java Concurrency in Practice, 2006");
    assertFalse(strataCache().containsKey(JCIP), "@CacheEvict should drop the cached copy");

    assertEquals("Java Concurrency in Practice, 2006", books.find(JCIP).title());
    assertEquals(before + 1, catalogue.lookups());
    books.find(JCIP);
    assertEquals(before + 1, catalogue.lookups());
  }

  @Test
  void aFailedLookupIsNotCached() {
    int before = catalogue.lookups();
    assertThrows(NoSuchElementException.class, () -> books.find("978-0000000000"));
    assertThrows(NoSuchElementException.class, () -> books.find("978-0000000000"));
    assertEquals(before + 2, catalogue.lookups());
  }
}
