package dev.strata.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cdi.beans.Calls;
import dev.strata.cdi.beans.ResultService;
import dev.strata.cdi.key.DefaultGeneratedCacheKey;
import jakarta.inject.Inject;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

@EnableWeld
class CacheResultTest {
  @WeldSetup
  WeldInitiator weld = WeldInitiator.from(WeldTestSupport.weld()).inject(this).build();

  @Inject
  ResultService service;

  @Inject
  Calls calls;

  @Inject
  CacheManager manager;

  @Test
  void secondCallIsServedFromTheCacheNamedAfterTheSignature() {
    String first = service.greet("ann");
    assertEquals(first, service.greet("ann"));
    assertEquals(1, calls.count("greet"));
    service.greet("bob");
    assertEquals(2, calls.count("greet"));

    Cache<Object, Object> cache =
        manager.getCache("dev.strata.cdi.beans.ResultService.greet(java.lang.String)");
    assertNotNull(cache, "default cache name is the method's fully qualified signature");
    assertEquals(first, cache.get(new DefaultGeneratedCacheKey("ann")));
  }

  @Test
  void onlyCacheKeyParametersFormTheKey() {
    String first = service.find("42", "x");
    assertEquals(first, service.find("42", "y"));
    assertEquals(1, calls.count("find"));
    assertNotNull(manager.getCache("lookups").get(new DefaultGeneratedCacheKey("42")));
  }

  @Test
  void arrayParametersCompareByContent() {
    assertEquals(6, service.sum(new int[] {1, 2, 3}, new String[] {"a"}));
    assertEquals(6, service.sum(new int[] {1, 2, 3}, new String[] {"a"}));
    assertEquals(1, calls.count("sum"));
    assertEquals(3, service.sum(new int[] {1, 2}, new String[] {"a"}));
    assertEquals(2, calls.count("sum"));
  }

  @Test
  void nullResultIsNotCached() {
    assertNull(service.nothing("a"));
    assertNull(service.nothing("a"));
    assertEquals(2, calls.count("nothing"));
    assertTrue(manager.getCache("nothing").iterator().hasNext() == false);
  }

  @Test
  void skipGetAlwaysComputesAndRefreshesTheCache() {
    String first = service.fresh("a");
    String second = service.fresh("a");
    assertEquals(2, calls.count("fresh"));
    assertTrue(!first.equals(second));
    assertEquals(second, manager.getCache("fresh").get(new DefaultGeneratedCacheKey("a")));
  }

  @Test
  void cachedExceptionsAreRethrownWithoutCallingTheMethod() {
    IllegalStateException first =
        assertThrows(IllegalStateException.class, () -> service.guarded("a", "state"));
    IllegalStateException second =
        assertThrows(IllegalStateException.class, () -> service.guarded("a", "state"));
    assertEquals(1, calls.count("guarded"));
    assertEquals(first.getMessage(), second.getMessage());
    Cache<Object, Throwable> errors = manager.getCache("guarded-errors");
    assertNotNull(errors.get(new DefaultGeneratedCacheKey("a", "state")));
  }

  @Test
  void exceptionsOutsideCachedExceptionsAreNotCached() {
    assertThrows(IllegalArgumentException.class, () -> service.guarded("b", "argument"));
    assertThrows(IllegalArgumentException.class, () -> service.guarded("b", "argument"));
    assertEquals(2, calls.count("guarded"));
  }

  @Test
  void nonCachedExceptionsAreNotCachedAndOthersAre() {
    assertThrows(UnsupportedOperationException.class,
        () -> service.filtered("a", "unsupported"));
    assertThrows(UnsupportedOperationException.class,
        () -> service.filtered("a", "unsupported"));
    assertEquals(2, calls.count("filtered"));
    assertThrows(IllegalStateException.class, () -> service.filtered("b", "state"));
    assertThrows(IllegalStateException.class, () -> service.filtered("b", "state"));
    assertEquals(3, calls.count("filtered"));
  }

  @Test
  void anExcludedSubclassOfAnIncludedExceptionIsNotCached() {
    assertThrows(IllegalArgumentException.class, () -> service.both("a", "argument"));
    assertThrows(IllegalArgumentException.class, () -> service.both("a", "argument"));
    assertEquals(2, calls.count("both"));
    assertThrows(IllegalStateException.class, () -> service.both("b", "state"));
    assertThrows(IllegalStateException.class, () -> service.both("b", "state"));
    assertEquals(3, calls.count("both"));
  }

  @Test
  void withoutAnExceptionCacheNothingIsRemembered() {
    assertThrows(IllegalStateException.class, () -> service.uncachedFailure("a"));
    assertThrows(IllegalStateException.class, () -> service.uncachedFailure("a"));
    assertEquals(2, calls.count("uncachedFailure"));
  }

  @Test
  void aCachedResultIsReturnedBeforeACachedException() {
    assertEquals("ok c", service.guarded("c", "none"));
    assertSame(null, manager.getCache("guarded-errors").get(new DefaultGeneratedCacheKey("c", "none")));
    assertEquals("ok c", service.guarded("c", "none"));
    assertEquals(1, calls.count("guarded"));
  }
}
