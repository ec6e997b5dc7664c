package dev.strata.hibernate.model;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** A read-write entity with a cached natural id. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE, region = "books")
@NaturalIdCache(region = "book-isbns")
public class Book {
  @Id
  public Long id;
  @NaturalId(mutable = true)
  public String isbn;
  public String title;
  @ManyToOne
  public Author author;

  public Book() {}

  public Book(Long id, String isbn, String title) {
    this.id = id;
    this.isbn = isbn;
    this.title = title;
  }
}
