package dev.strata.jcache.configuration;

import dev.strata.jcache.hotkeys.HotKeySettings;
import dev.strata.jcache.codec.AllowedClasses;
import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.codec.KryoCodec;
import dev.strata.jcache.expiry.Ticker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableConfiguration;

/**
 * A {@link CompleteConfiguration} with Strata's own settings: the bounds of the in-heap store,
 * the codec of store-by-value caches, the classes and the size of values a cache in Redis
 * accepts, and the cache's time source.
 *
 * <pre>{@code
 * var config = new StrataConfiguration<String, User>()
 *     .setTypes(String.class, User.class)
 *     .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.TEN_MINUTES));
 * config.setMaximumSize(10_000);
 * Cache<String, User> users = manager.createCache("users", config);
 * }</pre>
 *
 * <p>With no bound set, the store is unbounded, as a JCache user expects; a negative bound
 * means "not set".
 */
public class StrataConfiguration<K, V> extends MutableConfiguration<K, V> {
  private static final long serialVersionUID = 1L;
  private static final Factory<KryoCodec> DEFAULT_CODEC =
      FactoryBuilder.factoryOf(KryoCodec.class);

  /**
   * 16 MiB: far above any value worth caching, far below Redis's own 512 MB limit, and small
   * enough that one value cannot hold Redis's single command thread, and every other client's
   * commands behind it, for more than a fraction of a second.
   */
  public static final long DEFAULT_MAXIMUM_VALUE_SIZE = 16L * 1024 * 1024;

  private long maximumSize = -1;
  private long maximumWeight = -1;
  private Factory<? extends EntryWeigher<? super K, ? super V>> weigherFactory;
  private Factory<? extends Codec> codecFactory = DEFAULT_CODEC;
  private transient Ticker ticker;
  private StoreType storeType;
  private NearCacheSettings nearCache;
  private WriteBehindSettings writeBehind;
  private LoadingSettings loading = LoadingSettings.DEFAULTS;
  private WarmSettings warm;
  private HotKeySettings hotKeys;
  private boolean loaderFallback;
  private List<String> allowedClasses = List.of();
  private List<String> immutableClasses = List.of();
  private long maximumValueSize = DEFAULT_MAXIMUM_VALUE_SIZE;

  public StrataConfiguration() {}

  /** A copy of any configuration; Strata's own settings are copied when it is a Strata one. */
  public StrataConfiguration(Configuration<K, V> configuration) {
    super(complete(configuration));
    if (configuration instanceof StrataConfiguration) {
      var strata = (StrataConfiguration<K, V>) configuration;
      this.maximumSize = strata.maximumSize;
      this.maximumWeight = strata.maximumWeight;
      this.weigherFactory = strata.weigherFactory;
      this.codecFactory = strata.codecFactory;
      this.ticker = strata.ticker;
      this.storeType = strata.storeType;
      this.nearCache = strata.nearCache;
      this.writeBehind = strata.writeBehind;
      this.loading = strata.loading;
      this.warm = strata.warm;
      this.hotKeys = strata.hotKeys;
      this.loaderFallback = strata.loaderFallback;
      this.allowedClasses = strata.allowedClasses;
      this.immutableClasses = strata.immutableClasses;
      this.maximumValueSize = strata.maximumValueSize;
    }
  }

  private static <K, V> CompleteConfiguration<K, V> complete(Configuration<K, V> configuration) {
    Objects.requireNonNull(configuration, "configuration");
    if (configuration instanceof CompleteConfiguration) {
      return (CompleteConfiguration<K, V>) configuration;
    }
    var basic = new MutableConfiguration<K, V>();
    basic.setTypes(configuration.getKeyType(), configuration.getValueType());
    basic.setStoreByValue(configuration.isStoreByValue());
    return basic;
  }

  /** The maximum number of entries, or -1 for no bound. */
  public long getMaximumSize() {
    return maximumSize;
  }

  /** Bounds the number of entries; the least valuable entries are evicted beyond it. */
  public StrataConfiguration<K, V> setMaximumSize(long size) {
    if (size < -1) {
      throw new IllegalArgumentException("maximum size must be 0 or more (or -1 for none): " + size);
    }
    this.maximumSize = size;
    return this;
  }

  /** The maximum total weight, or -1 for no bound. */
  public long getMaximumWeight() {
    return maximumWeight;
  }

  public Factory<? extends EntryWeigher<? super K, ? super V>> getWeigherFactory() {
    return weigherFactory;
  }

  /** Bounds the total weight of the entries, each weighed by the weigher the factory makes. */
  public StrataConfiguration<K, V> setMaximumWeight(long weight,
      Factory<? extends EntryWeigher<? super K, ? super V>> weigher) {
    if (weight < 0) {
      throw new IllegalArgumentException("maximum weight must be 0 or more: " + weight);
    }
    this.maximumWeight = weight;
    this.weigherFactory = Objects.requireNonNull(weigher, "weigher");
    return this;
  }

  public Factory<? extends Codec> getCodecFactory() {
    return codecFactory;
  }

