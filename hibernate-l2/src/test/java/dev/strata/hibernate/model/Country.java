package dev.strata.hibernate.model;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A read-only entity. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_ONLY)
public class Country {
  @Id
  public String code;
  public String name;

  public Country() {}

  public Country(String code, String name) {
    this.code = code;
    this.name = name;
  }
}
