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
import jakarta.inject.Inject;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CompleteConfiguration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code @Inject CacheManager} and {@code @NamedCache}, deployed as an archive into embedded
 * Weld.
 */
@ExtendWith(ArquillianExtension.class)
class ArquillianInjectionTest {
  @Deployment
  static JavaArchive deployment() {
    return ArquillianSupport.archive("cache-injection.jar", InjectedCaches.class,
        WriteService.class, WriteService.BadIo.class);
  }

  @Inject
  CacheManager manager;

  @Inject
  InjectedCaches injected;

  @Inject
  WriteService writes;

  @Inject
  @NamedCache("arquillian-created")
  Cache<Object, Object> created;

  /**
   * Called first by every test: the Arquillian JUnit 5 extension does not run
   * {@code @BeforeEach} methods for an embedded container, so the reset cannot be one.
   */
  private void startEmpty() {
    ArquillianSupport.emptyAllCaches(manager);
  }

  @Test
  void theInjectedManagerIsTheProvidersDefaultManager() {
    startEmpty();
    CacheManager provided = Caching.getCachingProvider().getCacheManager();
    assertEquals(provided.getURI(), manager.getURI());
    assertSame(provided.getCache("declared"), manager.getCache("declared"));
    assertSame(manager.getCache("declared"), injected.manager.getCache("declared"),
        "one manager for the whole container");
  }

  @Test
  void aNamedCacheDeclaredInTheConfigurationIsInjectedAsDeclared() {
    startEmpty();
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, String> configuration =
        injected.declared.getConfiguration(CompleteConfiguration.class);
    assertEquals(String.class, configuration.getKeyType());
    assertTrue(configuration.isStatisticsEnabled());
    injected.declared.put("a", "b");
    assertEquals("b", manager.getCache("declared").get("a"));
  }

  @Test
  void aMissingNamedCacheIsCreated() {
    startEmpty();
    assertNotNull(manager.getCache("arquillian-created"));
    assertFalse(created.isClosed());
    created.put("k", "v");
    assertEquals("v", manager.getCache("arquillian-created").get("k"));
  }

  @Test
  void annotationsAndNamedCachesShareTheCache() {
    startEmpty();
    writes.save("arq", "ann");
    assertEquals("ann", injected.users.get(new DefaultGeneratedCacheKey("arq")));
    injected.users.put(new DefaultGeneratedCacheKey("arq", false), "x");
    writes.remove("arq", false);
    assertFalse(injected.users.containsKey(new DefaultGeneratedCacheKey("arq", false)));
  }
}
