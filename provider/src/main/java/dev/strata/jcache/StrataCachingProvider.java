package dev.strata.jcache;

import dev.strata.jcache.configuration.DeclaredCaches;
import dev.strata.jcache.configuration.StoreType;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * Strata's {@link CachingProvider}, found by {@code Caching.getCachingProvider()} through its
 * service registration. It keeps one {@link StrataCacheManager} per (URI, class loader) until
 * that manager is closed.
 *
 * <p>A manager's URI may name a configuration file: {@code classpath:strata-app.conf},
 * {@code file:/etc/strata.conf}, a {@code jar:} URI (Spring Boot hands a packaged application's
 * {@code jar:nested:...} one) or any other URL the JVM can open; such a file must be readable.
 * A URI whose scheme the JVM has no URL handler for, or that has none, is merely a name: it, the
 * default {@value #DEFAULT_URI_TEXT} included, reads the file the {@code strata.config} system
 * property names, else {@code strata.conf} from the class path when it is there, and uses
 * built-in defaults otherwise.
 */
public final class StrataCachingProvider implements CachingProvider {
  static final String DEFAULT_URI_TEXT = "strata:default";
  static final URI DEFAULT_URI = URI.create(DEFAULT_URI_TEXT);

  private final Map<ClassLoader, Map<URI, StrataCacheManager>> managers = new WeakHashMap<>();
  private volatile Boolean storeByReference;

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties managerProperties = properties == null ? new Properties() : properties;
    synchronized (managers) {
      Map<URI, StrataCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
      StrataCacheManager manager = byUri.get(managerUri);
      if (manager == null || manager.isClosed()) {
        manager = new StrataCacheManager(this, managerUri, loader, managerProperties);
        byUri.put(managerUri, manager);
      }
      return manager;
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return DEFAULT_URI;
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    List<StrataCacheManager> all = new ArrayList<>();
    synchronized (managers) {
      for (Map<URI, StrataCacheManager> byUri : managers.values()) {
        all.addAll(byUri.values());
      }
      managers.clear();
    }
    all.forEach(StrataCacheManager::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    List<StrataCacheManager> all;
    synchronized (managers) {
      Map<URI, StrataCacheManager> byUri = managers.remove(loader);
      all = byUri == null ? List.of() : new ArrayList<>(byUri.values());
    }
    all.forEach(StrataCacheManager::close);
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    StrataCacheManager manager;
    synchronized (managers) {
      Map<URI, StrataCacheManager> byUri = managers.get(loader);
      manager = byUri == null ? null : byUri.remove(managerUri);
      if (byUri != null && byUri.isEmpty()) {
        managers.remove(loader);
      }
    }
    if (manager != null) {
      manager.close();
    }
  }

  /**
   * Store-by-reference is supported unless the default configuration puts caches in Redis:
   * entries that leave the JVM can only be stored by value.
   */
  @Override
  public boolean isSupported(OptionalFeature feature) {
    if (feature != OptionalFeature.STORE_BY_REFERENCE) {
      return false;
    }
    Boolean supported = storeByReference;
    if (supported == null) {
      supported = DeclaredCaches.load(DEFAULT_URI, true, getDefaultClassLoader())
          .defaultStore() != StoreType.REDIS;
      storeByReference = supported;
    }
    return supported;
  }

  /** Forgets a manager that closed itself. */
  void release(StrataCacheManager manager) {
    synchronized (managers) {
      Map<URI, StrataCacheManager> byUri = managers.get(manager.getClassLoader());
      if (byUri != null && byUri.get(manager.getURI()) == manager) {
        byUri.remove(manager.getURI());
      }
    }
  }
}
