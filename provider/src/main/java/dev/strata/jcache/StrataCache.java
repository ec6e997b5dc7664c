package dev.strata.jcache;

import dev.strata.jcache.assembly.ResolvedCacheSettings;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.configuration.WarmSettings;
import dev.strata.jcache.core.CacheContext;
import dev.strata.jcache.core.EntryIterator;
import dev.strata.jcache.core.LoadAllOperation;
import dev.strata.jcache.core.ReadOperations;
import dev.strata.jcache.core.WriteOperations;
import dev.strata.jcache.hotkeys.HotKey;
import dev.strata.jcache.hotkeys.HotKeySettings;
import dev.strata.jcache.hotkeys.HotKeys;
import dev.strata.jcache.hotkeys.HotKeysBean;
import dev.strata.jcache.management.CacheConfigurationBean;
import dev.strata.jcache.management.CacheOperation;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.management.StrataStatistics;
import dev.strata.jcache.management.JmxRegistration;
import dev.strata.jcache.management.LatencyListener;
import dev.strata.jcache.management.LatencyRecorder;
import dev.strata.jcache.processor.EntryProcessorInvoker;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.strategy.CacheStrategies;
import dev.strata.jcache.strategy.RefreshAhead;
import dev.strata.jcache.strategy.SingleFlightLoads;
import dev.strata.jcache.strategy.StrategyStatistics;
import dev.strata.jcache.strategy.KeySource;
import dev.strata.jcache.strategy.WarmOptions;
import dev.strata.jcache.strategy.WarmProgress;
import dev.strata.jcache.strategy.WarmUp;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import dev.strata.jcache.writebehind.WriteBehind;
import dev.strata.jcache.writebehind.WriteBehindFlusher;
import java.io.Closeable;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * Strata's {@link Cache}. It checks the caller's arguments and the cache's state, then hands the
 * work to the read, write, loading and processor paths, which share one {@link CacheContext}: the
 * semantics of JCache are decided there, once, over whatever {@link Store} the cache has. Its
 * parts are built by the cache manager's {@code CacheFactory}.
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
  private final LoadAllOperation<K, V> loading;
  private final CacheStatistics statistics;
  private final CacheConfigurationBean configurationBean;
  private final List<Object> closeables;
  private final WriteBehindFlusher<K, V> flusher;
  private final CacheStrategies<K, V> strategies;
  private final LatencyRecorder latencies = new LatencyRecorder();
  /** The cache's hot-key tracker, or null when it tracks none. */
  private final HotKeys<K> hotKeys;
  private volatile boolean closed;

  /**
   * @param assembly builds the cache's parts, given the cache, which is the source of their
   *     entry events
   */
  StrataCache(StrataCacheManager manager, ResolvedCacheSettings<K, V> settings,
      Function<? super StrataCache<K, V>, CacheParts<K, V>> assembly) {
    this.name = settings.name();
    this.manager = manager;
    this.configuration = settings.configuration();
    CacheParts<K, V> parts = assembly.apply(this);
    this.ctx = parts.context();
    this.reads = parts.reads();
    this.writes = parts.writes();
    this.processors = parts.processors();
    this.loading = parts.loadAll();
    this.flusher = parts.flusher();
    this.closeables = parts.resources();
    this.strategies = parts.strategies();
    this.statistics = ctx.statistics();
    this.configurationBean = new CacheConfigurationBean(() -> configuration);
    HotKeySettings hotKeySettings = configuration.getHotKeys();
    this.hotKeys = hotKeySettings == null ? null : new HotKeys<>(hotKeySettings);
    if (hotKeys != null) {
      JmxRegistration.register(new HotKeysBean(hotKeys), JmxRegistration.Kind.HOT_KEYS,
          manager.getURI(), name);
    }
    setStatisticsEnabled(configuration.isStatisticsEnabled());
    setManagementEnabled(configuration.isManagementEnabled());
    if (flusher != null) {
      JmxRegistration.register(flusher.statistics(), JmxRegistration.Kind.WRITE_BEHIND,
          manager.getURI(), name);
      flusher.start();
    }
    warmOnStart();
  }

  /** Begins the configured warm-up, if the cache has one that starts with it. */
  @SuppressWarnings("unchecked")
  private void warmOnStart() {
    WarmSettings warm = configuration.getWarm();
    if (warm == null || !warm.onStart()) {
      return;
    }
    KeySource<? extends K> source = (KeySource<? extends K>) warm.keySource().create();
    strategies.warmUp().warm(source, warm.options()).whenComplete((progress, failure) -> {
      if (failure != null) {
        LOG.log(Level.WARNING, "The warm-up of cache '" + name + "' failed", failure);
      }
    });
  }

  @Override
  public V get(K key) {
    requireOpen();
    if (hotKeys != null) {
      hotKeys.read(key);
    }
    long start = latencies.start();
    try {
      return reads.get(key);
    } finally {
      latencies.stop(CacheOperation.GET, start);
    }
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    requireOpen();
    if (hotKeys != null && keys != null) {
      for (K key : keys) {
        hotKeys.read(key);
      }
    }
    long start = latencies.start();
    try {
      return reads.getAll(keys);
    } finally {
      latencies.stop(CacheOperation.GET_ALL, start);
    }
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
    loading.loadAll(keys, replaceExistingValues, completionListener);
  }

  @Override
  public void put(K key, V value) {
    requireOpen();
    checkTypes(key, value);
    long start = latencies.start();
    try {
      writes.put(key, value);
    } finally {
      latencies.stop(CacheOperation.PUT, start);
    }
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
    long start = latencies.start();
    try {
      writes.putAll(map);
    } finally {
      latencies.stop(CacheOperation.PUT_ALL, start);
    }
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
    long start = latencies.start();
    try {
      return writes.remove(key);
    } finally {
      latencies.stop(CacheOperation.REMOVE, start);
    }
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
    long start = latencies.start();
    try {
      return processors.invoke(key, entryProcessor, arguments);
    } finally {
      latencies.stop(CacheOperation.INVOKE, start);
    }
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
      JmxRegistration.unregister(JmxRegistration.Kind.HOT_KEYS, manager.getURI(), name);
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

  /**
   * The statistics of this cache, whether or not they are enabled or registered with JMX: a
   * read-only view, which the cache alone records into.
   */
  public StrataStatistics statistics() {
    return statistics;
  }

  /** Clears the JCache counts of {@link #statistics()}, as the statistics MXBean's clear does. */
  public void clearStatistics() {
    statistics.clear();
  }

  /**
   * Times this cache's {@code get}, {@code getAll}, {@code put}, {@code putAll},
   * {@code remove(key)} and {@code invoke} for the listener, on the caller's thread. While no
   * listener is added the cache reads no clock for them.
   */
  public void addLatencyListener(LatencyListener listener) {
    latencies.add(listener);
  }

  public void removeLatencyListener(LatencyListener listener) {
    latencies.remove(listener);
  }

  /**
   * The {@code n} keys this cache reads most, most read first, with their estimated reads and
   * error bounds (see {@link HotKeys}); empty unless the cache tracks hot keys
   * ({@link StrataConfiguration#setHotKeys}, or {@code hot-keys} in its configuration file).
   */
  public List<HotKey<K>> hotKeys(int n) {
    return hotKeys == null ? List.of() : hotKeys.top(n);
  }

  /**
   * The keys of {@link #hotKeys(int)}, most read first: a source of keys to warm a cache with
   * ({@code cache::hottestKeys}).
   */
  public List<K> hottestKeys(int n) {
    return hotKeys == null ? List.of() : hotKeys.keys(n);
  }

  /** Whether this cache tracks its hot keys. */
  public boolean tracksHotKeys() {
    return hotKeys != null;
  }

  /**
   * The value of the key as the cache's store of record holds it, around any near-cache copy
   * in this JVM: for a caller that must not be served a copy lagging another JVM's change by
   * the time its invalidation takes to arrive (a read-write second-level cache's lock check, for
   * one). No loader is called, no statistics are recorded and no expiry is touched.
   */
  public V getFromRecord(K key) {
    requireOpen();
    Objects.requireNonNull(key, "key");
    StoreEntry entry = ctx.store().getFromRecord(key);
    return entry == null ? null : ctx.value(entry.value());
  }

  /**
   * The counts of this cache's loading strategies in this JVM: single-flight waits,
   * refresh-ahead reloads and their failures, warm-up loads.
   */
  public StrategyStatistics strategyStatistics() {
    return strategies.statistics();
  }

  /** Whether this cache's read-through misses load once across JVMs (see {@link SingleFlightLoads}). */
  public boolean isSingleFlight() {
    return strategies.singleFlight() != null;
  }

  /** The refresh-ahead of a cache that reloads due entries in the background, else empty. */
  public Optional<RefreshAhead<K, V>> refreshAhead() {
    return Optional.ofNullable(strategies.refreshAhead());
  }

  /**
   * Warms the cache with the source's keys through its loader, in the background (see
   * {@link WarmUp}): returns at once; the future completes with the final progress.
   *
   * @throws IllegalStateException when the cache has no loader
   */
  public CompletableFuture<WarmProgress> warm(KeySource<? extends K> keys, WarmOptions options) {
    requireOpen();
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(options, "options");
    return strategies.warmUp().warm(keys, options);
  }

  /** {@link #warm(KeySource, WarmOptions)} of a collection of keys. */
  public CompletableFuture<WarmProgress> warm(Collection<? extends K> keys,
      WarmOptions options) {
    Objects.requireNonNull(keys, "keys");
    return warm(KeySource.of(keys), options);
  }

  /** The progress of this cache's latest warm-up, or empty when none began. */
  public Optional<WarmProgress> warmProgress() {
    return Optional.ofNullable(strategies.warmUp().progress());
  }

  /** Whether this cache's reads may be served from a near cache in this JVM. */
  public boolean hasNearCache() {
    return ctx.store().keepsNearCopies();
  }

  /**
   * The number of entries this JVM holds in its heap for the cache: the embedded cache's, or
   * its near cache's copies; -1 when it holds none there (a Redis cache without a near cache).
   */
  public long heapEntryCount() {
    return ctx.store().heapEntryCount();
  }

  /**
   * The clock of the server that holds the cache's entries, in microseconds since the epoch, one
   * round trip per reading: the same clock for every JVM sharing the cache, whatever the skew
   * between their own. Empty for an embedded cache.
   */
  public Optional<LongSupplier> serverClock() {
    return ctx.store().serverClock();
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
