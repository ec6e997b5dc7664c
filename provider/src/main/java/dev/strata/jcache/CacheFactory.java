package dev.strata.jcache;

import dev.strata.jcache.assembly.EmbeddedStoreProvider;
import dev.strata.jcache.assembly.NearCacheStoreProvider;
import dev.strata.jcache.assembly.RedisStoreProvider;
import dev.strata.jcache.assembly.ResolvedCacheSettings;
import dev.strata.jcache.assembly.StoreProvider;
import dev.strata.jcache.assembly.StoreRequest;
import dev.strata.jcache.codec.AllowedClasses;
import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.codec.ImmutableTypes;
import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.configuration.DeclaredCaches;
import dev.strata.jcache.configuration.StoreType;
import dev.strata.jcache.configuration.StrataConfiguration;
import dev.strata.jcache.core.CacheContext;
import dev.strata.jcache.core.LoadAllOperation;
import dev.strata.jcache.core.ReadOperations;
import dev.strata.jcache.core.StoreChanges;
import dev.strata.jcache.core.WriteOperations;
import dev.strata.jcache.event.EventDispatcher;
import dev.strata.jcache.expiry.ExpiryCalculator;
import dev.strata.jcache.integration.LoaderSupport;
import dev.strata.jcache.integration.WriterSupport;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.processor.EntryProcessorInvoker;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.writebehind.WriteBehindFlusher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.cache.Cache;
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
    var redis = new RedisStoreProvider(manager::redisSettings, manager::redisClient);
    this.storeProviders = List.of(new EmbeddedStoreProvider(), redis,
        new NearCacheStoreProvider(redis));
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
    Store<K> store = storeProviderFor(settings).create(
        new StoreRequest<>(settings, copier, codec, expiry, statistics, storeChanges));
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
    var reads = new ReadOperations<>(ctx);
    return new CacheParts<>(ctx, reads, new WriteOperations<>(ctx),
        new EntryProcessorInvoker<>(ctx), new LoadAllOperation<>(ctx, reads, loader), flusher,
        resources);
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
