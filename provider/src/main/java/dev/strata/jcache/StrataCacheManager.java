package dev.strata.jcache;

import dev.strata.jcache.assembly.ManagerResources;
import dev.strata.jcache.assembly.ResolvedCacheSettings;
import dev.strata.jcache.configuration.DeclaredCaches;
import dev.strata.jcache.configuration.RedisSettings;
import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import java.lang.System.Logger.Level;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

/**
 * Strata's {@link CacheManager}: the caches of one (URI, class loader) pair. Caches declared in
 * the manager's configuration file are created the first time they are asked for by name.
 */
public final class StrataCacheManager implements CacheManager {
  private static final System.Logger LOG = System.getLogger(StrataCacheManager.class.getName());
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final StrataCachingProvider provider;
  private final URI uri;
  private final WeakReference<ClassLoader> classLoader;
  private final Properties properties;
  private final DeclaredCaches declared;
  private final CacheFactory factory;
  private final ConcurrentMap<String, StrataCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final ExecutorService executor;
  private final List<CacheLifecycleListener> lifecycleListeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  StrataCacheManager(StrataCachingProvider provider, URI uri, ClassLoader classLoader,
      Properties properties) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = new WeakReference<>(classLoader);
    this.properties = properties;
    this.declared = DeclaredCaches.load(uri, StrataCachingProvider.DEFAULT_URI.equals(uri),
        classLoader, properties);
    this.factory = new CacheFactory(this, declared);
    this.executor = Executors.newCachedThreadPool(daemonThreads());
  }

  private static ThreadFactory daemonThreads() {
    return task -> {
      var thread = new Thread(task, "strata-cache-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    ClassLoader loader = classLoader.get();
    return loader == null ? provider.getDefaultClassLoader() : loader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName,
      C configuration) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    ResolvedCacheSettings<K, V> settings =
        factory.resolve(cacheName, new StrataConfiguration<K, V>(configuration));
    boolean[] created = {false};
    StrataCache<?, ?> cache = caches.computeIfAbsent(cacheName, name -> {
      created[0] = true;
      return factory.create(settings);
    });
    if (!created[0]) {
      throw new CacheException("A cache named '" + cacheName + "' already exists in " + uri);
    }
    announceCreated(cache);
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (Cache<K, V>) cache;
    return typed;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    StrataCache<?, ?> cache = lookup(cacheName);
    if (cache == null) {
      return null;
    }
    Configuration<?, ?> config = cache.configuration();
    if (config.getKeyType() != keyType || config.getValueType() != valueType) {
      throw new ClassCastException("Cache '" + cacheName + "' holds "
          + config.getKeyType().getName() + " -> " + config.getValueType().getName()
          + ", not " + keyType.getName() + " -> " + valueType.getName());
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (Cache<K, V>) cache;
    return typed;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (Cache<K, V>) lookup(cacheName);
    return typed;
  }

  private StrataCache<?, ?> lookup(String cacheName) {
    StrataCache<?, ?> cache = caches.get(cacheName);
    if (cache != null || !declared.contains(cacheName)) {
      return cache;
    }
    boolean[] created = {false};
    cache = caches.computeIfAbsent(cacheName, name -> {
      created[0] = true;
      return factory.create(factory.resolve(name, declared.configuration(name, getClassLoader())));
    });
    if (created[0]) {
      announceCreated(cache);
    }
    return cache;
  }

  /**
   * Tells the listener of every cache open now, then of each cache created or closed from now
   * on, until it is removed. A cache created while the listener is added may be announced
   * twice.
   */
  public void addCacheLifecycleListener(CacheLifecycleListener listener) {
    Objects.requireNonNull(listener, "listener");
    lifecycleListeners.add(listener);
    for (StrataCache<?, ?> cache : caches.values()) {
      notify(listener, cache, true);
    }
  }

  public void removeCacheLifecycleListener(CacheLifecycleListener listener) {
    lifecycleListeners.remove(listener);
  }

  /** The caches open in this manager now. */
  public Collection<StrataCache<?, ?>> openCaches() {
    return List.copyOf(caches.values());
  }

  private void announceCreated(StrataCache<?, ?> cache) {
    for (CacheLifecycleListener listener : lifecycleListeners) {
      notify(listener, cache, true);
    }
  }

  private static void notify(CacheLifecycleListener listener, StrataCache<?, ?> cache,
      boolean created) {
    try {
      if (created) {
        listener.cacheCreated(cache);
      } else {
        listener.cacheClosed(cache);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "A cache lifecycle listener failed on cache '" + cache.getName()
          + "'", e);
    }
  }

  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
  }

  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    StrataCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.clear();
      cache.close();
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    StrataCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    StrataCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    provider.release(this);
    for (StrataCache<?, ?> cache : new ArrayList<>(caches.values())) {
      try {
        cache.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Closing cache '" + cache.getName() + "' failed", e);
      }
    }
    caches.clear();
    executor.shutdown();
    factory.close();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("The cache manager cannot be unwrapped to " + type);
  }

  /** Forgets a cache that closed itself. */
  void release(StrataCache<?, ?> cache) {
    if (caches.remove(cache.getName(), cache)) {
      for (CacheLifecycleListener listener : lifecycleListeners) {
        notify(listener, cache, false);
      }
    }
  }

  ExecutorService executor() {
    return executor;
  }

  /**
   * Where a cache of this configuration keeps its entries: its own store type, or else this
   * manager's default ({@code strata.defaults.store}).
   */
  public StoreType storeTypeOf(StrataConfiguration<?, ?> configuration) {
    return factory.storeTypeOf(configuration);
  }

  /** How this manager reaches Redis; fails, naming what is missing, when it is not set up. */
  RedisSettings redisSettings() {
    RedisSettings settings = declared.redis();
    if (settings == null) {
      throw new CacheException("Cache manager " + uri + " has no Redis: set strata.redis in its"
          + " configuration file or its properties (strata.redis.addresses=redis://host:port)");
    }
    return settings;
  }

  /** What this manager offers the store providers of its caches. */
  ManagerResources resources() {
    StrataCacheManager manager = this;
    return new ManagerResources() {
      @Override
      public URI uri() {
        return uri;
      }

      @Override
      public ClassLoader classLoader() {
        return manager.getClassLoader();
      }

      @Override
      public RedisSettings redisSettings() {
        return manager.redisSettings();
      }
    };
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache manager " + uri + " is closed");
    }
  }
}
