package dev.strata.jcache.writebehind;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.configuration.WriteBehindSettings;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Write-behind on an embedded cache, whose queue is in the heap. */
class EmbeddedWriteBehindTest extends WriteBehindContract {
  private static CacheManager manager;

  @BeforeAll
  static void open() {
    manager = Caching.getCachingProvider().getCacheManager(
        URI.create("write-behind-embedded"), EmbeddedWriteBehindTest.class.getClassLoader());
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Override
  protected CacheManager manager() {
    return manager;
  }

  @Override
  protected StrataConfiguration<String, String> configure(
      StrataConfiguration<String, String> config) {
    return config.setStoreType(StoreType.EMBEDDED);
  }

  /** The store's entries expire on the cache's ticker: two minutes is past every entry's. */
  @Override
  protected void loseEntry(Cache<String, String> cache, String key) {
    ticker.advance(java.time.Duration.ofMinutes(2));
  }

  @Test
  void aCacheWithoutAWriterCannotWriteBehind() {
    var config = new StrataConfiguration<String, String>()
        .setWriteBehind(WriteBehindSettings.DEFAULTS);
    var failure = assertThrows(IllegalArgumentException.class,
        () -> manager.createCache("no-writer", config));
    assertTrue(failure.getMessage().contains("needs a CacheWriter"), failure.getMessage());
  }
}
