package dev.strata.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cdi.beans.BaseDefaults;
import dev.strata.cdi.beans.Calls;
import dev.strata.cdi.beans.DefaultsService;
import dev.strata.cdi.beans.RecordingKeyGenerator;
import dev.strata.cdi.beans.RecordingResolverFactory;
import dev.strata.cdi.beans.SubclassService;
import dev.strata.cdi.key.DefaultGeneratedCacheKey;
import jakarta.inject.Inject;
import java.util.Collections;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheRemove;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code @CacheDefaults} and the method members that override it, deployed as an archive into
 * embedded Weld. The defaults name a resolver factory and a key generator that are beans of
 * the archive; the overrides name classes outside it, which Strata constructs.
 */
@ExtendWith(ArquillianExtension.class)
class ArquillianCacheDefaultsTest {
  @Deployment
  static JavaArchive deployment() {
    return ArquillianSupport.archive("cache-defaults.jar", Calls.class, DefaultsService.class,
        RecordingKeyGenerator.class, RecordingResolverFactory.class, BaseDefaults.class,
        SubclassService.class);
  }

  @Inject
  DefaultsService service;

  @Inject
  SubclassService subclass;

  @Inject
  RecordingResolverFactory resolverFactory;

  @Inject
  RecordingKeyGenerator keyGenerator;

  @Inject
  Calls calls;

  @Inject
  CacheManager manager;

  /**
   * Called first by every test: the Arquillian JUnit 5 extension does not run
   * {@code @BeforeEach} methods for an embedded container, so the reset cannot be one.
   */
  private void startEmpty() {
    ArquillianSupport.emptyAllCaches(manager);
    calls.reset();
  }

  private static DefaultGeneratedCacheKey key(Object... values) {
    return new DefaultGeneratedCacheKey(values);
  }

  @Test
  void theDefaultCacheNameServesEveryOperation() {
    startEmpty();
    String loaded = service.load("a");
    assertEquals(loaded, service.load("a"));
    assertEquals(1, calls.count("defaults.load"));
    Cache<Object, Object> cache = manager.getCache("class-defaults");
    assertEquals(loaded, cache.get(key("a")));
    service.store("k", "v");
    assertEquals("v", cache.get(key("k")));
    service.evict("k");
    assertFalse(cache.containsKey(key("k")));
    service.store("k", "v");
    service.evictAll();
    assertFalse(cache.iterator().hasNext());
  }

  @Test
  void theDefaultResolverFactoryBeanResolvesEveryOperation() {
    startEmpty();
    service.load("a");
    service.store("k", "v");
    service.evict("k");
    service.evictAll();
    // Each method asks the factory once, on its first call in this container.
    assertEquals(4, Collections.frequency(resolverFactory.requests(), "cache:class-defaults"),
        () -> "requests: " + resolverFactory.requests());
  }

  @Test
  void theDefaultKeyGeneratorBeanMakesTheKeys() {
    startEmpty();
    service.load("a");
    service.load("a");
    service.store("k", "v");
    service.evict("k");
    assertEquals(4, calls.count("key-generator"));
    assertInstanceOf(CacheRemove.class, keyGenerator.last().getCacheAnnotation());
    assertEquals("class-defaults", keyGenerator.last().getCacheName());
    assertEquals("k", keyGenerator.last().getKeyParameters()[0].getValue());
    service.evictAll();
    assertEquals(4, calls.count("key-generator"), "removing all needs no key");
  }

  @Test
  void aMethodCacheNameOverridesTheDefaultName() {
    startEmpty();
    String loaded = service.loadOwn("a");
    assertEquals(loaded, manager.getCache("own-name").get(key("a")));
    Cache<Object, Object> defaults = manager.getCache("class-defaults");
    assertTrue(defaults == null || !defaults.containsKey(key("a")));
    assertTrue(resolverFactory.requests().contains("cache:own-name"));
    assertTrue(resolverFactory.requests().contains("exceptions:own-errors"),
        "the default factory also resolves the exception cache");
  }

  @Test
  void methodResolverFactoryAndKeyGeneratorOverrideTheDefaults() {
    startEmpty();
    String first = service.loadOverridden("abc");
    assertEquals(first, service.loadOverridden("ABC"), "the upper-case key generator ran");
    assertEquals(1, calls.count("defaults.loadOverridden"));
    assertEquals(0, calls.count("key-generator"), "the default generator did not run");
    Cache<Object, Object> prefixed = manager.getCache("prefixed-class-defaults");
    assertNotNull(prefixed, "the prefixing resolver factory ran");
    assertEquals(first, prefixed.get(key("ABC")));
    Cache<Object, Object> defaults = manager.getCache("class-defaults");
    assertTrue(defaults == null || !defaults.containsKey(key("ABC")));
  }

  @Test
  void defaultsOnASuperclassNameTheCacheAndTheKeyGenerator() {
    startEmpty();
    assertEquals("a sub", subclass.ownMethod("a"));
    assertEquals("b base", subclass.inheritedMethod("b"));
    Cache<Object, Object> inherited = manager.getCache("inherited-defaults");
    assertNotNull(inherited, "the superclass named the cache");
    assertEquals("a sub", inherited.get(key("A")), "the superclass named the key generator");
    assertEquals("b base", inherited.get(key("B")));
    assertFalse(inherited.containsKey(key("a")));
  }
}
