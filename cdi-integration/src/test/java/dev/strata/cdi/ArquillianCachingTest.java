package dev.strata.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.cdi.beans.Calls;
import dev.strata.cdi.beans.ResultService;
import dev.strata.cdi.beans.WriteService;
import dev.strata.cdi.inject.NamedCache;
import dev.strata.cdi.key.DefaultGeneratedCacheKey;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Inject;
import javax.cache.Cache;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same behaviour deployed as an archive into Arquillian's embedded Weld container. */
@ExtendWith(ArquillianExtension.class)
class ArquillianCachingTest {
  @Deployment
  static JavaArchive deployment() {
    return ShrinkWrap.create(JavaArchive.class, "caching.jar")
        .addClasses(Calls.class, ResultService.class, WriteService.class,
            WriteService.BadIo.class)
        .addAsServiceProvider(Extension.class, StrataCacheExtension.class)
        .addAsManifestResource(EmptyAsset.INSTANCE, "beans.xml");
  }

  @Inject
  ResultService results;

  @Inject
  WriteService writes;

  @Inject
  Calls calls;

  @Inject
  @NamedCache(WriteService.CACHE)
  Cache<Object, Object> users;

  @Test
  void cacheResultServesRepeatedCallsAndCachesExceptions() {
    String first = results.greet("arq");
    assertEquals(first, results.greet("arq"));
    assertEquals(1, calls.count("greet"));
    assertThrows(IllegalStateException.class, () -> results.guarded("arq", "state"));
    assertThrows(IllegalStateException.class, () -> results.guarded("arq", "state"));
    assertEquals(1, calls.count("guarded"));
  }

  @Test
  void putRemoveAndRemoveAllWorkOnTheInjectedCache() {
    writes.save("arq", "ann");
    assertEquals("ann", users.get(new DefaultGeneratedCacheKey("arq")));
    writes.remove("arq", false);
    users.put(new DefaultGeneratedCacheKey("arq", false), "x");
    writes.remove("arq", false);
    assertFalse(users.containsKey(new DefaultGeneratedCacheKey("arq", false)));
    writes.save("other", "bob");
    writes.clear(false);
    assertFalse(users.iterator().hasNext());
  }
}
