package dev.strata.jcache;

import dev.strata.jcache.codec.AllowedClasses;
import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.codec.ImmutableTypes;
import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.configuration.EntryWeigher;
import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.core.CacheContext;
import dev.strata.jcache.core.EntryIterator;
import dev.strata.jcache.core.ReadOperations;
import dev.strata.jcache.core.WriteOperations;
import dev.strata.jcache.event.EventDispatcher;
import dev.strata.jcache.expiry.ExpiryCalculator;
import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.integration.LoaderSupport;
import dev.strata.jcache.integration.WriterSupport;
import dev.strata.jcache.management.CacheConfigurationBean;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.management.JmxRegistration;
import dev.strata.jcache.writebehind.WriteBehind;
import dev.strata.jcache.writebehind.WriteBehindFlusher;
import dev.strata.jcache.processor.EntryProcessorInvoker;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreListener;
import dev.strata.jcache.store.embedded.CaffeineStore;
import dev.strata.jcache.store.near.NearCacheStore;
import dev.strata.jcache.store.redis.RedisStore;
import dev.strata.jcache.configuration.NearCacheSettings;
import java.util.function.Function;
import java.io.Closeable;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * Strata's {@link Cache}. It checks the caller's arguments and the cache's state, then hands the
 * work to the read, write and processor paths, which share one {@link CacheContext}: the
 * semantics of JCache are decided there, once, over whatever {@link Store} the cache has.
 */
public final class StrataCache<K, V> implements Cache<K, V> {
  private static final System.Logger LOG = System.getLogger(StrataCache.class.getName());

  private final String name;
  private final StrataCacheManager manager;
  private final StrataConfiguration<K, V> configuration;
  private final CacheContext<K, V> ctx;
  private final ReadOperations<K, V> reads;
  private final WriteOperations<K, V> writes;
  private final EntryProcessorInvoker<K, V> processors;
  private final LoaderSupport<K, V> loader;
  private final CacheStatistics statistics = new CacheStatistics();
  private final CacheConfigurationBean configurationBean;
  private final List<Object> closeables = new ArrayList<>();
  private final WriteBehindFlusher<K, V> flusher;
  private volatile boolean closed;

  StrataCache(StrataCacheManager manager, String name, StrataConfiguration<K, V> configuration) {
    this.name = name;
    this.manager = manager;
    this.configuration = configuration;
    Ticker ticker = configuration.getTicker() == null ? Ticker.system() : configuration.getTicker();
    ExpiryPolicy expiryPolicy = configuration.getExpiryPolicyFactory().create();
    closeables.add(expiryPolicy);
    var expiry = new ExpiryCalculator(expiryPolicy, ticker);
    boolean remote = manager.storeTypeOf(configuration) == StoreType.REDIS;
    boolean byValue = remote || configuration.isStoreByValue();
    Codec codec = byValue ? codecOf(configuration, remote, manager) : null;
    ValueCopier copier = byValue
        ? ValueCopier.byValue(codec, manager.getClassLoader()) : ValueCopier.byReference();
    this.loader = createLoader(configuration);
    CacheWriter<? super K, ? super V> createdWriter = createWriter(configuration);
    var events = new EventDispatcher<K, V>(this, manager.executor());
    Store<K> store = remote
        ? createRemoteStore(configuration, copier, codec, ticker)
        : createStore(configuration, ticker, expiry, copier);
    WriterSupport<K, V> writer = WriterSupport.of(createdWriter);
    if (configuration.getWriteBehind() != null) {
      @SuppressWarnings("unchecked")
      Function<Object, V> decoder = stored -> (V) copier.fromStored(stored);
      this.flusher = new WriteBehindFlusher<>(name, store.journal(), createdWriter, decoder,
          configuration.getWriteBehind(), remote, ticker);
      writer = WriterSupport.behind(createdWriter, flusher::admit);
    } else {
      this.flusher = null;
    }
    this.ctx = new CacheContext<>(name, store, copier, expiry, events, statistics, writer,
        configuration.isReadThrough() ? loader : null, configuration.isLoaderFallback(),
        manager.executor());
    this.reads = new ReadOperations<>(ctx);
    this.writes = new WriteOperations<>(ctx);
    this.processors = new EntryProcessorInvoker<>(ctx);
    this.configurationBean = new CacheConfigurationBean(() -> configuration);
    for (CacheEntryListenerConfiguration<K, V> listener :
        configuration.getCacheEntryListenerConfigurations()) {
      events.register(listener);
    }
    store.setListening(events.hasListeners());
    setStatisticsEnabled(configuration.isStatisticsEnabled());
    setManagementEnabled(configuration.isManagementEnabled());
    if (flusher != null) {
      JmxRegistration.register(flusher.statistics(), JmxRegistration.Kind.WRITE_BEHIND,
          manager.getURI(), name);
      flusher.start();
    }
  }

