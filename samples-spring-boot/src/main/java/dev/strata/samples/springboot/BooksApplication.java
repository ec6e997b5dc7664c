package dev.strata.samples.springboot;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.StrataConfiguration;
import javax.cache.Cache;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application whose {@link BookService} caches in Strata. Nothing here sets Strata
 * up: {@code application.properties} selects Spring's JCache support, the Strata provider and
 * the Strata file, and Spring Boot does the rest. Run, it looks books up, shows the cache
 * answering the second time, evicts one and exits.
 */
@SpringBootApplication
@EnableCaching
public class BooksApplication {
  static final String ISBN = "978-0134685991";

  public static void main(String[] args) {
    System.exit(SpringApplication.exit(SpringApplication.run(BooksApplication.class, args)));
  }

  /** The walk-through; {@code books.demo=false} leaves it out (the tests do). */
  @Bean
  @ConditionalOnProperty(name = "books.demo", havingValue = "true", matchIfMissing = true)
  CommandLineRunner demo(BookService books, Catalogue catalogue, CacheManager springManager) {
    return args -> {
      javax.cache.CacheManager manager = ((JCacheCacheManager) springManager).getCacheManager();
      System.out.println("JCache manager: " + manager.getClass().getName());
      System.out.println("manager URI: " + manager.getURI());
      @SuppressWarnings("unchecked")
      Cache<Object, Object> cache =
          (Cache<Object, Object>) springManager.getCache("books").getNativeCache();
      @SuppressWarnings({"unchecked", "rawtypes"})
      StrataConfiguration<?, ?> declared =
          (StrataConfiguration<?, ?>) cache.getConfiguration((Class) StrataConfiguration.class);
      System.out.println("cache 'books' as declared: " + declared.getKeyType().getSimpleName()
          + " -> " + declared.getValueType().getSimpleName() + ", maximum-size "
          + declared.getMaximumSize());

      show(books, catalogue, "first find, from the catalogue");
      show(books, catalogue, "second find, from the cache");
      books.retitle(ISBN, "Effective Java, Third Edition");
      System.out.println("retitled: @CacheEvict dropped the cached copy");
      show(books, catalogue, "find after the eviction, from the catalogue");
      show(books, catalogue, "and from the cache again");
      var statistics = cache.unwrap(StrataCache.class).statistics();
      System.out.println("cache statistics: " + statistics.getCacheHits() + " hits, "
          + statistics.getCacheMisses() + " misses");
    };
  }

  private static void show(BookService books, Catalogue catalogue, String what) {
    Book book = books.find(ISBN);
    System.out.printf("%-45s %s (catalogue lookups: %d)%n", what + ":", book.title(),
        catalogue.lookups());
  }
}
