package dev.strata.jcache;

import dev.strata.jcache.assembly.EmbeddedStoreProvider;
import dev.strata.jcache.assembly.ManagerResources;
import dev.strata.jcache.assembly.ResolvedCacheSettings;
import dev.strata.jcache.assembly.StoreProvider;
import dev.strata.jcache.assembly.StoreProviderFactory;
import dev.strata.jcache.assembly.StoreRequest;
import dev.strata.jcache.codec.AllowedClasses;
import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.codec.ImmutableTypes;
import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.configuration.DeclaredCaches;
import dev.strata.jcache.configuration.LoadingSettings;
import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.core.CacheContext;
import dev.strata.jcache.core.LoadAllOperation;
import dev.strata.jcache.core.ReadOperations;
import dev.strata.jcache.core.RefreshStep;
import dev.strata.jcache.core.StoreChanges;
import dev.strata.jcache.core.WriteOperations;
import dev.strata.jcache.event.EventDispatcher;
import dev.strata.jcache.expiry.ExpiryCalculator;
import dev.strata.jcache.integration.LoaderSupport;
import dev.strata.jcache.integration.WriterSupport;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.processor.EntryProcessorInvoker;
import dev.strata.jcache.store.LoadLeases;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.strategy.CacheStrategies;
import dev.strata.jcache.strategy.RefreshAhead;
import dev.strata.jcache.strategy.RefreshingStore;
import dev.strata.jcache.strategy.SingleFlightLoads;
import dev.strata.jcache.strategy.StrategyStatistics;
import dev.strata.jcache.strategy.WarmUp;
import dev.strata.jcache.writebehind.WriteBehindFlusher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * Assembles the caches of one {@link StrataCacheManager}: resolves a cache's settings from its
 * configuration and the manager's defaults, then builds its codec and copier, loader, writer,
 * events, store (from the best-ranked {@link StoreProvider}), write-behind flusher and
 * {@link CacheContext}, and hands them to a new {@link StrataCache}.
 */
final class CacheFactory {
  private final StrataCacheManager manager;
  private final DeclaredCaches defaults;
  private final List<StoreProvider> storeProviders;

  CacheFactory(StrataCacheManager manager, DeclaredCaches defaults) {
    this.manager = manager;
    this.defaults = defaults;
    this.storeProviders = providers(manager);
  }

  /** The embedded provider, and those of every store module on the class path. */
  private static List<StoreProvider> providers(StrataCacheManager manager) {
    List<StoreProvider> found = new ArrayList<>();
    found.add(new EmbeddedStoreProvider());
    Set<Class<?>> seen = new HashSet<>();
    ManagerResources resources = manager.resources();
    for (ClassLoader loader : new ClassLoader[] {manager.getClassLoader(),
        CacheFactory.class.getClassLoader()}) {
      if (loader == null) {
        continue;
      }
      for (StoreProviderFactory module
          : ServiceLoader.load(StoreProviderFactory.class, loader)) {
        if (seen.add(module.getClass())) {
          found.addAll(module.providers(resources));
        }
      }
    }
    return List.copyOf(found);
  }

  /** Releases what the store providers hold for the manager. */
  void close() {
    for (StoreProvider provider : storeProviders) {
      try {
        provider.close();
      } catch (RuntimeException e) {
        System.getLogger(CacheFactory.class.getName()).log(System.Logger.Level.WARNING,
            "Releasing the store provider " + provider.getClass().getName() + " failed", e);
      }
    }
  }

  /** Where a cache of this configuration keeps its entries in this factory's manager. */
  StoreType storeTypeOf(StrataConfiguration<?, ?> configuration) {
    return ResolvedCacheSettings.storeTypeOf(configuration, defaults);
  }

  /**
   * The settings of the cache {@code name} of this configuration; fails when they ask for what
   * Strata cannot do.
   */
  <K, V> ResolvedCacheSettings<K, V> resolve(String name,
      StrataConfiguration<K, V> configuration) {
    var settings = ResolvedCacheSettings.of(name, configuration, defaults,
        manager.getClassLoader());
    if (!configuration.isStoreByValue() && settings.remote()) {
      throw new UnsupportedOperationException("Cache '" + name + "' keeps its entries in"
          + " Redis, which can only store by value: configure store-by-value, or the embedded"
          + " store for a store-by-reference cache");
    }
    return settings;
  }

  /** A new cache of these settings, open. */
  <K, V> StrataCache<K, V> create(ResolvedCacheSettings<K, V> settings) {
    return new StrataCache<>(manager, settings, cache -> assemble(cache, settings));
  }

