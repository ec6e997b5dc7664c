package dev.strata.jcache.store.redis;

import java.net.URI;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * Builds the manager properties of a Redis-backed cache manager key by key, as an application's
 * {@code strata.redis} settings would, and opens managers with them.
 */
final class SecureManagers {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private final Properties properties = new Properties();

  private SecureManagers(String addresses) {
    properties.setProperty("strata.defaults.store", "redis");
    properties.setProperty("strata.redis.addresses", addresses);
  }

  static SecureManagers at(String addresses) {
    return new SecureManagers(addresses);
  }

  SecureManagers set(String redisKey, String value) {
    properties.setProperty("strata.redis." + redisKey, value);
    return this;
  }

  SecureManagers login(String username, String password) {
    return set("username", username).set("password", password);
  }

  SecureManagers trust(String trustStore, String trustStorePassword) {
    return set("trust-store", trustStore).set("trust-store-password", trustStorePassword);
  }

  /** Short limits, so that a server that never answers fails a test in a second or two. */
  SecureManagers impatient() {
    return set("timeout", "1s").set("connect-timeout", "1s");
  }

  /** A new manager (its own URI, so never one a previous test left open). */
  CacheManager open(String namespace) {
    set("namespace", namespace);
    URI uri = URI.create("redis-security:" + namespace + ":" + NEXT.incrementAndGet());
    return Caching.getCachingProvider().getCacheManager(uri,
        SecureManagers.class.getClassLoader(), properties);
  }
}
