package dev.strata.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cdi.beans.Calls;
import dev.strata.cdi.beans.ResultService;
import dev.strata.cdi.key.DefaultGeneratedCacheKey;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.annotation.GeneratedCacheKey;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code @CacheResult} and its members, deployed as an archive into embedded Weld. */
@ExtendWith(ArquillianExtension.class)
class ArquillianCacheResultTest {
  @Deployment
  static JavaArchive deployment() {
    return ArquillianSupport.archive("cache-result.jar", Calls.class, ResultService.class);
  }

  @Inject
  ResultService service;

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
  void withoutAnyNameTheCacheIsNamedAfterTheMethodSignature() {
    startEmpty();
    String first = service.greet("ann");
    assertEquals(first, service.greet("ann"));
    assertEquals(1, calls.count("greet"), "the second call was served from the cache");
    assertNotEquals(first, service.greet("bob"));
    assertEquals(2, calls.count("greet"), "another argument is another key");
    Cache<Object, Object> cache =
        manager.getCache("dev.strata.cdi.beans.ResultService.greet(java.lang.String)");
    assertNotNull(cache);
    assertEquals(first, cache.get(key("ann")));
  }

  @Test
  void cacheNameAndCacheKeyParametersChooseCacheAndKey() {
    startEmpty();
    String first = service.find("42", "x");
    assertEquals(first, service.find("42", "y"), "the unmarked parameter is not in the key");
    assertEquals(1, calls.count("find"));
    Cache<Object, Object> lookups = manager.getCache("lookups");
    assertEquals(first, lookups.get(key("42")));
    assertFalse(lookups.containsKey(key("42", "x")));
  }

  @Test
  void skipGetCallsEveryTimeAndRefreshesTheEntry() {
    startEmpty();
    String first = service.fresh("a");
    String second = service.fresh("a");
    assertEquals(2, calls.count("fresh"));
    assertNotEquals(first, second);
    assertEquals(second, manager.getCache("fresh").get(key("a")));
  }

  @Test
  void aNullResultIsNotCached() {
    startEmpty();
    assertNull(service.nothing("a"));
    assertNull(service.nothing("a"));
    assertEquals(2, calls.count("nothing"));
    assertFalse(manager.getCache("nothing").iterator().hasNext());
  }

  @Test
  void exceptionCacheNameWithCachedExceptionsRemembersOnlyTheListedOnes() {
    startEmpty();
    IllegalStateException first =
        assertThrows(IllegalStateException.class, () -> service.guarded("a", "state"));
    IllegalStateException again =
        assertThrows(IllegalStateException.class, () -> service.guarded("a", "state"));
    assertEquals(1, calls.count("guarded"), "the cached exception was rethrown");
    assertEquals(first.getMessage(), again.getMessage());
    assertInstanceOf(IllegalStateException.class,
        manager.getCache("guarded-errors").get(key("a", "state")));
    assertFalse(manager.getCache("guarded").containsKey(key("a", "state")));

    assertThrows(IllegalArgumentException.class, () -> service.guarded("a", "argument"));
    assertThrows(IllegalArgumentException.class, () -> service.guarded("a", "argument"));
    assertEquals(3, calls.count("guarded"), "not in cachedExceptions: not remembered");
  }

  @Test
  void nonCachedExceptionsAreNotRememberedAndTheRestAre() {
    startEmpty();
    assertThrows(UnsupportedOperationException.class, () -> service.filtered("a", "unsupported"));
    assertThrows(UnsupportedOperationException.class, () -> service.filtered("a", "unsupported"));
    assertEquals(2, calls.count("filtered"));
    assertThrows(IllegalStateException.class, () -> service.filtered("b", "state"));
    assertThrows(IllegalStateException.class, () -> service.filtered("b", "state"));
    assertEquals(3, calls.count("filtered"), "everything else is cached");
    assertNotNull(manager.getCache("filtered-errors").get(key("b", "state")));
  }

  @Test
  void anExcludedSubclassOfAnIncludedExceptionIsNotRemembered() {
    startEmpty();
    assertThrows(IllegalArgumentException.class, () -> service.both("a", "argument"));
    assertThrows(IllegalArgumentException.class, () -> service.both("a", "argument"));
    assertEquals(2, calls.count("both"));
    assertThrows(IllegalStateException.class, () -> service.both("b", "state"));
    assertThrows(IllegalStateException.class, () -> service.both("b", "state"));
    assertEquals(3, calls.count("both"));
  }

  @Test
  void withoutExceptionCacheNameNoExceptionIsRemembered() {
    startEmpty();
    assertThrows(IllegalStateException.class, () -> service.uncachedFailure("a"));
    assertThrows(IllegalStateException.class, () -> service.uncachedFailure("a"));
    assertEquals(2, calls.count("uncachedFailure"));
  }

  @Test
  void theGeneratedKeySurvivesSerializationAndStillFindsTheEntry() throws Exception {
    startEmpty();
    // Array parameters make the key's equality depend on content, not identity.
    assertEquals(6, service.sum(new int[] {1, 2, 3}, new String[] {"x"}));
    Cache<Object, Object> sums = manager.getCache("sums");
    List<Object> keys = new ArrayList<>();
    sums.forEach(entry -> keys.add(entry.getKey()));
    assertEquals(1, keys.size());
    GeneratedCacheKey stored = assertInstanceOf(GeneratedCacheKey.class, keys.get(0));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(stored);
    }
    Object copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = in.readObject();
    }
    assertNotSame(stored, copy);
    assertEquals(stored, copy);
    assertEquals(stored.hashCode(), copy.hashCode());
    assertEquals(6, sums.get(copy));
    assertTrue(sums.containsKey(key(new int[] {1, 2, 3}, new String[] {"x"})));

    assertEquals(6, service.sum(new int[] {1, 2, 3}, new String[] {"x"}));
    assertEquals(1, calls.count("sum"), "equal arrays, same key");
  }
}
