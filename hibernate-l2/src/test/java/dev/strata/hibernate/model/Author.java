package dev.strata.hibernate.model;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Version;
import java.util.HashSet;
import java.util.Set;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A versioned read-write entity with a cached collection. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Author {
  @Id
  public Long id;
  public String name;
  @Version
  public int version;
  @OneToMany(mappedBy = "author")
  @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
  public Set<Book> books = new HashSet<>();

  public Author() {}

  public Author(Long id, String name) {
    this.id = id;
    this.name = name;
  }
}
