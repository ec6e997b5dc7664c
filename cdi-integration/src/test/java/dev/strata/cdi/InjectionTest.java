package dev.strata.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cdi.beans.InjectedCaches;
import dev.strata.cdi.beans.WriteService;
import dev.strata.cdi.inject.NamedCache;
import dev.strata.cdi.key.DefaultGeneratedCacheKey;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

class InjectionTest {
  @Test
  void managerAndNamedCachesAreInjectedAndTheManagerClosesWithTheContainer() {
    CacheManager underlying;
    try (WeldContainer container = WeldTestSupport.weld().initialize()) {
      InjectedCaches caches = container.select(InjectedCaches.class).get();
      underlying = Caching.getCachingProvider().getCacheManager();
      assertEquals(underlying.getURI(), caches.manager.getURI());
      assertSame(underlying.getCache("declared"), caches.manager.getCache("declared"),
          "the injected manager is the provider's default manager");

      @SuppressWarnings("unchecked")
      CompleteConfiguration<String, String> declared =
          caches.declared.getConfiguration(CompleteConfiguration.class);
      assertEquals(String.class, declared.getKeyType(), "declared in strata.conf");
      assertTrue(declared.isStatisticsEnabled(), "declared in strata.conf");
      caches.declared.put("a", "b");
      assertEquals("b", caches.manager.getCache("declared").get("a"));

      container.select(WriteService.class).get().save("1", "ann");
      assertEquals("ann", caches.users.get(new DefaultGeneratedCacheKey("1")),
          "annotations and injection share the cache");

      Cache<Object, Object> programmatic = container.select(
          new jakarta.enterprise.util.TypeLiteral<Cache<Object, Object>>() { },
          NamedCache.Literal.of("programmatic")).get();
      assertNotNull(underlying.getCache("programmatic"), "a missing cache is created");
      assertFalse(programmatic.isClosed());
    }
    assertTrue(underlying.isClosed(), "the disposer closes the manager at shutdown");
  }
}
