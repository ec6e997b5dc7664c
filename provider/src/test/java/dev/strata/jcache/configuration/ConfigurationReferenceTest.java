package dev.strata.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The configuration reference page documents every setting a file may hold. */
class ConfigurationReferenceTest {
  private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

  @Test
  void everyCacheSettingIsDocumented() throws IOException {
    String page = Files.readString(REFERENCE);
    for (String key : CacheSettings.KEYS) {
      if (!key.equals("expiry") && !key.equals("near-cache") && !key.equals("write-behind")
          && !key.equals("loading") && !key.equals("warm")
          && !key.equals("hot-keys")) {
        assertTrue(page.contains("| `" + key + "` |"), () -> "docs/configuration.md lacks " + key);
      }
    }
    for (String key : RedisSettings.KEYS) {
      assertTrue(page.contains("| `strata.redis." + key + "` |"),
          () -> "docs/configuration.md lacks strata.redis." + key);
    }
    for (String key : CacheSettings.NEAR_CACHE_KEYS) {
      assertTrue(page.contains("| `near-cache." + key + "` |"),
          () -> "docs/configuration.md lacks near-cache." + key);
    }
    for (String key : CacheSettings.WRITE_BEHIND_KEYS) {
      assertTrue(page.contains("| `write-behind." + key + "` |"),
          () -> "docs/configuration.md lacks write-behind." + key);
    }
    for (String key : CacheSettings.LOADING_KEYS) {
      assertTrue(page.contains("| `loading." + key + "` |"),
          () -> "docs/configuration.md lacks loading." + key);
    }
    for (String key : CacheSettings.WARM_KEYS) {
      assertTrue(page.contains("| `warm." + key + "` |"),
          () -> "docs/configuration.md lacks warm." + key);
    }
    for (String key : CacheSettings.HOT_KEYS_KEYS) {
      assertTrue(page.contains("| `hot-keys." + key + "` |"),
          () -> "docs/configuration.md lacks hot-keys." + key);
    }
    for (String key : CacheSettings.EXPIRY_KEYS) {
      assertTrue(page.contains("| `expiry." + key + "` |"),
          () -> "docs/configuration.md lacks expiry." + key);
    }
  }
}