  /**
   * The codec of the cache's keys and values. Entries that leave the JVM are always stored by
   * value, whatever the configuration says, and what is read back from Redis may have been
   * written by anyone who can reach it, so that codec decodes only the allowed classes. The
   * embedded store's bytes never leave the JVM and were encoded from the application's own
   * objects, so its codec is unrestricted.
   */
  private static Codec codecOf(StrataConfiguration<?, ?> configuration, boolean remote,
      StrataCacheManager manager) {
    Codec codec = configuration.getCodecFactory().create();
    if (!remote) {
      return codec;
    }
    return codec.restrictedTo(AllowedClasses.of(manager.allowedClassesOf(configuration),
        configuration.getKeyType(), configuration.getValueType()));
  }

  private LoaderSupport<K, V> createLoader(StrataConfiguration<K, V> config) {
    if (config.getCacheLoaderFactory() == null) {
      return null;
    }
    CacheLoader<K, V> created = config.getCacheLoaderFactory().create();
    closeables.add(created);
    return created == null ? null : new LoaderSupport<>(created);
  }

  private CacheWriter<? super K, ? super V> createWriter(StrataConfiguration<K, V> config) {
    boolean writing = config.isWriteThrough() && config.getCacheWriterFactory() != null;
    if (config.getWriteBehind() != null && !writing) {
      throw new IllegalArgumentException("Cache '" + name + "' writes behind, which needs a"
          + " CacheWriter: setWriteThrough(true) and setCacheWriterFactory(...)");
    }
    if (!writing) {
      return null;
    }
    CacheWriter<? super K, ? super V> created = config.getCacheWriterFactory().create();
    closeables.add(created);
    if (created == null && config.getWriteBehind() != null) {
      throw new IllegalArgumentException("Cache '" + name + "' writes behind, but its"
          + " CacheWriter factory made no writer");
    }
    return created;
  }

  private Store<K> createStore(StrataConfiguration<K, V> config, Ticker ticker,
      ExpiryCalculator expiry, ValueCopier copier) {
    CaffeineStore.Builder builder = CaffeineStore.builder()
        .journaled(config.getWriteBehind() != null)
        .ticker(ticker)
        .expiring(!expiry.isEternal());
    if (config.getMaximumWeight() >= 0) {
      @SuppressWarnings("unchecked")
      EntryWeigher<Object, Object> weigher =
          (EntryWeigher<Object, Object>) config.getWeigherFactory().create();
      builder.maximumWeight(config.getMaximumWeight(),
          (key, stored) -> weigher.weigh(key, copier.fromStored(stored)));
    } else if (config.getMaximumSize() >= 0) {
      builder.maximumSize(config.getMaximumSize());
    }
    return builder.build(storeListener());
  }

  private Store<K> createRemoteStore(StrataConfiguration<K, V> config, ValueCopier copier,
      Codec codec, Ticker ticker) {
    Function<StoreListener<K>, RedisStore<K>> redis = listener -> new RedisStore<>(
        manager.redisSettings().namespace(), name, manager.redisClient(), copier, codec,
        manager.getClassLoader(), ticker, config.getMaximumValueSize(), listener,
        config.getWriteBehind() != null);
    NearCacheSettings near = manager.nearCacheOf(config);
    if (near == null) {
      return redis.apply(storeListener());
    }
    var store = new NearCacheStore<>(redis, near, ticker, storeListener(), stored -> {
      Object value = copier.fromStored(stored);
      return ImmutableTypes.isImmutable(value) ? value : stored;
    });
    statistics.reportNearCache(store::nearHits, store::remoteHits);
    return store;
  }