  /** The parts of a cache; {@code cache} is the source of its entry events. */
  private <K, V> CacheParts<K, V> assemble(Cache<K, V> cache,
      ResolvedCacheSettings<K, V> settings) {
    String name = settings.name();
    StrataConfiguration<K, V> configuration = settings.configuration();
    List<Object> resources = new ArrayList<>();
    ExpiryPolicy expiryPolicy = configuration.getExpiryPolicyFactory().create();
    resources.add(expiryPolicy);
    var expiry = new ExpiryCalculator(expiryPolicy, settings.ticker());
    boolean remote = settings.remote();
    Codec codec = settings.byValue() ? codecOf(settings) : null;
    ValueCopier copier = settings.byValue()
        ? ValueCopier.byValue(codec, settings.classLoader(),
            ImmutableTypes.of(settings.immutableClasses()))
        : ValueCopier.byReference();
    LoaderSupport<K, V> loader = createLoader(configuration, resources);
    CacheWriter<? super K, ? super V> createdWriter = createWriter(settings, resources);
    var events = new EventDispatcher<K, V>(cache, manager.executor());
    var statistics = new CacheStatistics();
    var storeChanges = new StoreChanges<K, V>(statistics);
    Store<K> built = storeProviderFor(settings).create(
        new StoreRequest<>(settings, copier, codec, expiry, statistics, storeChanges));
    LoadingSettings loading = configuration.getLoading();
    boolean readThrough = configuration.isReadThrough() && loader != null;
    if (loading.refreshes() && !readThrough) {
      built.close();
      throw new IllegalArgumentException("Cache '" + name + "' refreshes ahead (loading."
          + "refresh-after or loading.refresh-ahead-fraction), which needs read-through = true"
          + " and a loader");
    }
    if (configuration.getWarm() != null && loader == null) {
      built.close();
      throw new IllegalArgumentException("Cache '" + name + "' warms up (warm.key-source),"
          + " which needs a loader to load the keys with");
    }
    RefreshingStore<K> refreshing = loading.refreshes() ? new RefreshingStore<>(built) : null;
    Store<K> store = refreshing != null ? refreshing : built;
    WriterSupport<K, V> writer = WriterSupport.of(createdWriter);
    WriteBehindFlusher<K, V> flusher = null;
    if (configuration.getWriteBehind() != null) {
      @SuppressWarnings("unchecked")
      Function<Object, V> decoder = stored -> (V) copier.fromStored(stored);
      flusher = new WriteBehindFlusher<>(name, store.journal(), createdWriter, decoder,
          configuration.getWriteBehind(), remote, settings.ticker());
      writer = WriterSupport.behind(createdWriter, flusher::admit);
    }
    var ctx = new CacheContext<>(name, store, copier, expiry, events, statistics, writer,
        configuration.isReadThrough() ? loader : null, configuration.isLoaderFallback(),
        manager.executor());
    storeChanges.attach(ctx);
    for (CacheEntryListenerConfiguration<K, V> listener :
        configuration.getCacheEntryListenerConfigurations()) {
      events.register(listener);
    }
    store.setListening(events.hasListeners());
    CacheStrategies<K, V> strategies = strategies(ctx, loading, readThrough, refreshing,
        expiryPolicy, settings, resources);
    var reads = new ReadOperations<>(ctx, strategies.singleFlight());
    var warmUp = new WarmUp<>(name, ctx, reads, loader, settings.ticker(),
        strategies.statistics());
    resources.add(warmUp);
    strategies = new CacheStrategies<>(strategies.statistics(), strategies.singleFlight(),
        strategies.refreshAhead(), warmUp);
    return new CacheParts<>(ctx, reads, new WriteOperations<>(ctx),
        new EntryProcessorInvoker<>(ctx), new LoadAllOperation<>(ctx, reads, loader), flusher,
        resources, strategies);
  }

