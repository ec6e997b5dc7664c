package dev.strata.hibernate.model;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A nonstrict read-write entity. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.NONSTRICT_READ_WRITE)
public class Tag {
  @Id
  public Long id;
  public String label;

  public Tag() {}

  public Tag(Long id, String label) {
    this.id = id;
    this.label = label;
  }
}
