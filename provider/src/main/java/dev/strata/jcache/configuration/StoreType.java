package dev.strata.jcache.configuration;

/** Where a cache keeps its entries. */
public enum StoreType {
  /** In this JVM's heap, in a Caffeine cache: fast, and private to the JVM. */
  EMBEDDED,
  /** In Redis, shared by every JVM that uses the same Redis and namespace. */
  REDIS
}
