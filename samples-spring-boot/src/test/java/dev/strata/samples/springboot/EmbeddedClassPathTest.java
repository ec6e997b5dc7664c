package dev.strata.samples.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;

/**
 * An application whose caches are all embedded carries no Redis client: with strata-provider
 * alone on its class path, there is no Netty, no Redisson and no Redis tier, and Strata is still
 * the one JCache provider found.
 */
class EmbeddedClassPathTest {
  @Test
  void theClassPathHoldsNoRedisClientOrNetty() {
    List<String> jars = Arrays.stream(System.getProperty("java.class.path")
        .split(File.pathSeparator)).map(path -> new File(path).getName()).toList();
    List<String> remote = jars.stream().filter(name -> name.startsWith("netty-")
        || name.startsWith("redisson") || name.startsWith("strata-redis")
        || name.startsWith("reactor-") || name.startsWith("rxjava")).toList();
    assertEquals(List.of(), remote, () -> "class path: " + jars);
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName("dev.strata.shaded.redisson.Redisson"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.netty.util.Version"));
    assertEquals("dev.strata.jcache.StrataCachingProvider",
        Caching.getCachingProvider().getClass().getName());
  }
}
