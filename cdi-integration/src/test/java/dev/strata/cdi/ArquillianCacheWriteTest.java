package dev.strata.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cdi.beans.WriteService;
import dev.strata.cdi.inject.NamedCache;
import dev.strata.cdi.key.DefaultGeneratedCacheKey;
import dev.strata.cdi.resolver.DefaultCacheResolver;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll} and their members,
 * deployed as an archive into embedded Weld. The resolver factory and key generator that the
 * routed methods name stay out of the archive, so Strata constructs them.
 */
@ExtendWith(ArquillianExtension.class)
class ArquillianCacheWriteTest {
  @Deployment
  static JavaArchive deployment() {
    return ArquillianSupport.archive("cache-write.jar", WriteService.class,
        WriteService.BadIo.class);
  }

  @Inject
  WriteService service;

  @Inject
  CacheManager manager;

  @Inject
  @NamedCache(WriteService.CACHE)
  Cache<Object, Object> users;

  /** Where PrefixResolverFactory sends the routed methods. */
  private Cache<Object, Object> prefixed;

  /**
   * Called first by every test: the Arquillian JUnit 5 extension does not run
   * {@code @BeforeEach} methods for an embedded container, so the reset cannot be one.
   */
  private void startEmpty() {
    ArquillianSupport.emptyAllCaches(manager);
    prefixed = DefaultCacheResolver.lookUp(manager, "prefixed-" + WriteService.CACHE);
  }

  private static DefaultGeneratedCacheKey key(Object... values) {
    return new DefaultGeneratedCacheKey(values);
  }

  // @CachePut

  @Test
  void putStoresTheCacheValueInTheNamedCache() {
    startEmpty();
    service.save("1", "ann");
    assertEquals("ann", users.get(key("1")), "the other parameters form the key");
  }

  @Test
  void putWithCacheKeyUsesOnlyTheMarkedParameters() {
    startEmpty();
    service.saveKeyed("2", 7, "bob");
    assertEquals("bob", users.get(key("2")));
    assertFalse(users.containsKey(key("2", 7)));
  }

  @Test
  void putOfNullRemovesTheEntry() {
    startEmpty();
    service.save("1", "ann");
    service.save("1", null);
    assertFalse(users.containsKey(key("1")));
  }

  @Test
  void putAfterInvocationStoresOnlyWhenTheMethodReturns() {
    startEmpty();
    assertThrows(IllegalStateException.class, () -> service.saveThenFail("1", "ann", true));
    assertFalse(users.containsKey(key("1", true)), "stored before the call");
    service.saveThenFail("1", "ann", false);
    assertEquals("ann", users.get(key("1", false)));
  }

  @Test
  void putBeforeInvocationStoresEvenWhenTheMethodThrows() {
    startEmpty();
    assertThrows(IllegalStateException.class, () -> service.saveFirst("1", "ann", true));
    assertEquals("ann", users.get(key("1", true)));
  }

  @Test
  void putCacheForAndNoCacheForFilterTheExceptions() {
    startEmpty();
    assertThrows(UncheckedIOException.class, () -> service.saveCacheFor("io", "ann", "io"));
    assertEquals("ann", users.get(key("io", "io")), "listed in cacheFor");
    assertThrows(WriteService.BadIo.class, () -> service.saveCacheFor("bad", "ann", "bad-io"));
    assertFalse(users.containsKey(key("bad", "bad-io")), "listed in noCacheFor");
    assertThrows(IllegalStateException.class, () -> service.saveCacheFor("st", "ann", "state"));
    assertFalse(users.containsKey(key("st", "state")), "not listed in cacheFor");
  }

  @Test
  void putResolverFactoryAndKeyGeneratorFromTheAnnotation() {
    startEmpty();
      service.saveRouted("ab", "ann");
    assertEquals("ann", prefixed.get(key("AB")));
    assertFalse(prefixed.containsKey(key("ab")), "the key generator upper-cased the key");
    assertFalse(users.iterator().hasNext(), "the resolver factory chose another cache");
  }

  // @CacheRemove

  @Test
  void removeAfterInvocationRemovesOnlyWhenTheMethodReturns() {
    startEmpty();
    users.put(key("1", false), "x");
    users.put(key("1", true), "x");
    service.remove("1", false);
    assertFalse(users.containsKey(key("1", false)));
    assertThrows(IllegalStateException.class, () -> service.remove("1", true));
    assertTrue(users.containsKey(key("1", true)), "removed before the call");
  }

  @Test
  void removeBeforeInvocationRemovesEvenWhenTheMethodThrows() {
    startEmpty();
    users.put(key("1", true), "x");
    assertThrows(IllegalStateException.class, () -> service.removeFirst("1", true));
    assertFalse(users.containsKey(key("1", true)));
  }

  @Test
  void removeEvictForAndNoEvictForFilterTheExceptions() {
    startEmpty();
    users.put(key("a", "io"), "x");
    users.put(key("a", "bad-io"), "x");
    users.put(key("a", "state"), "x");
    assertThrows(UncheckedIOException.class, () -> service.removeEvictFor("a", "io"));
    assertFalse(users.containsKey(key("a", "io")), "listed in evictFor");
    assertThrows(WriteService.BadIo.class, () -> service.removeEvictFor("a", "bad-io"));
    assertTrue(users.containsKey(key("a", "bad-io")), "listed in noEvictFor");
    assertThrows(IllegalStateException.class, () -> service.removeEvictFor("a", "state"));
    assertTrue(users.containsKey(key("a", "state")), "not listed in evictFor");
  }

  @Test
  void removeResolverFactoryAndKeyGeneratorFromTheAnnotation() {
    startEmpty();
    prefixed.put(key("AB"), "x");
    prefixed.put(key("ab"), "x");
    users.put(key("AB"), "x");
    service.removeRouted("ab");
    assertFalse(prefixed.containsKey(key("AB")));
    assertTrue(prefixed.containsKey(key("ab")), "the key generator upper-cased the key");
    assertTrue(users.containsKey(key("AB")), "the resolver factory chose another cache");
  }

  // @CacheRemoveAll

  @Test
  void removeAllAfterInvocationEmptiesOnlyWhenTheMethodReturns() {
    startEmpty();
    users.put("k", "v");
    assertThrows(IllegalStateException.class, () -> service.clear(true));
    assertTrue(users.containsKey("k"), "emptied before the call");
    service.clear(false);
    assertFalse(users.iterator().hasNext());
  }

  @Test
  void removeAllBeforeInvocationEmptiesEvenWhenTheMethodThrows() {
    startEmpty();
    users.put("k", "v");
    assertThrows(IllegalStateException.class, () -> service.clearFirst(true));
    assertFalse(users.iterator().hasNext());
  }

  @Test
  void removeAllEvictForAndNoEvictForFilterTheExceptions() {
    startEmpty();
    users.put("k", "v");
    assertThrows(WriteService.BadIo.class, () -> service.clearEvictFor("bad-io"));
    assertTrue(users.containsKey("k"), "listed in noEvictFor");
    assertThrows(IllegalStateException.class, () -> service.clearEvictFor("state"));
    assertTrue(users.containsKey("k"), "not listed in evictFor");
    assertThrows(UncheckedIOException.class, () -> service.clearEvictFor("io"));
    assertFalse(users.containsKey("k"), "listed in evictFor");
  }

  @Test
  void removeAllResolverFactoryFromTheAnnotation() {
    startEmpty();
    prefixed.put("k", "v");
    users.put("k", "v");
    service.clearRouted();
    assertFalse(prefixed.iterator().hasNext());
    assertTrue(users.containsKey("k"), "the resolver factory chose another cache");
  }
}
