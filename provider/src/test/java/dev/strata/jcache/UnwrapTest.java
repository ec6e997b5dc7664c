package dev.strata.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.MutableEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UnwrapTest {
  private static CacheManager manager;
  private static Cache<String, String> cache;

  @BeforeAll
  static void open() {
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("test:" + UnwrapTest.class.getName()), UnwrapTest.class.getClassLoader());
    cache = manager.createCache("unwrap",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void aCacheUnwrapsToItself() {
    assertSame(cache, cache.unwrap(StrataCache.class));
    assertSame(cache, cache.unwrap(Cache.class));
  }

  @Test
  void aCacheUnwrapsToTheCaffeineCacheHoldingItsEntries() {
    var caffeine = cache.unwrap(com.github.benmanes.caffeine.cache.Cache.class);
    assertNotNull(caffeine);
    cache.put("k", "v");
    assertTrue(caffeine.asMap().containsKey("k"), "the same entries, not a copy");
    caffeine.invalidate("k");
    assertTrue(!cache.containsKey("k"));
  }

  @Test
  void aCacheRefusesATypeItIsNot() {
    assertThrows(IllegalArgumentException.class, () -> cache.unwrap(String.class));
  }

  @Test
  void aManagerUnwrapsToItself() {
    assertSame(manager, manager.unwrap(StrataCacheManager.class));
    assertSame(manager, manager.unwrap(CacheManager.class));
    assertThrows(IllegalArgumentException.class, () -> manager.unwrap(String.class));
    assertSame(manager, cache.getCacheManager().unwrap(StrataCacheManager.class));
  }

  @Test
  void entriesUnwrapToTheirOwnType() {
    cache.put("k", "v");
    Cache.Entry<String, String> entry = cache.iterator().next();
    assertEquals("k", entry.unwrap(StrataEntry.class).getKey());
    assertThrows(IllegalArgumentException.class, () -> entry.unwrap(String.class));
    assertEquals("k", cache.invoke("k",
        (mutable, args) -> mutable.unwrap(MutableEntry.class).getKey()));
  }
}
