package dev.strata.samples.springboot;

import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Books by ISBN, cached in the Strata cache {@code books} that {@code cache/books.conf} declares:
 * Spring's {@code @Cacheable} and {@code @CacheEvict} reach it through Spring's JCache support.
 */
@Service
public class BookService {
  private final Catalogue catalogue;

  public BookService(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** The book, from the cache when it has it, else from the catalogue (and then cached). */
  @Cacheable("books")
  public Book find(String isbn) {
    return catalogue.lookUp(isbn);
  }

  /** Changes a title in the catalogue and drops the cached copy, so the next find reads it. */
  @CacheEvict(cacheNames = "books", key = "#isbn")
  public void retitle(String isbn, String title) {
    catalogue.retitle(isbn, title);
  }
}
