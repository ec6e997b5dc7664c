package dev.strata.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.cdi.beans.WriteService;
import dev.strata.cdi.inject.NamedCache;
import dev.strata.cdi.key.DefaultGeneratedCacheKey;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import javax.cache.Cache;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.Test;

@EnableWeld
class CacheWriteTest {
  @WeldSetup
  WeldInitiator weld = WeldInitiator.from(WeldTestSupport.weld()).inject(this).build();

  @Inject
  WriteService service;

  @Inject
  @NamedCache(WriteService.CACHE)
  Cache<Object, Object> users;

  private static DefaultGeneratedCacheKey key(String id) {
    return new DefaultGeneratedCacheKey(id);
  }

  @Test
  void putStoresTheCacheValueUnderTheOtherParameters() {
    service.save("1", "ann");
    assertEquals("ann", users.get(key("1")));
    service.saveKeyed("2", 7, "bob");
    assertEquals("bob", users.get(key("2")), "only @CacheKey parameters form the key");
  }

  @Test
  void aNullValueRemovesTheEntry() {
    service.save("1", "ann");
    service.save("1", null);
    assertFalse(users.containsKey(key("1")));
  }

  @Test
  void putAfterInvocationSkipsWhenTheMethodThrows() {
    assertThrows(IllegalStateException.class, () -> service.saveThenFail("1", "ann", true));
    assertFalse(users.containsKey(new DefaultGeneratedCacheKey("1", true)));
    service.saveThenFail("1", "ann", false);
    assertEquals("ann", users.get(new DefaultGeneratedCacheKey("1", false)));
  }

  @Test
  void putCacheForAndNoCacheFor() {
    assertThrows(UncheckedIOException.class, () -> service.saveCacheFor("io", "ann", "io"));
    assertEquals("ann", users.get(new DefaultGeneratedCacheKey("io", "io")));
    assertThrows(WriteService.BadIo.class, () -> service.saveCacheFor("bad", "ann", "bad-io"));
    assertFalse(users.containsKey(new DefaultGeneratedCacheKey("bad", "bad-io")));
    assertThrows(IllegalStateException.class, () -> service.saveCacheFor("st", "ann", "state"));
    assertFalse(users.containsKey(new DefaultGeneratedCacheKey("st", "state")));
  }

  @Test
  void putBeforeInvocationHappensEvenWhenTheMethodThrows() {
    assertThrows(IllegalStateException.class, () -> service.saveFirst("1", "ann", true));
    assertEquals("ann", users.get(new DefaultGeneratedCacheKey("1", true)));
  }

  @Test
  void removeAfterInvocation() {
    users.put(new DefaultGeneratedCacheKey("1", false), "x");
    users.put(new DefaultGeneratedCacheKey("1", true), "x");
    service.remove("1", false);
    assertFalse(users.containsKey(new DefaultGeneratedCacheKey("1", false)));
    assertThrows(IllegalStateException.class, () -> service.remove("1", true));
    assertTrue(users.containsKey(new DefaultGeneratedCacheKey("1", true)),
        "no evictFor: an exception keeps the entry");
  }

  @Test
  void removeEvictForAndNoEvictFor() {
    users.put(new DefaultGeneratedCacheKey("a", "io"), "x");
    users.put(new DefaultGeneratedCacheKey("a", "bad-io"), "x");
    users.put(new DefaultGeneratedCacheKey("a", "state"), "x");
    assertThrows(UncheckedIOException.class, () -> service.removeEvictFor("a", "io"));
    assertFalse(users.containsKey(new DefaultGeneratedCacheKey("a", "io")));
    assertThrows(WriteService.BadIo.class, () -> service.removeEvictFor("a", "bad-io"));
    assertTrue(users.containsKey(new DefaultGeneratedCacheKey("a", "bad-io")));
    assertThrows(IllegalStateException.class, () -> service.removeEvictFor("a", "state"));
    assertTrue(users.containsKey(new DefaultGeneratedCacheKey("a", "state")));
  }

  @Test
  void removeBeforeInvocationHappensEvenWhenTheMethodThrows() {
    users.put(new DefaultGeneratedCacheKey("1", true), "x");
    assertThrows(IllegalStateException.class, () -> service.removeFirst("1", true));
    assertNull(users.get(new DefaultGeneratedCacheKey("1", true)));
  }

  @Test
  void removeAllAfterInvocation() {
    users.put("k", "v");
    assertThrows(IllegalStateException.class, () -> service.clear(true));
    assertTrue(users.containsKey("k"), "no evictFor: an exception keeps the entries");
    service.clear(false);
    assertFalse(users.containsKey("k"));
  }

  @Test
  void removeAllEvictForAndNoEvictFor() {
    users.put("k", "v");
    assertThrows(WriteService.BadIo.class, () -> service.clearEvictFor("bad-io"));
    assertTrue(users.containsKey("k"));
    assertThrows(IllegalStateException.class, () -> service.clearEvictFor("state"));
    assertTrue(users.containsKey("k"));
    assertThrows(UncheckedIOException.class, () -> service.clearEvictFor("io"));
    assertFalse(users.containsKey("k"));
  }

  @Test
  void routedOperationsUseTheirOwnFactoryAndGenerator() {
    service.saveRouted("ab", "ann");
    Cache<Object, Object> prefixed =
        users.getCacheManager().getCache("prefixed-" + WriteService.CACHE);
    assertEquals("ann", prefixed.get(key("AB")));
    assertFalse(users.containsKey(key("ab")));
    service.saveRouted("cd", "bob");
    service.removeRouted("ab");
    assertFalse(prefixed.containsKey(key("AB")));
    users.put("k", "v");
    service.clearRouted();
    assertFalse(prefixed.containsKey(key("CD")));
    assertTrue(users.containsKey("k"), "only the routed cache is emptied");
  }

  @Test
  void removeAllBeforeInvocationHappensEvenWhenTheMethodThrows() {
    users.put("k", "v");
    assertThrows(IllegalStateException.class, () -> service.clearFirst(true));
    assertFalse(users.containsKey("k"));
  }
}