  /**
   * The loading strategies of a cache: single flight where JVMs share the store and the cache
   * reads through; refresh-ahead where configured (checked already to read through).
   */
  private static <K, V> CacheStrategies<K, V> strategies(CacheContext<K, V> ctx,
      LoadingSettings loading, boolean readThrough, RefreshingStore<K> refreshing,
      ExpiryPolicy expiryPolicy, ResolvedCacheSettings<K, V> settings, List<Object> resources) {
    var statistics = new StrategyStatistics();
    ctx.statistics().reportRefreshes(statistics::refreshes, statistics::refreshFailures);
    @SuppressWarnings("unchecked")
    LoadLeases<K> leases = settings.remote() ? ctx.store().unwrap(LoadLeases.class) : null;
    long leaseMillis = loading.singleFlightTimeout().toMillis();
    SingleFlightLoads<K> singleFlight = loading.singleFlight() && readThrough && leases != null
        ? new SingleFlightLoads<>(leases, leaseMillis, statistics) : null;
    RefreshAhead<K, V> refreshAhead = null;
    if (refreshing != null) {
      long creation = creationNanos(settings.name(), expiryPolicy);
      long due = Long.MAX_VALUE;
      if (loading.refreshAfter() != null) {
        due = loading.refreshAfter().toNanos();
      }
      if (loading.refreshAheadFraction() > 0.0) {
        due = Math.min(due, (long) (creation * loading.refreshAheadFraction()));
      }
      // held after a reload until it lapses, so no longer than the window left to reload in:
      // a JVM that stops reading must not keep the others from refreshing before expiry
      long refreshLeaseMillis = Math.max(1L,
          Math.min(leaseMillis, (creation - Math.min(due, creation)) / 1_000_000L));
      refreshAhead = new RefreshAhead<>(settings.name(), settings.ticker(), creation, due,
          loading.refreshThreads(), ctx.loader(), new RefreshStep<>(ctx), leases,
          refreshLeaseMillis, statistics);
      refreshing.refreshWith(refreshAhead);
      resources.add(refreshAhead);
    }
    return new CacheStrategies<>(statistics, singleFlight, refreshAhead, null);
  }

  /** The creation duration of a refresh-ahead cache, which must be finite and not zero. */
  private static long creationNanos(String name, ExpiryPolicy policy) {
    javax.cache.expiry.Duration creation = policy.getExpiryForCreation();
    if (creation == null || creation.isEternal() || creation.isZero()) {
      throw new IllegalArgumentException("Cache '" + name + "' refreshes ahead, which needs a"
          + " finite, non-zero creation expiry (expiry.creation, or an ExpiryPolicy whose"
          + " getExpiryForCreation is one): an entry's age is read off its expiry instant;"
          + " its policy answers " + creation);
    }
    return creation.getTimeUnit().toNanos(creation.getDurationAmount());
  }

  /** The provider that ranks these settings highest. */
  private StoreProvider storeProviderFor(ResolvedCacheSettings<?, ?> settings) {
    StoreProvider best = null;
    int bestRank = 0;
    for (StoreProvider provider : storeProviders) {
      int rank = provider.rank(settings);
      if (rank > bestRank) {
        best = provider;
        bestRank = rank;
      }
    }
    if (best == null && settings.storeType() == StoreType.REDIS) {
      throw new CacheException("Cache '" + settings.name() + "' keeps its entries in Redis"
          + " (store = redis), but the Redis tier is not on the class path: add the module"
          + " dev.strata:strata-redis, of the same version as strata-provider");
    }
    if (best == null) {
      throw new IllegalStateException("No store provider serves cache '" + settings.name()
          + "' of store type " + settings.storeType());
    }
    return best;
  }

  /**
   * The codec of the cache's keys and values. Entries that leave the JVM are always stored by
   * value, whatever the configuration says, and what is read back from Redis may have been
   * written by anyone who can reach it, so that codec decodes only the allowed classes. The
   * embedded store's bytes never leave the JVM and were encoded from the application's own
   * objects, so its codec is unrestricted.
   */
  private static Codec codecOf(ResolvedCacheSettings<?, ?> settings) {
    StrataConfiguration<?, ?> configuration = settings.configuration();
    Codec codec = settings.codecFactory().create();
    if (!settings.remote()) {
      return codec;
    }
    return codec.restrictedTo(AllowedClasses.of(settings.allowedClasses(),
        configuration.getKeyType(), configuration.getValueType()));
  }

  private static <K, V> LoaderSupport<K, V> createLoader(StrataConfiguration<K, V> config,
      List<Object> resources) {
    if (config.getCacheLoaderFactory() == null) {
      return null;
    }
    CacheLoader<K, V> created = config.getCacheLoaderFactory().create();
    resources.add(created);
    return created == null ? null : new LoaderSupport<>(created);
  }

  private static <K, V> CacheWriter<? super K, ? super V> createWriter(
      ResolvedCacheSettings<K, V> settings, List<Object> resources) {
    StrataConfiguration<K, V> config = settings.configuration();
    boolean writing = config.isWriteThrough() && config.getCacheWriterFactory() != null;
    if (config.getWriteBehind() != null && !writing) {
      throw new IllegalArgumentException("Cache '" + settings.name() + "' writes behind, which"
          + " needs a CacheWriter: setWriteThrough(true) and setCacheWriterFactory(...)");
    }
    if (!writing) {
      return null;
    }
    CacheWriter<? super K, ? super V> created = config.getCacheWriterFactory().create();
    resources.add(created);
    if (created == null && config.getWriteBehind() != null) {
      throw new IllegalArgumentException("Cache '" + settings.name() + "' writes behind, but"
          + " its CacheWriter factory made no writer");
    }
    return created;
  }
}
