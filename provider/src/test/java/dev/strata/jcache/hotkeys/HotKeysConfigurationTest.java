package dev.strata.jcache.hotkeys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.StrataCache;
import dev.strata.jcache.configuration.StrataConfiguration;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;

/** The {@code hot-keys} section of a cache in a configuration file. */
class HotKeysConfigurationTest {
  private CacheManager open(String uri) {
    return Caching.getCachingProvider().getCacheManager(URI.create(uri),
        getClass().getClassLoader());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static HotKeySettings hotKeysOf(Cache<?, ?> cache) {
    return ((StrataConfiguration<?, ?>) cache.getConfiguration((Class) StrataConfiguration.class))
        .getHotKeys();
  }

  @Test
  void aSectionIsReadWithItsDefaults() {
    try (CacheManager manager = open("classpath:config/hot-keys.conf")) {
      assertEquals(new HotKeySettings(4, 64), hotKeysOf(manager.getCache("tuned")));
      assertEquals(HotKeySettings.DEFAULTS, hotKeysOf(manager.getCache("defaulted")));
      assertNull(hotKeysOf(manager.getCache("off")));
      assertNull(hotKeysOf(manager.getCache("plain")));
      assertTrue(manager.getCache("tuned").unwrap(StrataCache.class).tracksHotKeys());
    }
  }

  @Test
  void aSampleRateThatIsNotAPowerOfTwoIsRejected() {
    CacheException failure = assertThrows(CacheException.class,
        () -> open("classpath:config/hot-keys-bad-sample.conf"));
    String message = failure.getMessage();
    assertTrue(message.contains("hot-keys-bad-sample.conf") && message.contains("sample-every")
        && message.contains("power of two") && message.contains("10"), message);
  }

  @Test
  void aMisspeltSettingIsRejected() {
    CacheException failure = assertThrows(CacheException.class,
        () -> open("classpath:config/hot-keys-misspelt.conf"));
    assertTrue(failure.getMessage().contains("strata.caches.books.hot-keys.sample"),
        failure.getMessage());
  }
}