  /**
   * Whether the codec is the default one, which {@code strata.defaults.codec} replaces for a
   * cache created in code.
   */
  public boolean hasDefaultCodec() {
    return codecFactory == DEFAULT_CODEC;
  }

  /**
   * The codec of a store-by-value cache: {@link KryoCodec} unless set, or unless
   * {@code strata.defaults.codec} names another.
   */
  public StrataConfiguration<K, V> setCodecFactory(Factory<? extends Codec> factory) {
    this.codecFactory = Objects.requireNonNull(factory, "codec factory");
    return this;
  }

  /** The time source of expiry; {@code null} means the JVM's monotonic clock. */
  public Ticker getTicker() {
    return ticker;
  }

  /**
   * Sets the time source of expiry and of write-behind's delays and pauses, so a test can move
   * time without sleeping.
   */
  public StrataConfiguration<K, V> setTicker(Ticker value) {
    this.ticker = value;
    return this;
  }

  /** The near cache in front of a Redis cache, or {@code null} for none. */
  public NearCacheSettings getNearCache() {
    return nearCache;
  }

  /**
   * Keeps a bounded copy of a Redis cache's entries in each JVM's heap, kept coherent with
   * Redis; {@code null} for none. Ignored by embedded caches, which are in the heap already.
   */
  public StrataConfiguration<K, V> setNearCache(NearCacheSettings settings) {
    this.nearCache = settings;
    return this;
  }

  /** How the cache tracks its most read keys, or {@code null} when it does not. */
  public HotKeySettings getHotKeys() {
    return hotKeys;
  }

  /**
   * Tracks the cache's most read keys in a bounded sketch fed by a sample of its reads (see
   * {@code StrataCache.hotKeys}); {@code null}, the default, tracks none.
   */
  public StrataConfiguration<K, V> setHotKeys(HotKeySettings settings) {
    this.hotKeys = settings;
    return this;
  }

  /** How the cache writes behind, or {@code null} when its writer is called write-through. */
  public WriteBehindSettings getWriteBehind() {
    return writeBehind;
  }

  /**
   * Calls the cache's {@link javax.cache.integration.CacheWriter} behind the cache rather than
   * through it: a write returns once the cache and its write-behind queue hold the change, and
   * the writer receives batches later ({@code null}, the default, writes through). The cache
   * must be {@link #setWriteThrough write-through} with a writer. A Redis cache keeps its queue
   * in Redis, so no acknowledged write is lost when a JVM dies; an embedded cache keeps it in
   * the heap.
   */
  public StrataConfiguration<K, V> setWriteBehind(WriteBehindSettings settings) {
    this.writeBehind = settings;
    return this;
  }

  /** How a read-through cache loads across JVMs and ahead of expiry. */
  public LoadingSettings getLoading() {
    return loading;
  }

  /**
   * Sets how a read-through cache loads beyond JCache: single-flight misses across JVMs and
   * refresh-ahead (see {@link LoadingSettings}); {@link LoadingSettings#DEFAULTS} turns both
   * off.
   */
  public StrataConfiguration<K, V> setLoading(LoadingSettings settings) {
    this.loading = Objects.requireNonNull(settings, "loading settings");
    return this;
  }

  /** The warm-up the cache runs when created, or {@code null} for none. */
  public WarmSettings getWarm() {
    return warm;
  }

  /**
   * Has the cache load a key source's keys through its loader, in the background, when it is
   * created (see {@link WarmSettings}); {@code null}, the default, warms nothing.
   */
  public StrataConfiguration<K, V> setWarm(WarmSettings settings) {
    this.warm = settings;
    return this;
  }

  /** Where the cache keeps its entries; {@code null} means the cache manager's default. */
  public StoreType getStoreType() {
    return storeType;
  }

  /**
   * Keeps the cache's entries in the heap ({@link StoreType#EMBEDDED}) or in the cache manager's
   * Redis ({@link StoreType#REDIS}); unset, the manager's {@code strata.defaults.store} decides,
   * and without one the cache is embedded.
   */
  public StrataConfiguration<K, V> setStoreType(StoreType type) {
    this.storeType = type;
    return this;
  }

  /** The class patterns a cache in Redis decodes besides the JDK's value types and its own. */
  public List<String> getAllowedClasses() {
    return allowedClasses;
  }

  /**
   * The classes, besides the JDK's value types and the cache's key and value types, whose
   * instances a cache in Redis may decode: exact class names ({@code com.example.User}),
   * packages ({@code com.example.*}) or packages with their subpackages
   * ({@code com.example.**}). Bytes in Redis naming any other class are refused, so whoever can
   * write to Redis cannot make the cache run the code of an arbitrary class.
   */
  public StrataConfiguration<K, V> setAllowedClasses(Collection<String> patterns) {
    Objects.requireNonNull(patterns, "patterns");
    var checked = new LinkedHashSet<String>();
    for (String pattern : patterns) {
      if (!AllowedClasses.isValid(pattern)) {
        throw new IllegalArgumentException("allowed classes must be class names, package.* or"
            + " package.**: " + pattern);
      }
      checked.add(pattern);
    }
    this.allowedClasses = List.copyOf(checked);
    return this;
  }