  /** What the store tells this cache of the changes it did not ask for. */
  private StoreListener<K> storeListener() {
    return new StoreListener<K>() {
      @Override
      public void onExpired(K key, Object storedValue) {
        statistics.recordEvictions(1);
        ctx.publishExpired(key, storedValue);
      }

      @Override
      public void onEvicted(K key, Object storedValue) {
        statistics.recordEvictions(1);
      }

      @Override
      public void onRemoteChange(K key, Object oldStored, Object newStored) {
        ctx.publishRemote(key, oldStored, newStored);
      }

      @Override
      public void onExpiredElsewhere(K key) {
        statistics.recordEvictions(1);
        ctx.events().publishRemote(javax.cache.event.EventType.EXPIRED, key, null, null);
      }
    };
  }

  @Override
  public V get(K key) {
    requireOpen();
    return reads.get(key);
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    requireOpen();
    return reads.getAll(keys);
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    return reads.containsKey(key);
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      CompletionListener completionListener) {
    requireOpen();
    Objects.requireNonNull(keys, "keys");
    for (K key : keys) {
      Objects.requireNonNull(key, "a key in keys");
    }
    CompletionListener listener = completionListener == null
        ? new CompletionListener() {
          @Override
          public void onCompletion() {}

          @Override
          public void onException(Exception e) {}
        }
        : completionListener;
    if (loader == null) {
      listener.onCompletion();
      return;
    }
    Set<K> requested = new HashSet<>(keys);
    ctx.executor().execute(() -> loadAllNow(requested, replaceExistingValues, listener));
  }

  private void loadAllNow(Set<K> keys, boolean replaceExisting, CompletionListener listener) {
    try {
      List<K> toLoad = new ArrayList<>(keys.size());
      for (K key : keys) {
        if (replaceExisting || ctx.store().get(key) == null) {
          toLoad.add(key);
        }
      }
      if (!toLoad.isEmpty()) {
        reads.loadAll(loader, toLoad, replaceExisting);
      }
      ctx.events().flush();
      listener.onCompletion();
    } catch (RuntimeException e) {
      // keys stored before the failure stay stored: their listeners still hear of them
      try {
        ctx.events().flush();
      } catch (RuntimeException listenerFailure) {
        e.addSuppressed(listenerFailure);
      }
      listener.onException(e instanceof CacheLoaderException || e instanceof CacheException
          ? e : new CacheLoaderException("Loading keys into cache '" + name + "' failed: " + e, e));
    }
  }

  @Override
  public void put(K key, V value) {
    requireOpen();
    checkTypes(key, value);
    writes.put(key, value);
  }

