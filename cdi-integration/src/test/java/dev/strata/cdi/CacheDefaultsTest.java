package dev.strata.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cdi.beans.Calls;
import dev.strata.cdi.beans.DefaultsService;
import dev.strata.cdi.beans.RecordingKeyGenerator;
import dev.strata.cdi.beans.RecordingResolverFactory;
import dev.strata.cdi.beans.SubclassService;
import dev.strata.cdi.key.DefaultGeneratedCacheKey;
import jakarta.inject.Inject;
import jakarta.interceptor.InvocationContext;
import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

@EnableWeld
class CacheDefaultsTest {
  @WeldSetup
  WeldInitiator weld = WeldInitiator.from(WeldTestSupport.weld()).inject(this).build();

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

  @Test
  void classDefaultsNameTheCacheTheFactoryAndTheGenerator() {
    String first = service.load("a");
    assertEquals(first, service.load("a"));
    assertEquals(1, calls.count("defaults.load"));
    assertEquals(2, calls.count("key-generator"), "the bean generator made both keys");
    assertTrue(resolverFactory.requests().contains("cache:class-defaults"));
    assertEquals(first, manager.getCache("class-defaults").get(new DefaultGeneratedCacheKey("a")));
  }

  @Test
  void allOperationsShareTheDefaultCache() {
    service.store("k", "v");
    assertEquals("v", manager.getCache("class-defaults").get(new DefaultGeneratedCacheKey("k")));
    service.evict("k");
    assertFalse(manager.getCache("class-defaults").containsKey(new DefaultGeneratedCacheKey("k")));
    service.store("k", "v");
    service.evictAll();
    assertFalse(manager.getCache("class-defaults").iterator().hasNext());
  }

  @Test
  void aMethodNameOverridesTheDefaultNameAndTheFactoryResolvesTheExceptionCache() {
    service.loadOwn("a");
    assertNotNull(manager.getCache("own-name").get(new DefaultGeneratedCacheKey("a")));
    assertTrue(resolverFactory.requests().contains("cache:own-name"));
    assertTrue(resolverFactory.requests().contains("exceptions:own-errors"));
  }

  @Test
  void methodLevelClassesOverrideTheDefaultsAndPlainClassesAreConstructed() {
    String first = service.loadOverridden("abc");
    assertEquals(first, service.loadOverridden("ABC"), "the upper-case key generator ran");
    assertEquals(1, calls.count("defaults.loadOverridden"));
    assertEquals(first, manager.getCache("prefixed-class-defaults")
        .get(new DefaultGeneratedCacheKey("ABC")), "the prefixing resolver factory ran");
    assertEquals(0, calls.count("key-generator"));
  }

  @Test
  void defaultsAreFoundOnTheSuperclass() {
    subclass.ownMethod("a");
    subclass.inheritedMethod("b");
    // The superclass names the upper-case key generator as well as the cache.
    Cache<Object, Object> inherited = manager.getCache("inherited-defaults");
    assertEquals("a sub", inherited.get(new DefaultGeneratedCacheKey("A")));
    assertEquals("b base", inherited.get(new DefaultGeneratedCacheKey("B")));
  }

  @Test
  void theKeyGeneratorSeesTheWholeInvocation() {
    service.store("k", "v");
    CacheKeyInvocationContext<? extends Annotation> context = keyGenerator.last();
    assertTrue(context.getCacheAnnotation() instanceof CachePut);
    assertEquals("class-defaults", context.getCacheName());
    assertEquals("store", context.getMethod().getName());
    assertTrue(context.getAnnotations().stream().anyMatch(CachePut.class::isInstance));
    assertTrue(context.getTarget() instanceof DefaultsService);
    CacheInvocationParameter[] all = context.getAllParameters();
    assertEquals(2, all.length);
    assertEquals(String.class, all[1].getRawType());
    assertEquals(1, all[1].getParameterPosition());
    assertTrue(all[1].getAnnotations().stream().anyMatch(CacheValue.class::isInstance));
    assertEquals(1, context.getKeyParameters().length);
    assertEquals("k", context.getKeyParameters()[0].getValue());
    assertEquals("v", context.getValueParameter().getValue());
    assertNotNull(context.unwrap(InvocationContext.class));
    assertSame(context, context.unwrap(CacheKeyInvocationContext.class));

    service.load("x");
    assertTrue(keyGenerator.last().getCacheAnnotation() instanceof CacheResult);
    assertNull(keyGenerator.last().getValueParameter());
  }
}