  /** The class patterns whose instances the cache shares rather than copies. */
  public List<String> getImmutableClasses() {
    return immutableClasses;
  }

  /**
   * Classes whose instances never change once made, which a store-by-value cache therefore
   * hands out as they are, without copying: exact class names, {@code package.*} or
   * {@code package.**}, as for {@link #setAllowedClasses}. Besides these, the JDK's immutable
   * value types, enums and records whose components are all immutable are never copied.
   */
  public StrataConfiguration<K, V> setImmutableClasses(Collection<String> patterns) {
    Objects.requireNonNull(patterns, "patterns");
    var checked = new LinkedHashSet<String>();
    for (String pattern : patterns) {
      if (!AllowedClasses.isValid(pattern)) {
        throw new IllegalArgumentException("immutable classes must be class names, package.*"
            + " or package.**: " + pattern);
      }
      checked.add(pattern);
    }
    this.immutableClasses = List.copyOf(checked);
    return this;
  }

  /** Adds to the {@link #setAllowedClasses allowed classes}. */
  public StrataConfiguration<K, V> addAllowedClasses(String... patterns) {
    var all = new ArrayList<>(allowedClasses);
    all.addAll(Arrays.asList(patterns));
    return setAllowedClasses(all);
  }

  /** Whether a read-through cache answers from its loader when its store cannot be reached. */
  public boolean isLoaderFallback() {
    return loaderFallback;
  }

  /**
   * Lets a read-through cache answer a read from its loader when its store (Redis) cannot be
   * reached, storing nothing, rather than fail; off unless set.
   */
  public StrataConfiguration<K, V> setLoaderFallback(boolean value) {
    this.loaderFallback = value;
    return this;
  }

  /** The largest encoding, in bytes, of a value a cache in Redis writes, or -1 for no bound. */
  public long getMaximumValueSize() {
    return maximumValueSize;
  }

  /**
   * Bounds the encoded size of a value a cache in Redis writes: a larger one fails its operation
   * with a {@code CacheException} before it is sent, and Redis is left unchanged. Embedded
   * caches bound their memory with {@link #setMaximumWeight} instead.
   */
  public StrataConfiguration<K, V> setMaximumValueSize(long bytes) {
    if (bytes < -1 || bytes == 0) {
      throw new IllegalArgumentException(
          "maximum value size must be 1 byte or more (or -1 for none): " + bytes);
    }
    this.maximumValueSize = bytes;
    return this;
  }

  @Override
  public StrataConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
    super.setTypes(keyType, valueType);
    return this;
  }

  @Override
  public boolean equals(Object other) {
    if (!super.equals(other) || !(other instanceof StrataConfiguration)) {
      return false;
    }
    var that = (StrataConfiguration<?, ?>) other;
    return maximumSize == that.maximumSize && maximumWeight == that.maximumWeight
        && Objects.equals(weigherFactory, that.weigherFactory)
        && Objects.equals(codecFactory, that.codecFactory)
        && Objects.equals(ticker, that.ticker) && storeType == that.storeType
        && Objects.equals(nearCache, that.nearCache)
        && Objects.equals(writeBehind, that.writeBehind) && loading.equals(that.loading)
        && Objects.equals(warm, that.warm) && Objects.equals(hotKeys, that.hotKeys)
        && loaderFallback == that.loaderFallback
        && allowedClasses.equals(that.allowedClasses)
        && immutableClasses.equals(that.immutableClasses)
        && maximumValueSize == that.maximumValueSize;
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + Long.hashCode(maximumSize);
  }

  /** The settings as a reader wants them: types, store, bounds, expiry, integration. */
  @Override
  public String toString() {
    var text = new StringBuilder("StrataConfiguration[")
        .append(getKeyType().getName()).append(" -> ").append(getValueType().getName())
        .append(", store ").append(storeType == null ? "default" : storeType.name().toLowerCase(
            Locale.ROOT))
        .append(isStoreByValue() ? ", by value" : ", by reference");
    if (maximumSize >= 0) {
      text.append(", maximum-size ").append(maximumSize);
    }
    if (maximumWeight >= 0) {
      text.append(", maximum-weight ").append(maximumWeight);
    }
    text.append(", expiry ").append(getExpiryPolicyFactory());
    if (isReadThrough()) {
      text.append(", read-through");
    }
    if (isWriteThrough()) {
      text.append(writeBehind != null ? ", write-behind " + writeBehind : ", write-through");
    }
    if (nearCache != null) {
      text.append(", near cache ").append(nearCache);
    }
    if (!allowedClasses.isEmpty()) {
      text.append(", allowed-classes ").append(allowedClasses);
    }
    if (!immutableClasses.isEmpty()) {
      text.append(", immutable-classes ").append(immutableClasses);
    }
    if (isStatisticsEnabled()) {
      text.append(", statistics");
    }
    return text.append(']').toString();
  }
}