  @Override
  public V getAndPut(K key, V value) {
    requireOpen();
    checkTypes(key, value);
    return writes.getAndPut(key, value);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map");
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      checkTypes(entry.getKey(), entry.getValue());
    }
    writes.putAll(map);
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireOpen();
    checkTypes(key, value);
    return writes.putIfAbsent(key, value);
  }

  @Override
  public boolean remove(K key) {
    requireOpen();
    return writes.remove(key);
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    return writes.remove(key, oldValue);
  }

  @Override
  public V getAndRemove(K key) {
    requireOpen();
    return writes.getAndRemove(key);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    checkTypes(key, newValue);
    return writes.replace(key, oldValue, newValue);
  }

  @Override
  public boolean replace(K key, V value) {
    requireOpen();
    checkTypes(key, value);
    return writes.replace(key, value);
  }

  @Override
  public V getAndReplace(K key, V value) {
    requireOpen();
    checkTypes(key, value);
    return writes.getAndReplace(key, value);
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    requireOpen();
    writes.removeAll(keys);
  }

  @Override
  public void removeAll() {
    requireOpen();
    writes.removeAll();
  }

  @Override
  public void clear() {
    requireOpen();
    ctx.store().clear();
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
    if (type.isInstance(configuration)) {
      synchronized (configuration) {
        return type.cast(new StrataConfiguration<>(configuration));
      }
    }
    throw new IllegalArgumentException("The configuration of cache '" + name
        + "' is a " + configuration.getClass().getName() + ", not a " + type.getName());
  }

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    return processors.invoke(key, entryProcessor, arguments);
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    return processors.invokeAll(keys, entryProcessor, arguments);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (configuration) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (flusher != null) {
      try {
        flusher.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Flushing the write-behind queue of cache '" + name
            + "' failed", e);
      }
    }
    unregisterBeans();
    manager.release(this);
    ctx.store().close();
    ctx.events().discard();
    List<Object> resources = new ArrayList<>(closeables);
    resources.addAll(ctx.events().listeners());
    for (Object resource : resources) {
      if (resource instanceof Closeable) {
        try {
          ((Closeable) resource).close();
        } catch (Exception | LinkageError e) {
          LOG.log(Level.WARNING, "Closing a resource of cache '" + name + "' failed", e);
        }
      }
    }
  }

  private void unregisterBeans() {
    try {
      JmxRegistration.unregister(JmxRegistration.Kind.CONFIGURATION, manager.getURI(), name);
      JmxRegistration.unregister(JmxRegistration.Kind.STATISTICS, manager.getURI(), name);
      JmxRegistration.unregister(JmxRegistration.Kind.WRITE_BEHIND, manager.getURI(), name);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Unregistering the management beans of cache '" + name
          + "' failed", e);
    }
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
    T underlying = ctx.store().unwrap(type);
    if (underlying != null) {
      return underlying;
    }
    throw new IllegalArgumentException("Cache '" + name + "' cannot be unwrapped to " + type);
  }

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listener) {
    requireOpen();
    Objects.requireNonNull(listener, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      ctx.events().register(listener);
      configuration.addCacheEntryListenerConfiguration(listener);
      ctx.store().setListening(true);
    }
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listener) {
    requireOpen();
    Objects.requireNonNull(listener, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      ctx.events().deregister(listener);
      configuration.removeCacheEntryListenerConfiguration(listener);
      ctx.store().setListening(ctx.events().hasListeners());
    }
  }

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    requireOpen();
    return new EntryIterator<>(ctx, reads, writes::remove);
  }

  /**
   * The write-behind queue of a cache that writes behind (see
   * {@link StrataConfiguration#setWriteBehind}); empty for any other cache.
   */
  public Optional<WriteBehind<K, V>> writeBehind() {
    return Optional.ofNullable(flusher);
  }

  /** The statistics of this cache, whether or not they are enabled or registered with JMX. */
  public CacheStatistics statistics() {
    return statistics;
  }

  void setStatisticsEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setStatisticsEnabled(enabled);
      statistics.setEnabled(enabled);
      if (enabled) {
        JmxRegistration.register(statistics, JmxRegistration.Kind.STATISTICS,
            manager.getURI(), name);
      } else {
        JmxRegistration.unregister(JmxRegistration.Kind.STATISTICS, manager.getURI(), name);
      }
    }
  }

  void setManagementEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setManagementEnabled(enabled);
      if (enabled) {
        JmxRegistration.register(configurationBean, JmxRegistration.Kind.CONFIGURATION,
            manager.getURI(), name);
      } else {
        JmxRegistration.unregister(JmxRegistration.Kind.CONFIGURATION, manager.getURI(), name);
      }
    }
  }

  StrataConfiguration<K, V> configuration() {
    return configuration;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache '" + name + "' is closed");
    }
  }

  private void checkTypes(K key, V value) {
    Class<K> keyType = configuration.getKeyType();
    if (key != null && keyType != Object.class && !keyType.isInstance(key)) {
      throw new ClassCastException("Cache '" + name + "' holds keys of type "
          + keyType.getName() + ", not " + key.getClass().getName());
    }
    Class<V> valueType = configuration.getValueType();
    if (value != null && valueType != Object.class && !valueType.isInstance(value)) {
      throw new ClassCastException("Cache '" + name + "' holds values of type "
          + valueType.getName() + ", not " + value.getClass().getName());
    }
  }
}
