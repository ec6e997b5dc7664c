package dev.strata.hibernate.region;

import java.util.List;

/**
 * The classes Hibernate and this adapter put in second-level cache regions, which a region kept
 * in Redis must be allowed to decode (Strata decodes only allowed classes from Redis, so that
 * whoever can write to Redis cannot make it run the code of an arbitrary class). Exact names,
 * not Hibernate's packages, which hold classes that have served as deserialization gadgets.
 */
public final class HibernateClasses {
  /** Cache keys, entity and collection entries, query keys and results, soft locks. */
  public static final List<String> ALLOWED = List.of(
      "org.hibernate.cache.internal.CacheKeyImplementation",
      "org.hibernate.cache.internal.BasicCacheKeyImplementation",
      "org.hibernate.cache.internal.NaturalIdCacheKey",
      "org.hibernate.cache.internal.QueryResultsCacheImpl$CacheItem",
      "org.hibernate.cache.spi.QueryKey",
      "org.hibernate.query.internal.QueryParameterBindingsImpl$ParameterBindingsMementoImpl",
      "org.hibernate.cache.spi.entry.StandardCacheEntryImpl",
      "org.hibernate.cache.spi.entry.CollectionCacheEntry",
      "dev.strata.hibernate.access.*",
      // the component type of the disassembled state arrays of entity entries
      "java.io.Serializable",
      // common @Version and attribute types outside the JDK's value types the codec allows
      "java.sql.Timestamp", "java.sql.Date", "java.sql.Time");

  private HibernateClasses() {}

  /**
   * The package pattern ({@code com.example.model.*}) of an entity name or a collection role
   * ({@code com.example.model.Author.books}), so a model's id classes, embeddables and enums
   * beside its entities decode; null for a name without a package.
   */
  static String packageOf(String role, boolean isCollection) {
    String owner = isCollection && role.lastIndexOf('.') > 0
        ? role.substring(0, role.lastIndexOf('.')) : role;
    int dot = owner.lastIndexOf('.');
    return dot <= 0 ? null : owner.substring(0, dot) + ".*";
  }
}
