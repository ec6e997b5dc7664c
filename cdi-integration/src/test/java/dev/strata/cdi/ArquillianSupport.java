package dev.strata.cdi;

import jakarta.enterprise.inject.spi.Extension;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

/** What the Arquillian test classes share: how they build an archive and reset state. */
final class ArquillianSupport {
  private ArquillianSupport() {
  }

  /**
   * A bean archive with the given classes and the extension registered as a service, the way
   * an application jar carries it. Resolver factories and key generators left out of the
   * archive are not beans, so Strata must construct them itself.
   */
  static JavaArchive archive(String name, Class<?>... classes) {
    return ShrinkWrap.create(JavaArchive.class, name)
        .addClasses(classes)
        .addAsServiceProvider(Extension.class, StrataCacheExtension.class)
        .addAsManifestResource(EmptyAsset.INSTANCE, "beans.xml");
  }

  /**
   * Empties every cache of the manager. The default manager is one per JVM, and the test
   * beans use fixed cache names, so each test starts from empty caches whatever ran before,
   * in this class or in another.
   */
  static void emptyAllCaches(CacheManager manager) {
    for (String name : manager.getCacheNames()) {
      Cache<Object, Object> cache = manager.getCache(name);
      if (cache != null) {
        cache.clear();
      }
    }
  }
}
